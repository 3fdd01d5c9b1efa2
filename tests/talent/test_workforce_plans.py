"""Workforce plans: HR writes them, heads read their own, and each has a gap report that says, post by
post, whether to train, borrow or recruit, and who or what is behind it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from talent.models import CadreStatus, ProgramSkill
from tests.factories import CadreFactory, CadreSkillFactory, SkillFactory, TrainingProgramFactory
from tests.factories_planning import WorkforcePlanFactory, plan_line
from tests.helpers import assert_error


@pytest.fixture
def skills(db):
    return {code: SkillFactory(code=code, name=name, critical=True)
            for code, name in [("DATA", "数据分析"), ("SEC", "网络安全"), ("GIS", "地理信息")]}


def plan_body(department, **overrides):
    body = {"department": department.pk, "period": "2026", "title": "2026年信息中心人才规划", "lines": [
        {"post": "数据分析岗", "headcount": 2, "priority": "high",
         "requirements": [{"skill": "DATA", "min_level": 3}]},
        {"post": "网络安全岗", "headcount": 1, "priority": "medium", "min_education": "bachelor",
         "requirements": [{"skill": "SEC", "min_level": 4}, {"skill": "DATA", "min_level": 2}]},
    ]}
    body.update(overrides)
    return body


def test_hr_writes_a_plan_with_posts_and_the_skills_they_require(bureau, hr, skills):
    response = hr.post("/api/v1/workforce-plans/", plan_body(bureau.it), format="json")

    assert response.status_code == 201, response.content
    plan = hr.get(f"/api/v1/workforce-plans/{response.json()['id']}/").json()
    assert plan["department_name"] == "信息中心"
    assert plan["created_by"] == "hr_officer"
    assert [(line["post"], line["headcount"], [(r["skill"], r["min_level"]) for r in line["requirements"]])
            for line in plan["lines"]] == [("数据分析岗", 2, [("DATA", 3)]),
                                           ("网络安全岗", 1, [("DATA", 2), ("SEC", 4)])]


def test_put_replaces_the_lines_and_patch_without_lines_keeps_them(bureau, hr, skills):
    plan_id = hr.post("/api/v1/workforce-plans/", plan_body(bureau.it), format="json").json()["id"]

    hr.patch(f"/api/v1/workforce-plans/{plan_id}/", {"title": "修订版"}, format="json")
    assert len(hr.get(f"/api/v1/workforce-plans/{plan_id}/").json()["lines"]) == 2

    body = plan_body(bureau.it, lines=[{"post": "GIS 岗", "headcount": 1, "requirements": [
        {"skill": "GIS", "min_level": 3}]}])
    response = hr.put(f"/api/v1/workforce-plans/{plan_id}/", body, format="json")
    assert response.status_code == 200, response.content
    assert [line["post"] for line in response.json()["lines"]] == ["GIS 岗"]


@pytest.mark.parametrize("change, field", [
    ({"lines": [{"post": "岗", "headcount": 0, "requirements": [{"skill": "DATA", "min_level": 3}]}]}, "lines"),
    ({"lines": [{"post": "岗", "headcount": 10**9, "requirements": [{"skill": "DATA", "min_level": 3}]}]}, "lines"),
    ({"lines": [{"post": "岗", "headcount": "two", "requirements": [{"skill": "DATA", "min_level": 3}]}]}, "lines"),
    ({"lines": [{"post": "岗", "headcount": 1, "requirements": [{"skill": "NOPE", "min_level": 3}]}]}, "lines"),
    ({"lines": [{"post": "岗", "headcount": 1, "requirements": [{"skill": "DATA", "min_level": 6}]}]}, "lines"),
    ({"lines": [{"post": "岗", "headcount": 1, "requirements": []}]}, "lines"),
    ({"lines": [{"post": "岗", "headcount": 1, "requirements": [{"skill": "DATA", "min_level": 3},
                                                               {"skill": "DATA", "min_level": 4}]}]}, "lines"),
    ({"lines": [{"post": "岗", "headcount": 1, "priority": "urgent",
                 "requirements": [{"skill": "DATA", "min_level": 3}]}]}, "lines"),
    ({"lines": []}, "lines"),
    ({"period": "2026-13"}, "period"),
    ({"department": 999999}, "department"),
])
def test_a_bad_plan_is_a_400_naming_the_field(bureau, hr, skills, change, field):
    response = hr.post("/api/v1/workforce-plans/", {**plan_body(bureau.it), **change}, format="json")

    assert_error(response, 400, field=field)


def test_a_headcount_below_one_names_the_line_and_the_field(bureau, hr, skills):
    body = plan_body(bureau.it)
    body["lines"][1]["headcount"] = 0

    error = assert_error(hr.post("/api/v1/workforce-plans/", body, format="json"), 400, field="lines")

    assert list(error["fields"]["lines"]) == ["1"]
    assert "headcount" in error["fields"]["lines"]["1"]


def test_one_plan_per_department_and_period(bureau, hr, skills):
    hr.post("/api/v1/workforce-plans/", plan_body(bureau.it), format="json")

    assert_error(hr.post("/api/v1/workforce-plans/", plan_body(bureau.it), format="json"), 400)
    assert hr.post("/api/v1/workforce-plans/", plan_body(bureau.it, period="2027"), format="json").status_code == 201


def test_a_head_reads_the_plans_of_their_own_departments_only(bureau, skills):
    it_plan = WorkforcePlanFactory(department=bureau.it)
    accounting_plan = WorkforcePlanFactory(department=bureau.accounting)
    finance_head = bureau.client("finance_head")

    listed = finance_head.get("/api/v1/workforce-plans/").json()["results"]

    assert [p["id"] for p in listed] == [accounting_plan.pk]
    assert finance_head.get(f"/api/v1/workforce-plans/{it_plan.pk}/").status_code == 404
    assert finance_head.get(f"/api/v1/workforce-plans/{it_plan.pk}/gaps/").status_code == 404
    assert_error(finance_head.post("/api/v1/workforce-plans/", plan_body(bureau.finance), format="json"), 403)
    assert len(bureau.client("leader").get("/api/v1/workforce-plans/").json()["results"]) == 2


@pytest.fixture
def it_plan(bureau, skills):
    """The information centre needs two data analysts, a security engineer and a GIS engineer.

    Its engineer 李码 is a data analyst already; 王训 is one level short and a program builds the skill;
    nobody in the centre knows security, but 钱进 in finance does; nobody in the bureau knows GIS well.
    """
    CadreSkillFactory(cadre=bureau.it_engineer, skill=skills["DATA"], level=4)
    trainee = CadreFactory(staff_number="IT002", name="王训", department=bureau.it)
    CadreSkillFactory(cadre=trainee, skill=skills["DATA"], level=2)
    CadreSkillFactory(cadre=bureau.finance_officer, skill=skills["SEC"], level=4)
    CadreSkillFactory(cadre=bureau.office_clerk, skill=skills["GIS"], level=2)
    gone = CadreFactory(name="离职者", department=bureau.it, status=CadreStatus.LEFT)
    CadreSkillFactory(cadre=gone, skill=skills["GIS"], level=5)
    program = TrainingProgramFactory(name="数据分析实务")
    ProgramSkill.objects.create(program=program, skill=skills["DATA"], raises_to=3)

    plan = WorkforcePlanFactory(department=bureau.it, period="2026")
    plan_line(plan, {skills["DATA"]: 3}, post="数据分析岗", headcount=2, priority="high")
    plan_line(plan, {skills["SEC"]: 4}, post="网络安全岗", headcount=1, priority="medium")
    plan_line(plan, {skills["GIS"]: 3}, post="GIS 岗", headcount=1, priority="low")
    return plan


def test_the_gap_report_says_train_borrow_or_recruit_and_names_who_and_what(bureau, it_plan):
    report = bureau.client("it_head").get(f"/api/v1/workforce-plans/{it_plan.pk}/gaps/").json()

    data, security, gis = report["lines"]
    assert (data["filled"], data["gap"], data["recommendation"]) == (1, 1, "train")
    assert [c["name"] for c in data["filled_by"]] == ["李码"]
    assert [(t["cadre"]["name"], t["shortfall"], [p["name"] for p in t["programs"]]) for t in data["train"]] == [
        ("王训", [{"skill": "DATA", "name": "数据分析", "levels": 1}], ["数据分析实务"])]
    assert (security["gap"], security["recommendation"]) == (1, "borrow")
    assert [(b["name"], b["department"]) for b in security["borrow"]] == [("钱进", "财务处")]
    assert (gis["gap"], gis["recommendation"], gis["recruit"]) == (1, "recruit", 1)
    assert report["totals"] == {"needed": 4, "filled": 1, "gap": 3, "train": 1, "borrow": 1, "recruit": 1}
    assert report["skill_shortage"] == [{"skill": "DATA", "name": "数据分析", "missing": 1},
                                        {"skill": "GIS", "name": "地理信息", "missing": 1},
                                        {"skill": "SEC", "name": "网络安全", "missing": 1}]


def test_a_degree_counts_only_where_the_post_asks_for_it(bureau, it_plan, skills):
    security = it_plan.lines.get(post="网络安全岗")
    security.min_education = "doctorate"
    security.save()

    report = bureau.client("leader").get(f"/api/v1/workforce-plans/{it_plan.pk}/gaps/").json()

    assert report["lines"][1]["recommendation"] == "recruit"  # 钱进 holds a bachelor's degree
    assert report["lines"][0]["filled"] == 1  # the data post asks for no degree


def test_the_bureau_rollup_adds_up_every_departments_plan_for_the_period(bureau, it_plan, skills):
    finance_plan = WorkforcePlanFactory(department=bureau.finance, period="2026")
    plan_line(finance_plan, {skills["DATA"]: 3}, post="财务数据岗", headcount=3, priority="high")
    WorkforcePlanFactory(department=bureau.office, period="2027")

    rollup = bureau.client("leader").get("/api/v1/workforce-plans/rollup/", {"period": "2026"}).json()

    # 李码 fills the information centre's post and is still named for finance to borrow: the single
    # report cannot know the other plan, and the roll-up keeps each plan's own report.
    assert rollup["totals"] == {"needed": 7, "filled": 1, "gap": 6, "train": 1, "borrow": 2, "recruit": 3}
    assert [(d["department"]["name"], d["gap"]) for d in rollup["departments"]] == [("财务处", 3), ("信息中心", 3)]
    assert [(g["department"], g["post"], g["gap"]) for g in rollup["biggest_gaps"]][:2] == [
        ("财务处", "财务数据岗", 3), ("信息中心", "数据分析岗", 1)]
    assert rollup["skill_shortage"][0] == {"skill": "DATA", "name": "数据分析", "missing": 4}


def test_the_rollup_is_for_hr_and_leadership_and_needs_a_valid_period(bureau, it_plan):
    assert_error(bureau.client("it_head").get("/api/v1/workforce-plans/rollup/", {"period": "2026"}), 403)
    assert_error(bureau.client("hr_officer").get("/api/v1/workforce-plans/rollup/", {"period": "soon"}), 400,
                 field="period")
    assert_error(bureau.client("hr_officer").get("/api/v1/workforce-plans/rollup/"), 400, field="period")


def test_the_gap_report_costs_the_same_queries_whatever_the_number_of_lines_and_cadres(
        bureau, it_plan, skills, django_assert_max_num_queries):
    hr = bureau.client("hr_officer")
    with CaptureQueriesContext(connection) as few:
        hr.get(f"/api/v1/workforce-plans/{it_plan.pk}/gaps/")
    for n in range(30):
        CadreSkillFactory(cadre=CadreFactory(department=bureau.it if n % 2 else bureau.office),
                          skill=skills["DATA" if n % 3 else "SEC"], level=1 + n % 5)
    for n in range(5):
        plan_line(it_plan, {skills["SEC"]: 1 + n % 5, skills["GIS"]: 2}, post=f"新岗位{n}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = hr.get(f"/api/v1/workforce-plans/{it_plan.pk}/gaps/")

    assert response.status_code == 200
    assert len(response.json()["lines"]) == 8


def test_the_rollups_gap_reports_cost_the_same_queries_whatever_the_number_of_plans(
        bureau, it_plan, skills, django_assert_max_num_queries):
    leader = bureau.client("leader")
    with CaptureQueriesContext(connection) as one_plan:
        leader.get("/api/v1/workforce-plans/rollup/", {"period": "2026"})
    for department in (bureau.office, bureau.finance, bureau.accounting, bureau.archive):
        plan = WorkforcePlanFactory(department=department, period="2026")
        plan_line(plan, {skills["DATA"]: 3, skills["SEC"]: 2}, post="数据岗", headcount=2)
        plan_line(plan, {skills["GIS"]: 2}, post="GIS 岗", priority="high")
    CadreSkillFactory(cadre=CadreFactory(department=bureau.archive), skill=skills["GIS"], level=3)

    with django_assert_max_num_queries(len(one_plan.captured_queries)):
        rollup = leader.get("/api/v1/workforce-plans/rollup/", {"period": "2026"}).json()

    assert len(rollup["departments"]) == 5
    assert rollup["totals"]["needed"] == 4 + 4 * 3
