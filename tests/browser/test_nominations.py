"""The finance head nominates their accountant from the accountant's page, with a verified skill and contribution;
leadership finds it in 待办 and approves it; the decision shows on the accountant's page with the post history. At
desktop and phone width; screenshots of each page go to var/screenshots/ to be looked at."""

import pytest

from incentives.models import Nomination, NominationStatus
from talent.models import PostRecord
from tests.browser.conftest import DESKTOP, PHONE, screenshot, sign_in
from tests.factories import CadreSkillFactory, ContributionFactory, SecondmentFactory, ShareRequestFactory, SkillFactory


@pytest.fixture
def record(bureau):
    held = CadreSkillFactory(cadre=bureau.accountant, skill=SkillFactory(code="SQL", name="数据库查询"), level=4,
                             source="certified")
    held.verified_by, held.verified_at = bureau.users["finance_head"], held.since
    held.save()
    ContributionFactory(cadre=bureau.accountant, title="财务共享平台数据治理", kind="analysis_adopted", impact=4)
    PostRecord.objects.create(cadre=bureau.accountant, department=bureau.office, department_name="办公室",
                              post_title="科员", started_on="2012-07-01", ended_on="2016-03-31")
    PostRecord.objects.create(cadre=bureau.accountant, department=bureau.accounting, department_name="会计科",
                              post_title="副科长", started_on="2016-04-01")
    SecondmentFactory(cadre=bureau.accountant, request=ShareRequestFactory(department=bureau.it, title="数据中台建设"),
                      status="approved")


def _fits(page, viewport) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize("name, viewport", [("desktop", DESKTOP), ("phone", PHONE)])
def test_a_head_nominates_and_leadership_approves(bureau, record, browser_page, live_server, name, viewport):
    head = browser_page(viewport)
    sign_in(head, live_server, "finance_head", next_url=f"/cadres/{bureau.accountant.pk}/")
    assert head.get_by_text("借调：数据中台建设").is_visible()
    assert _fits(head, viewport)
    screenshot(head, f"cadre-posts-{name}")
    head.get_by_role("link", name="推荐", exact=True).click()
    head.get_by_label("推荐类别").select_option(label="后备干部")
    head.get_by_label("岗位或荣誉").fill("处级后备")
    head.get_by_label("数据库查询 · 4 精通").check()
    head.get_by_role("button", name="推荐", exact=True).click()

    assert head.get_by_text("该字段为必填项。").is_visible()  # the rationale was left empty
    assert head.get_by_label("数据库查询 · 4 精通").is_checked()
    assert _fits(head, viewport)
    screenshot(head, f"nominate-error-{name}")
    assert head.watch.failed_loads == [f"400 {live_server.url}/cadres/{bureau.accountant.pk}/nominate/"]
    head.watch.failed_loads.clear()
    head.get_by_label("推荐理由").fill("熟练运用数据库查询，牵头财务共享平台数据治理，成效明显。")
    head.get_by_label("财务共享平台数据治理", exact=False).check()
    head.get_by_role("button", name="推荐", exact=True).click()

    nomination = Nomination.objects.get()
    head.wait_for_url(f"{live_server.url}/nominations/{nomination.pk}/")
    assert head.get_by_text("推荐已提交，由局领导决定。").is_visible()
    assert head.get_by_role("button", name="撤回推荐").is_visible()
    screenshot(head, f"nomination-pending-{name}")
    head.watch.assert_clean()

    leader = browser_page(viewport)
    sign_in(leader, live_server, "leader")
    leader.get_by_role("link", name="孙会（会计科）推荐为后备干部：处级后备，推荐人：王芳").click()
    leader.wait_for_url(f"{live_server.url}/nominations/{nomination.pk}/")
    assert leader.get_by_text("数据库查询 · 4 精通").is_visible()
    assert _fits(leader, viewport)
    screenshot(leader, f"nomination-decide-{name}")
    leader.get_by_label("备注").fill("同意列入处级后备干部名单")
    leader.get_by_role("button", name="批准", exact=True).click()

    leader.wait_for_url(f"{live_server.url}/nominations/{nomination.pk}/")
    assert leader.get_by_text("已批准：该推荐记入干部档案。").is_visible()
    assert leader.get_by_role("button", name="批准", exact=True).count() == 0
    nomination.refresh_from_db()
    assert (nomination.status, nomination.decision_note) == (NominationStatus.APPROVED, "同意列入处级后备干部名单")
    screenshot(leader, f"nomination-approved-{name}")
    leader.get_by_role("navigation", name="主导航").get_by_role("link", name="干部推荐").click()
    assert leader.get_by_role("cell", name="暂无记录。").is_visible()  # nothing left awaiting a decision
    screenshot(leader, f"nominations-list-{name}")
    leader.watch.assert_clean()
