"""My record: a cadre reads their own record through /api/v1/me/... and the /me/ page, and nothing of anyone else's."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from tests.factories import (
    AssessmentFactory,
    CadreSkillFactory,
    ContributionFactory,
    SecondmentFactory,
    TrainingRecordFactory,
)
from tests.helpers import assert_error
from tests.workspace.conftest import browser_of

pytestmark = pytest.mark.django_db

OWN_READS = ["details", "skills", "skill-history", "literacy", "recommendations", "training", "secondments",
             "contributions", "certificates"]


@pytest.fixture
def lives(bureau):
    """Something of each kind for the cadre persona (the accountant) and for a colleague (the IT engineer)."""
    today = timezone.localdate()
    for cadre in (bureau.accountant, bureau.it_engineer):
        AssessmentFactory(cadre=cadre, perception=40)
        CadreSkillFactory(cadre=cadre)
        TrainingRecordFactory(cadre=cadre, hours=6, completed_on=today)
        TrainingRecordFactory(cadre=cadre, hours=30, completed_on=datetime.date(today.year - 1, 6, 1))
        ContributionFactory(cadre=cadre, title=f"{cadre.name}的项目")
        SecondmentFactory(cadre=cadre)
    return bureau


def test_the_cadre_reads_their_own_details_in_full_and_the_read_is_audited(lives):
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    details = lives.client("cadre").get("/api/v1/me/details/").json()
    assert details["national_id"] == lives.accountant.national_id
    assert details["mobile"] == lives.accountant.mobile
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == before + 1


@pytest.mark.parametrize("what", OWN_READS)
def test_every_own_read_holds_only_the_own_record(lives, what):
    response = lives.client("cadre").get(f"/api/v1/me/{what}/")
    assert response.status_code == 200
    text = response.content.decode()
    other = lives.it_engineer
    assert other.name not in text and other.staff_number not in text and other.national_id not in text


def test_gaps_and_learning_hours_this_year(lives):
    cadre = lives.client("cadre")
    literacy = cadre.get("/api/v1/me/literacy/").json()
    perception = next(c for c in literacy["capacities"] if c["capacity"] == "perception")
    assert perception["score"] == 40 and perception["gap"] == perception["target"] - 40
    assert cadre.get("/api/v1/me/training/").json()["hours_this_year"] == "6.0"


@pytest.mark.parametrize("what", OWN_READS)
@pytest.mark.parametrize("persona", ["outsider", "leader"])
def test_a_login_with_no_cadre_record_gets_403_no_cadre(bureau, persona, what):
    assert assert_error(bureau.client(persona).get(f"/api/v1/me/{what}/"), 403)["code"] == "no_cadre"


@pytest.mark.parametrize("path", [
    lambda b: f"/api/v1/cadres/{b.it_engineer.pk}/", lambda b: f"/api/v1/cadres/{b.accountant.pk}/",
    lambda b: "/api/v1/cadres/", lambda b: f"/api/v1/cadres/{b.it_engineer.pk}/literacy/",
    lambda b: "/api/v1/secondments/", lambda b: "/api/v1/contributions/", lambda b: "/api/v1/certificates/",
    lambda b: "/api/v1/training/records/",
])
def test_the_cadre_reads_the_pool_only_through_me(bureau, path):
    """The pool's endpoints are closed to the cadre role altogether (403 whatever the id: a cadre cannot tell
    whose record exists); their own record is read under /me/ only."""
    assert_error(bureau.client("cadre").get(path(bureau)), 403)


def test_the_me_page_shows_gaps_and_hours_and_no_one_elses_record(lives):
    page = browser_of(lives, "cadre").get("/me/")
    assert page.status_code == 200
    text = page.content.decode()
    assert lives.accountant.name in text and lives.accountant.national_id in text
    assert lives.it_engineer.name not in text


def test_the_me_page_without_a_cadre_record_is_404(bureau):
    assert browser_of(bureau, "leader").get("/me/").status_code == 404


def test_the_cadre_logs_study_on_their_page_and_a_refusal_changes_nothing(bureau):
    from talent.models import SelfStudy

    browser = browser_of(bureau, "cadre")
    today = timezone.localdate()

    nothing = browser.post("/me/study/", {"study-hours": "2", "study-studied_on": today.isoformat()})
    assert nothing.status_code == 400 and "请选择培训项目或填写学习内容" in nothing.content.decode()
    ahead = browser.post("/me/study/", {"study-topic": "公开课", "study-hours": "2",
                                        "study-studied_on": (today + datetime.timedelta(days=1)).isoformat()})
    assert ahead.status_code == 400 and "Study cannot be logged ahead" not in ahead.content.decode()
    too_long = browser.post("/me/study/", {"study-topic": "公开课", "study-hours": "500",
                                           "study-studied_on": today.isoformat()})
    assert too_long.status_code == 400
    assert not SelfStudy.objects.exists()

    logged = browser.post("/me/study/", {"study-topic": "数据治理公开课", "study-hours": "2.5",
                                         "study-studied_on": today.isoformat()})
    assert logged.status_code == 302 and logged["Location"] == "/me/#study"
    study = SelfStudy.objects.get()
    assert (study.cadre, study.topic, str(study.hours), study.status) == (bureau.accountant, "数据治理公开课", "2.5",
                                                                          "pending")
    assert "数据治理公开课" in browser.get("/me/").content.decode()


def test_only_a_cadre_with_a_record_logs_study_on_the_page(bureau):
    assert browser_of(bureau, "hr_officer").post("/me/study/", {"study-topic": "x", "study-hours": "1"}).status_code \
        in (403, 404)
