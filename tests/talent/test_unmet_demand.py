"""Unmet demand: talent searches that found nobody, counted per skill and day, and shown in the talent-demand survey.

The bureau holds SQL (孙会 of accounting at 3, nobody higher) and no GIS at all. A search counts only for the
skills the whole bureau lacks at the level asked, whoever searched and whatever they may see, and the count keeps
the skill and the day only.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from talent import search
from talent.models import Skill, UnmetDemand
from talent.search import Requirement
from talent.selectors.pool import TalentQuery
from talent.services import demand as services
from tests.factories import CadreSkillFactory, SkillFactory
from tests.helpers import race
from tests.workspace.conftest import browser_of

SEARCH = "/api/v1/talent-search/"
SURVEY = "/api/v1/talent-demand/"


@pytest.fixture
def pool(bureau):
    sql = SkillFactory(code="SQL", name="数据库查询")
    SkillFactory(code="GIS", name="地理信息系统")
    CadreSkillFactory(cadre=bureau.accountant, skill=sql, level=3)
    return bureau


def counts() -> dict[str, int]:
    return {row.skill.code: row.searches for row in UnmetDemand.objects.select_related("skill")}


def searched(bureau, persona="hr_officer", **params) -> list[str]:
    response = bureau.client(persona).get(SEARCH, params)
    assert response.status_code == 200, response.content
    return [hit["name"] for hit in response.json()["results"]]


@pytest.mark.parametrize(("required", "any_of", "best", "lacking"), [
    (["SQL:3"], [], {"SQL": 3}, ()),
    (["SQL:4"], [], {"SQL": 3}, ("SQL",)),
    (["SQL:3", "GIS:1"], [], {"SQL": 3}, ("GIS",)),
    ([], ["GIS:1", "SQL:3"], {"SQL": 3}, ()),  # one of the any-of is held: the any-of part could be met
    ([], ["GIS:1", "SQL:4"], {"SQL": 3}, ("GIS", "SQL")),
    (["SQL:3", "PY:2"], [], {"SQL": 3, "PY": 2}, ()),  # each held, maybe not by one person: not a lack
    (["GIS:1"], ["GIS:2"], {}, ("GIS",)),
])
def test_the_skills_counted_are_those_the_bureau_lacks_at_the_level_asked(required, any_of, best, lacking):
    parse = search.parse_requirement
    assert search.unmet([parse(r) for r in required], [parse(r) for r in any_of], best) == lacking


def test_a_search_that_finds_nobody_counts_and_one_that_finds_someone_does_not(pool):
    assert searched(pool, skill="GIS:2") == []
    assert searched(pool, skill="GIS:1") == []
    assert searched(pool, skill="SQL:3") == ["孙会"]
    assert counts() == {"GIS": 2}  # one row for the day

    assert searched(pool, skill="SQL:4") == []
    assert counts() == {"GIS": 2, "SQL": 1}
    assert UnmetDemand.objects.get(skill__code="SQL").day == timezone.localdate()


def test_nobody_found_in_what_a_head_may_see_is_not_counted_while_the_bureau_holds_the_skill(pool):
    # The IT head filters on a hidden field of 孙会 (her rank) and on his own department: nobody, for him.
    assert searched(pool, "it_head", skill="SQL:3", rank="principal_4") == []
    assert searched(pool, "it_head", skill="SQL:3", department=pool.it.pk) == []
    assert searched(pool, "hr_officer", skill="SQL:3", status="left") == []
    assert counts() == {}

    assert searched(pool, "it_head", skill="GIS:1", department=pool.it.pk) == []
    assert counts() == {"GIS": 1}


def test_a_skill_held_only_by_someone_who_left_is_unmet(pool):
    pool.accountant.status = "left"
    pool.accountant.save()

    assert searched(pool, skill="SQL:1") == []
    assert counts() == {"SQL": 1}


def test_the_talent_page_counts_as_the_api_does(pool):
    page = browser_of(pool, "finance_head").get("/talent/", {"skill_name": "地理信息系统", "skill_level": "2"})

    assert page.status_code == 200
    assert counts() == {"GIS": 1}


def test_a_link_with_the_apis_skill_parameter_searches_by_it(pool):
    page = browser_of(pool, "hr_officer").get("/talent/", {"skill": "SQL:3"})

    text = page.content.decode()
    assert page.status_code == 200
    assert "孙会" in text
    assert 'value="数据库查询"' in text  # the row shows the skill's name, at the level linked
    assert '<option value="3" selected' in text.split('value="数据库查询"', 1)[1]

    unknown = browser_of(pool, "hr_officer").get("/talent/", {"skill": "NOSUCH"})
    assert unknown.status_code == 400
    assert "NOSUCH" in unknown.content.decode()


def test_the_survey_shows_a_years_unmet_demand_per_skill_and_no_more(pool):
    today = timezone.localdate()
    gis = Skill.objects.get(code="GIS")
    for day, searches in ((today, 2), (today - timedelta(days=364), 3), (today - timedelta(days=365), 50)):
        UnmetDemand.objects.create(skill=gis, day=day, searches=searches)

    for persona in ("leader", "finance_head"):
        unmet = pool.client(persona).get(SURVEY, {"period": str(today.year)}).json()["summary"]["unmet"]
        assert unmet["until"] == today.isoformat()
        assert unmet["skills"] == [{"skill": "GIS", "name": "地理信息系统", "searches": 5}]


def test_counting_nothing_keeps_nothing_of_the_searcher(pool):
    """The table holds a skill, a day and a number: nothing that names a person or a department."""
    assert {f.name for f in UnmetDemand._meta.concrete_fields} == {"id", "skill", "day", "searches"}


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two concurrent PostgreSQL connections")
@pytest.mark.django_db(transaction=True)
def test_two_searches_at_once_on_a_new_day_both_count(pool):
    """The first search's row is not yet committed when the second looks: the second's insert waits, fails on the
    day's row and adds to it."""
    gis = Skill.objects.get(code="GIS")
    query = TalentQuery(required=(Requirement("GIS", 1),))

    def count():
        return services.count_search(query=query, skills={"GIS": gis}, found_anyone=False)

    first, second = race(count, count)

    assert first == second == ("GIS",)
    assert counts() == {"GIS": 2}
