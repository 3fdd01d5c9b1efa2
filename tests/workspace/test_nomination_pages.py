"""The nomination pages: a head nominates from a cadre's page, leadership decides from /nominations/ and their 待办,
the nominator withdraws; the cadre page and /me/ show the post history and the nominations. The buttons offered are
the moves the services allow (incentives.selectors.nominations.nomination_moves)."""

import pytest

from incentives.models import Nomination, NominationStatus
from incentives.services import nominations as services
from talent.access import Actor
from talent.models import PostRecord
from tests.factories import CadreSkillFactory, ContributionFactory, SkillFactory
from tests.workspace.conftest import browser_of


@pytest.fixture
def backing(bureau):
    held = CadreSkillFactory(cadre=bureau.accountant, skill=SkillFactory(code="SQL", name="数据库"), level=4)
    held.verified_by, held.verified_at = bureau.users["finance_head"], held.since
    held.save()
    unverified = CadreSkillFactory(cadre=bureau.accountant, skill=SkillFactory(code="GIS", name="地理信息"), level=3)
    contribution = ContributionFactory(cadre=bureau.accountant, title="财务共享平台上线")
    return held, unverified, contribution


def made(bureau, persona="finance_head", cadre=None, kind="reserve"):
    return services.nomination_create(actor=Actor(bureau.users[persona]), cadre=cadre or bureau.accountant,
                                      kind=kind, target="处级后备", rationale="业务骨干，数据分析能力突出。")


def test_the_form_offers_only_the_cadres_verified_skills_and_contributions(bureau, backing):
    page = browser_of(bureau, "finance_head").get(f"/cadres/{bureau.accountant.pk}/nominate/")

    text = page.content.decode()
    assert page.status_code == 200
    assert "数据库 · 4 精通" in text and "财务共享平台上线" in text
    assert "地理信息" not in text


def test_a_head_nominates_from_the_cadre_page(bureau, backing):
    held, _unverified, contribution = backing
    browser = browser_of(bureau, "finance_head")
    assert f'href="/cadres/{bureau.accountant.pk}/nominate/"' in browser.get(f"/cadres/{bureau.accountant.pk}/") \
        .content.decode()

    response = browser.post(f"/cadres/{bureau.accountant.pk}/nominate/", {
        "kind": "key_post", "target": "财务信息化岗", "rationale": "牵头完成财务共享平台。",
        "skills": [str(held.skill_id)], "contributions": [str(contribution.pk)]})

    nomination = Nomination.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/nominations/{nomination.pk}/"
    assert (nomination.kind, nomination.nominated_by, nomination.status) == (
        "key_post", bureau.users["finance_head"], "pending")
    assert [s.level for s in nomination.skills.all()] == [4]
    assert list(nomination.contributions.all()) == [contribution]


def test_the_form_refuses_what_the_api_refuses_naming_the_field(bureau, backing):
    browser = browser_of(bureau, "finance_head")

    response = browser.post(f"/cadres/{bureau.accountant.pk}/nominate/", {"kind": "reserve", "rationale": ""})

    assert response.status_code == 400
    assert "该字段为必填项" in response.content.decode().split("推荐理由")[1].split("</div>")[0]
    assert Nomination.objects.count() == 0


def test_a_head_cannot_open_the_form_for_someone_outside_their_departments(bureau):
    browser = browser_of(bureau, "finance_head")

    assert browser.get(f"/cadres/{bureau.it_engineer.pk}/nominate/").status_code == 404
    assert browser.post(f"/cadres/{bureau.it_engineer.pk}/nominate/",
                        {"kind": "reserve", "rationale": "好"}).status_code == 404
    assert browser.get("/cadres/999999/nominate/").status_code == 404
    assert browser_of(bureau, "leader").get(f"/cadres/{bureau.it_engineer.pk}/nominate/").status_code == 403
    assert Nomination.objects.count() == 0


