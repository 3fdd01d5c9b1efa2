"""Reads for a department's sharing: the rule in force and its record, in the scope of the department page
(talent.access.TALENT_PROFILES: HR and leadership every department, a head the departments they head)."""

from dataclasses import asdict, dataclass
from datetime import date

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from sharing import record, rules
from sharing.models import Secondment, SharingRule
from sharing.selectors.secondments import lending_units
from talent.access import TALENT_PROFILES, Actor, descendant_ids
from talent.models import Department


def department_list(*, actor: Actor) -> QuerySet[Department]:
    """The departments whose sharing rule and record the actor may read."""
    return TALENT_PROFILES.scope(Department.objects.all(), actor)


@dataclass(frozen=True)
class RuleInForce:
    department: Department
    own: SharingRule | None  # None: the department lends under the default or its unit's rule
    unit: Department  # the lending unit: the department, or the one above counting its sub-units
    rule: rules.Rule  # the unit's rule, as applied
    cap: int
    lent: int
    default_percent: int


def rule_in_force(*, department: Department) -> RuleInForce:
    units = lending_units()
    unit = units.unit_of.get(department.pk, department.pk)
    return RuleInForce(
        department=department, own=SharingRule.objects.filter(department=department).first(),
        unit=department if unit == department.pk else Department.objects.get(pk=unit),
        rule=units.rule.get(unit, rules.DEFAULT), cap=units.cap.get(unit, 0), lent=units.lent.get(unit, 0),
        default_percent=settings.SECONDMENT_LENDING_PERCENT)


def proposals(*, department_ids=None, start: date | None = None, end: date | None = None) -> list[record.Proposal]:
    """The secondments lending from or hosted in these departments (None: all), proposed between start and end
    (inclusive, either open), as the record reads them."""
    rows = Secondment.objects.order_by()
    if department_ids is not None:
        rows = rows.filter(home_department_id__in=department_ids) | rows.filter(host_department_id__in=department_ids)
    if start is not None:
        rows = rows.filter(created_at__date__gte=start)
    if end is not None:
        rows = rows.filter(created_at__date__lte=end)
    return [record.Proposal(cadre, home, host, status, timezone.localdate(created),
                            timezone.localdate(answered) if answered else None, reason, host_name, title)
            for cadre, home, host, status, created, answered, reason, host_name, title in rows.values_list(
                "cadre_id", "home_department_id", "host_department_id", "status", "created_at", "accepted_at",
                "decline_reason", "host_department__name", "request__title")]


def department_record(*, department: Department, start: date | None = None, end: date | None = None) -> dict:
    """The record of the department with its sub-units (as its page counts them), proposals made in the period."""
    units = descendant_ids([department.pk])
    found = record.record_of(proposals(department_ids=units, start=start, end=end), units)
    return {"department": department, **asdict(found), "decline_percent": found.decline_percent}
