"""The pages pass the Content-Security-Policy in a real browser and load nothing from another host."""

from tests.factories import PASSWORD


def test_the_back_office_login_page(bureau, browser_page):
    browser_page.goto("/admin/login/")

    assert browser_page.locator("#login-form").is_visible()
    browser_page.watch.assert_clean()


def test_the_back_office_after_signing_in(signed_in_page):
    page = signed_in_page("hr_officer")
    page.goto("/admin/talent/cadre/")

    assert page.locator("#result_list, #changelist").first.is_visible()
    page.watch.assert_clean()


def test_a_refused_sign_in_tells_why_in_chinese(bureau, browser_page):
    browser_page.goto("/admin/login/")
    browser_page.fill("#id_username", "hr_officer")
    browser_page.fill("#id_password", PASSWORD + "-wrong")
    browser_page.click("input[type=submit]")

    assert browser_page.locator(".errornote").is_visible()
    browser_page.watch.assert_clean()


def test_the_api_docs_render_from_this_service(db, browser_page):
    browser_page.goto("/api/docs/")

    browser_page.locator(".opblock").first.wait_for(state="visible", timeout=20_000)
    browser_page.watch.assert_clean()


def test_the_certificate_verification_page(db, browser_page):
    browser_page.goto("/verify/")

    assert browser_page.locator("form input#serial").is_visible()
    browser_page.watch.assert_clean()
