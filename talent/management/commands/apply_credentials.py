"""Run daily (cron, just after midnight): certify the skills of credentials that became valid and drop those of
credentials that expired. Idempotent."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from talent.services import credentials as services


class Command(BaseCommand):
    help = "Certify skills by the credentials valid today and drop those whose credential expired."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to apply, YYYY-MM-DD (default: today)")

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError:
            raise CommandError("Write the date as YYYY-MM-DD.") from None
        counts = services.credentials_apply(today=today)
        self.stdout.write(f"{counts['certified']} skills certified, {counts['lapsed']} dropped back.")
