"""A head confirms and turns down self-study on the cadre's page, from their 待办, at desktop and phone widths."""

from django.utils import timezone

from talent.models import SelfStudy, StudyStatus
from talent.services import study as services
from tests.browser.conftest import DESKTOP, PHONE, screenshot, sign_in
from tests.factories import TrainingProgramFactory


def test_a_head_answers_study_from_the_todo_on_the_cadres_page(bureau, browser_page, live_server):
    today = timezone.localdate()
    services.self_study_log(cadre=bureau.accountant, topic="数据治理公开课（国家行政学院在线）", hours="2.5",
                            studied_on=today, evidence_url="https://study.example.cn/cert/1")
    services.self_study_log(cadre=bureau.accountant, program=TrainingProgramFactory(name="网络安全必修课"),
                            hours="4", studied_on=today)

    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = browser_page(viewport)
        sign_in(page, live_server, "finance_head")
        page.goto(f"{live_server.url}/")
        page.get_by_role("link", name="孙会（会计科）：").first.click()
        page.wait_for_url(f"{live_server.url}/cadres/{bureau.accountant.pk}/#study")
        section = page.locator("#study")
        assert section.get_by_role("heading", name="待确认的自学").is_visible()
        assert section.get_by_role("button", name="确认").count() == (2 if name == "desktop" else 1)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]  # no sideways scroll
        screenshot(page, f"study-cadre-{name}")

        section.locator("li").first.get_by_role("button", name="确认" if name == "desktop" else "退回").click()
        page.wait_for_url(f"{live_server.url}/cadres/{bureau.accountant.pk}/#study")
        assert page.get_by_text("已确认：学时计入培训台账。" if name == "desktop" else "已退回。").is_visible()
        screenshot(page, f"study-answered-{name}")
        page.watch.assert_clean()

    assert sorted(SelfStudy.objects.values_list("status", flat=True)) == [StudyStatus.CONFIRMED,
                                                                         StudyStatus.REJECTED]
