"""The expert-request and secondment pages for every persona: who opens what, which buttons each sees (only
those the services would let them press), and that each button does what the API does.

On top of the workspace stories (tests/workspace/conftest.py): the IT head's 数据治理专家 asks for Python 3+;
周档 (archive) holds Python 4 and is free, so is ranked; 钱进 (finance, proposed), 孙会 (accounting, accepted
for 网络安全专家) and 赵文 (office, active) are busy. The IT head also has a draft, and the finance head a
draft the IT head may not see.
"""

import re
from dataclasses import dataclass

import pytest
from auditlog.models import LogEntry

from sharing.models import RequestStatus, Secondment, SecondmentStatus, ShareRequest
from tests.factories import CadreFactory, CadreSkillFactory, RequiredSkillFactory, ShareRequestFactory, SkillFactory
from tests.helpers import PERSONAS
from tests.workspace.conftest import browser_of

SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]
HR = ["hr_officer", "hr_clerk"]


@dataclass
class Story:
    asked: ShareRequest
    it_draft: ShareRequest
    finance_draft: ShareRequest
    python: object


@pytest.fixture(autouse=True)
def generous_caps(settings):
    settings.SECONDMENT_LENDING_PERCENT = 100


@pytest.fixture
def story(bureau, waiting) -> Story:
    python = SkillFactory(code="PY", name="Python 开发")
    CadreSkillFactory(cadre=bureau.finance_officer, skill=python, level=4, source="certified")
    CadreSkillFactory(cadre=bureau.accountant, skill=python, level=3, source="self_declared")
    CadreSkillFactory(cadre=bureau.office_clerk, skill=python, level=5, source="certified")
    asked = waiting.proposal.request
    RequiredSkillFactory(request=asked, skill=python, min_level=3, weight=2)
    it_draft = ShareRequestFactory(department=bureau.it, title="信息中心草稿", status="draft",
                                   requested_by=bureau.users["it_head"])
    RequiredSkillFactory(request=it_draft, skill=python, min_level=2)
    finance_draft = ShareRequestFactory(department=bureau.finance, title="财务处草稿", status="draft")
    CadreSkillFactory(cadre=CadreFactory(name="周档", department=bureau.archive), skill=python, level=4,
                      source="assessed")
    return Story(asked, it_draft, finance_draft, python)


