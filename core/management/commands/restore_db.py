"""Restores a backup_db file into an empty database; see README, "Backup and restore"."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core.backup import BackupError, restore, unreadable_personal_data
from core.management.commands.backup_db import report_counts


class Command(BaseCommand):
    help = ("Restore a file written by backup_db into the configured database, which must be empty "
            "(created, not migrated). Personal data is then readable with the FIELD_ENCRYPTION_KEYS in use "
            "when the backup was taken.")

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="a file written by backup_db")

    def handle(self, *args, source, **options):
        try:
            counts = restore(connection, source)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        report_counts(self, counts, options["verbosity"])
        self.stdout.write(f"Restored {len(counts)} tables, {sum(counts.values())} rows, from {source}.")
        unreadable = unreadable_personal_data(connection)
        if unreadable:
            fields = ", ".join(f"{field} ({count} values)" for field, count in unreadable.items())
            raise CommandError(
                f"The data is restored, but personal data in it cannot be decrypted with FIELD_ENCRYPTION_KEYS: "
                f"{fields}. Run the service with the key that was in use when the backup was taken (there is no "
                "need to restore again); without that key these fields are lost."
            )
        self.stdout.write(self.style.SUCCESS("Personal data is readable with FIELD_ENCRYPTION_KEYS."))
