"""Starts the approved secondments whose start date has come; run it daily (cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from sharing.services import secondments as services


class Command(BaseCommand):
    help = "Start every approved secondment whose start date has come."

    def handle(self, *args, **options):
        self.stdout.write(f"{services.secondments_start_due()} secondments started.")
