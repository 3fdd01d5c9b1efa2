"""领导驾驶舱: leadership and HR see the bureau, a head their own departments, nobody else gets in; figures and
names of departments and skills, never a person's; the key findings follow the data.

The data: 李码 (IT) alone holds the critical skill 网络安全 at level 4; 赵文 (office) and 李码 are assessed;
IT plans two GIS engineers for 2026 and has none; a submitted incentive list."""

import re
import shutil
import subprocess

import pytest

from incentives.services import cycles as incentive_services
from talent.access import Actor
from tests.factories import (
    AppraisalGradeFactory,
    AssessmentFactory,
    CadreFactory,
    CadreSkillFactory,
    IncentiveCycleFactory,
    SkillFactory,
)
from tests.factories_planning import WorkforcePlanFactory, plan_line
from tests.helpers import PERSONAS
from tests.workspace.conftest import browser_of


@pytest.fixture
def figures(bureau):
    security = SkillFactory(code="SEC", name="网络安全", critical=True)
    gis = SkillFactory(code="GIS", name="地理信息系统", critical=True)
    CadreSkillFactory(cadre=bureau.it_engineer, skill=security, level=4)
    AssessmentFactory(cadre=bureau.it_engineer, perception=80, execution=85, decision=60, creativity=75,
                      development=70)
    AssessmentFactory(cadre=bureau.office_clerk, perception=70, execution=65, decision=60, creativity=50,
                      development=55)
    plan_line(WorkforcePlanFactory(department=bureau.it, period="2026"), {gis: 3}, post="GIS 工程师", headcount=2)
    for cadre in (bureau.office_clerk, bureau.finance_officer, bureau.accountant, bureau.it_engineer):
        AppraisalGradeFactory(cadre=cadre, grade="competent")
    return security


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("persona, status", [
    ("leader", 200), ("hr_officer", 200), ("hr_clerk", 200), ("finance_head", 200), ("it_head", 200),
    ("auditor", 403), ("outsider", 403)])
def test_leadership_hr_and_heads_open_the_cockpit(bureau, figures, persona, status):
    assert browser_of(bureau, persona).get("/cockpit/").status_code == status


def test_anonymous_is_sent_to_sign_in(bureau):
    response = browser_of(bureau, "anonymous").get("/cockpit/")

    assert response.status_code == 302 and response["Location"] == "/login/?next=/cockpit/"


def test_the_leader_sees_findings_charts_and_their_numbers(bureau, figures):
    html = browser_of(bureau, "leader").get("/cockpit/?year=2026").content.decode()
    text = text_of(html)

    assert "信息中心 1 项关键技能仅 1 人掌握" in text
    assert f'href="/departments/{bureau.it.pk}/"' in html
    assert "数字感知力" in text and "80.00 / " in text  # the radar's numbers as a table
    assert 'data-chart="radar-specialist"' in html and 'id="radar-specialist"' in html
    assert 'id="sharing-graph"' in html  # the department graph, drawn by cockpit.js
    assert "vendor/echarts-5.6.0/echarts.min.js" in html
    assert "网络安全" in text  # the skill at risk, by name


def test_the_cockpit_shows_nobody_s_name_or_scores(bureau, figures):
    AssessmentFactory(cadre=bureau.finance_officer, perception=77, execution=77, decision=77, creativity=77,
                      development=77)

    for persona in ("leader", "hr_officer", "finance_head"):
        text = text_of(browser_of(bureau, persona).get("/cockpit/").content.decode())
        for cadre in (bureau.office_clerk, bureau.finance_officer, bureau.accountant, bureau.it_engineer):
            assert cadre.name not in text, (persona, cadre.name)
            assert cadre.staff_number not in text


def test_a_head_sees_only_their_departments(bureau, figures):
    finance = text_of(browser_of(bureau, "finance_head").get("/cockpit/").content.decode())
    it = text_of(browser_of(bureau, "it_head").get("/cockpit/").content.decode())

    assert "财务处" in finance and "信息中心" not in finance and "仅 1 人掌握" not in finance.split("关键发现")[1][:200]
    assert "信息中心" in it and "办公室" not in it and "财务处" not in it
    assert "激励" not in finance  # incentive lists are HR's and leadership's, as in the API


def test_the_findings_follow_the_data(bureau, figures):
    client = browser_of(bureau, "leader")
    before = text_of(client.get("/cockpit/").content.decode())
    assert "信息中心 1 项关键技能仅 1 人掌握" in before

    # A second holder in IT: the risk is gone; two critical skills with one holder each in the office.
    CadreSkillFactory(cadre=CadreFactory(department=bureau.it, name="周二"), skill=figures, level=3)
    for code in ("ARCHIVE", "FLEET"):
        CadreSkillFactory(cadre=bureau.office_clerk, skill=SkillFactory(code=code, critical=True), level=4)

    after = text_of(client.get("/cockpit/").content.decode())
    assert "信息中心 1 项关键技能仅 1 人掌握" not in after
    assert "办公室 2 项关键技能仅 1 人掌握" in after


