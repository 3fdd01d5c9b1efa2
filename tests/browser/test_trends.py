"""The leader follows the cockpit's link to the trends and reads this year against last year, at desktop and phone
widths: every metric's chart drawn, nothing wider than the screen, no CSP violation or console error."""

import datetime

import pytest
from django.core.management import call_command

from tests.browser.conftest import DESKTOP, PHONE, screenshot, sign_in
from tests.factories import AssessmentFactory, SkillFactory
from tests.factories_planning import WorkforcePlanFactory, plan_line


@pytest.fixture
def history(bureau):
    AssessmentFactory(cadre=bureau.finance_officer, perception=60, execution=80, decision=70, creativity=50,
                      development=90)
    AssessmentFactory(cadre=bureau.it_engineer, perception=80, execution=85, decision=60, creativity=75,
                      development=70)
    gis = SkillFactory(code="GIS", name="地理信息系统", critical=True)
    plan_line(WorkforcePlanFactory(department=bureau.it, period=str(datetime.date.today().year)), {gis: 3},
              post="GIS 工程师", headcount=2)
    call_command("load_demo_trends")


@pytest.mark.parametrize("name, viewport", [("desktop", DESKTOP), ("phone", PHONE)])
def test_the_leader_reads_the_trends(bureau, history, browser_page, live_server, name, viewport):
    page = browser_page(viewport)
    sign_in(page, live_server, "leader", next_url="/cockpit/")
    page.get_by_role("link", name="趋势：今年与去年对比").click()
    page.wait_for_url(f"{live_server.url}/trends/")
    for chart in ("trend-literacy", "trend-plan-gaps", "trend-registry-failing", "trend-sharing-density"):
        page.locator(f"[data-chart='{chart}'] svg").wait_for()
    page.get_by_role("combobox", name="数字素养范围").select_option(label="信息中心")
    page.get_by_role("button", name="显示").click()
    page.wait_for_url("**/trends/?scope=*")
    assert page.get_by_role("heading", name="数字素养综合分（平均） · 信息中心").is_visible()
    page.locator("[data-chart='trend-literacy'] svg").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    screenshot(page, f"trends-{name}")
    page.watch.assert_clean()
