"""A cadre's first sign-in: HR made their login, they choose their own password, then read their gaps on /me/."""

from talent.services import logins
from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.factories import AssessmentFactory, TrainingRecordFactory

FIRST = "Given-By-HR-2026"
OWN = "Lantern-Quiet-Harbour-9"


def test_a_cadre_changes_the_first_password_and_reads_their_gaps(bureau, browser_page, live_server):
    AssessmentFactory(cadre=bureau.it_engineer, perception=45, decision=88)
    TrainingRecordFactory(cadre=bureau.it_engineer, hours=12, completed_on="2026-03-01")
    made = logins.cadre_login_create(cadre=bureau.it_engineer, password=FIRST)

    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = browser_page(viewport)
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("用户名").fill(made.username)
        page.get_by_label("密码").fill(FIRST if name == "desktop" else OWN)
        page.get_by_role("button", name="登录").click()

        if name == "desktop":
            # Wherever they go, the first sign-in lands on the password page until they choose their own.
            page.wait_for_url(f"{live_server.url}/password/")
            page.goto(f"{live_server.url}/me/")
            page.wait_for_url(f"{live_server.url}/password/")
            assert page.get_by_text("您的初始密码由人事部门设置").is_visible()
            screenshot(page, f"cadre-password-{name}")
            page.locator("#id_old_password").fill(FIRST)
            page.locator("#id_new_password1").fill(OWN)
            page.locator("#id_new_password2").fill(OWN)
            page.get_by_role("button", name="修改密码").click()
            page.wait_for_url(f"{live_server.url}/")
            assert page.get_by_text("密码已修改。").is_visible()
        else:
            page.wait_for_url(f"{live_server.url}/")

        page.get_by_role("link", name="我的档案").first.click()
        page.wait_for_url(f"{live_server.url}/me/")
        gaps = page.locator("#gaps")
        assert gaps.get_by_role("cell", name="45", exact=True).is_visible()
        assert page.get_by_text(bureau.it_engineer.national_id).is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]  # no sideways scroll
        screenshot(page, f"cadre-me-{name}")
        page.watch.assert_clean()
