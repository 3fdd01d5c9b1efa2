from django.utils import timezone

from core.models import ACTIVE, JobRecord
from talent.access import Actor


def job_seen(*, job: JobRecord, actor: Actor) -> None:
    """Its starter has seen how the job ended: a failed import leaves their 待办. Others looking change nothing."""
    if job.started_by_id == actor.user.pk and job.status not in ACTIVE and job.seen_at is None:
        job.seen_at = timezone.now()
        JobRecord.objects.filter(pk=job.pk, seen_at=None).update(seen_at=job.seen_at)
