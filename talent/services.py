"""Writes to the talent pool. Each service owns its transaction and validates the whole record.

Concurrent writes (PostgreSQL, READ COMMITTED): an update re-reads its record under a row lock, so it applies
its changes to the latest version and saves none of a stale copy's values; a write that puts a cadre or a
sub-unit into a department holds that department's row until commit, so a delete of the department waits for
it and then sees it, or has deleted it first and the write is refused; moves in the tree take turns.
tests/talent/test_concurrency.py.
"""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, connection, models, transaction
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


def _hold_department(data: dict, field: str) -> None:
    """Lock the department the write points to (FOR NO KEY UPDATE, until commit) and refuse it if a concurrent
    delete has removed it since the input was validated."""
    department = data.get(field)
    if department is None:
        return
    try:
        data[field] = Department.objects.select_for_update(no_key=True).get(pk=department.pk)
    except Department.DoesNotExist:
        raise ValidationError({field: _("This department has just been deleted.")}) from None


def _lock_and_reload(instance: models.Model) -> None:
    """Wait for concurrent writes to the record to commit, then reload it, so this write starts from them."""
    try:
        instance.refresh_from_db(from_queryset=type(instance).objects.select_for_update())
    except ObjectDoesNotExist:
        raise Conflict(_("This record has just been deleted."), code="deleted") from None


def _one_move_at_a_time() -> None:
    """Two concurrent moves in the tree could each pass the cycle check against the other's old position
    (A under a sub-unit of B while B goes under a sub-unit of A), so on PostgreSQL moves take turns; reads go on.
    Taken before any row lock, so it cannot deadlock with one. SQLite has one writer at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{Department._meta.db_table}" IN SHARE ROW EXCLUSIVE MODE')


def _save(instance: models.Model, **kwargs) -> None:
    """Save; when a concurrent write has just taken a unique value (a double submission), say which field,
    as validation would have a moment later, instead of failing with the database's error."""
    try:
        with transaction.atomic():
            instance.save(**kwargs)
    except IntegrityError:
        instance.validate_unique()
        raise


@transaction.atomic
def department_create(**data) -> Department:
    _hold_department(data, "parent")
    department = Department()
    _assign(department, data, DEPARTMENT_FIELDS)
    department.full_clean()
    _save(department)
    return department


@transaction.atomic
def department_update(*, department: Department, **data) -> Department:
    if "parent" in data:
        _one_move_at_a_time()
    _lock_and_reload(department)
    _hold_department(data, "parent")
    changed = _assign(department, data, DEPARTMENT_FIELDS)
    department.full_clean()
    _save(department, update_fields=[*changed, "updated_at"])
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
    _hold_department(data, "department")
    cadre = Cadre()
    _assign(cadre, data, CADRE_FIELDS)
    cadre.full_clean()
    _save(cadre)
    return cadre


@transaction.atomic
def cadre_update(*, cadre: Cadre, **data) -> Cadre:
    _lock_and_reload(cadre)
    _hold_department(data, "department")
    changed = _assign(cadre, data, CADRE_FIELDS)
    cadre.full_clean()
    # clean() normalises the personal-data fields, so they are saved even when not in the input.
    _save(cadre, update_fields=sorted({*changed, "national_id", "mobile", "updated_at"}))
    return cadre
