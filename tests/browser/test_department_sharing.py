"""HR sets a department's sharing rule on its page: a cap given both ways is refused beside the field, then the
rule is saved and shown with the department's record of sharing."""

from sharing.models import Secondment, SharingRule
from tests.browser.conftest import DESKTOP, PHONE, screenshot, sign_in
from tests.factories import SecondmentFactory, ShareRequestFactory


def test_hr_sets_a_departments_sharing_rule_and_reads_its_record(bureau, browser_page, live_server):
    SecondmentFactory(request=ShareRequestFactory(department=bureau.it, title="数据中台开发"),
                      cadre=bureau.finance_officer, status="declined", decline_reason="年底决算，离不开")
    Secondment.objects.update(accepted_at=Secondment.objects.get().created_at)
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        SharingRule.objects.all().delete()
        page = browser_page(viewport)
        sign_in(page, live_server, "hr_officer")
        page.goto(f"{live_server.url}/departments/{bureau.finance.pk}/")
        assert page.get_by_text("年底决算，离不开").is_visible()

        page.get_by_label("借出上限（人数）").fill("2")
        page.get_by_label("借出上限（占规模的%）").fill("10")
        page.get_by_role("button", name="保存规则").click()
        assert page.get_by_text("借出上限请按人数或按百分比填写，二者只填其一。").is_visible()
        assert not SharingRule.objects.exists()
        assert page.watch.failed_loads == [f"400 {live_server.url}/departments/{bureau.finance.pk}/"]  # the refusal
        page.watch.failed_loads.clear()

        page.get_by_label("借出上限（占规模的%）").fill("")
        page.get_by_label("最长借调期限（月）").fill("6")
        page.get_by_label("规模包含下属单位").check()
        page.get_by_role("button", name="保存规则").click()
        page.wait_for_url(f"**/departments/{bureau.finance.pk}/#sharing-heading")
        assert page.get_by_text("借调规则已保存。").is_visible()
        assert page.get_by_text("6 个月").is_visible()
        assert SharingRule.objects.get().cap_people == 2
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        page.locator("#sharing-heading").scroll_into_view_if_needed()
        screenshot(page, f"department-sharing-{name}")
        page.watch.assert_clean()
