"""The finance head reads what waits for them: the top bar counts it, /notices/ lists it, opening one goes to the
secondment and marks it read, and "mark all read" clears the count; at desktop and phone width."""

from tests.browser.conftest import DESKTOP, PHONE, screenshot, sign_in
from tests.factories import SecondmentFactory, ShareRequestFactory


def told_the_finance_head(bureau):
    """Real steps, committed: the leader approves 孙会's secondment to IT, and 孙会 logs study to confirm."""
    secondment = SecondmentFactory(request=ShareRequestFactory(department=bureau.it, title="数据中台开发"),
                                   cadre=bureau.accountant, status="accepted")
    assert bureau.client("leader").post(f"/api/v1/secondments/{secondment.pk}/approve/").status_code == 200
    assert bureau.client("cadre").post("/api/v1/me/study/", {
        "topic": "数据治理公开课", "hours": "2.5", "studied_on": "2026-01-05"}, format="json").status_code == 201
    return secondment


def test_the_head_reads_opens_and_clears_their_notices(bureau, browser_page, live_server):
    secondment = told_the_finance_head(bureau)
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = browser_page(viewport)
        sign_in(page, live_server, "finance_head", next_url="/")
        badge = page.locator("#unread-count")
        assert badge.inner_text().endswith("2")

        page.get_by_role("link", name="通知").click()
        page.wait_for_url(f"{live_server.url}/notices/")
        assert page.get_by_role("heading", name="借调已获批准").is_visible()
        assert page.get_by_role("heading", name="自学待确认").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        screenshot(page, f"notices-{name}")

        page.locator("li.notice", has_text="借调已获批准").get_by_role("button", name="打开").click()
        page.wait_for_url(f"{live_server.url}/secondments/{secondment.pk}/")
        assert badge.inner_text().endswith("1")

        page.goto(f"{live_server.url}/notices/")
        page.get_by_role("button", name="全部标为已读").click()
        page.wait_for_url(f"{live_server.url}/notices/?page=1")
        assert badge.count() == 0
        assert page.locator("li.notice.unread").count() == 0
        screenshot(page, f"notices-read-{name}")
        page.watch.assert_clean()
        if name == "desktop":  # the phone reads them again from unread
            from core.models import Notice

            Notice.objects.update(read_at=None)
