from django.db.models import QuerySet

from core.models import JobRecord
from talent.access import JOBS, Actor


def job_list(*, actor: Actor) -> QuerySet[JobRecord]:
    """My jobs; HR and auditors see everyone's (talent.access.JOBS)."""
    return JOBS.scope(JobRecord.objects.select_related("started_by").defer("upload"), actor)
