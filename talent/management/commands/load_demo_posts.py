"""Imports fixtures/demo_import/任职经历.csv, the demo bureau's post history, through the import HR uses
(/api/v1/imports/post-history/): checked whole, written in one go, as HR's user. Importing it again changes
nothing; from then on the pool's services keep the history when HR moves a cadre."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from talent import imports

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo_import" / "任职经历.csv"


class Command(BaseCommand):
    help = "Import the demo post history (任职经历) of every serving cadre."

    def handle(self, *args, **options):
        hr = get_user_model().objects.filter(username="hr").first()
        if hr is None:
            raise CommandError("Load the demo bureau first (manage.py load_demo).")
        try:
            report = imports.import_file(kind="post-history", data=DEMO_FILE.read_bytes(), filename=DEMO_FILE.name,
                                         dry_run=False, user=hr)
        except DomainError as error:
            raise CommandError(f"{error.message}: {error.fields}") from error
        self.stdout.write(self.style.SUCCESS(
            f"Post history: {report['created']} lines imported, {report['updated']} updated, "
            f"{report['unchanged']} already there."))
