"""Opt-in mobility: the cadre (孙会, the accountant, Python 3 self-declared) says they are open to secondment,
sees the open requests that match them, says they are interested in one, and agrees to or declines a proposal;
HR and their heads read the preference; the candidate list marks the interested; approval waits for consent."""

import datetime

import pytest
from django.db import transaction

from core.errors import Conflict, Forbidden
from sharing.models import RequestStatus, Secondment, SecondmentStatus
from sharing.selectors import secondments as selectors
from sharing.services import secondments as services
from talent.access import Actor
from tests.factories import RequiredSkillFactory, SecondmentFactory, ShareRequestFactory
from tests.helpers import assert_error
from tests.workspace.conftest import browser_of

ME = "/api/v1/me/"
OPEN = {"open_to_secondment": True, "months": 6, "available_from": "2030-01-01", "skills": ["SQL"],
        "note": "想参与数据项目"}


def opt_in(bureau, **changes):
    response = bureau.client("cadre").put(f"{ME}mobility/", {**OPEN, **changes}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def candidates(bureau, share_request, persona="hr_officer"):
    response = bureau.client(persona).get(f"/api/v1/share-requests/{share_request.pk}/candidates/")
    assert response.status_code == 200, response.content
    return response.json()


def consent(bureau, secondment, agree, persona="cadre", **more):
    return bureau.client(persona).post(f"{ME}secondments/{secondment.pk}/consent/", {"agree": agree, **more},
                                       format="json")


# --- the preference -----------------------------------------------------------------------------------------

def test_a_cadre_who_never_said_is_not_open(bureau):
    shown = bureau.client("cadre").get(f"{ME}mobility/").json()
    assert (shown["open_to_secondment"], shown["skills"], shown["updated_at"]) == (False, [], None)


def test_the_cadre_opts_in_with_months_date_and_skills(skilled, sql):
    shown = opt_in(skilled)
    assert (shown["open_to_secondment"], shown["months"], shown["available_from"]) == (True, 6, "2030-01-01")
    assert (shown["skills"], shown["skill_names"]) == ([sql.pk], ["数据库查询"])
    assert skilled.client("cadre").get(f"{ME}mobility/").json() == shown


@pytest.mark.parametrize(("change", "field"), [
    ({"months": None}, "months"), ({"available_from": None}, "available_from"), ({"months": 37}, "months"),
    ({"available_from": "1999-12-31"}, "available_from"), ({"skills": ["NOPE"]}, "skills"),
    ({"open_to_secondment": "perhaps"}, "open_to_secondment"), ({"note": "a\u202eb"}, "note"),
])
def test_a_bad_preference_is_a_400_naming_the_field_and_changes_nothing(skilled, change, field):
    before = opt_in(skilled)
    response = skilled.client("cadre").put(f"{ME}mobility/", {**OPEN, "months": 3, **change}, format="json")
    assert_error(response, 400, field=field)
    assert skilled.client("cadre").get(f"{ME}mobility/").json() == before


def test_closing_keeps_no_need_for_months(skilled):
    opt_in(skilled)
    assert opt_in(skilled, open_to_secondment=False, months=None, available_from=None)["open_to_secondment"] is False


@pytest.mark.parametrize(("persona", "status"), [
    ("hr_officer", 200), ("hr_clerk", 200), ("finance_head", 200),  # the accountant works under finance
    ("it_head", 404), ("leader", 403), ("auditor", 403), ("outsider", 403), ("cadre", 403), ("anonymous", 401),
])
def test_hr_and_the_cadres_heads_read_the_preference_where_they_read_the_cadre(skilled, python_request, persona,
                                                                                 status):
    opt_in(skilled)
    skilled.client("cadre").post(f"{ME}interests/", {"request": python_request.pk}, format="json")
    response = skilled.client(persona).get(f"/api/v1/cadres/{skilled.accountant.pk}/mobility/")
    assert response.status_code == status, response.content
    if status == 200:
        assert response.json()["preference"]["months"] == 6
        assert [i["title"] for i in response.json()["interests"]] == ["数据中台开发"]


# --- what the cadre may reach, and nothing else --------------------------------------------------------------

@pytest.mark.parametrize("persona", ["outsider", "leader", "hr_officer"])
@pytest.mark.parametrize("path", ["mobility/", "opportunities/", "interests/"])
def test_a_login_with_no_cadre_record_gets_403_no_cadre(bureau, persona, path):
    assert assert_error(bureau.client(persona).get(f"{ME}{path}"), 403)["code"] == "no_cadre"


@pytest.mark.parametrize(("method", "path", "body"), [
    ("post", lambda s, r: "/api/v1/share-requests/", lambda s, r: {"title": "x"}),
    ("post", lambda s, r: f"/api/v1/share-requests/{r.pk}/propose/", lambda s, r: {"cadre": s.accountant.pk}),
    ("post", lambda s, r: f"/api/v1/secondments/{mine(s, r).pk}/accept/", lambda s, r: {}),
    ("post", lambda s, r: f"/api/v1/secondments/{mine(s, r).pk}/approve/", lambda s, r: {}),
    ("post", lambda s, r: "/api/v1/allocation/", lambda s, r: {"dry_run": True}),
    ("put", lambda s, r: f"/api/v1/cadres/{s.accountant.pk}/mobility/", lambda s, r: OPEN),
    ("get", lambda s, r: f"/api/v1/share-requests/{r.pk}/candidates/", lambda s, r: None),
])
def test_the_cadres_writes_stop_at_their_own_mobility_interest_and_consent(skilled, python_request, method, path,
                                                                           body):
    response = getattr(skilled.client("cadre"), method)(path(skilled, python_request), body(skilled, python_request),
                                                        format="json")
    assert response.status_code in (403, 405), response.content


def mine(bureau, share_request):
    return SecondmentFactory(request=share_request, cadre=bureau.accountant, consented_at=None)


def test_another_persons_secondment_is_a_404_to_the_cadre(skilled, python_request):
    theirs = SecondmentFactory(request=python_request, cadre=skilled.finance_officer, consented_at=None)
    assert_error(consent(skilled, theirs, True), 404)
    assert_error(consent(skilled, Secondment(pk=999_999), True), 404)
    theirs.refresh_from_db()
    assert theirs.consented_at is None


# --- matching requests and interest ----------------------------------------------------------------------------

def test_the_cadre_sees_matching_open_requests_and_nothing_personal(skilled, python_request, sql):
    asks_sql = ShareRequestFactory(department=skilled.office, title="报表数据库优化")
    RequiredSkillFactory(request=asks_sql, skill=sql, min_level=4)
    draft = ShareRequestFactory(department=skilled.it, title="草稿需求", status=RequestStatus.DRAFT)
    RequiredSkillFactory(request=draft, skill=python_request.required_skills.get().skill, min_level=1)
    cadre = skilled.client("cadre")

    before = {o["title"]: o for o in cadre.get(f"{ME}opportunities/").json()}
    assert list(before) == ["数据中台开发"]  # qualified (Python 3); SQL 4 is not theirs nor wished yet
    assert before["数据中台开发"]["qualified"] is True and before["数据中台开发"]["host_department_name"] == "信息中心"

    opt_in(skilled)  # wishes to use or grow SQL
    response = cadre.get(f"{ME}opportunities/")
    shown = {o["title"]: o for o in response.json()}
    assert set(shown) == {"数据中台开发", "报表数据库优化"}
    assert (shown["报表数据库优化"]["qualified"], shown["报表数据库优化"]["wished"]) == (False, ["数据库查询"])
    text = response.content.decode()
    for other in (skilled.finance_officer, skilled.office_clerk, skilled.it_engineer):
        assert other.name not in text and other.staff_number not in text
    assert "justification" not in text and "项目急需" not in text


def test_interest_needs_the_opt_in_is_idempotent_and_can_be_withdrawn(skilled, python_request):
    cadre = skilled.client("cadre")
    body = {"request": python_request.pk}
    assert assert_error(cadre.post(f"{ME}interests/", body, format="json"), 409)["code"] == "not_open_to_secondment"
    opt_in(skilled)
    assert cadre.post(f"{ME}interests/", body, format="json").status_code == 201
    assert cadre.post(f"{ME}interests/", body, format="json").status_code == 200
    assert [i["title"] for i in cadre.get(f"{ME}interests/").json()] == ["数据中台开发"]
    assert cadre.get(f"{ME}opportunities/").json()[0]["interested"] is True
    assert cadre.delete(f"{ME}interests/{python_request.pk}/").status_code == 204
    assert_error(cadre.delete(f"{ME}interests/{python_request.pk}/"), 404)
    assert cadre.get(f"{ME}interests/").json() == []


def test_interest_in_a_request_that_does_not_match_or_is_not_open_is_a_404(skilled, python_request, sql):
    opt_in(skilled, skills=[])
    other = ShareRequestFactory(department=skilled.office, title="报表数据库优化")
    RequiredSkillFactory(request=other, skill=sql, min_level=4)
    own_department = ShareRequestFactory(department=skilled.finance, title="本处需求")
    RequiredSkillFactory(request=own_department, skill=python_request.required_skills.get().skill, min_level=1)
    python_request.status = RequestStatus.DRAFT
    python_request.save()
    for share_request in (other, own_department, python_request):
        assert_error(skilled.client("cadre").post(f"{ME}interests/", {"request": share_request.pk}, format="json"),
                     404)
    assert_error(skilled.client("cadre").post(f"{ME}interests/", {"request": "x"}, format="json"), 400,
                 field="request")


# --- the candidate list: a mark, and a score term HR may set -----------------------------------------------------

def test_the_interested_are_marked_and_score_nothing_extra_by_default(skilled, python_request):
    opt_in(skilled)
    skilled.client("cadre").post(f"{ME}interests/", {"request": python_request.pk}, format="json")
    found = {c["name"]: c for c in candidates(skilled, python_request, "it_head")["candidates"]}
    assert found["孙会"]["interested"] is True and found["钱进"]["interested"] is False
    assert found["孙会"]["terms"]["interest"] == 0 and found["孙会"]["interest_points"] == 0
    assert found["孙会"]["score"] == pytest.approx(sum(found["孙会"]["terms"].values()))


def test_hr_may_give_interest_points_explained_like_the_other_terms(skilled, python_request, settings):
    opt_in(skilled)
    skilled.client("cadre").post(f"{ME}interests/", {"request": python_request.pk}, format="json")
    before = {c["name"]: c["score"] for c in candidates(skilled, python_request)["candidates"]}
    settings.SECONDMENT_INTEREST_POINTS = 10
    found = {c["name"]: c for c in candidates(skilled, python_request)["candidates"]}
    assert found["孙会"]["terms"]["interest"] == 10 and found["孙会"]["interest_points"] == 10
    assert found["孙会"]["score"] == pytest.approx(before["孙会"] + 10)
    assert found["钱进"]["score"] == pytest.approx(before["钱进"])  # not interested: unchanged


# --- consent ---------------------------------------------------------------------------------------------------

def test_approval_waits_for_the_cadres_agreement(skilled, python_request):
    secondment = mine(skilled, python_request)
    assert skilled.client("finance_head").post(f"/api/v1/secondments/{secondment.pk}/accept/").status_code == 200
    refused = assert_error(skilled.client("hr_officer").post(f"/api/v1/secondments/{secondment.pk}/approve/"), 409)
    assert refused["code"] == "consent_needed" and "同意" in refused["message"]
    shown = skilled.client("hr_officer").get(f"/api/v1/secondments/{secondment.pk}/").json()
    assert shown["consent"] == "awaited"

    agreed = consent(skilled, secondment, True)
    assert agreed.status_code == 200, agreed.content
    assert (agreed.json()["consent"], agreed.json()["status"]) == ("given", "accepted")
    assert assert_error(consent(skilled, secondment, False), 409)["code"] == "consent_given"  # once
    approved = skilled.client("hr_officer").post(f"/api/v1/secondments/{secondment.pk}/approve/")
    assert approved.status_code == 200, approved.content


def test_a_cadre_may_agree_before_the_home_head_answers(skilled, python_request):
    secondment = mine(skilled, python_request)
    assert consent(skilled, secondment, True).json()["status"] == "proposed"
    skilled.client("finance_head").post(f"/api/v1/secondments/{secondment.pk}/accept/")
    assert skilled.client("leader").post(f"/api/v1/secondments/{secondment.pk}/approve/").status_code == 200


def test_a_declined_consent_is_not_proposed_again_for_that_request(skilled, python_request):
    secondment = mine(skilled, python_request)
    declined = consent(skilled, secondment, False, reason="家中有事")
    assert (declined.json()["status"], declined.json()["consent"]) == ("refused", "refused")
    assert declined.json()["refusal_reason"] == "家中有事"

    listed = candidates(skilled, python_request)
    assert "孙会" not in {c["name"] for c in listed["candidates"]}
    assert {x["name"]: x["reason"] for x in listed["exclusions"]}["孙会"] == "refused"
    again = skilled.client("hr_officer").post(f"/api/v1/share-requests/{python_request.pk}/propose/",
                                              {"cadre": skilled.accountant.pk}, format="json")
    assert assert_error(again, 409)["code"] == "declined_for_request"
    # The allocation skips them too: with only them left to propose, it proposes no one.
    for other in (skilled.office_clerk, skilled.finance_officer):
        SecondmentFactory(request=python_request, cadre=other, status="declined")
    dry = skilled.client("hr_officer").post("/api/v1/allocation/", {"dry_run": True}, format="json").json()
    assert dry["proposals"] == []


def test_hr_proposes_a_candidate_by_hand_awaiting_consent_and_not_twice(skilled, python_request):
    python_request.headcount = 2
    python_request.save()
    hr = skilled.client("hr_officer")
    url = f"/api/v1/share-requests/{python_request.pk}/propose/"
    made = hr.post(url, {"cadre": skilled.accountant.pk}, format="json")
    assert made.status_code == 201, made.content
    assert (made.json()["status"], made.json()["consent"]) == ("proposed", "awaited")
    assert made.json()["explanation"]["terms"]["skill_fit"] > 0
    assert assert_error(hr.post(url, {"cadre": skilled.accountant.pk}, format="json"), 409)["code"] \
        == "not_a_candidate"  # already proposed: busy for those dates
    assert_error(hr.post(url, {"cadre": skilled.it_engineer.pk}, format="json"), 400, field="cadre")
    assert_error(skilled.client("it_head").post(url, {"cadre": skilled.office_clerk.pk}, format="json"), 403)
    assert hr.post(url, {"cadre": skilled.office_clerk.pk}, format="json").status_code == 201
    assert assert_error(hr.post(url, {"cadre": skilled.finance_officer.pk}, format="json"), 409)["code"] \
        == "request_full"


def test_with_the_setting_off_the_home_heads_acceptance_is_enough(skilled, python_request, settings):
    settings.SECONDMENT_NEEDS_CONSENT = False
    secondment = mine(skilled, python_request)
    assert skilled.client("hr_officer").get(f"/api/v1/secondments/{secondment.pk}/").json()["consent"] == "not_needed"
    assert assert_error(consent(skilled, secondment, True), 409)["code"] == "consent_not_needed"
    skilled.client("finance_head").post(f"/api/v1/secondments/{secondment.pk}/accept/")
    assert skilled.client("hr_officer").post(f"/api/v1/secondments/{secondment.pk}/approve/").status_code == 200


def test_approvals_waiting_list_holds_only_agreed_secondments(skilled, python_request):
    waiting = mine(skilled, python_request)
    waiting.status = SecondmentStatus.ACCEPTED
    waiting.save()
    hr = Actor(skilled.users["hr_officer"])
    assert list(selectors.secondments_waiting_for(actor=hr).to_approve) == []
    consent(skilled, waiting, True)
    assert list(selectors.secondments_waiting_for(actor=hr).to_approve) == [waiting]


# --- the buttons equal the moves the services allow (as tests/sharing/test_moves.py, for the cadre's moves) ------

CONSENT_SERVICES = {
    "consent": lambda actor, s: services.secondment_consent(actor=actor, secondment=s),
    "refuse": lambda actor, s: services.secondment_refuse(actor=actor, secondment=s),
    "approve": lambda actor, s: services.secondment_approve(actor=actor, secondment=s),
}


def _goes_through(call, actor, record) -> bool:
    with transaction.atomic():
        try:
            call(actor, record)
        except (Forbidden, Conflict):
            return False
        finally:
            transaction.set_rollback(True)
    return True


@pytest.mark.parametrize("needed", [True, False])
@pytest.mark.parametrize("agreed", [True, False])
@pytest.mark.parametrize("status", SecondmentStatus.values)
@pytest.mark.parametrize("persona", ["cadre", "hr_officer", "finance_head"])
def test_the_consent_buttons_are_exactly_the_moves_allowed(skilled, python_request, settings, needed, agreed, status,
                                                          persona):
    settings.SECONDMENT_NEEDS_CONSENT = needed
    secondment = SecondmentFactory(request=python_request, cadre=skilled.accountant, status=status,
                                   consented_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC) if agreed else None)
    actor = Actor(skilled.users[persona])
    offered = selectors.secondment_moves(actor=actor, secondment=secondment) & set(CONSENT_SERVICES)
    allowed = {move for move, call in CONSENT_SERVICES.items() if _goes_through(call, actor, secondment)}
    assert offered == allowed