def _statuses(story, waiting):
    sharing = dict.fromkeys([*HR, "leader", "finance_head", "it_head"], 200)
    refused = {"auditor": 403, "outsider": 403}
    return {
        "/requests/": {**sharing, **refused},
        "/requests/new/": {**dict.fromkeys([*HR, "finance_head", "it_head"], 200), "leader": 403, **refused},
        f"/requests/{story.asked.pk}/": {**sharing, **refused},
        # Another department's draft is not there for a head, as in the API.
        f"/requests/{story.it_draft.pk}/": {**sharing, "finance_head": 404, **refused},
        f"/requests/{story.finance_draft.pk}/": {**sharing, "it_head": 404, **refused},
        "/requests/999999/": {**dict.fromkeys(sharing, 404), **refused},
        # 赵文 (office) hosted by IT: the finance head neither lends nor hosts them.
        f"/secondments/{waiting.active.pk}/": {**sharing, "finance_head": 404, **refused},
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_page_answers_each_persona_as_their_role_and_scope_allow(bureau, waiting, story, persona):
    client = browser_of(bureau, persona)

    for url, expected in _statuses(story, waiting).items():
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 302 and response["Location"] == f"/login/?next={url}", url
        else:
            assert response.status_code == expected[persona], (url, persona, response.status_code)


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_no_request_page_shows_a_citizen_id_or_mobile_number(bureau, waiting, story, persona):
    client = browser_of(bureau, persona)
    secrets = [value for cadre in (bureau.office_clerk, bureau.finance_officer, bureau.accountant, bureau.it_engineer)
               for value in (cadre.national_id, cadre.mobile)]

    for url in _statuses(story, waiting):
        html = client.get(url).content.decode()
        assert not [secret for secret in secrets if secret in html], url


def _buttons(html: str) -> set[str]:
    """The workflow actions a page offers: the last part of each form's action address."""
    return set(re.findall(r'action="/(?:requests|secondments)/\d+/([a-z]+)/"', html))


@pytest.mark.parametrize("persona, expected", [
    ("it_head", {"open", "cancel"}), ("hr_officer", {"open", "cancel"}), ("hr_clerk", {"open", "cancel"}),
    ("leader", set()),
])
def test_a_draft_offers_open_and_cancel_to_who_may_manage_it(bureau, story, persona, expected):
    assert _buttons(browser_of(bureau, persona).get(f"/requests/{story.it_draft.pk}/").content.decode()) == expected


@pytest.mark.parametrize("persona, expected", [
    ("it_head", {"close", "cancel"}), ("hr_officer", {"close", "cancel"}), ("leader", set()), ("finance_head", set()),
])
def test_an_open_request_offers_close_and_cancel_to_who_may_manage_it(bureau, story, persona, expected):
    assert _buttons(browser_of(bureau, persona).get(f"/requests/{story.asked.pk}/").content.decode()) == expected


@pytest.mark.parametrize("name, persona, expected", [
    ("proposal", "finance_head", {"accept", "decline"}),  # the home head answers
    ("proposal", "it_head", {"cancel"}),  # the host head may only withdraw it
    ("proposal", "hr_officer", {"cancel"}),
    ("proposal", "leader", {"cancel"}),
    ("accepted", "hr_officer", {"approve", "cancel"}),
    ("accepted", "leader", {"approve", "cancel"}),
    ("accepted", "finance_head", set()),  # 孙会's home (accounting) is under finance: it has answered already
    ("accepted", "it_head", {"cancel"}),
    ("active", "it_head", {"complete", "cancel"}),  # the host head completes and rates
    ("active", "hr_officer", {"cancel"}),
])
def test_each_secondment_offers_only_the_buttons_its_viewer_may_press(bureau, waiting, story, name, persona,
                                                                        expected):
    html = browser_of(bureau, persona).get(f"/secondments/{getattr(waiting, name).pk}/").content.decode()

    assert _buttons(html) == expected
    assert html.count('name="csrfmiddlewaretoken"') >= len(expected)


def test_the_requesting_head_reads_the_ranked_candidates_and_the_busy_with_where(bureau, waiting, story):
    html = browser_of(bureau, "it_head").get(f"/requests/{story.asked.pk}/").content.decode()

    candidates = html.split('id="candidates-heading"')[1]
    assert "周档" in candidates and "档案室" in candidates
    for label in ("技能匹配", "等级富余", "部门亲近度", "公平性", "对原部门的影响"):
        assert label in candidates
    assert "Python 开发 4 级，考核认定" in candidates  # the skill by name, its level and source, in a sentence
    assert "skill_fit" not in candidates.replace("term-skill_fit", "")  # names, not codes
    left_out = candidates.split("未入选")[1]
    assert "钱进" in left_out and "赵文" in left_out and "孙会" in left_out
    assert "网络安全专家" in left_out  # where they are busy: a secondment the IT head hosts, so may see


def test_another_head_sees_an_open_request_but_not_its_candidates(bureau, waiting, story):
    html = browser_of(bureau, "finance_head").get(f"/requests/{story.asked.pk}/").content.decode()

    assert "数据治理专家" in html and 'id="candidates-heading"' not in html and "周档" not in html


def test_the_list_is_filtered_by_status_and_sorted(bureau, story):
    client = browser_of(bureau, "it_head")

    drafts = client.get("/requests/?status=draft").content.decode()
    by_title = client.get("/requests/?sort=title").content.decode()

    assert "信息中心草稿" in drafts and "数据治理专家" not in drafts
    assert "财务处草稿" not in client.get("/requests/").content.decode()  # another department's draft
    assert by_title.index("借调需求") < by_title.index("数据治理专家") or "借调需求" not in by_title
    assert 'aria-sort="ascending"' in by_title


def _filed(**changes):
    form = {"department": "", "title": "等级保护测评", "headcount": "1", "start_date": "2030-09-01",
            "end_date": "2030-09-30", "justification": "年度测评需要", "skill": [], "min_level": [], "weight": []}
    form.update(changes)
    return form


def test_a_head_files_a_draft_and_opens_it_as_the_api_would(bureau, story):
    client = browser_of(bureau, "it_head")

    response = client.post("/requests/new/", _filed(department=bureau.it.pk, skill=[story.python.pk, ""],
                                                     min_level=["4", "3"], weight=["3", "1"]))

    filed = ShareRequest.objects.get(title="等级保护测评")
    assert response.status_code == 302 and response["Location"] == f"/requests/{filed.pk}/"
    assert filed.status == RequestStatus.DRAFT and filed.requested_by == bureau.users["it_head"]
    assert [(r.skill_id, r.min_level, r.weight) for r in filed.required_skills.all()] == [(story.python.pk, 4, 3)]
    assert "草稿已保存" in client.get(response["Location"]).content.decode()

    opened = client.post(f"/requests/{filed.pk}/open/")

    filed.refresh_from_db()
    assert opened.status_code == 302 and filed.status == RequestStatus.OPEN
    assert LogEntry.objects.get_for_object(filed).filter(actor=bureau.users["it_head"]).count() >= 2


def test_a_refused_request_keeps_what_was_typed_with_the_errors_beside_the_fields(bureau, story):
    client = browser_of(bureau, "it_head")

    dates = client.post("/requests/new/", _filed(department=bureau.it.pk, end_date="2030-08-01",
                                                 skill=[story.python.pk], min_level=["4"], weight=["2"]))
    weight = client.post("/requests/new/", _filed(department=bureau.it.pk, skill=[story.python.pk],
                                                  min_level=["4"], weight=["11"]))

    assert dates.status_code == weight.status_code == 400
    assert not ShareRequest.objects.filter(title="等级保护测评").exists()
    html = dates.content.decode()
    assert 'value="等级保护测评"' in html and "年度测评需要" in html and 'value="2030-08-01"' in html
    end_field = html.split('for="id_end_date"')[1].split('class="field')[0]
    assert "结束日期早于开始日期" in end_field
    assert f'<option value="{story.python.pk}" selected>' in html and '<option value="4" selected>' in html
    row = weight.content.decode().split('<li class="skill-row')[1].split("</li>")[0]
    assert 'value="11"' in row and "小于或者等于 10" in row  # the row keeps its value, its error beside it


def test_a_request_needs_a_skill_and_a_head_files_only_for_their_departments(bureau, story):
    client = browser_of(bureau, "it_head")

    no_skill = client.post("/requests/new/", _filed(department=bureau.it.pk)).content.decode()
    elsewhere = client.post("/requests/new/", _filed(department=bureau.finance.pk, skill=[story.python.pk],
                                                     min_level=["3"], weight=["1"])).content.decode()

    assert "请至少填写一项所需技能" in no_skill
    assert "财务处" not in elsewhere.split('id="id_department"')[1].split("</select>")[0]
    assert not ShareRequest.objects.filter(title="等级保护测评").exists()


def test_cancelling_a_request_needs_a_reason_and_then_withdraws_its_proposals(bureau, waiting, story):
    client = browser_of(bureau, "it_head")
    it_draft = story.it_draft

    blank = client.post(f"/requests/{it_draft.pk}/cancel/", {"cancel-reason": "  "})
    done = client.post(f"/requests/{it_draft.pk}/cancel/", {"cancel-reason": "项目取消"})

    it_draft.refresh_from_db()
    assert blank.status_code == 400 and "该字段为必填项" in blank.content.decode()
    assert done.status_code == 302 and it_draft.status == RequestStatus.CANCELLED
    assert it_draft.cancel_reason == "项目取消"


def test_a_workflow_violation_on_a_request_is_a_409_with_a_chinese_message(bureau, story):
    response = browser_of(bureau, "it_head").post(f"/requests/{story.asked.pk}/open/")

    assert response.status_code == 409 and "无法" in response.content.decode()
    assert ShareRequest.objects.get(pk=story.asked.pk).status == RequestStatus.OPEN


def test_the_home_head_accepts_and_it_is_audited_as_theirs(bureau, waiting, story):
    response = browser_of(bureau, "finance_head").post(f"/secondments/{waiting.proposal.pk}/accept/")

    waiting.proposal.refresh_from_db()
    assert response.status_code == 302 and waiting.proposal.status == SecondmentStatus.ACCEPTED
    assert waiting.proposal.accepted_by == bureau.users["finance_head"]
    assert LogEntry.objects.get_for_object(waiting.proposal).filter(actor=bureau.users["finance_head"]).exists()


def test_declining_needs_a_reason_and_keeps_what_was_typed_elsewhere(bureau, waiting, story):
    client = browser_of(bureau, "finance_head")

    blank = client.post(f"/secondments/{waiting.proposal.pk}/decline/", {"decline-reason": ""})
    declined = client.post(f"/secondments/{waiting.proposal.pk}/decline/", {"decline-reason": "年底决算离不开"})

    waiting.proposal.refresh_from_db()
    assert blank.status_code == 400 and "该字段为必填项" in blank.content.decode()
    assert declined.status_code == 302 and waiting.proposal.status == SecondmentStatus.DECLINED
    assert waiting.proposal.decline_reason == "年底决算离不开"


@pytest.mark.parametrize("persona", ["it_head", "hr_officer", "leader"])
def test_only_the_home_head_may_accept_even_by_a_forged_post(bureau, waiting, story, persona):
    response = browser_of(bureau, persona).post(f"/secondments/{waiting.proposal.pk}/accept/")

    assert response.status_code == 403
    assert Secondment.objects.get(pk=waiting.proposal.pk).status == SecondmentStatus.PROPOSED


def test_a_secondment_outside_ones_scope_is_404_for_its_buttons_too(bureau, waiting, story):
    response = browser_of(bureau, "finance_head").post(f"/secondments/{waiting.elsewhere.pk}/accept/")

    assert response.status_code == 404


def test_hr_approves_and_a_second_approval_is_a_409_in_chinese(bureau, waiting, story):
    client = browser_of(bureau, "hr_officer")

    first = client.post(f"/secondments/{waiting.accepted.pk}/approve/")
    again = client.post(f"/secondments/{waiting.accepted.pk}/approve/")

    waiting.accepted.refresh_from_db()
    assert first.status_code == 302 and waiting.accepted.status == SecondmentStatus.APPROVED
    assert waiting.accepted.approved_by == bureau.users["hr_officer"]
    assert again.status_code == 409 and "无法批准" in again.content.decode()


def test_the_host_head_completes_with_a_rating_and_a_missing_rating_keeps_the_comment(bureau, waiting, story):
    client = browser_of(bureau, "it_head")

    missing = client.post(f"/secondments/{waiting.active.pk}/complete/",
                          {"complete-rating": "", "complete-comment": "交付及时"})
    done = client.post(f"/secondments/{waiting.active.pk}/complete/",
                       {"complete-rating": "5", "complete-comment": "交付及时"})

    waiting.active.refresh_from_db()
    assert missing.status_code == 400 and "交付及时" in missing.content.decode()
    assert done.status_code == 302 and waiting.active.status == SecondmentStatus.COMPLETED
    assert (waiting.active.rating, waiting.active.rating_comment) == (5, "交付及时")
    assert waiting.active.rated_by == bureau.users["it_head"]


def test_the_host_head_cancels_with_a_reason(bureau, waiting, story):
    response = browser_of(bureau, "it_head").post(f"/secondments/{waiting.proposal.pk}/cancel/",
                                                  {"cancel-reason": "需求变化"})

    waiting.proposal.refresh_from_db()
    assert response.status_code == 302 and waiting.proposal.status == SecondmentStatus.CANCELLED
    assert waiting.proposal.cancelled_by == bureau.users["it_head"]


def test_the_stored_explanation_is_shown_in_sentences_not_json(bureau, waiting, story):
    explanation = {"cadre": bureau.finance_officer.pk, "department": bureau.finance.pk, "score": 71.5,
                   "terms": {"skill_fit": 40.0, "level_surplus": 7.5, "affinity": 3.0, "fairness": 12.0,
                             "home_impact": 9.0},
                   "skills": [{"skill": story.python.pk, "skill_name": "Python 开发", "code": "PY", "min_level": 3,
                               "weight": 2, "level": 4, "confidence": 100, "holders_at_home": 1}],
                   "affinity": 0.2, "recent_secondments": 0, "home_lent": 0, "home_cap": 1}
    Secondment.objects.filter(pk=waiting.proposal.pk).update(explanation=explanation)

    html = browser_of(bureau, "finance_head").get(f"/secondments/{waiting.proposal.pk}/").content.decode()

    assert "Python 开发 4 级，证书认证" in html and "高出要求：Python 开发 1 级" in html
    assert '"skill_fit"' not in html and "holders_at_home" not in html
    assert 'width="40.0"' in html and 'x="40.0"' in html  # the bar's parts, each after the one before


def test_the_home_page_lists_ones_drafts_to_open(bureau, story):
    html = browser_of(bureau, "it_head").get("/").content.decode()

    assert f'href="/requests/{story.it_draft.pk}/"' in html
    assert f"/requests/{story.finance_draft.pk}/" not in html
