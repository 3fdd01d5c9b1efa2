"""Mails each user with an e-mail address their notices not yet mailed, in one message; run it daily (after
notify_due). A second run the same day sends nothing new."""

from django.core.management.base import BaseCommand

from core import notices


class Command(BaseCommand):
    help = "E-mail each user their notices not yet mailed, in one digest, and mark them mailed."

    def handle(self, *args, **options):
        sent, count = notices.send_digest()
        self.stdout.write(f"{sent} digests sent with {count} notices.")
