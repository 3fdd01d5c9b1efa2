"""Loads fixtures/demo_incentives.json through the services: 2025 grades, contributions (most verified
by HR), the incentive policy, and the 2025 cycle computed and submitted, waiting for leadership."""

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from incentives.models import IncentivePolicy
from incentives.services import cycles as services
from talent.access import Actor
from talent.models import Cadre

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo_incentives.json"


class Command(BaseCommand):
    help = "Load the demo incentives: grades, contributions, a policy and a cycle ready for approval."

    def handle(self, *args, **options):
        data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        if IncentivePolicy.objects.filter(name=data["policy"]["name"]).exists():
            self.stdout.write("The demo incentives are already loaded.")
            return
        hr = get_user_model().objects.filter(username="hr").first()
        if hr is None:
            raise CommandError("Load the demo bureau first (manage.py load_demo).")
        with transaction.atomic():
            cycle = self._load(data, Actor(hr))
        self.stdout.write(self.style.SUCCESS(
            f"Loaded {len(data['grades'])} grades, {len(data['contributions'])} contributions and the cycle "
            f"“{cycle.name}” ({cycle.total_recommended} yuan to {cycle.summary['eligible']} people), "
            "submitted for approval."
        ))

    def _load(self, data, hr: Actor):
        year = data["year"]
        cadres = Cadre.objects.in_bulk(field_name="staff_number")
        for row in data["grades"]:
            services.appraisal_grade_set(cadre=cadres[row["staff_number"]], year=year, grade=row["grade"])
        for row in data["contributions"]:
            contribution = services.contribution_create(
                actor=hr, cadre=cadres[row["staff_number"]], year=year, kind=row["kind"], title=row["title"],
                impact=row["impact"], evidence=row["evidence"])
            if row["status"] != "submitted":
                services.contribution_review(contribution=contribution, actor=hr, verified=row["status"] == "verified",
                                             comment="" if row["status"] == "verified" else "佐证材料不足")
        policy = services.policy_create(**data["policy"])
        cycle = services.cycle_create(actor=hr, name=data["cycle"]["name"], year=year,
                                      budget=data["cycle"]["budget"], policy=policy)
        services.cycle_compute(cycle=cycle, actor=hr)
        return services.cycle_submit(cycle=cycle, actor=hr)