# --- the pages: the same rules on /me/, the candidate list and the secondment page ------------------------------

def test_the_request_page_marks_the_interested_and_the_secondment_page_shows_the_consent(skilled, python_request,
                                                                                       settings):
    opt_in(skilled)
    skilled.client("cadre").post(f"{ME}interests/", {"request": python_request.pk}, format="json")
    page = browser_of(skilled, "it_head").get(f"/requests/{python_request.pk}/").content.decode()
    assert page.count("本人有意向") == 1 and "本人意愿" not in page  # a mark; no term while it has no points
    settings.SECONDMENT_INTEREST_POINTS = 5
    page = browser_of(skilled, "it_head").get(f"/requests/{python_request.pk}/").content.decode()
    assert "本人意愿" in page and "本人已表示对该需求感兴趣。" in page and "满分 105" in page

    secondment = mine(skilled, python_request)
    shown = browser_of(skilled, "hr_officer").get(f"/secondments/{secondment.pk}/").content.decode()
    assert "待本人同意（同意后方可审批）" in shown
    secondment.status = SecondmentStatus.ACCEPTED
    secondment.save()
    shown = browser_of(skilled, "hr_officer").get(f"/secondments/{secondment.pk}/").content.decode()
    assert f"/secondments/{secondment.pk}/approve/" not in shown  # no button for a move the service refuses


