"""The talent-demand survey through the API, for the second quarter of 2030.

IT asks for two Python experts in June 2030 (one is already approved: 钱进 of finance) and its 2030 plan wants
two data engineers with SQL 3, whom it does not have. Finance's plan for the quarter is met by its own people;
its plan for the whole year, less specific, is not read. 数据分析学习小组 (IT, finance, office) is still running.
"""

import pytest

from tests.factories import SecondmentFactory
from tests.factories_planning import WorkforcePlanFactory, plan_line
from tests.helpers import assert_error

URL = "/api/v1/talent-demand/"


@pytest.fixture
def story(skilled, python, sql, python_request, data_group):
    python_request.headcount = 2
    python_request.save()
    SecondmentFactory(request=python_request, cadre=skilled.finance_officer, status="approved")
    plan_line(WorkforcePlanFactory(department=skilled.it, period="2030"), {sql: 3}, post="数据工程师", headcount=2)
    plan_line(WorkforcePlanFactory(department=skilled.finance, period="2030-Q2"), {python: 4}, post="财务数据分析")
    plan_line(WorkforcePlanFactory(department=skilled.finance, period="2030"), {sql: 5}, post="数据库专家", headcount=3)
    return skilled


def row(survey, name):
    return next(r for r in survey["departments"] if r["department"]["name"] == name)


def test_each_department_shows_what_it_asks_for_beside_what_the_bureau_holds(story):
    survey = story.client("hr_officer").get(URL, {"period": "2030-Q2"}).json()

    assert (survey["start"], survey["end"]) == ("2030-04-01", "2030-06-30")
    it = row(survey, "信息中心")
    assert it["requests"] == {"open": 1, "places": 1}
    assert (it["plan"]["period"], it["plan"]["needed"], it["plan"]["gap"]) == ("2030", 2, 2)
    assert [(d["skill"], d["min_level"], d["people"], d["sources"], d["held_here"], d["held_elsewhere"])
            for d in it["demand"]] == [("SQL", 3, 2, ["plan"], 0, 1), ("PY", 3, 1, ["request"], 0, 3)]
    assert it["demand"][0]["name"] == "数据库查询"
    assert it["shared"] == {"lent": 0, "hosted": 1, "completed": 0, "learning_groups": 1, "group_members": 1,
                            "attendances": 0}


def test_the_most_specific_plan_covering_the_period_is_read(story):
    finance = row(story.client("leader").get(URL, {"period": "2030-Q2"}).json(), "财务处")

    assert (finance["plan"]["period"], finance["plan"]["gap"]) == ("2030-Q2", 0)
    assert finance["demand"] == []
    assert finance["shared"]["lent"] == 1


def test_the_bureau_summary_names_the_scarce_skills(story):
    summary = story.client("leader").get(URL, {"period": "2030-Q2"}).json()["summary"]

    assert (summary["departments_asking"], summary["open_requests"], summary["places"]) == (1, 1, 1)
    assert summary["plan"]["gap"] == 2
    assert [(s["skill"], s["people"], s["held_in_bureau"], s["scarce"]) for s in summary["skills"]] == [
        ("SQL", 2, 1, True), ("PY", 1, 3, False)]
    assert summary["scarce_skills"] == 1
    assert summary["shared"]["hosted"] == summary["shared"]["lent"] == 1


def test_a_year_takes_in_the_years_plan_for_finance(story):
    finance = row(story.client("leader").get(URL, {"period": "2030"}).json(), "财务处")
    assert (finance["plan"]["period"], finance["plan"]["gap"]) == ("2030", 3)


def test_a_head_sees_their_own_departments(story):
    survey = story.client("finance_head").get(URL, {"period": "2030-Q2"}).json()

    assert [r["department"]["name"] for r in survey["departments"]] == ["财务处", "会计科"]
    assert survey["summary"]["skills"] == []


def test_one_department_can_be_asked_for(story):
    survey = story.client("hr_officer").get(URL, {"period": "2030-Q2", "department": story.it.pk}).json()
    assert [r["department"]["name"] for r in survey["departments"]] == ["信息中心"]


@pytest.mark.parametrize("query", [{}, {"period": "2030-Q5"}, {"period": "next year"}, {"period": "2030-Q2" * 99}])
def test_a_bad_period_is_refused_naming_the_field(story, query):
    assert_error(story.client("hr_officer").get(URL, query), 400, field="period")


@pytest.mark.parametrize(("persona", "status"), [("hr_clerk", 200), ("it_head", 200), ("leader", 200),
                                                 ("auditor", 403), ("outsider", 403), ("anonymous", 401)])
def test_who_reads_the_survey(story, persona, status):
    response = story.client(persona).get(URL, {"period": "2030"})
    if status == 200:
        assert response.status_code == 200
    else:
        assert_error(response, status)


@pytest.mark.parametrize("period", ["0000", "1899-Q1", "2100"])
def test_a_year_outside_1900_2099_is_a_400_naming_the_period(story, period):
    assert_error(story.client("leader").get(URL, {"period": period}), 400, field="period")
