"""The secondment workflow through the API: proposals from the global allocation, the home head's consent,
approval, the cadre's status following, completion with a rating, and the moves that are refused."""

import datetime

import pytest
from django.utils import timezone

from sharing.models import AllocationRun, Secondment, SharingRule
from sharing.selectors import secondments as selectors
from sharing.services import secondments as services
from talent.models import Cadre
from tests.factories import (
    CadreFactory,
    CadreSkillFactory,
    RequiredSkillFactory,
    SecondmentFactory,
    ShareRequestFactory,
)
from tests.helpers import assert_error, job_outcome

ALLOCATE = "/api/v1/allocation/"


def stored_run(client):
    """A stored run is a job; followed here to its end."""
    return job_outcome(client, client.post(ALLOCATE, {"dry_run": False}, format="json"))
URL = "/api/v1/secondments/"


def move(bureau, persona, secondment, action, **data):
    return bureau.client(persona).post(f"{URL}{secondment.pk}/{action}/", data, format="json")


def test_a_dry_run_shows_proposals_without_storing_them(skilled, python_request):
    response = skilled.client("hr_officer").post(ALLOCATE, {"dry_run": True}, format="json")
    assert response.status_code == 200, response.content
    [proposal] = response.json()["proposals"]
    assert (proposal["name"], proposal["request"]) == ("赵文", python_request.pk)
    assert response.json()["run"] is None
    assert proposal["secondment"] is None
    assert not Secondment.objects.exists()


def test_the_allocation_stores_proposals_with_score_and_explanation_once(skilled, python_request):
    response = stored_run(skilled.client("hr_officer"))
    assert response.status_code == 201, response.content
    secondment = Secondment.objects.get()
    assert (secondment.cadre, secondment.status, secondment.host_department) == (
        skilled.office_clerk, "proposed", skilled.it)
    assert float(secondment.score) == response.json()["proposals"][0]["score"]
    assert response.json()["proposals"][0]["secondment"] == secondment.pk  # to follow it: /secondments/<id>/
    assert secondment.explanation["terms"]["skill_fit"] == 40.0
    assert AllocationRun.objects.get().proposals == 1
    # The place is held by the proposal: a second run proposes nobody more.
    again = stored_run(skilled.client("hr_officer"))
    assert again.json()["proposals"] == []
    assert Secondment.objects.count() == 1


@pytest.mark.parametrize("persona", ["it_head", "leader", "auditor"])
def test_only_hr_runs_the_allocation(skilled, python_request, persona):
    assert_error(skilled.client(persona).post(ALLOCATE, {"dry_run": True}, format="json"), 403)


def test_the_allocation_flag_must_be_a_boolean(skilled):
    assert_error(skilled.client("hr_officer").post(ALLOCATE, {"dry_run": "perhaps"}, format="json"), 400,
                 field="dry_run")


def test_accepted_and_approved_secondment_starts_and_the_cadre_is_seconded_until_completed(skilled, python_request):
    today = timezone.localdate()
    python_request.start_date, python_request.end_date = today, today + datetime.timedelta(days=30)
    python_request.save()
    secondment = SecondmentFactory(request=python_request, cadre=skilled.finance_officer)

    assert move(skilled, "finance_head", secondment, "accept").json()["status"] == "accepted"
    approved = move(skilled, "leader", secondment, "approve")
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "active"  # its start date has come
    assert Cadre.objects.get(pk=skilled.finance_officer.pk).status == "seconded"
    assert python_request.__class__.objects.get(pk=python_request.pk).status == "fulfilled"

    completed = move(skilled, "it_head", secondment, "complete", rating=5, comment="按期交付")
    assert (completed.json()["status"], completed.json()["rating"]) == ("completed", 5)
    assert Cadre.objects.get(pk=skilled.finance_officer.pk).status == "active"
    assert selectors.completed_secondments_by_cadre(start=today, end=today)[skilled.finance_officer.pk][0].rating == 5


def test_an_approved_secondment_starts_on_its_start_date(skilled, python_request):
    secondment = SecondmentFactory(request=python_request, cadre=skilled.finance_officer, status="approved")
    assert services.secondments_start_due(today=python_request.start_date - datetime.timedelta(days=1)) == 0
    assert services.secondments_start_due(today=python_request.start_date) == 1
    secondment.refresh_from_db()
    assert secondment.status == "active"
    assert Cadre.objects.get(pk=skilled.finance_officer.pk).status == "seconded"


