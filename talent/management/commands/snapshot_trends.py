"""Stores today's figures of the overview as trend points, as a job (a db_worker runs it); run it nightly from
cron. Running it again the same day replaces that day's points; while one is still queued or running, another
is refused."""

from django.core.management.base import BaseCommand, CommandError

from core.errors import Conflict
from core.models import JobRecord
from talent import jobs


class Command(BaseCommand):
    help = "Snapshot the overview's figures (literacy, plan gaps, sharing density, registry health) for today."

    def handle(self, *args, **options):
        try:
            job = jobs.start_trend_snapshot()
        except Conflict as refused:
            raise CommandError(str(refused)) from None
        job = JobRecord.objects.get(pk=job.pk)
        self.stdout.write(f"Trend snapshot: job {job.pk}, {job.get_status_display()}.")
