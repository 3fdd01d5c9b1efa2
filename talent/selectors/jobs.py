from django.db.models import QuerySet

from core.models import JobRecord, JobStatus
from talent.access import JOBS, Actor


def job_list(*, actor: Actor) -> QuerySet[JobRecord]:
    """My jobs; HR and auditors see everyone's (talent.access.JOBS)."""
    return JOBS.scope(JobRecord.objects.select_related("started_by").defer("upload"), actor)


def import_list(*, actor: Actor) -> QuerySet[JobRecord]:
    """The imports among the jobs the actor may read (their own; HR and auditors everyone's)."""
    return job_list(actor=actor).filter(kind="import")


def failed_imports_waiting_for(*, actor: Actor) -> QuerySet[JobRecord]:
    """The imports the actor started that failed and that they have not looked at or started again since."""
    return import_list(actor=actor).filter(started_by=actor.user, status=JobStatus.FAILED, seen_at=None)