def test_a_declined_cadre_is_not_proposed_again_for_that_request(skilled, python_request):
    hr = skilled.client("hr_officer")
    stored_run(hr)
    first = Secondment.objects.get()
    # 赵文 belongs to the office, which has no head in this bureau: HR cannot decline for it.
    assert_error(move(skilled, "hr_officer", first, "decline", reason="x"), 403)
    first.cadre, first.home_department = skilled.finance_officer, skilled.finance
    first.save()
    declined = move(skilled, "finance_head", first, "decline", reason="年底决算离不开")
    assert (declined.json()["status"], declined.json()["decline_reason"]) == ("declined", "年底决算离不开")
    proposals = hr.post(ALLOCATE, {"dry_run": True}, format="json").json()["proposals"]
    assert "钱进" not in [p["name"] for p in proposals]


def test_a_reason_is_needed_to_decline_or_cancel(skilled, python_request):
    secondment = SecondmentFactory(request=python_request, cadre=skilled.finance_officer)
    assert_error(move(skilled, "finance_head", secondment, "decline"), 400, field="reason")
    assert_error(move(skilled, "hr_officer", secondment, "cancel", reason=""), 400, field="reason")


@pytest.mark.parametrize("status, persona, action, data", [
    ("proposed", "hr_officer", "approve", {}),
    ("accepted", "finance_head", "accept", {}),
    ("completed", "hr_officer", "cancel", {"reason": "晚了"}),
    ("declined", "finance_head", "accept", {}),
    ("approved", "it_head", "complete", {"rating": 4}),
    ("cancelled", "hr_officer", "approve", {}),
])
def test_a_move_the_status_does_not_allow_is_a_conflict(skilled, python_request, status, persona, action, data):
    secondment = SecondmentFactory(request=python_request, cadre=skilled.finance_officer, status=status)
    assert_error(move(skilled, persona, secondment, action, **data), 409)
    assert Secondment.objects.get(pk=secondment.pk).status == status


@pytest.mark.parametrize("status, persona, action, data", [
    ("proposed", "it_head", "accept", {}),  # only the home head consents
    ("accepted", "finance_head", "approve", {}),  # heads do not approve
    ("active", "finance_head", "complete", {"rating": 5}),  # the host rates
    ("proposed", "finance_head", "cancel", {"reason": "不借"}),  # the home head declines instead
])
def test_each_move_belongs_to_its_role(skilled, python_request, status, persona, action, data):
    secondment = SecondmentFactory(request=python_request, cadre=skilled.finance_officer, status=status)
    assert_error(move(skilled, persona, secondment, action, **data), 403)


@pytest.mark.parametrize("rating", [0, 6, "five", None])
def test_the_rating_is_one_to_five(skilled, python_request, rating):
    secondment = SecondmentFactory(request=python_request, cadre=skilled.finance_officer, status="active")
    assert_error(move(skilled, "it_head", secondment, "complete", rating=rating), 400, field="rating")


def test_cancelling_an_approved_secondment_reopens_the_fulfilled_request(skilled, python_request):
    python_request.status = "fulfilled"
    python_request.save()
    secondment = SecondmentFactory(request=python_request, cadre=skilled.finance_officer, status="active")
    Cadre.objects.filter(pk=skilled.finance_officer.pk).update(status="seconded")
    cancelled = move(skilled, "it_head", secondment, "cancel", reason="项目暂停")
    assert cancelled.json()["status"] == "cancelled"
    python_request.refresh_from_db()
    assert python_request.status == "open"
    assert Cadre.objects.get(pk=skilled.finance_officer.pk).status == "active"


def test_a_second_approval_for_overlapping_dates_is_refused(skilled, python_request):
    other = SecondmentFactory(cadre=skilled.finance_officer, status="approved",
                              request__start_date=python_request.end_date, request__end_date=python_request.end_date)
    secondment = SecondmentFactory(request=python_request, cadre=skilled.finance_officer, status="accepted")
    assert other.pk
    error = assert_error(move(skilled, "hr_officer", secondment, "approve"), 409)
    assert error["code"] == "cadre_already_seconded"


def test_heads_see_the_secondments_of_their_departments_only(skilled, python_request):
    SecondmentFactory(request=python_request, cadre=skilled.finance_officer)
    SecondmentFactory(request__department=skilled.office, cadre=skilled.accountant)
    assert len(skilled.client("it_head").get(URL).json()["results"]) == 1  # hosts the first
    assert len(skilled.client("finance_head").get(URL).json()["results"]) == 2  # lends both (accounting is below)
    assert len(skilled.client("leader").get(URL).json()["results"]) == 2