def test_the_cadre_answers_on_their_page_and_only_for_their_own(skilled, python_request):
    own = mine(skilled, python_request)
    theirs = SecondmentFactory(request=python_request, cadre=skilled.finance_officer, consented_at=None)
    browser = browser_of(skilled, "cadre")
    assert "提名您参加的借调" in browser.get("/me/").content.decode()
    assert browser.post(f"/me/secondments/{theirs.pk}/consent/").status_code == 404
    assert browser.post(f"/me/secondments/{own.pk}/refuse/", {"refuse-reason": "照顾家人"}).status_code == 302
    own.refresh_from_db()
    assert (own.status, own.refusal_reason) == ("refused", "照顾家人")
    assert "提名您参加的借调" not in browser.get("/me/").content.decode()
    assert browser_of(skilled, "it_head").post("/me/mobility/", {}).status_code == 404  # no cadre record


def test_a_bad_preference_on_the_page_is_refused_beside_the_field(skilled):
    response = browser_of(skilled, "cadre").post("/me/mobility/", {"mobility-open_to_secondment": "on",
                                                                    "mobility-months": "40"})
    assert response.status_code == 400
    assert "has-error" in response.content.decode()
    assert skilled.client("cadre").get(f"{ME}mobility/").json()["open_to_secondment"] is False


@pytest.mark.parametrize(("persona", "shown"), [("hr_clerk", True), ("finance_head", True), ("leader", False)])
def test_the_cadre_page_shows_the_preference_to_hr_and_the_cadres_heads(skilled, python_request, persona, shown):
    opt_in(skilled)
    skilled.client("cadre").post(f"{ME}interests/", {"request": python_request.pk}, format="json")
    page = browser_of(skilled, persona).get(f"/cadres/{skilled.accountant.pk}/").content.decode()
    assert ("愿意自 2030-01-01 起借调 6 个月。" in page) is shown
    assert ("感兴趣的需求" in page and "数据中台开发" in page) is shown
    assert browser_of(skilled, "it_head").get(f"/cadres/{skilled.accountant.pk}/").status_code == 404
