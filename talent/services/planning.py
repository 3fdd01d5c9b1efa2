"""Writes for workforce plans, information systems and the outsourcing registry. Each service owns its
transaction and validates the whole record."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict, DomainError
from talent.models import (
    InformationSystem,
    PlanLine,
    PlanLineSkill,
    SystemSkill,
    Vendor,
    VendorStaff,
    WorkforcePlan,
)
from talent.services.pool import _assign

PLAN_FIELDS = ("department", "period", "title", "notes")
LINE_FIELDS = ("post", "headcount", "priority", "min_education", "min_professional_title", "notes")
SYSTEM_FIELDS = ("code", "name", "department", "description", "active", "critical", "maintainer", "deputy",
                 "in_use", "maintained", "data_analysed")
VENDOR_FIELDS = ("name", "credit_code", "contract_start", "contract_end", "scope", "rationale", "transfer_what",
                 "transfer_to", "transfer_due", "transfer_done_on")
STAFF_FIELDS = ("vendor", "name", "national_id", "role", "access_level", "access_start", "access_end",
                "responsible_cadre", "successor", "confidentiality_signed_on", "active")


def _set_lines(plan: WorkforcePlan, lines: list[dict]) -> None:
    """lines: [{post, headcount, ..., "requirements": [{"skill": Skill, "min_level": int}]}], replacing
    what the plan had. A bad line is reported under lines -> its index, as the serializer does."""
    if not lines:
        raise DomainError(_("A plan needs at least one post."), fields={"lines": [_("Add at least one post.")]})
    plan.lines.all().delete()
    for index, data in enumerate(lines):
        line = PlanLine(plan=plan, position=index)
        _assign(line, data, LINE_FIELDS)
        requirements = list(data.get("requirements") or ())
        errors = {}
        try:
            line.full_clean(exclude=["plan"])
        except ValidationError as exc:
            errors.update(exc.message_dict)
        codes = [item["skill"].code for item in requirements]
        if not requirements:
            errors["requirements"] = [_("Name at least one skill the post requires.")]
        elif len(set(codes)) != len(codes):
            errors["requirements"] = [_("Each skill may be named once per post.")]
        if errors:
            raise DomainError(_("Post %(number)s is invalid.") % {"number": index + 1},
                              fields={"lines": {str(index): errors}})
        line.save()
        links = [PlanLineSkill(line=line, skill=item["skill"], min_level=item["min_level"]) for item in requirements]
        for link in links:
            link.full_clean(exclude=["line"])
        PlanLineSkill.objects.bulk_create(links)


@transaction.atomic
def workforce_plan_create(*, lines: list[dict], created_by=None, **data) -> WorkforcePlan:
    plan = WorkforcePlan(created_by=created_by)
    _assign(plan, data, PLAN_FIELDS)
    plan.full_clean()
    plan.save()
    _set_lines(plan, lines)
    return plan


@transaction.atomic
def workforce_plan_update(*, plan: WorkforcePlan, lines: list[dict] | None = None, **data) -> WorkforcePlan:
    changed = _assign(plan, data, PLAN_FIELDS)
    plan.full_clean()
    plan.save(update_fields=[*changed, "updated_at"])
    if lines is not None:
        _set_lines(plan, lines)
    return plan


@transaction.atomic
def workforce_plan_delete(*, plan: WorkforcePlan) -> None:
    plan.delete()


def _set_critical_skills(system: InformationSystem, requirements) -> None:
    """requirements: [{"skill": Skill, "min_level": int}], replacing what the system had; None keeps them."""
    if requirements is None:
        return
    requirements = list(requirements)
    codes = [item["skill"].code for item in requirements]
    if len(set(codes)) != len(codes):
        raise DomainError(_("Each skill may be named once per system."),
                          fields={"critical_skills": [_("Each skill may be named once per system.")]})
    system.skill_requirements.all().delete()
    links = [SystemSkill(system=system, skill=item["skill"], min_level=item.get("min_level", 3))
             for item in requirements]
    for link in links:
        link.full_clean(exclude=["system"])
    SystemSkill.objects.bulk_create(links)


@transaction.atomic
def information_system_create(*, skill_requirements=(), **data) -> InformationSystem:
    """skill_requirements: the critical skills, as the API's `critical_skills`."""
    system = InformationSystem()
    _assign(system, data, SYSTEM_FIELDS)
    system.full_clean()
    system.save()
    _set_critical_skills(system, skill_requirements)
    return system


@transaction.atomic
def information_system_update(*, system: InformationSystem, skill_requirements=None, **data) -> InformationSystem:
    changed = _assign(system, data, SYSTEM_FIELDS)
    system.full_clean()
    system.save(update_fields=[*changed, "updated_at"])
    _set_critical_skills(system, skill_requirements)
    return system


@transaction.atomic
def vendor_create(**data) -> Vendor:
    vendor = Vendor()
    _assign(vendor, data, VENDOR_FIELDS)
    vendor.full_clean()
    vendor.save()
    return vendor


@transaction.atomic
def vendor_update(*, vendor: Vendor, **data) -> Vendor:
    """A contract may be shortened below its staff's access: the registry health report then lists them."""
    changed = _assign(vendor, data, VENDOR_FIELDS)
    vendor.full_clean()
    vendor.save(update_fields=sorted({*changed, "credit_code", "updated_at"}))
    return vendor


@transaction.atomic
def vendor_delete(*, vendor: Vendor) -> None:
    if vendor.staff.exists():
        raise Conflict(_("This vendor still has registered staff; mark them as gone instead of deleting."),
                       code="vendor_has_staff")
    vendor.delete()


def _set_staff_links(staff: VendorStaff, systems, skills) -> None:
    if systems is not None:
        staff.systems.set(systems)
    if skills is not None:
        staff.skills.set(skills)


@transaction.atomic
def vendor_staff_create(*, registered_by, systems=(), skills=(), **data) -> VendorStaff:
    """Registering a person is their first confirmation: HR has just checked who they are."""
    staff = VendorStaff(last_confirmed_at=timezone.now(), last_confirmed_by=registered_by)
    _assign(staff, data, STAFF_FIELDS)
    staff.full_clean()
    staff.save()
    _set_staff_links(staff, systems, skills)
    return staff


@transaction.atomic
def vendor_staff_update(*, staff: VendorStaff, systems=None, skills=None, **data) -> VendorStaff:
    changed = _assign(staff, data, STAFF_FIELDS)
    staff.full_clean()
    staff.save(update_fields=sorted({*changed, "national_id", "updated_at"}))
    _set_staff_links(staff, systems, skills)
    return staff


@transaction.atomic
def vendor_staff_confirm(*, staff: VendorStaff, by, at=None) -> VendorStaff:
    """Records that `by` checked, one by one, that this person still works here as registered.
    `at` backdates a confirmation made on paper; it cannot lie in the future."""
    at = at or timezone.now()
    if at > timezone.now():
        raise DomainError(_("A confirmation cannot be dated in the future."), fields={"at": [_("In the future.")]})
    staff = VendorStaff.objects.select_for_update().get(pk=staff.pk)
    if not staff.active:
        raise Conflict(_("This person is marked as gone; there is nothing to confirm."), code="vendor_staff_inactive")
    staff.last_confirmed_at, staff.last_confirmed_by = at, by
    staff.save(update_fields=["last_confirmed_at", "last_confirmed_by", "updated_at"])
    return staff
