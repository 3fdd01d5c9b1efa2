"""The demo: HR loads the demo bureau's skills, brings in the new hires' spreadsheets, searches, sees
gaps and recommendations, and exports."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from rest_framework.test import APIClient

from talent.models import Cadre, CadreSkill, Skill
from tests.helpers import job_outcome

SHEETS = Path(__file__).resolve().parents[2] / "fixtures" / "demo_import"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo bureau with its skills, loaded once for this module and removed afterwards."""
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=None)
        call_command("load_demo_skills", stdout=None)
        yield
        call_command("flush", interactive=False, verbosity=0)


def client_of(username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username=username))
    return client


def sheet(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (SHEETS / name).read_bytes())


@pytest.mark.django_db
def test_the_demo_profiles_follow_the_tiers(demo):
    by_tier = {}
    for cadre in Cadre.objects.prefetch_related("skills"):
        levels = [s.level for s in cadre.skills.all()]
        by_tier.setdefault(cadre.tier, []).append((len(levels), max(levels, default=0)))
    deepest = {tier: sum(top for _n, top in rows) / len(rows) for tier, rows in by_tier.items()}
    broadest = {tier: sum(n for n, _top in rows) / len(rows) for tier, rows in by_tier.items()}
    assert deepest["specialist"] > deepest["leader"] and deepest["specialist"] > deepest["general"]
    assert broadest["leader"] > broadest["general"]
    assert Skill.objects.filter(critical=True).count() >= 5
    assert Cadre.objects.filter(assessments__isnull=True).exists()  # some were never assessed


@pytest.mark.django_db
def test_loading_the_demo_skills_twice_changes_nothing(demo):
    before = CadreSkill.objects.count()

    call_command("load_demo_skills", stdout=None)

    assert CadreSkill.objects.count() == before


@pytest.mark.django_db
def test_hr_imports_the_new_hires_and_finds_them(demo):
    hr = client_of("hr")
    dry = hr.post("/api/v1/imports/cadres/", {"file": sheet("干部名册_有错误.csv"), "dry_run": True},
                  format="multipart").json()
    assert [(e["row"], e["column"]) for e in dry["errors"]] == [(3, "身份证号"), (4, "部门"), (5, "入职日期"),
                                                                (6, "工号")]

    for kind, name in [("cadres", "干部名册_新入职.csv"), ("cadre-skills", "干部技能_新入职.csv"),
                       ("assessments", "素养测评_新入职.csv")]:
        response = job_outcome(hr, hr.post(f"/api/v1/imports/{kind}/", {"file": sheet(name)}, format="multipart"))
        assert response.status_code == 200, response.content
        assert response.json()["created"] > 0

    hits = hr.get("/api/v1/talent-search/", {"skill": ["SQL:3", "PY:4"], "department": Cadre.objects.get(
        staff_number="GJ90001").department_id}).json()["results"]
    assert "陆思远" in [hit["name"] for hit in hits]
    newcomer = Cadre.objects.get(staff_number="GJ90003")
    literacy = hr.get(f"/api/v1/cadres/{newcomer.pk}/literacy/").json()
    assert literacy["composite"] is not None and len(literacy["capacities"]) == 5
    assert hr.get(f"/api/v1/cadres/{newcomer.pk}/recommendations/").status_code == 200
    exported = hr.get("/api/v1/exports/cadre-skills/", {"as": "csv"}).content.decode("utf-8-sig")
    assert "GJ90001,PY,4" in exported
