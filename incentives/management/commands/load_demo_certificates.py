"""Loads fixtures/demo_certificates.json through the services: the 2024 list approved by leadership, its
honours' certificates issued by HR, and one of them revoked; prints where to check one."""

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from incentives.models import IncentiveCycle
from incentives.selectors import certificates as certificate_selectors
from incentives.services import certificates as certificate_services
from incentives.services import cycles as services
from talent.access import Actor
from talent.models import Cadre

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo_certificates.json"


class Command(BaseCommand):
    help = "Load the demo certificates: an approved 2024 list with its honours' certificates, one revoked."

    def handle(self, *args, **options):
        data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        if IncentiveCycle.objects.filter(year=data["year"], name=data["cycle"]["name"]).exists():
            self.stdout.write("The demo certificates are already loaded.")
            return
        users = get_user_model().objects.in_bulk(["hr", "leader"], field_name="username")
        if len(users) < 2:
            raise CommandError("Load the demo bureau first (manage.py load_demo).")
        with transaction.atomic():
            issued = self._load(data, hr=Actor(users["hr"]), leader=Actor(users["leader"]))
        valid = issued[0]
        self.stdout.write(self.style.SUCCESS(
            f"Issued {len(issued)} certificates for “{data['cycle']['name']}” (one revoked). Check one at\n"
            f"  {certificate_selectors.verification_url_of(valid)}\n"
            f"or offline, pasting that address into {settings.PUBLIC_BASE_URL}/verify/offline/ (docs/credentials.md)."
        ))

    def _load(self, data, *, hr: Actor, leader: Actor):
        year = data["year"]
        cadres = Cadre.objects.in_bulk(field_name="staff_number")
        for row in data["grades"]:
            services.appraisal_grade_set(cadre=cadres[row["staff_number"]], year=year, grade=row["grade"])
        policy = services.policy_create(**data["policy"])
        cycle = services.cycle_create(actor=hr, name=data["cycle"]["name"], year=year, budget=data["cycle"]["budget"],
                                      policy=policy)
        services.cycle_compute(cycle=cycle, actor=hr)
        services.cycle_submit(cycle=cycle, actor=hr)
        services.cycle_approve(cycle=cycle, actor=leader, comment=data["approval_comment"])
        issued = certificate_services.certificates_issue(cycle=cycle, actor=hr)
        if not issued:
            raise CommandError("The demo list has no honours; check fixtures/demo_certificates.json.")
        certificate_services.certificate_revoke(certificate=issued[-1], actor=hr, reason=data["revocation_reason"])
        return issued
