"""Loads the demo skills (fixtures/demo_skills.json) through the services: the skill catalogue, training
programs, and every demo cadre's skills, assessments and training. Run after load_demo; idempotent."""

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from talent.access import Actor
from talent.models import Cadre, CadreSkill, Skill, TrainingProgram
from talent.services import pool as services

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo_skills.json"


class Command(BaseCommand):
    help = "Load the demo skill catalogue, training programs, and the demo cadres' skills and assessments."

    def handle(self, *args, **options):
        if Skill.objects.exists():
            self.stdout.write("The skill catalogue is already loaded; the demo skills were not loaded again.")
            return
        if not Cadre.objects.exists():
            raise CommandError("Load the demo bureau first (manage.py load_demo).")
        data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        with transaction.atomic():
            self._load(data)
        self.stdout.write(self.style.SUCCESS(
            f"Loaded {Skill.objects.count()} skills, {TrainingProgram.objects.count()} training programs and "
            f"{CadreSkill.objects.count()} cadre skills."
        ))

    def _load(self, data):
        categories = {row["code"]: services.skill_category_create(**row) for row in data["categories"]}
        skills = {row["code"]: services.skill_create(**{**row, "category": categories[row["category"]]})
                  for row in data["skills"]}
        programs = {
            row["code"]: services.training_program_create(
                **{**row, "skills": [{"skill": skills[s["skill"]], "raises_to": s["raises_to"]}
                                     for s in row["skills"]]})
            for row in data["programs"]
        }
        cadres = {c.staff_number: c for c in Cadre.objects.filter(
            staff_number__in={row["cadre"] for row in data["cadre_skills"]})}
        hr = get_user_model().objects.filter(groups__name="hr_staff").order_by("id").first()
        verifier = Actor(hr) if hr else None
        for row in data["cadre_skills"]:
            cadre = cadres.get(row["cadre"])
            if cadre is None:
                continue
            held = services.cadre_skill_set(cadre=cadre, skill=skills[row["skill"]], level=row["level"],
                                            source=row["source"], by=hr)
            if row["verified"] and verifier and cadre.user_id != hr.pk:
                services.cadre_skill_verify(cadre_skill=held, actor=verifier)
        for row in data["assessments"]:
            if row["cadre"] in cadres:
                services.assessment_record(**{**row, "cadre": cadres[row["cadre"]], "assessor": hr})
        for row in data["training_records"]:
            if row["cadre"] in cadres:
                services.training_record_create(
                    by=hr, **{**row, "cadre": cadres[row["cadre"]], "program": programs[row["program"]],
                              "hours": programs[row["program"]].hours})
