from django.db.models import QuerySet

from core.models import JobRecord
from talent.access import ALL_JOBS_ROLES, Actor


def job_list(*, actor: Actor) -> QuerySet[JobRecord]:
    """My jobs; HR and auditors see everyone's."""
    jobs = JobRecord.objects.select_related("started_by").defer("upload")
    return jobs if actor.has(*ALL_JOBS_ROLES) else jobs.filter(started_by=actor.user)
