"""Writes to the talent pool. Each service owns its transaction and validates the whole record."""

from django.db import transaction
from django.utils.translation import gettext as _

from talent.errors import Conflict
from talent.models import Cadre, Department

CADRE_FIELDS = (
    "staff_number", "name", "gender", "department", "post_title", "rank", "tier", "status",
    "education", "professional_title", "hire_date", "national_id", "mobile", "user",
)
DEPARTMENT_FIELDS = ("code", "name", "parent", "active")


def _assign(instance, data: dict, allowed: tuple[str, ...]) -> list[str]:
    changed = [key for key in allowed if key in data]
    for key in changed:
        setattr(instance, key, data[key])
    return changed


@transaction.atomic
def department_create(**data) -> Department:
    department = Department()
    _assign(department, data, DEPARTMENT_FIELDS)
    department.full_clean()
    department.save()
    return department


@transaction.atomic
def department_update(*, department: Department, **data) -> Department:
    changed = _assign(department, data, DEPARTMENT_FIELDS)
    department.full_clean()
    department.save(update_fields=[*changed, "updated_at"])
    return department


@transaction.atomic
def department_delete(*, department: Department) -> None:
    department = Department.objects.select_for_update().get(pk=department.pk)
    if department.children.exists():
        raise Conflict(_("This department still has sub-units; move or delete them first."),
                       code="department_has_children")
    if department.cadres.exists():
        raise Conflict(_("This department still has cadres (including former ones); move them first."),
                       code="department_has_cadres")
    department.delete()


@transaction.atomic
def cadre_create(**data) -> Cadre:
    cadre = Cadre()
    _assign(cadre, data, CADRE_FIELDS)
    cadre.full_clean()
    cadre.save()
    return cadre


@transaction.atomic
def cadre_update(*, cadre: Cadre, **data) -> Cadre:
    changed = _assign(cadre, data, CADRE_FIELDS)
    cadre.full_clean()
    # clean() normalises the personal-data fields, so they are saved even when not in the input.
    cadre.save(update_fields=sorted({*changed, "national_id", "mobile", "updated_at"}))
    return cadre
