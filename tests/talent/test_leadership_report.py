"""The leadership report PDF: its Chinese text is embedded, so it prints on a machine without Chinese fonts."""

import datetime
import shutil
import subprocess

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from talent import planning, profiles, roles
from talent import report_drawing as report_pdf
from talent.models import Skill, WorkforcePlan
from talent.services import planning as services_planning
from tests.factories import AssessmentFactory, CadreSkillFactory, SkillFactory, UserFactory
from tests.factories_planning import VendorFactory, VendorStaffFactory, WorkforcePlanFactory, plan_line
from tests.helpers import assert_error

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdffonts") and shutil.which("pdftotext")),
    reason="pdffonts and pdftotext (poppler-utils) are needed to inspect the PDF",
)


def run(tool: str, pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run([tool, str(path), "-"] if tool == "pdftotext" else [tool, str(path)],
                          check=True, capture_output=True, text=True).stdout


@pytest.fixture
def bureau_with_data(bureau):
    gis = SkillFactory(code="GIS", name="地理信息系统", critical=True)
    security = SkillFactory(code="SEC", name="网络安全", critical=True)
    CadreSkillFactory(cadre=bureau.it_engineer, skill=security, level=4)
    AssessmentFactory(cadre=bureau.it_engineer, perception=80, execution=85, decision=60, creativity=75,
                      development=70)
    AssessmentFactory(cadre=bureau.office_clerk, perception=70, execution=65, decision=60, creativity=50,
                      development=55)
    plan = WorkforcePlanFactory(department=bureau.it, period="2026")
    plan_line(plan, {gis: 3}, post="公务用车调度 GIS 工程师", headcount=2, priority="high")
    ended = VendorFactory(name="旧约科技有限公司", contract_start=datetime.date(2023, 1, 1),
                          contract_end=timezone.localdate() - datetime.timedelta(days=10))
    VendorStaffFactory(name="赵外包", vendor=ended, responsible_cadre=bureau.it_engineer,
                       access_start=datetime.date(2023, 2, 1), access_end=datetime.date(2023, 12, 31),
                       confidentiality_signed_on=None)
    return bureau


def test_hr_and_leadership_get_the_report_as_a_pdf(bureau_with_data):
    response = bureau_with_data.client("leader").get("/api/v1/reports/leadership/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert bureau_with_data.client("hr_clerk").get("/api/v1/reports/leadership/",
                                                  HTTP_ACCEPT="application/pdf").status_code == 200
    assert_error(bureau_with_data.client("it_head").get("/api/v1/reports/leadership/"), 403)
    assert_error(bureau_with_data.client("leader").get("/api/v1/reports/leadership/", {"period": "next"}), 400,
                 field="period")


@needs_poppler
def test_every_font_in_the_report_is_embedded(bureau_with_data, tmp_path):
    pdf = bureau_with_data.client("leader").get("/api/v1/reports/leadership/").content

    rows = run("pdffonts", pdf, tmp_path).splitlines()[2:]

    assert rows, "the report uses no font at all"
    for row in rows:
        # columns: name type encoding emb sub uni object ID
        assert row.split()[-5] == "yes", row


@needs_poppler
def test_the_chinese_text_comes_out_of_the_pdf(bureau_with_data, tmp_path, settings):
    settings.BUREAU_NAME = "示范省机关事务管理局"
    pdf = bureau_with_data.client("leader").get("/api/v1/reports/leadership/").content

    text = run("pdftotext", pdf, tmp_path)

    for expected in ("示范省机关事务管理局", "数字人才队伍情况报告", "数字决策力",  # a radar chart's spoke
                     "公务用车调度 GIS 工程师", "地理信息系统", "网络安全", "李码",  # the single holder
                     "旧约科技有限公司", "赵外包", "未签保密协议即有访问权限"):
        assert expected in text, expected


@needs_poppler
def test_an_empty_bureau_still_prints(db, tmp_path):
    client = APIClient()
    client.force_authenticate(UserFactory(username="first_leader", groups=[roles.LEADERSHIP]))

    text = run("pdftotext", client.get("/api/v1/reports/leadership/").content, tmp_path)

    assert "尚无干部参加测评" in text
    assert "该期间没有人才规划" in text


def test_a_character_the_font_cannot_draw_is_printed_as_a_mark(bureau_with_data):
    overview = {"headcount": {"total": 0, "leader": 0, "general": 0, "specialist": 0}, "literacy": [],
                "departments": [{"name": "𠀀部", "headcount": {"total": 0}, "assessed": 0, "composite": None,
                                 "single_holder": 0, "vendor_only": 0}],
                "capacities": [], "critical": {"single_holder": [], "no_holder": []}, "holder_level": 3,
                "outsourcing_dependency": []}
    rollup = {"period": "", "totals": {"needed": 0}, "biggest_gaps": [], "skill_shortage": []}
    health = {"active_staff": 0, "vendors": 0, "reconfirm_every_days": 90, "checks": [], "critical_unheld": []}

    pdf = report_pdf.leadership_report(overview=overview, rollup=rollup, health=health, bureau_name="局",
                                       generated_at=timezone.localtime())

    assert pdf.startswith(b"%PDF")


@pytest.fixture
def computed(monkeypatch):
    """How often the bureau overview and a plan's gap report were computed (not taken from the cache)."""
    counts = {"overview": 0, "gap report": 0}

    def counting(name, original):
        def wrapper(**kwargs):
            counts[name] += 1
            return original(**kwargs)
        return wrapper

    monkeypatch.setattr(profiles, "bureau_overview", counting("overview", profiles.bureau_overview))
    monkeypatch.setattr(planning, "gap_report", counting("gap report", planning.gap_report))
    return counts


def test_the_report_says_when_it_was_asked_for_though_its_figures_come_from_the_cache(bureau_with_data, computed,
                                                                                        monkeypatch):
    drawn = []
    original = report_pdf.leadership_report
    monkeypatch.setattr(report_pdf, "leadership_report", lambda **kwargs: drawn.append(kwargs) or original(**kwargs))
    leader = bureau_with_data.client("leader")

    for _ in range(2):
        asked = timezone.localtime()
        assert leader.get("/api/v1/reports/leadership/").status_code == 200
        assert asked <= drawn[-1]["generated_at"] <= timezone.localtime()

    assert computed == {"overview": 1, "gap report": 1}
    assert drawn[0]["overview"] == drawn[1]["overview"]


def test_a_changed_plan_shows_in_the_next_roll_up_and_report(bureau_with_data, computed):
    hr, leader = bureau_with_data.client("hr_clerk"), bureau_with_data.client("leader")

    def needed() -> int:
        return hr.get("/api/v1/workforce-plans/rollup/", {"period": "2026"}).json()["totals"]["needed"]

    assert needed() == 2
    assert leader.get("/api/v1/reports/leadership/").status_code == 200
    assert computed["gap report"] == 1  # the report took the roll-up's gaps from the cache

    services_planning.workforce_plan_update(plan=WorkforcePlan.objects.get(), lines=[
        {"post": "公务用车调度 GIS 工程师", "headcount": 3, "priority": "high",
         "requirements": [{"skill": Skill.objects.get(code="GIS"), "min_level": 3}]}])

    assert needed() == 3
    assert computed["gap report"] == 2
