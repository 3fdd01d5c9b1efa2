from datetime import timedelta

from django.core.management.base import BaseCommand

from core import jobs, table_cache


class Command(BaseCommand):
    help = ("Mark failed the running jobs whose worker died (gone from this machine, or silent for "
            "--stale-minutes on any machine), drop the checked import files never confirmed, and fold the table "
            "cache's counted changes (PostgreSQL). bin/demo runs it before starting its worker.")

    def add_arguments(self, parser):
        parser.add_argument("--stale-minutes", type=float, default=30.0)

    def handle(self, *args, stale_minutes, **options):
        lost = jobs.sweep(stale_after=timedelta(minutes=stale_minutes))
        self.stdout.write(f"{len(lost)} job(s) marked failed: {lost}")
        self.stdout.write(f"{jobs.drop_expired_uploads()} expired held upload(s) dropped")
        self.stdout.write(f"{table_cache.compact_changes()} table change row(s) folded")
