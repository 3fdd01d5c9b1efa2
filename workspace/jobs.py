"""The workspace's background job kinds (core.jobs): the cockpit and its leadership report when their figures
are not cached yet. They call the same functions the pages call; the pages answer at once when they are cached."""

import hashlib

from django.utils.translation import gettext as _

from core import jobs, table_cache
from talent.access import Actor
from talent.jobs import file_result
from talent.views import planning as planning_views
from workspace import cockpit


def _scope_key(actor: Actor) -> str:
    """The cockpit's figures are the same for everyone with the same scope: the bureau, or a head's units."""
    scope = cockpit.scope_of(actor)
    if scope.whole_bureau:
        return "bureau"
    return hashlib.sha256(repr(sorted(scope.department_ids)).encode()).hexdigest()[:16]


def start_cockpit(*, actor: Actor, period: str, page: str):
    """One job per period and scope, however many open the cold cockpit at once; `page` is where it shows."""
    return jobs.start_or_join(kind="cockpit", title=_("The cockpit %(period)s") % {"period": period},
                              user=actor.user, params={"period": period, "page": page},
                              subject=f"cockpit:{period}:{_scope_key(actor)}")


def start_cockpit_report(*, actor: Actor, period: str):
    return jobs.start_or_join(kind="cockpit-report", title=_("The leadership report %(period)s") % {
        "period": period}, user=actor.user, params={"period": period}, subject=f"cockpit-report:{period}")


def _cockpit(job) -> dict:
    jobs.report_progress(0, 1, _("Computing the cockpit's figures"))
    with table_cache.request_scope():  # the tables' states and the pool's rows read once for all the figures
        cockpit.figures(Actor(job.started_by), job.params["period"])  # what the page shows, now cached
    return {"page": job.params["page"]}


def _cockpit_report(job) -> dict:
    actor, period = Actor(job.started_by), job.params["period"]
    jobs.report_progress(0, 1, _("Computing the report's figures"))
    with table_cache.request_scope():  # as _cockpit
        pdf = planning_views.leadership_report(actor=actor, period=period,
                                               **cockpit.report_sections(actor, period))
    return file_result(job, f"leadership-report-{period}.pdf", pdf)


jobs.register("cockpit", _cockpit)
jobs.register("cockpit-report", _cockpit_report)
