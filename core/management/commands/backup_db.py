"""Writes the whole database to one file with the database's own tools; see README, "Backup and restore"."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core.backup import BackupError, backup


class Command(BaseCommand):
    help = ("Back up the whole database (every table, personal data still encrypted) to a new file: "
            "an SQLite copy, or a pg_dump custom-format archive for PostgreSQL.")

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path, help="the backup file to create; an existing file is never replaced")

    def handle(self, *args, out, **options):
        try:
            counts = backup(connection, out)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        report_counts(self, counts, options["verbosity"])
        self.stdout.write(self.style.SUCCESS(
            f"Backed up {len(counts)} tables, {sum(counts.values())} rows, to {out}. "
            "Personal data in it can be read only with FIELD_ENCRYPTION_KEYS: keep the key, apart from the backup."
        ))


def report_counts(command: BaseCommand, counts: dict[str, int], verbosity: int) -> None:
    """With -v 2, rows per table, so a backup and its restore can be compared line by line."""
    if verbosity >= 2:
        for table, rows in counts.items():
            command.stdout.write(f"  {table:<48} {rows:>10}")