def test_leadership_sees_pending_ones_in_their_todo_and_list_and_decides(bureau):
    nomination = made(bureau)
    leader = browser_of(bureau, "leader")

    assert "待决定的推荐" in leader.get("/").content.decode()
    listed = leader.get("/nominations/").content.decode()
    assert f'href="/nominations/{nomination.pk}/"' in listed
    page = leader.get(f"/nominations/{nomination.pk}/").content.decode()
    assert "/approve/" in page and "/decline/" in page and "/withdraw/" not in page

    refused = leader.post(f"/nominations/{nomination.pk}/decline/", {"decline-note": ""})
    assert refused.status_code == 400
    approved = leader.post(f"/nominations/{nomination.pk}/approve/", {"approve-note": "同意列入后备"})

    assert approved.status_code == 302
    nomination.refresh_from_db()
    assert (nomination.status, nomination.decision_note) == ("approved", "同意列入后备")
    assert "待决定的推荐" not in leader.get("/").content.decode()
    again = leader.post(f"/nominations/{nomination.pk}/decline/", {"decline-note": "改主意"})
    assert again.status_code == 409
    assert "/approve/" not in again.content.decode()


def test_a_head_lists_their_own_nominations_and_withdraws_one(bureau):
    mine = made(bureau)
    made(bureau, persona="hr_clerk", cadre=bureau.finance_officer)
    head = browser_of(bureau, "finance_head")

    listed = head.get("/nominations/").content.decode()
    assert f"/nominations/{mine.pk}/" in listed and "钱进" not in listed
    assert "钱进" in head.get("/nominations/", {"mine": "0"}).content.decode()
    page = head.get(f"/nominations/{mine.pk}/").content.decode()
    assert "/withdraw/" in page and "/approve/" not in page

    assert head.post(f"/nominations/{mine.pk}/withdraw/").status_code == 302
    mine.refresh_from_db()
    assert mine.status == NominationStatus.WITHDRAWN
    assert head.post(f"/nominations/{mine.pk}/approve/", {"approve-note": ""}).status_code == 403


def test_pages_are_scoped_like_the_api(bureau):
    elsewhere = made(bureau, persona="hr_clerk", cadre=bureau.it_engineer)

    assert browser_of(bureau, "finance_head").get(f"/nominations/{elsewhere.pk}/").status_code == 404
    assert browser_of(bureau, "auditor").get(f"/nominations/{elsewhere.pk}/").status_code == 200
    assert browser_of(bureau, "cadre").get("/nominations/").status_code == 403
    assert browser_of(bureau, "anonymous").get("/nominations/").status_code == 302


def test_the_cadre_page_and_my_record_show_the_post_history_and_decided_nominations(bureau):
    PostRecord.objects.create(cadre=bureau.accountant, department=bureau.office, department_name="办公室",
                              post_title="科员", started_on="2012-07-01", ended_on="2016-03-31")
    PostRecord.objects.create(cadre=bureau.accountant, department=bureau.accounting, department_name="会计科",
                              post_title="副科长", started_on="2016-04-01")
    decided = made(bureau)
    services.nomination_decide(actor=Actor(bureau.users["leader"]), nomination=decided, approve=True, note="同意")
    made(bureau, kind="honour")  # pending: the cadre does not see it yet

    page = browser_of(bureau, "finance_head").get(f"/cadres/{bureau.accountant.pk}/").content.decode()
    assert "2012-07-01 – 2016-03-31" in page and "2016-04-01 – 至今" in page
    assert page.count("/nominations/") >= 2

    mine = browser_of(bureau, "cadre").get("/me/").content.decode()
    assert "副科长" in mine and "2016-04-01 – 至今" in mine
    assert "后备干部" in mine and "同意" in mine
    decided_table = mine.split("已决定的推荐")[1].split("</table>")[0]
    assert decided_table.count("<tr>") == 2  # the heading and the one decided: not the pending honour
