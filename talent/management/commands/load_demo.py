"""Loads the demo bureau (fixtures/demo_bureau.json) into an empty database and prints the logins."""

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from talent.models import Cadre, Department
from talent.services import logins
from talent.services import pool as services

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo_bureau.json"
DEMO_PASSWORD = "Bureau@2026"


class Command(BaseCommand):
    help = "Load the demo bureau: departments, about 150 cadres, one login per role and a few cadre logins."

    def handle(self, *args, **options):
        if Department.objects.exists():
            self.stdout.write("The database already holds a bureau; the demo was not loaded again.")
            return
        data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        with transaction.atomic():
            self._load(data)
        self.stdout.write(self.style.SUCCESS(
            f"Loaded {Department.objects.count()} departments and {Cadre.objects.count()} cadres."
        ))

    def _load(self, data):
        departments = {}
        for row in data["departments"]:
            departments[row["code"]] = services.department_create(
                code=row["code"], name=row["name"], parent=departments.get(row["parent"])
            )
        cadres = {}
        for row in data["cadres"]:
            cadres[row["staff_number"]] = services.cadre_create(
                **{**row, "department": departments[row["department"]]}
            )
        personal_data = Permission.objects.get(codename="view_cadre_personal_data")
        User = get_user_model()
        for row in data["users"]:
            if User.objects.filter(username=row["username"]).exists():
                raise CommandError(f"user {row['username']} already exists")
            cadre = cadres.get(row.get("cadre"))
            validate_password(DEMO_PASSWORD)
            user = User.objects.create_user(
                username=row["username"], password=DEMO_PASSWORD, first_name=cadre.name if cadre else row["label"],
                is_staff=True,  # the back office shows each role only what its group permits
            )
            user.groups.add(Group.objects.get(name=row["role"]))
            if row.get("personal_data"):
                user.user_permissions.add(personal_data)
            for code in row.get("heads", []):
                departments[code].heads.add(user)
            if cadre:
                services.cadre_update(cadre=cadre, user=user)
            self.stdout.write(f"  {row['username']:<10} / {DEMO_PASSWORD}   {row['label']}")
        for staff_number in data.get("cadre_logins", []):
            made = logins.cadre_login_create(cadre=cadres[staff_number], password=DEMO_PASSWORD)
            label = f"干部 {made.cadre.name}（{made.cadre.department.name}，首次登录改密码）"
            self.stdout.write(f"  {made.username:<10} / {DEMO_PASSWORD}   {label}")
