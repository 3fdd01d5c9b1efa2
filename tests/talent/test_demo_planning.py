"""The demo shows every report: plans whose gaps call for each action, and a registry failing each check."""

import importlib.util
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
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
    found = {check["code"]: check for check in health["checks"]}
    assert [s["name"] for s in found["built_but_not_maintained"]["systems"]] == ["公共机构能耗监测平台"]
    assert [(s["name"], s["lacking"]) for s in found["maintainer_lacks_skills"]["systems"]] == [
        ("行政事业单位资产管理系统", ["资产管理系统"])]
    assert [v["name"] for v in found["knowledge_transfer_overdue"]["vendors"]] == ["南京绿能物联科技有限公司"]
    assert [s["name"] for s in health["critical_unheld"]] == ["公共机构能耗监测平台"]
    browser = Client()
    browser.force_login(get_user_model().objects.get(username="leader"))
    assert "1 个关键系统无局内人员掌握" in browser.get("/cockpit/").content.decode()
    assert "建而不维：1" in browser.get("/systems/").content.decode()

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
