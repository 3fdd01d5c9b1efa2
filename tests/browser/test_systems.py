"""The leader follows the cockpit's count of critical systems nobody holds to the systems page and reads who
maintains what and the registry's findings, at desktop and phone widths: nothing wider than the screen, no CSP
violation or console error."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, screenshot, sign_in
from tests.talent.test_systems_inhouse import systems  # noqa: F401 (a fixture)


@pytest.mark.parametrize("name, viewport", [("desktop", DESKTOP), ("phone", PHONE)])
def test_the_leader_finds_the_critical_systems_nobody_holds(bureau, systems, browser_page, live_server,  # noqa: F811
                                                            name, viewport):
    page = browser_page(viewport)
    sign_in(page, live_server, "leader", next_url="/cockpit/")
    page.get_by_role("link", name="1 个关键系统无局内人员掌握。").click()
    page.wait_for_url(f"{live_server.url}/systems/#unheld")
    assert page.get_by_role("heading", name="关键系统无局内人员掌握").is_visible()
    assert page.get_by_role("heading", name="建而不维：2").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    screenshot(page, f"systems-{name}")
    page.watch.assert_clean()
