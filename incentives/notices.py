"""Who is told what when an incentive list waits on someone (core.notices): a list HR submits goes to
leadership, who approve or reject it on its page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core import notices
from incentives.models import IncentiveCycle
from talent import roles
from talent.access import role_users

SUBMITTED = "incentive_list_submitted"


def submitted(cycle: IncentiveCycle) -> None:
    with notices.in_bureau_language():
        notices.notify(role_users(roles.LEADERSHIP), kind=SUBMITTED, subject=f"incentive-cycle:{cycle.pk}",
                       title=_("An incentive list waits for approval"),
                       text=_("HR submitted the incentive list “%(name)s” (%(year)s) for your approval.") % {
                           "name": cycle.name, "year": cycle.year},
                       link=reverse("workspace:cycle", args=[cycle.pk]))


NOMINATED = "nomination_made"
NOMINATION_DECIDED = "nomination_decided"


def nominated(nomination) -> None:
    """A nomination waits on leadership, who decide it on its page."""
    with notices.in_bureau_language():
        notices.notify(role_users(roles.LEADERSHIP), kind=NOMINATED, subject=f"nomination:{nomination.pk}",
                       title=_("A nomination waits for your decision"),
                       text=_("%(cadre)s (%(department)s) is nominated as %(kind)s.") % {
                           "cadre": nomination.cadre.name, "department": nomination.cadre.department.name,
                           "kind": nomination.get_kind_display()},
                       link=reverse("workspace:nomination", args=[nomination.pk]))


def nomination_decided(nomination) -> None:
    """The nominator learns what leadership decided."""
    if nomination.nominated_by is None:
        return
    with notices.in_bureau_language():
        notices.notify([nomination.nominated_by], kind=NOMINATION_DECIDED, subject=f"nomination:{nomination.pk}",
                       title=_("Your nomination of %(cadre)s is %(status)s") % {
                           "cadre": nomination.cadre.name, "status": nomination.get_status_display()},
                       text=nomination.decision_note, link=reverse("workspace:nomination", args=[nomination.pk]))
