"""The pages pass the Content-Security-Policy in a real browser and load nothing from another host."""

from tests.factories import PASSWORD


def admin_sign_in(page, user, password=PASSWORD):
    page.goto("/admin/login/")
    page.fill("#id_username", user.get_username())
    page.fill("#id_password", password)
    page.click("input[type=submit]")


def test_the_back_office_login_page(bureau, browser_page):
    page = browser_page()
    page.goto("/admin/login/")

    assert page.locator("#login-form").is_visible()
    page.watch.assert_clean()


def test_the_back_office_after_signing_in(bureau, browser_page):
    user = bureau.users["hr_officer"]
    user.is_staff = True
    user.save()
    page = browser_page()
    admin_sign_in(page, user)
    page.wait_for_url("**/admin/")
    page.goto("/admin/talent/cadre/")

    assert page.locator("#result_list, #changelist").first.is_visible()
    page.watch.assert_clean()


def test_a_refused_sign_in_tells_why_in_chinese(bureau, browser_page):
    page = browser_page()
    admin_sign_in(page, bureau.users["hr_officer"], PASSWORD + "-wrong")

    assert page.locator(".errornote").is_visible()
    page.watch.assert_clean()


def test_the_api_docs_render_from_this_service(browser_page):
    page = browser_page()
    page.goto("/api/docs/")

    page.locator(".opblock").first.wait_for(state="visible", timeout=20_000)
    page.watch.assert_clean()


def test_the_certificate_verification_page(browser_page):
    page = browser_page()
    page.goto("/verify/")

    assert page.locator("form input#serial").is_visible()
    page.watch.assert_clean()
