"""Nominations: a head (for their own people) or HR nominates, leadership decides, the nominator may withdraw."""

import pytest
from auditlog.models import LogEntry

from incentives.models import Nomination
from talent.services import pool as talent_services
from tests.factories import CadreSkillFactory, ContributionFactory, SkillFactory
from tests.helpers import assert_error

URL = "/api/v1/nominations/"


@pytest.fixture
def backing(bureau):
    """The accountant's verified skill and contribution, and an unverified skill."""
    verified = CadreSkillFactory(cadre=bureau.accountant, skill=SkillFactory(code="SQL", name="SQL"), level=4)
    verified.verified_by = bureau.users["finance_head"]
    verified.verified_at = verified.since
    verified.save()
    unverified = CadreSkillFactory(cadre=bureau.accountant, skill=SkillFactory(code="GIS", name="地理信息"), level=3)
    contribution = ContributionFactory(cadre=bureau.accountant, title="财务共享平台上线")
    return verified, unverified, contribution


def nominate(client, cadre, **extra):
    return client.post(URL, {"cadre": cadre.pk, "kind": "reserve", "target": "处级后备",
                             "rationale": "数据分析能力突出，主动牵头财务共享平台建设。", **extra}, format="json")


def test_a_head_nominates_their_own_person_with_verified_skills_and_contributions(bureau, backing):
    verified, _unverified, contribution = backing
    response = nominate(bureau.client("finance_head"), bureau.accountant, skills=[verified.skill_id],
                        contributions=[contribution.pk])

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["kind_label"], body["cadre_name"]) == ("pending", "后备干部", "孙会")
    assert [(s["skill_name"], s["level"]) for s in body["skills"]] == [("SQL", 4)]
    assert [c["title"] for c in body["contributions"]] == ["财务共享平台上线"]
    assert body["nominated_by"] == "finance_head"


def test_the_supporting_skill_keeps_the_level_it_was_nominated_with(bureau, backing):
    verified, _unverified, _contribution = backing
    pk = nominate(bureau.client("finance_head"), bureau.accountant, skills=[verified.skill_id]).json()["id"]

    talent_services.cadre_skill_set(cadre=bureau.accountant, skill=verified.skill, level=2, source="assessed")

    assert bureau.client("leader").get(f"{URL}{pk}/").json()["skills"][0]["level"] == 4


def test_only_verified_skills_and_the_cadres_own_verified_contributions_support_a_nomination(bureau, backing):
    _verified, unverified, _contribution = backing
    head = bureau.client("finance_head")
    assert_error(nominate(head, bureau.accountant, skills=[unverified.skill_id]), 400, field="skills")
    elsewhere = ContributionFactory(cadre=bureau.it_engineer)
    unverified_work = ContributionFactory(cadre=bureau.accountant, status="submitted")
    for pk in (elsewhere.pk, unverified_work.pk, 999999):
        assert_error(nominate(head, bureau.accountant, contributions=[pk]), 400, field="contributions")
    assert Nomination.objects.count() == 0


def test_a_head_cannot_nominate_outside_their_departments_and_learns_nothing_about_who_exists(bureau):
    head = bureau.client("finance_head")
    hidden = assert_error(nominate(head, bureau.it_engineer), 404)
    missing = assert_error(head.post(URL, {"cadre": 999999, "kind": "reserve", "rationale": "好"}, format="json"), 404)

    assert hidden == missing
    assert Nomination.objects.count() == 0


def test_a_sub_unit_is_in_the_heads_scope(bureau):
    assert nominate(bureau.client("finance_head"), bureau.accountant).status_code == 201  # 会计科 under 财务处


def test_who_may_nominate(bureau):
    assert nominate(bureau.client("hr_clerk"), bureau.it_engineer).status_code == 201
    assert_error(nominate(bureau.client("leader"), bureau.it_engineer, kind="honour"), 403)
    assert_error(nominate(bureau.client("auditor"), bureau.it_engineer, kind="honour"), 403)
    assert_error(nominate(bureau.client("cadre"), bureau.accountant, kind="honour"), 403)


def test_one_pending_nomination_of_a_kind_per_cadre(bureau):
    assert nominate(bureau.client("finance_head"), bureau.accountant).status_code == 201
    assert_error(nominate(bureau.client("hr_clerk"), bureau.accountant), 409)
    assert nominate(bureau.client("hr_clerk"), bureau.accountant, kind="honour").status_code == 201


def test_leadership_approves_and_the_decision_is_final(bureau):
    pk = nominate(bureau.client("finance_head"), bureau.accountant).json()["id"]
    leader = bureau.client("leader")

    approved = leader.post(f"{URL}{pk}/approve/", {"note": "同意列入后备"}, format="json")

    assert approved.status_code == 200, approved.content
    body = approved.json()
    assert (body["status"], body["decided_by"], body["decision_note"]) == ("approved", "leader", "同意列入后备")
    assert_error(leader.post(f"{URL}{pk}/decline/", {"note": "改变主意"}, format="json"), 409)
    assert_error(leader.post(f"{URL}{pk}/approve/", {}, format="json"), 409)
    assert_error(bureau.client("finance_head").post(f"{URL}{pk}/withdraw/"), 409)
    assert Nomination.objects.get(pk=pk).status == "approved"
    assert LogEntry.objects.filter(content_type__model="nomination", object_pk=str(pk)).count() == 2


