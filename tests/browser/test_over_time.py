"""The leader reads the cockpit's look back (this year against last, the decided nominations, the unmet demand),
follows an unmet skill to the talent search it links to, then opens the talent-demand survey; at desktop and
phone widths, with the trend charts drawn and no CSP violation, console error or failed load."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from incentives.models import Nomination
from incentives.services import nominations as nomination_services
from talent.access import Actor
from talent.models import UnmetDemand
from tests.browser.conftest import DESKTOP, PHONE, screenshot, sign_in
from tests.browser.test_trends import history  # noqa: F401 (the fixture)
from tests.factories import SkillFactory


@pytest.fixture
def looked_back(bureau, history):  # noqa: F811
    rpa = SkillFactory(code="RPA", name="流程自动化")
    UnmetDemand.objects.create(skill=rpa, day=timezone.localdate(), searches=4)
    nomination = Nomination.objects.create(cadre=bureau.accountant, kind="reserve", rationale="业务骨干",
                                           nominated_by=bureau.users["hr_officer"])
    nomination_services.nomination_decide(actor=Actor(bureau.users["leader"]), nomination=nomination,
                                          approve=True, note="同意")
    call_command("snapshot_trends", stdout=None)
    return bureau


@pytest.mark.parametrize("name, viewport", [("desktop", DESKTOP), ("phone", PHONE)])
def test_the_leader_looks_back_and_follows_the_unmet_demand(looked_back, browser_page, live_server, name, viewport):
    page = browser_page(viewport)
    sign_in(page, live_server, "leader", next_url="/cockpit/")

    section = page.get_by_role("region", name="今年与去年对比")
    for chart in ("trend-literacy", "trend-plan-gaps", "trend-registry-failing", "trend-sharing-density"):
        section.locator(f"[data-chart='{chart}'] svg").wait_for()
    assert page.get_by_role("link", name="1 项已批准").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    section.screenshot(path=str(screenshot(page, f"cockpit-over-time-{name}").with_name(
        f"cockpit-over-time-section-{name}.png")))

    page.get_by_role("region", name="未满足的人才需求").get_by_role("link", name="流程自动化").click()
    page.wait_for_url(f"{live_server.url}/talent/?skill=RPA")
    assert page.get_by_label("技能 1", exact=True).input_value() == "流程自动化"  # the linked code shown by its name
    assert page.get_by_text("暂无记录。").is_visible()
    screenshot(page, f"talent-linked-{name}")

    page.goto(f"{live_server.url}/talent-demand/")
    assert page.get_by_role("region", name="未满足的人才需求").get_by_role("link", name="流程自动化").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    screenshot(page, f"survey-{name}")
    page.watch.assert_clean()
