"""Writes for a department's sharing rule: HR sets it, or removes it to lend under the bureau's default."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import Forbidden
from sharing.models import SharingRule
from talent import roles
from talent.access import Actor
from talent.models import Department

RULE_FIELDS = ("cap_people", "cap_percent", "includes_sub_units", "max_months", "notice_days")


def _require_hr(actor: Actor) -> None:
    if not actor.has(roles.HR):
        raise Forbidden(_("Only HR sets the departments' sharing rules."))


@transaction.atomic
def sharing_rule_set(*, actor: Actor, department: Department, **data) -> SharingRule:
    """The department's rule, created or replaced as a whole (a field not given takes its default)."""
    _require_hr(actor)
    rule = SharingRule.objects.select_for_update().filter(department=department).first() or \
        SharingRule(department=department)
    for field in RULE_FIELDS:
        setattr(rule, field, data.get(field, SharingRule._meta.get_field(field).get_default()))
    rule.updated_by = actor.user
    rule.full_clean()
    rule.save()
    return rule


@transaction.atomic
def sharing_rule_remove(*, actor: Actor, department: Department) -> None:
    """Back to the default: the bureau's percent, no limit on length or notice."""
    _require_hr(actor)
    SharingRule.objects.filter(department=department).delete()