def test_declining_needs_a_note(bureau):
    pk = nominate(bureau.client("finance_head"), bureau.accountant).json()["id"]
    leader = bureau.client("leader")

    assert_error(leader.post(f"{URL}{pk}/decline/", {"note": "  "}, format="json"), 400, field="note")
    declined = leader.post(f"{URL}{pk}/decline/", {"note": "任职年限不足"}, format="json")

    assert declined.json()["status"] == "declined"


def test_only_leadership_decides(bureau):
    pk = nominate(bureau.client("finance_head"), bureau.accountant).json()["id"]
    for persona in ("finance_head", "hr_officer", "auditor"):
        assert_error(bureau.client(persona).post(f"{URL}{pk}/approve/", {}, format="json"), 403)
    assert Nomination.objects.get(pk=pk).status == "pending"


def test_the_nominator_withdraws_while_pending_and_no_one_else_may(bureau):
    pk = nominate(bureau.client("finance_head"), bureau.accountant).json()["id"]
    assert_error(bureau.client("hr_officer").post(f"{URL}{pk}/withdraw/"), 403)

    withdrawn = bureau.client("finance_head").post(f"{URL}{pk}/withdraw/")

    assert withdrawn.json()["status"] == "withdrawn"
    assert_error(bureau.client("finance_head").post(f"{URL}{pk}/withdraw/"), 409)
    assert_error(bureau.client("leader").post(f"{URL}{pk}/approve/", {}, format="json"), 409)


def test_who_reads_which_nominations(bureau):
    nominate(bureau.client("hr_clerk"), bureau.accountant)
    it_pk = nominate(bureau.client("hr_clerk"), bureau.it_engineer).json()["id"]

    def names(persona):
        return sorted(n["cadre_name"] for n in bureau.client(persona).get(URL).json()["results"])

    assert names("finance_head") == ["孙会"]
    assert names("it_head") == ["李码"]
    assert names("leader") == names("auditor") == names("hr_clerk") == ["孙会", "李码"]
    assert_error(bureau.client("finance_head").get(f"{URL}{it_pk}/"), 404)
    assert_error(bureau.client("finance_head").post(f"{URL}{it_pk}/withdraw/"), 404)
    assert_error(bureau.client("cadre").get(URL), 403)


def test_a_cadre_sees_their_own_decided_nominations_only(bureau):
    decided = nominate(bureau.client("finance_head"), bureau.accountant).json()["id"]
    bureau.client("leader").post(f"{URL}{decided}/approve/", {"note": "同意"}, format="json")
    nominate(bureau.client("finance_head"), bureau.accountant, kind="honour")  # pending: not shown yet
    nominate(bureau.client("hr_clerk"), bureau.it_engineer, kind="honour")  # someone else's

    mine = bureau.client("cadre").get("/api/v1/me/nominations/").json()

    assert [(n["id"], n["status"]) for n in mine] == [(decided, "approved")]


def test_a_text_with_a_direction_character_is_refused_naming_the_field(bureau):
    response = nominate(bureau.client("finance_head"), bureau.accountant, rationale="能力\u202e突出")

    assert_error(response, 400, field="rationale")


@pytest.mark.parametrize("state", ["pending", "approved", "declined", "withdrawn"])
@pytest.mark.parametrize("persona", ["finance_head", "it_head", "hr_clerk", "leader", "auditor"])
def test_the_moves_a_page_offers_are_exactly_the_ones_the_services_allow(bureau, state, persona):
    from django.db import transaction

    from core.errors import DomainError
    from incentives.selectors.nominations import nomination_moves
    from incentives.services import nominations as services
    from talent.access import Actor

    nomination = Nomination.objects.create(cadre=bureau.accountant, kind="reserve", rationale="业务骨干",
                                           nominated_by=bureau.users["finance_head"], status=state)
    actor = Actor(bureau.users[persona])
    attempts = {
        "approve": lambda: services.nomination_decide(actor=actor, nomination=nomination, approve=True),
        "decline": lambda: services.nomination_decide(actor=actor, nomination=nomination, approve=False, note="不"),
        "withdraw": lambda: services.nomination_withdraw(actor=actor, nomination=nomination),
    }
    allowed = set()
    for move, attempt in attempts.items():
        try:
            with transaction.atomic():
                attempt()
                allowed.add(move)
                transaction.set_rollback(True)
        except DomainError:
            pass

    assert nomination_moves(actor=actor, nomination=nomination) == allowed


def test_leadership_is_told_of_a_nomination_and_the_nominator_of_the_decision(
        bureau, django_capture_on_commit_callbacks):
    from core.models import Notice

    with django_capture_on_commit_callbacks(execute=True):
        pk = nominate(bureau.client("finance_head"), bureau.accountant).json()["id"]
    told = Notice.objects.get(recipient=bureau.users["leader"])
    assert (told.title, told.link) == ("一项推荐等待您决定", f"/nominations/{pk}/")
    assert "孙会" in told.text

    with django_capture_on_commit_callbacks(execute=True):
        bureau.client("leader").post(f"{URL}{pk}/decline/", {"note": "任职年限不足"}, format="json")
    answer = Notice.objects.get(recipient=bureau.users["finance_head"])
    assert (answer.title, answer.text) == ("您对孙会的推荐未批准", "任职年限不足")
