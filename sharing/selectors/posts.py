"""Secondments as lines of each cadre's post history (talent.selectors.posts reads them through the source
sharing.apps registers): an approved, active or completed secondment is a time in the host department. Read, not
copied: a secondment completed early ends on the day it was completed, a cancelled one is not a post at all."""

from django.utils.translation import gettext as _

from sharing.models import COMMITTED, Secondment, SecondmentStatus
from talent.models import PostKind
from talent.selectors.posts import PostLine


def secondment_lines(cadre_ids: list[int]) -> dict[int, list[PostLine]]:
    found: dict[int, list[PostLine]] = {}
    secondments = Secondment.objects.filter(cadre_id__in=cadre_ids, status__in=COMMITTED).select_related(
        "host_department", "request")
    for secondment in secondments:
        ended = secondment.end_date
        if secondment.status == SecondmentStatus.COMPLETED and secondment.completed_on:
            ended = min(secondment.completed_on, secondment.end_date)
        found.setdefault(secondment.cadre_id, []).append(PostLine(
            secondment.host_department.name, _("seconded: %(title)s") % {"title": secondment.request.title},
            secondment.start_date, max(ended, secondment.start_date), PostKind.SECONDMENT))
    return found
