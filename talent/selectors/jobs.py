from django.db.models import QuerySet

from core.models import JobRecord
from talent.access import JOBS, Actor


def job_list(*, actor: Actor) -> QuerySet[JobRecord]:
    """The jobs I started or follow; HR and auditors see everyone's (talent.access.JOBS)."""
    return JOBS.scope(JobRecord.objects.select_related("started_by").defer("upload", "output"), actor)


def job_file_holder(*, job: JobRecord, actor: Actor) -> bool:
    """A job's file (a report's PDF, a backup) goes to its starter and followers only: HR and auditors read
    every job, not every file."""
    return job.started_by_id == actor.user.pk or job.followers.filter(pk=actor.user.pk).exists()
