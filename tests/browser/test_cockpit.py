"""The leader opens the cockpit, follows a key finding, opens the submitted incentive list, adjusts a line
with a reason, approves the list through the confirmation and downloads it as XLSX and PDF; at desktop and
phone widths, with the charts drawn and no CSP violation, console error or failed load."""

import pytest

from incentives.services import cycles as incentive_services
from talent.access import Actor
from tests.browser.conftest import DESKTOP, PHONE, screenshot, sign_in
from tests.factories import IncentiveCycleFactory
from tests.workspace.test_cockpit import figures  # noqa: F401 (the fixture)


@pytest.fixture
def submitted(bureau, figures):  # noqa: F811
    hr = Actor(bureau.users["hr_officer"])
    cycle = IncentiveCycleFactory(year=2025, name="2025 年度数字化激励")
    incentive_services.cycle_compute(cycle=cycle, actor=hr)
    return incentive_services.cycle_submit(cycle=cycle, actor=hr)


def fits(page, viewport) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize("name, viewport", [("desktop", DESKTOP), ("phone", PHONE)])
def test_the_leader_reads_the_cockpit_and_approves_the_list(bureau, submitted, browser_page, live_server, name,
                                                             viewport):
    page = browser_page(viewport)
    sign_in(page, live_server, "leader", next_url="/cockpit/?year=2026")

    findings = page.get_by_role("region", name="关键发现")
    finding = findings.get_by_role("link", name="信息中心 1 项关键技能仅 1 人掌握")
    assert finding.is_visible()
    page.locator("[data-chart='radar-specialist'] svg").wait_for()  # ECharts drew the radar
    page.locator("[data-chart='sharing-graph'] svg").wait_for()
    assert fits(page, viewport)
    screenshot(page, f"cockpit-{name}")
    assert finding.get_attribute("href") == f"/departments/{bureau.it.pk}/"

    page.goto(f"{live_server.url}/cycles/{submitted.pk}/")
    page.get_by_role("link", name="赵文").click()
    page.wait_for_url(f"{live_server.url}/cycles/{submitted.pk}/lines/**")
    page.get_by_role("button", name="调整").click()  # no reason yet: refused beside the field
    assert page.get_by_role("alert").first.is_visible()
    page.get_by_label("最终金额（元）").fill("20000.00")
    page.get_by_label("调整理由").fill("牵头完成公务用车平台迁移")
    screenshot(page, f"cycle-line-{name}")
    page.get_by_role("button", name="调整").click()

    page.wait_for_url(f"{live_server.url}/cycles/{submitted.pk}/")
    assert page.get_by_text("牵头完成公务用车平台迁移").is_visible()
    assert fits(page, viewport)
    screenshot(page, f"cycle-{name}")
    page.get_by_role("link", name="批准…").click()

    submitted.refresh_from_db()
    assert page.get_by_text(f"共 {submitted.lines.filter(eligible=True).count()} 人获发放，合计 "
                            f"{submitted.total_final:,.2f} 元。").is_visible()
    screenshot(page, f"cycle-approve-{name}")
    page.get_by_role("button", name="确认批准名单").click()

    page.wait_for_url(f"{live_server.url}/cycles/{submitted.pk}/")
    for label, suffix in (("下载 XLSX", "xlsx"), ("下载 PDF", "pdf")):
        with page.expect_download() as download:
            page.get_by_role("link", name=label).click()
        assert download.value.suggested_filename.endswith(f".{suffix}")
        assert download.value.path().stat().st_size > 1000
    page.watch.assert_clean()
