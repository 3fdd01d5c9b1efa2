"""Loads fixtures/demo_nominations.json through the services: each nomination made by its head or HR with the
cadre's verified skills and contributions, and decided by leadership where the fixture says so (one approved, one
declined, one left awaiting a decision)."""

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from incentives.models import Nomination
from incentives.selectors import nominations as selectors
from incentives.services import nominations as services
from talent.access import Actor
from talent.models import Cadre

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo_nominations.json"


class Command(BaseCommand):
    help = "Load the demo nominations: one approved, one declined, one awaiting leadership's decision."

    def handle(self, *args, **options):
        if Nomination.objects.exists():
            self.stdout.write("The demo nominations are already loaded.")
            return
        data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        names = {row["nominated_by"] for row in data["nominations"]} | {
            row["decision"]["by"] for row in data["nominations"] if row["decision"]}
        users = get_user_model().objects.in_bulk(list(names), field_name="username")
        if len(users) < len(names):
            raise CommandError("Load the demo bureau first (manage.py load_demo).")
        with transaction.atomic():
            for row in data["nominations"]:
                cadre = Cadre.objects.get(staff_number=row["staff_number"])
                skills = [held.skill for held in selectors.supporting_skills(cadre=cadre)[:3]]
                contributions = [c.pk for c in selectors.supporting_contributions(cadre=cadre)[:2]]
                nomination = services.nomination_create(
                    actor=Actor(users[row["nominated_by"]]), cadre=cadre, kind=row["kind"], target=row["target"],
                    rationale=row["rationale"], skills=skills, contributions=contributions)
                if row["decision"]:
                    services.nomination_decide(actor=Actor(users[row["decision"]["by"]]), nomination=nomination,
                                               approve=row["decision"]["approve"], note=row["decision"]["note"])
        self.stdout.write(self.style.SUCCESS(
            f"Loaded {len(data['nominations'])} nominations; one awaits leadership's decision (log in as leader)."))
