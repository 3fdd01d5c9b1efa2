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
