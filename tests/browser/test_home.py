"""A department head signs in and finds, on the home page, the proposal waiting for them."""

from tests.browser.conftest import DESKTOP, PHONE, screenshot, sign_in


def test_a_head_signs_in_sees_a_proposal_in_todo_and_follows_it(bureau, waiting, browser_page, live_server):
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = browser_page(viewport)

        sign_in(page, live_server, "finance_head")

        todo = page.get_by_role("region", name="待办")
        proposal = todo.get_by_role("link", name="钱进 借调至 信息中心：数据治理专家（2030-06-01 至 2030-06-30）")
        assert page.get_by_text("王芳").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]  # no sideways scroll
        screenshot(page, f"home-{name}")
        proposal.click()

        page.wait_for_url(f"{live_server.url}/secondments/{waiting.proposal.pk}/")
        assert page.get_by_role("heading", name="借调").is_visible()
        assert page.get_by_text("已提名", exact=True).is_visible()
        screenshot(page, f"secondment-{name}")
        page.watch.assert_clean()


def test_the_login_page_fits_a_phone_and_says_why_a_sign_in_failed(bureau, browser_page, live_server):
    page = browser_page(PHONE)
    page.goto(f"{live_server.url}/")

    page.wait_for_url(f"{live_server.url}/login/?next=/")
    page.get_by_label("用户名").fill("finance_head")
    page.get_by_label("密码").fill("wrong password")
    page.get_by_role("button", name="登录").click()

    assert page.get_by_role("alert").first.is_visible()
    assert page.get_by_label("用户名").input_value() == "finance_head"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "login-phone")
