"""A cadre's first sign-in: HR made their login, they choose their own password, then read their gaps on /me/.
The story goes on: they say they are open to secondment, show interest in a matching open request, and later
agree to the proposal HR made for them, which HR may then approve."""

from datetime import date

import pytest

from sharing.models import Secondment
from sharing.services import secondments as sharing_services
from talent.access import Actor
from talent.services import logins
from tests.browser.conftest import DESKTOP, PHONE, screenshot, sign_in
from tests.factories import (
    AssessmentFactory,
    CadreSkillFactory,
    RequiredSkillFactory,
    ShareRequestFactory,
    SkillFactory,
    TrainingRecordFactory,
)

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

        # Logging study: neither a program nor a topic is refused beside the field; then it is logged.
        study = page.locator("#study")
        study.get_by_label("学时").fill("2.5")
        study.get_by_role("button", name="登记自学").click()
        page.wait_for_url(f"{live_server.url}/me/study/")
        assert page.locator("#study").get_by_text("请选择培训项目或填写学习内容。").is_visible()
        assert page.watch.failed_loads == [f"400 {live_server.url}/me/study/"]  # the refusal, as expected
        page.watch.failed_loads.clear()
        page.locator("#study").get_by_label("或学习内容").fill(f"数据治理公开课（{name}）")
        page.locator("#study").get_by_label("学时").fill("2.5")
        page.locator("#study").get_by_role("button", name="登记自学").click()
        page.wait_for_url(f"{live_server.url}/me/#study")
        assert page.get_by_text("自学已登记").is_visible()
        assert page.locator("#study").get_by_role("cell", name=f"数据治理公开课（{name}）").is_visible()
        screenshot(page, f"cadre-study-{name}")
        page.watch.assert_clean()


@pytest.mark.parametrize("name, viewport", [("desktop", DESKTOP), ("phone", PHONE)])
def test_a_cadre_opts_in_shows_interest_and_later_agrees_to_the_proposal(bureau, browser_page, live_server, settings,
                                                                        name, viewport):
    settings.SECONDMENT_LENDING_PERCENT = 100
    python = SkillFactory(code="PY", name="Python 开发")
    SkillFactory(code="SQL", name="数据库查询")
    CadreSkillFactory(cadre=bureau.accountant, skill=python, level=4, source="assessed")  # 孙会, the cadre persona
    asked = ShareRequestFactory(department=bureau.it, title="数据中台开发", start_date=date(2030, 6, 1),
                                end_date=date(2030, 8, 31), requested_by=bureau.users["it_head"])
    RequiredSkillFactory(request=asked, skill=python, min_level=3)
    page = browser_page(viewport)
    sign_in(page, live_server, "cadre", next_url="/me/")

    mobility = page.locator("#mobility")
    assert mobility.get_by_text("您尚未表示愿意借调。").is_visible()
    # Open without saying for how long: refused beside the field, as the API words it.
    mobility.get_by_label("我愿意借调").check()
    mobility.get_by_role("button", name="保存借调意愿").click()
    assert page.locator("#mobility .field.has-error").first.is_visible()
    assert page.watch.failed_loads == [f"400 {live_server.url}/me/mobility/"]
    page.watch.failed_loads.clear()
    page.locator("#mobility").get_by_label("借调时长（月）").fill("6")
    page.locator("#mobility").get_by_label("可借调起始日期").fill("2030-01-01")
    page.locator("#mobility").get_by_label("希望运用或提升的技能").select_option(label=["数据库查询"])
    page.locator("#mobility").get_by_role("button", name="保存借调意愿").click()
    page.wait_for_url(f"{live_server.url}/me/#mobility")
    assert page.get_by_text("借调意愿已保存。").is_visible()
    assert page.get_by_text("您已表示愿意自 2030-01-01 起借调 6 个月。").is_visible()

    opportunity = page.locator("#opportunities li", has_text="数据中台开发")
    assert opportunity.get_by_text("您具备全部所需技能。").is_visible()
    opportunity.get_by_role("button", name="我感兴趣").click()
    page.wait_for_url(f"{live_server.url}/me/#opportunities")
    assert page.locator("#opportunities li", has_text="数据中台开发").get_by_text("您已表示兴趣").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]  # no sideways scroll
    screenshot(page, f"cadre-mobility-{name}")

    # Later: HR proposes them by hand; their home head (finance, over accounting) accepts.
    proposal = sharing_services.secondment_propose(actor=Actor(bureau.users["hr_officer"]), share_request=asked,
                                                   cadre=bureau.accountant)
    sharing_services.secondment_accept(actor=Actor(bureau.users["finance_head"]), secondment=proposal)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="数据中台开发", exact=False).first.click()
    page.wait_for_url(f"{live_server.url}/me/#answer")
    answer = page.locator("#answer")
    assert answer.get_by_text("信息中心").is_visible()
    screenshot(page, f"cadre-consent-{name}")
    answer.get_by_role("button", name="我同意借调").click()
    page.wait_for_url(f"{live_server.url}/me/#answer")
    assert page.get_by_text("您已同意：待所在部门同意后，由人事部门或局领导审批。").is_visible()
    assert not page.locator("#answer").count()  # nothing left to answer
    page.watch.assert_clean()

    approved = sharing_services.secondment_approve(actor=Actor(bureau.users["hr_officer"]),
                                                   secondment=Secondment.objects.get(pk=proposal.pk))
    assert approved.status == "approved"
