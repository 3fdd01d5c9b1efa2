"""The sharing app's background job kind (core.jobs): a stored allocation run, by the same service."""

from django.utils.translation import gettext as _

from core import jobs
from sharing.serializers.secondments import AllocationOutcomeSerializer
from sharing.services import secondments as services
from talent.access import Actor


def allocation_body(outcome, *, dry_run: bool) -> dict:
    return AllocationOutcomeSerializer({
        "dry_run": dry_run, "run": outcome.run, "requests": outcome.requests, "places": outcome.places,
        "total_score": outcome.total_score, "proposals": outcome.proposals,
    }).data


def start_allocation(*, user):
    """One stored run at a time: a second while one is queued or running is 409."""
    return jobs.start(kind="allocation-run", title=_("Allocate the experts to the open requests"), user=user,
                      subject="allocation-run")


def _allocate(job) -> tuple[dict, int]:
    jobs.report_progress(0, 1, _("Allocating"))
    outcome = services.allocation_run(actor=Actor(job.started_by), dry_run=False)
    return allocation_body(outcome, dry_run=False), 201


jobs.register("allocation-run", _allocate)
