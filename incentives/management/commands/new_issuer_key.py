"""Writes a fresh Ed25519 issuer key for the certificates' credentials, as the settings take it (docs/credentials.md,
"Rotating the key"). Nothing is stored: the operator puts the lines into the environment."""

from django.core.management.base import BaseCommand, CommandError

from core.signing import new_key_text


class Command(BaseCommand):
    help = "Print a new issuer key: CERTIFICATE_ISSUER_KEY, and the public half to keep when it is retired."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("kid", help="The key's id, e.g. 2026-01 (letters, digits, - _ .).")

    def handle(self, *args, kid, **options):
        if not kid or not all(ch.isalnum() or ch in "-_." for ch in kid):
            raise CommandError("The kid may hold letters, digits, - _ and . only.")
        private, public = new_key_text(kid)
        self.stdout.write(f"CERTIFICATE_ISSUER_KEY={private}\n"
                          f"# When this key is replaced, add to CERTIFICATE_ISSUER_RETIRED_KEYS: {public}")
