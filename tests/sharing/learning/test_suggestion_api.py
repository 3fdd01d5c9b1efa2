"""Suggesting a learning group through the API: experts and learners, isolated departments favoured, explained."""

import pytest

from talent.models import Cadre, CadreStatus, LiteracyAssessment
from tests.factories import AssessmentFactory, CadreFactory, CadreSkillFactory
from tests.helpers import assert_error

URL = "/api/v1/learning-groups/suggest/"


@pytest.fixture
def pool(bureau, sql, cars, data_group):
    """李码 (IT) holds SQL at 5; 钱进 (finance) and 车明 (cars) score 50 on decision-making, 15 below the general
    cadres' target of 65; 赵文 (office) scores 80, above it. Finance shares through the group, cars with nobody."""
    CadreSkillFactory(cadre=bureau.it_engineer, skill=sql, level=5)
    CadreSkillFactory(cadre=CadreFactory(department=bureau.office, status=CadreStatus.LEFT), skill=sql, level=5)
    AssessmentFactory(cadre=bureau.finance_officer, decision=50)
    AssessmentFactory(cadre=Cadre.objects.get(staff_number="CA001"), decision=50)
    AssessmentFactory(cadre=bureau.office_clerk, decision=80)
    return bureau


def test_the_suggestion_mixes_an_expert_leader_with_learners_favouring_the_silo(pool):
    found = pool.client("hr_officer").get(URL, {"skill": "SQL", "capacity": "decision", "learners": 1}).json()

    assert [e["name"] for e in found["experts"]] == ["李码"]
    assert found["leader"] == pool.it_engineer.pk
    assert [learner["name"] for learner in found["learners"]] == ["车明"]
    [learner] = found["learners"]
    assert learner["reasons"][0] == {"code": "below_target", "capacity": "decision", "score": 50, "target": 65}
    assert {"code": "silo_department"} in learner["reasons"]
    assert "公务用车管理处" in learner["explanation"] and "12" in learner["explanation"]
    assert "数据库查询" in found["experts"][0]["explanation"]
    assert [d["name"] for d in found["departments"]] == ["信息中心", "公务用车管理处"]
    assert [s["code"] for s in found["shortfalls"]] == ["experts"]  # two were asked for, one exists


def test_with_room_for_both_the_connected_learner_comes_after_the_isolated_one(pool):
    found = pool.client("leader").get(URL, {"skill": "SQL", "capacity": "decision", "learners": 5}).json()

    assert [learner["name"] for learner in found["learners"]] == ["车明", "钱进"]
    assert found["learners"][0]["score"] > found["learners"][1]["score"]
    assert "赵文" not in {learner["name"] for learner in found["learners"]}


def test_a_heads_suggestion_does_not_depend_on_an_outside_cadres_hidden_score(pool):
    """The finance head sees 车明 (cars) as a summary: whether his score is 50 or 80 must not show, neither in
    what is said of him nor in who is chosen."""
    head = pool.client("finance_head")
    query = {"skill": "SQL", "capacity": "decision", "learners": 5}
    before = head.get(URL, query).json()

    LiteracyAssessment.objects.filter(cadre__staff_number="CA001").update(decision=80)

    assert head.get(URL, query).json() == before
    assert [learner["name"] for learner in before["learners"]] == ["钱进"]  # her own, with his score
    assert before["learners"][0]["reasons"][0]["score"] == 50
    [expert] = before["experts"]  # experts are chosen by the skill levels any summary shows
    assert expert["name"] == "李码" and expert["summary"] is True and expert["staff_number"] is None


@pytest.mark.parametrize(("query", "field"), [
    ({"capacity": "decision"}, "skill"), ({"skill": "NOPE", "capacity": "decision"}, "skill"),
    ({"skill": "SQL"}, "capacity"), ({"skill": "SQL", "capacity": "luck"}, "capacity"),
    ({"skill": "SQL", "capacity": "decision", "learners": 10**6}, "learners"),
    ({"skill": "SQL", "capacity": "decision", "per_department": 0}, "per_department"),
])
def test_a_bad_query_names_the_field(pool, query, field):
    assert_error(pool.client("hr_officer").get(URL, query), 400, field=field)


@pytest.mark.parametrize(("persona", "status"), [("leader", 200), ("finance_head", 200), ("auditor", 403),
                                                 ("anonymous", 401)])
def test_who_may_ask_for_a_suggestion(pool, persona, status):
    response = pool.client(persona).get(URL, {"skill": "SQL", "capacity": "decision"})
    if status == 200:
        assert response.status_code == 200
    else:
        assert_error(response, status)
