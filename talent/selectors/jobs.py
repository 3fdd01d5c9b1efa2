from django.db.models import QuerySet

from core.models import JobRecord, JobStatus
from talent.access import JOBS, Actor


def job_list(*, actor: Actor) -> QuerySet[JobRecord]:
    """The jobs I started or follow; HR and auditors see everyone's (talent.access.JOBS)."""
    return JOBS.scope(JobRecord.objects.select_related("started_by").defer("upload", "output"), actor)


def job_file_holder(*, job: JobRecord, actor: Actor) -> bool:
    """A job's file (a report's PDF, a backup) goes to its starter and followers only: HR and auditors read
    every job, not every file."""
    return job.started_by_id == actor.user.pk or job.followers.filter(pk=actor.user.pk).exists()


def import_list(*, actor: Actor) -> QuerySet[JobRecord]:
    """The imports among the jobs the actor may read (their own; HR and auditors everyone's)."""
    return job_list(actor=actor).filter(kind="import")


def failed_imports_waiting_for(*, actor: Actor) -> QuerySet[JobRecord]:
    """The imports the actor started that failed and that they have not looked at or started again since."""
    return import_list(actor=actor).filter(started_by=actor.user, status=JobStatus.FAILED, seen_at=None)
