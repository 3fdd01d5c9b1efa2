"""Loads the demo learning groups (fixtures/demo_groups.json) through the services: groups, their members,
activities with attendance, and the closing of the past ones. Run after load_demo and load_demo_skills;
idempotent."""

import json
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sharing.models import LearningActivity, LearningGroup
from sharing.services import groups as services_groups
from talent import roles
from talent.access import Actor
from talent.models import Cadre, Skill

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo_groups.json"


class Command(BaseCommand):
    help = "Load the demo cross-department learning groups, their activities and attendance."

    def handle(self, *args, **options):
        if LearningGroup.objects.exists():
            self.stdout.write("Learning groups are already loaded; the demo groups were not loaded again.")
            return
        hr = get_user_model().objects.filter(groups__name=roles.HR).order_by("id").first()
        if hr is None or not Skill.objects.exists():
            raise CommandError("Load the demo bureau and its skills first (manage.py load_demo, load_demo_skills).")
        data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        with transaction.atomic():
            self._load(data["groups"], Actor(hr))
        self.stdout.write(self.style.SUCCESS(
            f"Loaded {LearningGroup.objects.count()} learning groups with {LearningActivity.objects.count()} "
            f"activities."))

    def _load(self, groups, actor):
        numbers = {m["cadre"] for g in groups for m in g["members"]}
        cadres = {c.staff_number: c for c in Cadre.objects.filter(staff_number__in=numbers)}
        skills = {s.code: s for s in Skill.objects.all()}
        for row in groups:
            group = services_groups.learning_group_create(
                actor=actor, name=row["name"], topic=row["topic"], capacity=row["capacity"],
                skills=[skills[code] for code in row["skills"]], leader=cadres[row["leader"]],
                started_on=date.fromisoformat(row["started_on"]),
                members=[{"cadre": cadres[m["cadre"]], "role": m["role"]} for m in row["members"]])
            for activity in row["activities"]:
                services_groups.learning_activity_record(
                    actor=actor, group=group, kind=activity["kind"], title=activity["title"],
                    start_date=date.fromisoformat(activity["start_date"]),
                    end_date=date.fromisoformat(activity["end_date"]), hours=Decimal(activity["hours"]),
                    location=activity["location"], led_by=cadres[activity["led_by"]],
                    attendees=[cadres[number] for number in activity["attendees"]])
            if row["ended_on"]:
                services_groups.learning_group_close(actor=actor, group=group,
                                                     ended_on=date.fromisoformat(row["ended_on"]))
