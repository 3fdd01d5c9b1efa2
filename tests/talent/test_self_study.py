"""A cadre logs study; HR or their head confirms it; confirmed hours count, and a program's skill is proposed."""

import pytest
from django.utils import timezone

from talent.models import CadreSkill, ProgramSkill, SkillSource
from tests.factories import SkillFactory, TrainingProgramFactory
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db


def log(bureau, **body):
    today = timezone.localdate().isoformat()
    return bureau.client("cadre").post("/api/v1/me/study/", {"hours": "3.5", "studied_on": today, **body},
                                       format="json")


def test_confirmed_study_counts_in_this_years_hours_and_proposes_the_programs_skill(bureau):
    program = TrainingProgramFactory(name="数据治理实务")
    skill = SkillFactory(code="DG")
    ProgramSkill.objects.create(program=program, skill=skill, raises_to=3)
    logged = log(bureau, program=program.pk, evidence_url="https://study.example.cn/cert/1")
    assert logged.status_code == 201 and logged.json()["status"] == "pending"
    cadre = bureau.client("cadre")
    assert cadre.get("/api/v1/me/training/").json()["hours_this_year"] == "0.0"  # not yet confirmed

    answered = bureau.client("finance_head").post(f"/api/v1/self-study/{logged.json()['id']}/confirm/", {},
                                                  format="json")
    assert answered.status_code == 200 and answered.json()["status"] == "confirmed"
    assert cadre.get("/api/v1/me/training/").json()["hours_this_year"] == "3.5"
    proposed = CadreSkill.objects.get(cadre=bureau.accountant, skill=skill)
    assert proposed.level == 3 and proposed.source == SkillSource.SELF_DECLARED and proposed.verified_at is None
    again = bureau.client("hr_officer").post(f"/api/v1/self-study/{logged.json()['id']}/confirm/", {}, format="json")
    assert_error(again, 409)


def test_free_text_study_needs_a_topic_and_no_future_date(bureau):
    assert_error(log(bureau), 400, field="topic")
    tomorrow = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()
    assert_error(log(bureau, topic="自学 Python", studied_on=tomorrow), 400, field="studied_on")
    assert log(bureau, topic="自学 Python").status_code == 201


@pytest.mark.parametrize(("persona", "expected"), [
    ("hr_officer", 200), ("hr_clerk", 200), ("finance_head", 200), ("it_head", 404), ("leader", 403),
    ("auditor", 403), ("outsider", 403), ("cadre", 403), ("anonymous", 401)])
def test_who_confirms(bureau, persona, expected):
    study = log(bureau, topic="自学 Python").json()
    response = bureau.client(persona).post(f"/api/v1/self-study/{study['id']}/confirm/", {"confirm": False},
                                           format="json")
    assert response.status_code == expected


def test_a_head_linked_to_their_own_cadre_record_cannot_confirm_their_own_study(bureau):
    bureau.finance_officer.user = bureau.users["finance_head"]
    bureau.finance_officer.save()
    own = bureau.client("finance_head").post("/api/v1/me/study/", {"topic": "读书", "hours": "2",
                                                                   "studied_on": timezone.localdate().isoformat()},
                                             format="json").json()
    assert_error(bureau.client("finance_head").post(f"/api/v1/self-study/{own['id']}/confirm/", {}, format="json"),
                 403)
