"""Tells whoever something has become due for (a secondment past its end date, vendor staff to reconfirm); run
it daily, before send_notice_digest (cron or a systemd timer; docs/operations.md). Each thing is told once."""

from django.core.management.base import BaseCommand

from core import notices


class Command(BaseCommand):
    help = "Create the notices for what has become due today (each thing once)."

    def handle(self, *args, **options):
        for name, count in notices.run_due().items():
            self.stdout.write(f"{name}: {count}")
