"""Loads a year of the demo training ledger (fixtures/demo_training.json) through the services and the import:
each tier's requirement, the online learning platform's export for every cadre on the books, a few credentials
(one expiring soon), and technical skills verified four years ago (due for re-verification). Run after
load_demo_skills; idempotent."""

import csv
import io
import json
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from talent import imports
from talent.access import Actor
from talent.models import (
    Cadre,
    CadreSkill,
    Credential,
    PlatformStudy,
    Skill,
    SkillCategory,
    TrainingProgram,
    TrainingRequirement,
)
from talent.services import credentials as credential_services
from talent.services import pool as services
from talent.services import training as training_services

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo_training.json"


class Command(BaseCommand):
    help = "Load a year of the demo training ledger, credentials and skills due for re-verification."

    def handle(self, *args, **options):
        if PlatformStudy.objects.exists() or Credential.objects.exists():
            self.stdout.write("The training ledger is already loaded; the demo ledger was not loaded again.")
            return
        if not Skill.objects.exists():
            raise CommandError("Load the demo bureau and its skills first (manage.py load_demo, load_demo_skills).")
        hr = get_user_model().objects.filter(groups__name="hr_staff").order_by("id").first()
        data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        # The file is written as of a fixed day; every date moves by as much as today is later.
        shift = timezone.localdate() - date.fromisoformat(data["as_of"])
        with transaction.atomic():
            self._requirements(data)
            self._platform(data, shift, hr)
            self._credentials(data, shift, hr)
            self._stale(data, shift)
        self.stdout.write(self.style.SUCCESS(
            f"Loaded {PlatformStudy.objects.count()} platform course records, {Credential.objects.count()} "
            f"credentials ({Credential.objects.filter(certifying=True).count()} certifying a skill now) and "
            f"{len(data['stale'])} skills due for re-verification."))

    def _requirements(self, data):
        if not TrainingProgram.objects.filter(code=data["program"]["code"]).exists():
            services.training_program_create(**data["program"])
        programs = {p.code: p for p in TrainingProgram.objects.all()}
        training_services.requirements_ensure()
        for tier, row in data["requirements"].items():
            training_services.requirement_update(
                requirement=TrainingRequirement.objects.get(tier=tier), yearly_hours=row["yearly_hours"],
                compulsory_programs=[programs[code] for code in row["compulsory"] if code in programs])
        SkillCategory.objects.exclude(code__in=data["technical_categories"]).update(reverify_after_years=None)
        SkillCategory.objects.filter(code__in=data["technical_categories"]).update(reverify_after_years=3)

    def _platform(self, data, shift, hr):
        """The platform's export, imported as HR imports it (all or nothing, audited)."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([column.header for column in imports.PLATFORM_COLUMNS])
        for row in data["platform"]:
            day = date.fromisoformat(row["date"]) + shift
            writer.writerow([row["cadre"], row["course"], row["hours"], day.isoformat()])
        report = imports.import_file(kind="training-hours", data=out.getvalue().encode("utf-8"),
                                     filename="网上党校学时导出.csv", dry_run=False, user=hr)
        if report["errors"]:
            raise CommandError(f"The demo platform export has problems: {report['errors'][:3]}")

    def _credentials(self, data, shift, hr) -> dict:
        cadres = {c.staff_number: c for c in Cadre.objects.filter(
            staff_number__in={row["cadre"] for row in data["credentials"]})}
        skills = {s.code: s for s in Skill.objects.all()}
        for row in data["credentials"]:
            if row["cadre"] not in cadres:
                continue
            expires = date.fromisoformat(row["expires_on"]) + shift if row["expires_on"] else None
            credential = credential_services.credential_add(
                cadre=cadres[row["cadre"]], name=row["name"], issuer=row["issuer"], number=row["number"],
                issued_on=date.fromisoformat(row["issued_on"]) + shift, expires_on=expires,
                skill=skills.get(row["skill"]), level=row["level"], by=hr)
            if row["verify"] and hr is not None:
                # Verified on its issue day, as HR would have then: an expired one certified its skill until it lapsed.
                issued = credential.issued_on
                credential_services.credential_verify(credential=credential, actor=Actor(hr), today=issued)
        return credential_services.credentials_apply()

    def _stale(self, data, shift):
        for row in data["stale"]:
            day = date.fromisoformat(row["verified_on"]) + shift
            moment = timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=10))
            CadreSkill.objects.filter(cadre__staff_number=row["cadre"], skill__code=row["skill"]).update(
                verified_at=moment)
