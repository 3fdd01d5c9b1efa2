"""A head opens their department's page from the home page; an auditor filters the trail by who acted."""

from tests.browser.conftest import DESKTOP, PHONE, screenshot, sign_in
from tests.workspace.conftest import picture  # noqa: F401  (the department pages' data)


def test_a_head_opens_their_department_from_the_home_page(bureau, picture, browser_page, live_server):  # noqa: F811
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = browser_page(viewport)
        sign_in(page, live_server, "finance_head")

        page.get_by_role("main").get_by_role("link", name="部门", exact=True).click()
        page.wait_for_url(f"{live_server.url}/departments/")
        assert not page.get_by_role("link", name="信息中心").count()  # not theirs: named, not a link
        screenshot(page, f"departments-{name}")
        page.get_by_role("link", name="财务处").click()

        page.wait_for_url(f"{live_server.url}/departments/{bureau.finance.pk}/")
        assert page.get_by_role("heading", name="财务处", level=1).is_visible()
        assert page.get_by_role("link", name="孙会").first.is_visible()
        assert page.get_by_text("规划期 2026：需要 2 人，已到位 1 人，缺 1 人。").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]  # no sideways scroll
        screenshot(page, f"department-{name}")
        page.watch.assert_clean()


def test_an_auditor_filters_the_trail_by_who_acted(bureau, browser_page, live_server):
    bureau.client("hr_clerk").patch(f"/api/v1/cadres/{bureau.accountant.pk}/", {"post_title": "会计主管"},
                                    format="json")
    bureau.client("hr_officer").patch(f"/api/v1/departments/{bureau.office.pk}/", {"name": "办公厅"}, format="json")
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = browser_page(viewport)
        sign_in(page, live_server, "auditor")

        page.get_by_role("main").get_by_role("link", name="审计日志").click()
        page.wait_for_url(f"{live_server.url}/audit/")
        assert page.get_by_text("办公室 → 办公厅").is_visible()
        page.get_by_label("用户名").fill("hr_clerk")
        page.get_by_role("button", name="筛选").click()

        page.wait_for_url("**/audit/?*actor=hr_clerk*")
        change = page.get_by_text("岗位：科员 → 会计主管")
        assert change.is_visible()
        box = change.bounding_box()  # in sight, not scrolled off the table's right edge (a phone stacks each row)
        assert box["x"] + box["width"] <= viewport["width"]
        assert not page.get_by_text("办公室 → 办公厅").count()
        assert page.get_by_label("用户名").input_value() == "hr_clerk"
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        screenshot(page, f"audit-{name}")
        page.watch.assert_clean()
