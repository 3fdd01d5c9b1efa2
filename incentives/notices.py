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
