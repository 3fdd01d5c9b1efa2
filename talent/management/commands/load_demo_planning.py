"""Loads the demo workforce plans, information systems (with their in-house maintainers) and outsourcing
registry (fixtures/demo_planning.json) through the services. Run after load_demo and load_demo_skills;
idempotent."""

import json
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from talent.models import Cadre, CadreStatus, Department, Skill, Vendor, WorkforcePlan
from talent.services import planning as services_planning
from talent.services import pool as services

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo_planning.json"


class Command(BaseCommand):
    help = "Load the demo workforce plans, information systems, vendors and vendor staff."

    def handle(self, *args, **options):
        if WorkforcePlan.objects.exists() or Vendor.objects.exists():
            self.stdout.write("Workforce plans or vendors are already loaded; the demo plans were not loaded again.")
            return
        if not Skill.objects.exists():
            raise CommandError("Load the demo bureau and its skills first (manage.py load_demo, load_demo_skills).")
        data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        with transaction.atomic():
            self._load(data)
        self.stdout.write(self.style.SUCCESS(
            f"Loaded {WorkforcePlan.objects.count()} workforce plans, {Vendor.objects.count()} vendors and "
            f"{len(data['staff'])} vendor staff."
        ))

    def _load(self, data):
        # The file is written as of a fixed day; moving every date by the same amount keeps contracts,
        # access windows and reconfirmations as far from today as they were from that day.
        shift = timezone.localdate() - date.fromisoformat(data["as_of"])

        def day(value):
            return date.fromisoformat(value) + shift if value else None

        hr = get_user_model().objects.filter(groups__name="hr_staff").order_by("id").first()
        departments = {d.code: d for d in Department.objects.all()}
        skills = {s.code: s for s in Skill.objects.all()}
        cadres = {c.staff_number: c for c in Cadre.objects.all()}
        for row in data["plans"]:
            services_planning.workforce_plan_create(
                department=departments[row["department"]], period=row["period"], title=row["title"], created_by=hr,
                lines=[{**line, "requirements": [{"skill": skills[r["skill"]], "min_level": r["min_level"]}
                                                 for r in line["requirements"]]} for line in row["lines"]],
            )
        def cadre(number):
            return cadres[number] if number else None

        systems = {row["code"]: services_planning.information_system_create(
            **{**row, "department": departments[row["department"]], "maintainer": cadre(row["maintainer"]),
               "deputy": cadre(row["deputy"])},
            skill_requirements=[{"skill": skills[code]} for code in row["critical_skills"]])
            for row in data["systems"]}
        vendors = {row["key"]: services_planning.vendor_create(
            name=row["name"], credit_code=row["credit_code"], contract_start=day(row["contract_start"]),
            contract_end=day(row["contract_end"]), scope=row["scope"], rationale=row["rationale"],
            transfer_what=row["transfer_what"], transfer_to=cadre(row["transfer_to"]),
            transfer_due=day(row["transfer_due"]), transfer_done_on=day(row["transfer_done_on"]))
            for row in data["vendors"]}
        leaving = []
        for row in data["staff"]:
            staff = services_planning.vendor_staff_create(
                registered_by=hr, vendor=vendors[row["vendor"]], name=row["name"], national_id=row["national_id"],
                role=row["role"], access_level=row["access_level"], access_start=day(row["access_start"]),
                access_end=day(row["access_end"]), responsible_cadre=cadres[row["responsible_cadre"]],
                successor=cadre(row["successor"]),
                confidentiality_signed_on=day(row["confidentiality_signed_on"]),
                systems=[systems[code] for code in row["systems"]], skills=[skills[code] for code in row["skills"]],
            )
            services_planning.vendor_staff_confirm(
                staff=staff, by=hr, at=timezone.now() - timedelta(days=row["confirmed_days_ago"]))
            if row["responsible_cadre_leaves"]:
                leaving.append(staff.responsible_cadre)
        # What happens after registration, and what the registry's health report then finds: a contract
        # amended to end earlier than some access, and a responsible cadre leaving the bureau.
        for row in data["vendors"]:
            if row["amended_contract_end"]:
                services_planning.vendor_update(vendor=vendors[row["key"]],
                                                contract_end=day(row["amended_contract_end"]))
        for cadre in leaving:
            services.cadre_update(cadre=cadre, status=CadreStatus.LEFT)