def test_the_allocation_books_no_one_twice_and_keeps_department_caps(skilled, python_request, python, settings):
    settings.SECONDMENT_LENDING_PERCENT = 50
    for _n in range(3):  # the office grows to four, so it may lend two
        CadreFactory(department=skilled.office)
    second = CadreFactory(department=skilled.finance, name="钱多")  # finance: two people, may lend one
    CadreSkillFactory(cadre=second, skill=python, level=3)
    python_request.headcount = 3
    python_request.save()
    RequiredSkillFactory(request__department=skilled.archive, request__headcount=3, skill=python, min_level=3)
    proposals = skilled.client("hr_officer").post(ALLOCATE, {"dry_run": True}, format="json").json()["proposals"]
    cadres = [p["cadre"] for p in proposals]
    assert len(cadres) == len(set(cadres))
    from_finance = [p for p in proposals if p["department"] == skilled.finance.pk]
    assert len(from_finance) == 1
    # The office may lend two but has one Python holder; accounting's one person rounds down to nobody.
    assert sorted(p["name"] for p in proposals if p["department"] != skilled.finance.pk) == ["赵文"]


RECORD = f"{URL}record/"


def past(bureau, cadre, **changes):
    return {"cadre": cadre.pk, "host_department": bureau.it.pk, "title": "网站改版", "start_date": "2024-03-01",
            "end_date": "2024-06-30", "rating": 5, "comment": "按期完成", **changes}


def test_hr_records_a_past_secondment_and_it_ties_the_two_departments_for_the_next_request(skilled, python_request):
    python_request.status = "open"
    python_request.save()
    before = skilled.client("it_head").get(f"/api/v1/share-requests/{python_request.pk}/candidates/").json()
    assert {c["name"]: c["affinity"] for c in before["candidates"]}["赵文"] == 0

    response = skilled.client("hr_officer").post(RECORD, past(skilled, skilled.accountant), format="json")
    assert response.status_code == 201, response.content
    recorded = response.json()
    assert (recorded["status"], recorded["rating"], recorded["home_department"], recorded["completed_on"]) == (
        "completed", 5, skilled.accounting.pk, "2024-06-30")
    secondment = Secondment.objects.get(pk=recorded["id"])
    assert secondment.request.status == "closed"
    assert secondment.request.department == skilled.it

    after = skilled.client("it_head").get(f"/api/v1/share-requests/{python_request.pk}/candidates/").json()
    assert {c["name"]: c["affinity"] for c in after["candidates"]}["孙会"] > 0
    assert selectors.completed_secondments_by_cadre(
        start=datetime.date(2024, 1, 1), end=datetime.date(2024, 12, 31)) == {skilled.accountant.pk: [secondment]}


@pytest.mark.parametrize("persona", ["it_head", "leader", "auditor"])
def test_only_hr_records_past_secondments(skilled, persona):
    assert_error(skilled.client(persona).post(RECORD, past(skilled, skilled.accountant), format="json"), 403)


@pytest.mark.parametrize(("changes", "field"), [
    ({"end_date": "2099-12-31"}, "end_date"),  # not over yet
    ({"end_date": "2024-02-01"}, "end_date"),  # before it started
    ({"rating": 6}, "rating"),
    ({"start_date": "1999-12-31"}, "start_date"),
    ({"host_department": 10**9}, "host_department"),
])
def test_a_past_secondment_with_bad_data_is_refused_naming_the_field(skilled, changes, field):
    response = skilled.client("hr_officer").post(RECORD, past(skilled, skilled.accountant, **changes), format="json")
    assert_error(response, 400, field=field)
    assert not Secondment.objects.exists()


def test_a_past_secondment_to_ones_own_department_or_overlapping_another_is_refused(skilled):
    hr = skilled.client("hr_officer")
    assert_error(hr.post(RECORD, past(skilled, skilled.it_engineer), format="json"), 400, field="host_department")
    assert hr.post(RECORD, past(skilled, skilled.accountant), format="json").status_code == 201
    overlapping = past(skilled, skilled.accountant, start_date="2024-06-01", end_date="2024-08-31")
    assert_error(hr.post(RECORD, overlapping, format="json"), 409)
    assert Secondment.objects.count() == 1


