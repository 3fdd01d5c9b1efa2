"""/talent-demand/: the talent-demand survey as a page, with the unmet demand of the year; a skill opens the search
for it. Leadership and HR read every department, a head their own; the unmet demand is the bureau's for all."""

import pytest
from django.utils import timezone

from talent.models import UnmetDemand
from tests.factories import SkillFactory
from tests.workspace.conftest import browser_of


@pytest.fixture
def unmet(bureau):
    rpa = SkillFactory(code="RPA", name="流程自动化")
    UnmetDemand.objects.create(skill=rpa, day=timezone.localdate(), searches=3)
    return bureau


@pytest.mark.parametrize("persona, status", [("leader", 200), ("hr_clerk", 200), ("it_head", 200),
                                             ("auditor", 403)])
def test_who_reads_the_survey_page(unmet, persona, status):
    assert browser_of(unmet, persona).get("/talent-demand/").status_code == status


def test_the_page_shows_the_unmet_demand_linking_to_the_search(unmet):
    text = browser_of(unmet, "leader").get("/talent-demand/", {"year": timezone.localdate().year}).content.decode()

    assert '<a href="/talent/?skill=RPA">流程自动化</a>' in text
    assert ">3</td>" in text
    assert "信息中心" in text and "财务处" in text


def test_a_head_reads_their_own_departments(unmet):
    text = browser_of(unmet, "it_head").get("/talent-demand/").content.decode()

    assert "信息中心" in text and "财务处" not in text
    assert "流程自动化" in text


def test_a_bad_period_shows_the_default_period(unmet):
    response = browser_of(unmet, "leader").get("/talent-demand/", {"year": "nonsense", "part": "Q9"})
    assert response.status_code == 200