def test_the_period_picker_changes_the_plans_shown(bureau, figures):
    client = browser_of(bureau, "leader")

    planned = text_of(client.get("/cockpit/?year=2026").content.decode())
    unplanned = text_of(client.get("/cockpit/?year=2027&part=Q2").content.decode())
    nonsense = client.get("/cockpit/?year=abc&part=Q9")

    assert "人才规划 · 2026 需求 2 已到位 0 缺口 2" in planned
    assert "人才规划 · 2027-Q2 该期间没有人才规划" in unplanned
    assert nonsense.status_code == 200


def test_the_incentive_section_shows_the_current_list(bureau, figures):
    cycle = IncentiveCycleFactory(year=2025)
    hr = Actor(bureau.users["hr_officer"])
    incentive_services.cycle_compute(cycle=cycle, actor=hr)
    incentive_services.cycle_submit(cycle=cycle, actor=hr)

    html = browser_of(bureau, "leader").get("/cockpit/?year=2025").content.decode()

    assert f'href="/cycles/{cycle.pk}/"' in html and "已提交" in html
    assert 'id="incentive-bar"' in html and "最终金额（元） 100,000.00" in html


def test_an_adjusted_amount_is_on_the_cockpit_at_once(bureau, figures):
    cycle = IncentiveCycleFactory(year=2025)
    hr, leader = Actor(bureau.users["hr_officer"]), Actor(bureau.users["leader"])
    incentive_services.cycle_compute(cycle=cycle, actor=hr)
    incentive_services.cycle_submit(cycle=cycle, actor=hr)
    browser = browser_of(bureau, "leader")
    before = text_of(browser.get("/cockpit/?year=2025").content.decode())  # the amounts now cached
    line = cycle.lines.filter(eligible=True).order_by("position").first()

    incentive_services.line_adjust(line=line, actor=leader, final=line.final - 100, reason="按领导意见核减")

    after = text_of(browser.get("/cockpit/?year=2025").content.decode())
    department = sum(other.final for other in cycle.lines.filter(department=line.department, eligible=True))
    assert f"{department + 100:,.2f}" in before and f"{department:,.2f}" in after  # the department's sum
    assert f"{department:,.2f}" not in before


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in ("anonymous",)])
def test_the_nav_offers_the_cockpit_to_whom_it_opens(bureau, persona):
    home = browser_of(bureau, persona).get("/").content.decode()

    assert ('href="/cockpit/"' in home) == (persona in ("leader", "hr_officer", "hr_clerk", "finance_head",
                                                         "it_head"))


@pytest.mark.skipif(not (shutil.which("pdffonts") and shutil.which("pdftotext") and shutil.which("pdfimages")),
                    reason="poppler-utils is not installed")
def test_the_leadership_report_starts_with_the_findings_and_adds_sharing_and_incentives(bureau, figures,
                                                                                          tmp_path):
    cycle = IncentiveCycleFactory(year=2026)
    incentive_services.cycle_compute(cycle=cycle, actor=Actor(bureau.users["hr_officer"]))
    client = browser_of(bureau, "leader")

    response = client.get("/cockpit/report.pdf?year=2026")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert fonts and all(row.split()[-5] == "yes" for row in fonts)  # every font embedded
    flat = text.replace("\n", "")
    assert flat.index("关键发现") < flat.index("信息中心 1 项关键技能仅 1 人掌握") < flat.index("一、全局数字人才概况")
    assert "六、部门间人才共享" in flat and "七、激励" in flat and "已测算" in flat
    assert "目标（虚线）" in flat and "80.0" in flat  # the radar: its legend and a value beside a point
    assert browser_of(bureau, "finance_head").get("/cockpit/report.pdf").status_code == 403


def test_a_silo_reads_as_the_months_since_it_last_shared_and_the_most_pressing_come_first():
    from datetime import date

    from django.utils import translation

    from workspace import findings

    with translation.override("zh-hans"):
        found = findings.findings([
            findings.Department(id=7, name="机关纪委", silo=True, last_shared=date(2025, 11, 30)),
            findings.Department(id=8, name="信息中心", single_holder=3),
            findings.Department(id=9, name="办公室", plan_gap=1),
        ], today=date(2026, 12, 1), url_of=lambda pk: f"/departments/{pk}/")

    assert [(f.text, f.url) for f in found] == [
        ("信息中心 3 项关键技能仅 1 人掌握", "/departments/8/"),
        ("机关纪委 12 个月未与其他部门共享人才", "/departments/7/"),
        ("办公室 人才规划尚缺 1 人", "/departments/9/"),
    ]
