"""Checks a certificate's QR code text offline: the issuer's signature of the printed texts, with the public keys
of the settings (CERTIFICATE_ISSUER_KEY and the retired keys) and no database. Exit status 0 when genuine, 1 not.

    manage.py verify_certificate "http://…/verify/2025-ABCD-EFGH?code=…&s=…"
"""

from django.core.management.base import BaseCommand, CommandError

from core.signing import BadSignature
from incentives import credentials
from incentives.selectors.certificates import issuer_keys


class Command(BaseCommand):
    help = "Check a certificate's QR code text (the address or the signed payload alone) without the database."
    requires_system_checks = []  # no database, no models: it must work on a copy of the settings alone

    def add_arguments(self, parser):
        parser.add_argument("qr_text", help="The text of the certificate's QR code.")

    def handle(self, *args, qr_text, **options):
        try:
            signed = credentials.read_qr(issuer_keys(), qr_text)
        except BadSignature as exc:
            raise CommandError("NOT GENUINE: the issuer did not sign this text, or it was changed after signing.",
                               returncode=1) from exc
        content = signed.content
        self.stdout.write(self.style.SUCCESS(f"GENUINE: signed by the issuer's key {signed.kid}."))
        for label, value in (("serial", content.serial), ("name", content.name), ("department", content.department),
                             ("honour", content.honour), ("cycle", content.cycle), ("issuer", content.issuer),
                             ("issued on", content.issued_on.isoformat())):
            self.stdout.write(f"  {label:<11} {value}")
        self.stdout.write("Compare these texts with the paper. Revocation is not known offline: check the online "
                          "page or the status list (docs/credentials.md).")