def test_an_active_secondment_past_its_end_date_still_counts_as_lent(skilled, python_request, settings):
    """Until the host completes it, an overdue secondment keeps its person away from home: the department's
    cap still counts them, so the allocation does not lend the department past it."""
    settings.SECONDMENT_LENDING_PERCENT = 50  # two people in the office and in finance: each may lend one
    CadreFactory(department=skilled.office)
    away = CadreFactory(department=skilled.finance, name="钱远")
    overdue = ShareRequestFactory(department=skilled.archive, start_date=datetime.date(2020, 1, 1),
                                  end_date=datetime.date(2020, 6, 30))
    SecondmentFactory(request=overdue, cadre=away, status="active")
    python_request.headcount = 2
    python_request.save()
    proposals = skilled.client("hr_officer").post(ALLOCATE, {"dry_run": True}, format="json").json()["proposals"]
    assert [p["name"] for p in proposals] == ["赵文"]


def test_an_allocation_runs_title_shows_the_bureaus_time():
    run = AllocationRun(proposals=3)
    run.run_at = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)

    assert str(run) == "2026-03-02 07:30 · 3"


# --- the departments' sharing rules -------------------------------------------------------------------

def test_one_person_proposed_for_two_windows_is_one_person_lent(skilled, python_request, python):
    """The office may lend one person and 赵文 is proposed for June: the allocation may propose him again for a
    later request, as that lends no one more, but not a second office person."""
    SharingRule.objects.create(department=skilled.office, cap_people=1)
    second = CadreFactory(department=skilled.office, name="周二")
    CadreSkillFactory(cadre=second, skill=python, level=5, source="certified")
    SecondmentFactory(request=python_request, cadre=skilled.office_clerk)
    python_request.status = "open"
    python_request.save()
    later = ShareRequestFactory(department=skilled.it, title="数据中台运维", status="open",
                                start_date=datetime.date(2030, 9, 1), end_date=datetime.date(2030, 9, 30))
    RequiredSkillFactory(request=later, skill=python, min_level=5, weight=1)
    proposals = skilled.client("hr_officer").post(ALLOCATE, {"dry_run": True}, format="json").json()["proposals"]
    assert [(p["name"], p["request"]) for p in proposals] == [("赵文", later.pk)]
    body = skilled.client("hr_officer").get(f"/api/v1/share-requests/{later.pk}/candidates/").json()
    assert {x["name"]: x["reason"] for x in body["exclusions"]} == {"周二": "lending_cap_reached"}


def test_hr_proposing_someone_with_too_little_notice_or_for_too_long_is_refused(skilled, python_request):
    today = timezone.localdate()
    python_request.status = "open"
    python_request.start_date, python_request.end_date = today + datetime.timedelta(days=5), today + \
        datetime.timedelta(days=50)
    python_request.save()
    hr = skilled.client("hr_officer")
    propose = f"/api/v1/share-requests/{python_request.pk}/propose/"
    SharingRule.objects.create(department=skilled.finance, notice_days=10)
    SharingRule.objects.create(department=skilled.office, max_months=1)
    for cadre, words in ((skilled.finance_officer, "notice"), (skilled.office_clerk, "longer")):
        error = assert_error(hr.post(propose, {"cadre": cadre.pk}, format="json", HTTP_ACCEPT_LANGUAGE="en"), 409)
        assert error["code"] == "not_a_candidate" and words in error["message"]
    SharingRule.objects.filter(department=skilled.office).update(max_months=2)
    assert hr.post(propose, {"cadre": skilled.office_clerk.pk}, format="json").status_code == 201


def test_approving_after_hr_tightened_the_rule_is_refused_with_the_rule(skilled, python_request):
    secondment = SecondmentFactory(request=python_request, cadre=skilled.office_clerk, status="accepted")
    SharingRule.objects.create(department=skilled.office, max_months=1)
    python_request.end_date = datetime.date(2030, 7, 1)  # a month and a day
    python_request.save()
    Secondment.objects.filter(pk=secondment.pk).update(end_date=python_request.end_date)
    error = assert_error(move(skilled, "leader", secondment, "approve"), 409)
    assert error["code"] == "secondment_too_long" and "1" in error["message"]
    secondment.refresh_from_db()
    assert secondment.status == "accepted"
    SharingRule.objects.filter(department=skilled.office).update(max_months=2)
    assert move(skilled, "leader", secondment, "approve").status_code == 200
