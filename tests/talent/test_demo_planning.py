"""The demo shows every report: plans whose gaps call for each action, and a registry failing each check."""

import importlib.util
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.test import APIClient

from talent import registry
from talent.models import VendorStaff, WorkforcePlan

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def client_of(username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username=username))
    return client


def test_the_demo_shows_each_recommendation_each_failed_check_and_prints(db):
    for command in ("load_demo", "load_demo_skills", "load_demo_planning"):
        call_command(command, stdout=None)
    leader = client_of("leader")

    health = leader.get("/api/v1/registry-health/").json()
    assert {check["code"] for check in health["checks"] if check["count"]} == set(registry.CHECKS)

    rollup = leader.get("/api/v1/workforce-plans/rollup/", {"period": "2026"}).json()
    recommended = {line["recommendation"] for plan in WorkforcePlan.objects.all()
                   for line in leader.get(f"/api/v1/workforce-plans/{plan.pk}/gaps/").json()["lines"]}
    assert recommended == {"none", "train", "borrow", "recruit"}
    assert rollup["totals"]["gap"] > 0

    overview = leader.get("/api/v1/talent-profiles/bureau/").json()
    assert overview["outsourcing_dependency"]
    head = client_of("head_car").get("/api/v1/talent-profiles/bureau/")
    assert head.status_code == 403

    report = leader.get("/api/v1/reports/leadership/")
    assert report.status_code == 200 and report.content.startswith(b"%PDF-")

    staff_before = VendorStaff.objects.count()
    call_command("load_demo_planning", stdout=None)
    assert VendorStaff.objects.count() == staff_before


def test_the_committed_demo_file_is_what_its_generator_writes():
    spec = importlib.util.spec_from_file_location("make_demo_planning", FIXTURES / "make_demo_planning.py")
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)

    written = json.dumps(generator.build(), ensure_ascii=False, indent=1) + "\n"

    assert written == (FIXTURES / "demo_planning.json").read_text(encoding="utf-8")
