"""The IT head's day with expert requests, in a real browser at desktop and phone width: files a request (a
skill row added and one removed without losing what was typed, a date mistake corrected), opens it, reads the
ranked candidates, accepts a proposal for their own engineer from 待办, and completes and rates the secondment
their department hosts. Screenshots of each page go to var/screenshots/ to be looked at."""

from datetime import date
from decimal import Decimal

import pytest

from sharing.models import RequestStatus, Secondment, SecondmentStatus, ShareRequest
from sharing.services import secondments as sharing_services
from tests.browser.conftest import DESKTOP, PHONE, screenshot, sign_in
from tests.factories import (
    CadreFactory,
    CadreSkillFactory,
    RequiredSkillFactory,
    SecondmentFactory,
    ShareRequestFactory,
    SkillFactory,
)


@pytest.fixture(autouse=True)
def generous_caps(settings):
    settings.SECONDMENT_LENDING_PERCENT = 100


@pytest.fixture
def skills(bureau, waiting):
    """Python held by 周档 (archive, free) and 李码 (IT); SQL by 李码, whom finance's request asks for and the
    allocation proposed, with the explanation it stores."""
    python = SkillFactory(code="PY", name="Python 开发")
    sql = SkillFactory(code="SQL", name="数据库查询")
    CadreSkillFactory(cadre=CadreFactory(name="周档", department=bureau.archive), skill=python, level=4,
                      source="assessed")
    CadreSkillFactory(cadre=bureau.it_engineer, skill=python, level=5, source="certified")
    CadreSkillFactory(cadre=bureau.it_engineer, skill=sql, level=4, source="certified")
    asked = ShareRequestFactory(department=bureau.finance, title="财务系统升级", start_date=date(2030, 9, 1),
                                end_date=date(2030, 10, 31), requested_by=bureau.users["finance_head"])
    RequiredSkillFactory(request=asked, skill=sql, min_level=3, weight=2)
    found, _left_out = sharing_services.request_candidates(share_request=asked, limit=5)
    mine = next(c for c in found if c["cadre"] == bureau.it_engineer.pk)
    proposal = SecondmentFactory(request=asked, cadre=bureau.it_engineer, score=Decimal(str(mine["score"])),
                                 explanation=mine)
    return proposal


def _fits(page, viewport) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize("name, viewport", [("desktop", DESKTOP), ("phone", PHONE)])
def test_a_head_files_and_opens_a_request_reads_the_candidates_and_accepts_for_their_person(
        bureau, waiting, skills, browser_page, live_server, name, viewport):
    page = browser_page(viewport)
    sign_in(page, live_server, "it_head")

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="专家借调需求").click()
    assert _fits(page, viewport)
    screenshot(page, f"requests-{name}")
    page.get_by_role("link", name="新建专家借调需求").click()
    page.get_by_label("标题").fill("等级保护测评")
    page.locator("select[name=skill]").select_option(label="Python 开发")
    page.locator("select[name=min_level]").select_option("4")
    page.locator("input[name=weight]").fill("3")
    page.get_by_role("button", name="添加技能").click()
    page.locator("select[name=skill]").nth(1).select_option(label="数据库查询")
    page.get_by_role("button", name="删除").nth(1).click()
    page.get_by_label("开始日期").fill("2030-09-01")
    page.get_by_label("结束日期").fill("2030-08-01")
    page.get_by_label("理由").fill("年度测评需要两名懂开发的同事")
    page.get_by_role("button", name="保存为草稿").click()

    assert page.get_by_text("结束日期早于开始日期。").is_visible()
    assert page.get_by_label("标题").input_value() == "等级保护测评"
    assert page.locator("input[name=weight]").input_value() == "3" and page.locator("select[name=skill]").count() == 1
    assert _fits(page, viewport)
    screenshot(page, f"request-new-error-{name}")
    # A refused form answers 400, as the API does; the watch would count it as a failed load.
    assert page.watch.failed_loads == [f"400 {live_server.url}/requests/new/"]
    page.watch.failed_loads.clear()
    page.get_by_label("结束日期").fill("2030-09-30")
    page.get_by_role("button", name="保存为草稿").click()

    filed = ShareRequest.objects.get(title="等级保护测评")
    page.wait_for_url(f"{live_server.url}/requests/{filed.pk}/")
    assert page.get_by_text("草稿已保存").is_visible()
    page.get_by_role("button", name="发布需求").click()
    page.wait_for_url(f"{live_server.url}/requests/{filed.pk}/")
    assert page.get_by_text("需求已发布").is_visible()
    filed.refresh_from_db()
    assert filed.status == RequestStatus.OPEN
    assert [(r.skill.name, r.min_level, r.weight) for r in filed.required_skills.all()] == [("Python 开发", 4, 3)]

    candidates = page.locator(".candidate")
    assert candidates.first.get_by_role("heading").inner_text().startswith("周档")
    assert candidates.first.get_by_text("技能匹配", exact=True).is_visible()
    assert _fits(page, viewport)
    screenshot(page, f"request-{name}")

    page.get_by_role("link", name="工作台").first.click()
    page.get_by_role("link", name="李码 借调至 财务处：财务系统升级（2030-09-01 至 2030-10-31）").click()
    page.wait_for_url(f"{live_server.url}/secondments/{skills.pk}/")
    assert page.get_by_text("数据库查询 4 级，证书认证").is_visible()
    assert _fits(page, viewport)
    screenshot(page, f"secondment-proposed-{name}")
    page.get_by_role("button", name="同意借出此人").click()

    page.wait_for_url(f"{live_server.url}/secondments/{skills.pk}/")
    assert page.get_by_text("已同意：接下来由人事部门或领导审批。").is_visible()
    assert page.get_by_role("button", name="同意借出此人").count() == 0
    assert Secondment.objects.get(pk=skills.pk).status == SecondmentStatus.ACCEPTED
    page.watch.assert_clean()


@pytest.mark.parametrize("name, viewport", [("desktop", DESKTOP), ("phone", PHONE)])
def test_the_host_head_completes_and_rates_a_secondment(bureau, waiting, browser_page, live_server, name, viewport):
    page = browser_page(viewport)
    sign_in(page, live_server, "it_head", next_url=f"/secondments/{waiting.active.pk}/")

    assert page.locator("summary", has_text="取消借调").is_visible()  # the host head may also cancel
    page.get_by_label("评语").fill("交付及时，文档完整")
    assert _fits(page, viewport)
    screenshot(page, f"secondment-active-{name}")
    page.get_by_label("评分").select_option("5")
    page.get_by_role("button", name="完成并评分").click()

    page.wait_for_url(f"{live_server.url}/secondments/{waiting.active.pk}/")
    assert page.get_by_text("已完成并评分。").is_visible()
    assert page.get_by_text("5 / 5").is_visible()
    completed = Secondment.objects.get(pk=waiting.active.pk)
    assert (completed.status, completed.rating, completed.rating_comment) == (
        SecondmentStatus.COMPLETED, 5, "交付及时，文档完整")
    screenshot(page, f"secondment-completed-{name}")
    page.watch.assert_clean()
