"""A page of the talent search is one statement compiled once per shape of query (talent_search_page); it must
give exactly what the search's queryset gives (talent_search, read by the export, with talent_hits), for every
role, filter and sort, whatever skills and levels a shape is reused with."""

from decimal import Decimal

import pytest

from talent import roles
from talent.access import Actor
from talent.models import TierProfile
from talent.selectors import pool as selectors
from talent.serializers.skills import TalentSearchSerializer
from tests.factories import AssessmentFactory, CadreFactory, CadreSkillFactory, SkillFactory, UserFactory, scores

READERS = ("hr_officer", "hr_clerk", "finance_head", "it_head", "leader", "head_of_nothing")


@pytest.fixture
def searched(bureau):
    """Twelve more people across the departments with SQL, GIS and PY at mixed levels, most assessed, one
    who left; a head who heads no department (yet)."""
    skills = {code: SkillFactory(code=code) for code in ("SQL", "GIS", "PY")}
    departments = [bureau.office, bureau.finance, bureau.accounting, bureau.it, bureau.archive]
    people = [bureau.it_engineer, bureau.office_clerk, bureau.accountant, bureau.finance_officer]
    people += [CadreFactory(department=departments[i % 5], tier=("general", "leader", "specialist")[i % 3],
                            status="left" if i == 7 else "active", post_title=f"岗位{i % 4}") for i in range(12)]
    for i, cadre in enumerate(people):
        for j, skill in enumerate(skills.values()):
            if (i + j) % 3:
                CadreSkillFactory(cadre=cadre, skill=skill, level=1 + (i * (j + 2)) % 5)
        if i % 4:
            AssessmentFactory(cadre=cadre, **scores(execution=40 + 7 * i % 60, decision=30 + 11 * i % 70))
    bureau.users["head_of_nothing"] = UserFactory(username="head_of_nothing", groups=[roles.HEAD])
    return bureau


QUERIES = [
    {"skill": ["SQL:2"]},
    {"skill": ["GIS:3"]},  # the same shape as the first, with another skill and level
    {"skill": ["SQL:1", "GIS:2"]},
    {"skill": ["PY:1", "SQL:3"]},
    {"skill": ["SQL:1"], "any_skill": ["GIS:4", "PY:2"]},
    {"skill": ["SQL:2"], "any_skill": ["SQL:4", "PY:1"]},  # an any-of skill also required: scored once
    {"any_skill": ["GIS:1", "PY:1"]},
    {"skill": ["SQL:1"], "department": "finance"},
    {"skill": ["GIS:1"], "tier": ["specialist", "general"]},
    {"skill": ["SQL:1"], "rank": ["researcher_4"]},
    {"skill": ["SQL:1"], "status": ["left", "active"]},
    {"skill": ["SQL:1"], "q": "岗位1"},
    {"skill": ["SQL:1"], "q": "IT0"},
    {"skill": ["SQL:1"], "min_execution": 60},
    {"skill": ["PY:1"], "min_composite": "50"},
    {"skill": ["SQL:1", "PY:1"], "sort": "composite"},
    {"tier": ["leader"], "sort": "composite"},
]


def _query(bureau, asked):
    asked = dict(asked)
    if "department" in asked:
        asked["department"] = getattr(bureau, asked["department"]).pk
    form = TalentSearchSerializer(data=asked)
    assert form.is_valid(), form.errors
    return form.query()


@pytest.mark.parametrize("reader", READERS)
def test_every_page_is_what_the_search_queryset_gives(searched, reader):
    actor = Actor(searched.users[reader])
    compared = 0
    for asked in QUERIES:
        query = _query(searched, asked)
        cadres, skills = selectors.talent_search(query=query, actor=actor)
        expected = selectors.talent_hits(cadres=list(cadres), query=query, skills=skills, actor=actor)
        for size in (3, 50):
            pages = [selectors.talent_search_page(query=query, skills=skills, actor=actor, start=start, size=size)
                     for start in range(0, len(expected) + size, size)]
            assert [hit for hits, _total in pages for hit in hits] == expected, asked
            assert {total for hits, total in pages if hits} <= {len(expected)}, asked
        compared += len(expected)
    assert compared > 20  # the pool answers the queries: the comparison is not of empty lists


def test_a_head_of_no_department_finds_summaries_and_nobody_by_a_hidden_field(searched):
    """Sorted by what they do not see (the staff number, the composite), which PostgreSQL refused as ORDER BY NULL."""
    client = searched.client("head_of_nothing")
    for params, anyone in (({"skill": "SQL:1"}, True), ({"skill": "SQL:1", "sort": "composite"}, True),
                           ({"skill": "SQL:1", "min_execution": 0}, False)):
        response = client.get("/api/v1/talent-search/", params)
        assert response.status_code == 200, response.content
        hits = response.json()["results"]
        assert bool(hits) is anyone and all(hit["summary"] for hit in hits)


def test_a_shape_is_compiled_once_and_a_changed_profile_is_a_new_shape(searched):
    actor = Actor(searched.users["hr_officer"])
    selectors._COMPILED_PAGES.clear()
    for asked in ({"skill": ["SQL:2"]}, {"skill": ["GIS:3"]}, {"skill": ["PY:1"]}):
        query = _query(searched, asked)
        selectors.talent_search_page(query=query, skills=selectors.search_skills(query), actor=actor, start=0,
                                     size=5)
    assert len(selectors._COMPILED_PAGES) == 1
    query = _query(searched, {"skill": ["SQL:1"], "sort": "composite"})
    skills = selectors.search_skills(query)
    before = selectors.talent_search_page(query=query, skills=skills, actor=actor, start=0, size=50)[0]
    TierProfile.objects.filter(tier="general").update(execution_weight=Decimal("0.05"),
                                                      decision_weight=Decimal("0.45"))
    after = selectors.talent_search_page(query=query, skills=skills, actor=actor, start=0, size=50)[0]
    cadres, _skills = selectors.talent_search(query=query, actor=actor)
    assert after == selectors.talent_hits(cadres=list(cadres), query=query, skills=skills, actor=actor)
    assert after != before  # the new weights reorder or rescore the general cadres


def test_an_ordinary_search_runs_three_statements(searched, django_assert_max_num_queries):
    """The signed-in user (with the roles), the skills asked, and the page with its total, levels, scores and
    weights (six before: the levels, the tier profiles and the latest assessments each had one); a head adds the
    departments they head and the tree below them."""
    for reader, most in (("hr_officer", 4), ("finance_head", 6)):
        client = searched.client(reader)
        client.get("/api/v1/talent-search/", {"skill": "SQL:1"})  # the shape compiled
        with django_assert_max_num_queries(most):
            response = client.get("/api/v1/talent-search/", {"skill": "GIS:2"})
        assert response.status_code == 200 and response.json()["count"] > 0


def test_without_tier_profiles_nobody_has_a_composite_and_the_search_still_answers(searched):
    TierProfile.objects.all().delete()
    actor = Actor(searched.users["hr_officer"])
    for asked in ({"skill": ["SQL:1"], "sort": "composite"}, {"skill": ["SQL:1"]}):
        query = _query(searched, asked)
        cadres, skills = selectors.talent_search(query=query, actor=actor)
        hits, total = selectors.talent_search_page(query=query, skills=skills, actor=actor, start=0, size=50)
        assert hits == selectors.talent_hits(cadres=list(cadres), query=query, skills=skills, actor=actor)
        assert total == len(hits) > 0 and all(hit["composite"] is None for hit in hits)
