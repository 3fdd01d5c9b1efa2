"""Literacy on the five capacities: assessments, tier profiles, composite and gaps, and training."""

import datetime
from decimal import Decimal

import pytest

from talent import literacy
from talent.models import CadreSkill, CadreSkillHistory, LiteracyAssessment, ProgramSkill, TierProfile
from tests.factories import (
    AssessmentFactory,
    CadreSkillFactory,
    SkillFactory,
    TrainingProgramFactory,
    TrainingRecordFactory,
    scores,
)
from tests.helpers import assert_error


def assessment_body(cadre, **overrides):
    return {"cadre": cadre.pk, "period": "2025", "assessed_on": "2025-12-10", "method": "test",
            **scores(), **overrides}


def test_hr_records_an_assessment_and_is_its_assessor(bureau, hr):
    response = hr.post("/api/v1/assessments/", assessment_body(bureau.it_engineer), format="json")

    assert response.status_code == 201, response.content
    assert (response.json()["assessor_name"], response.json()["is_latest"]) == ("hr_officer", True)


def test_the_newest_assessment_is_the_latest_whatever_the_order_of_entry(bureau, hr):
    hr.post("/api/v1/assessments/", assessment_body(bureau.it_engineer, period="2025-H2",
                                                    assessed_on="2025-12-10"), format="json")
    hr.post("/api/v1/assessments/", assessment_body(bureau.it_engineer, period="2025-H1",
                                                    assessed_on="2025-06-10"), format="json")

    latest = LiteracyAssessment.objects.get(cadre=bureau.it_engineer, is_latest=True)
    assert latest.period == "2025-H2"
    older = LiteracyAssessment.objects.get(period="2025-H1")
    hr.patch(f"/api/v1/assessments/{older.pk}/", {"assessed_on": "2026-01-05"}, format="json")
    assert LiteracyAssessment.objects.get(cadre=bureau.it_engineer, is_latest=True).pk == older.pk


def test_deleting_the_latest_assessment_makes_the_one_before_it_latest(bureau, hr):
    old = AssessmentFactory(cadre=bureau.it_engineer, period="2024", assessed_on=datetime.date(2024, 12, 1),
                            is_latest=False)
    new = AssessmentFactory(cadre=bureau.it_engineer, period="2025")

    assert hr.delete(f"/api/v1/assessments/{new.pk}/").status_code == 204

    old.refresh_from_db()
    assert old.is_latest


@pytest.mark.parametrize(("change", "field"), [
    ({"perception": 101}, "perception"), ({"execution": -1}, "execution"), ({"decision": "high"}, "decision"),
    ({"period": "2025-Q5"}, "period"), ({"period": "last year"}, "period"), ({"method": "guess"}, "method"),
    ({"assessed_on": "2025-02-30"}, "assessed_on"), ({"creativity": 10**20}, "creativity"),
])
def test_a_bad_assessment_is_a_400_naming_the_field(bureau, hr, change, field):
    response = hr.post("/api/v1/assessments/", assessment_body(bureau.it_engineer, **change), format="json")

    assert_error(response, 400, field=field)


def test_one_assessment_per_cadre_period_and_method(bureau, hr):
    hr.post("/api/v1/assessments/", assessment_body(bureau.it_engineer), format="json")

    response = hr.post("/api/v1/assessments/", assessment_body(bureau.it_engineer), format="json")

    assert_error(response, 400)


def test_default_tier_profiles_follow_the_article(bureau):
    profiles = {p["tier"]: p for p in bureau.client("leader").get("/api/v1/tier-profiles/").json()}

    assert set(profiles) == {"leader", "general", "specialist"}
    leader, general, specialist = profiles["leader"], profiles["general"], profiles["specialist"]
    heaviest = {tier: sorted(literacy.CAPACITIES, key=lambda c, p=p: -Decimal(p[f"{c}_weight"]))[:2]
                for tier, p in profiles.items()}
    assert set(heaviest["leader"]) == {"decision", "development"}
    assert heaviest["general"][0] == "execution"
    assert set(heaviest["specialist"]) == {"execution", "creativity"}
    for profile in (leader, general, specialist):
        assert sum(Decimal(profile[f"{c}_weight"]) for c in literacy.CAPACITIES) == 1


def test_weights_that_do_not_add_up_to_one_are_a_400(bureau, hr):
    profile = TierProfile.objects.get(tier="general")

    response = hr.patch(f"/api/v1/tier-profiles/{profile.pk}/", {"execution_weight": "0.40"}, format="json")

    error = assert_error(response, 400)
    assert "1.05" in error["message"]
    profile.refresh_from_db()
    assert profile.execution_weight == Decimal("0.35")


def test_hr_moves_weight_between_capacities(bureau, hr):
    profile = TierProfile.objects.get(tier="general")

    response = hr.patch(f"/api/v1/tier-profiles/{profile.pk}/", {"execution_weight": "0.40",
                                                                  "creativity_weight": "0.10"}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["execution_weight"] == "0.40"


def test_only_hr_tunes_tier_profiles(bureau):
    profile = TierProfile.objects.get(tier="general")

    assert_error(bureau.client("leader").patch(f"/api/v1/tier-profiles/{profile.pk}/", {"emphasis": "x"},
                                               format="json"), 403)


def test_a_cadres_literacy_shows_composite_and_gaps_to_their_tier(bureau, hr):
    AssessmentFactory(cadre=bureau.it_engineer, **scores(perception=80, execution=70, decision=60, creativity=90,
                                                         development=75))
    profile = TierProfile.objects.get(tier="specialist")

    shown = hr.get(f"/api/v1/cadres/{bureau.it_engineer.pk}/literacy/").json()

    by_capacity = {c["capacity"]: c for c in shown["capacities"]}
    expected = literacy.composite(shown["assessment"], profile.weights())
    assert Decimal(shown["composite"]) == expected
    assert by_capacity["execution"] == {"capacity": "execution", "label": by_capacity["execution"]["label"],
                                        "score": 70, "target": profile.execution_target,
                                        "gap": profile.execution_target - 70}
    assert by_capacity["creativity"]["gap"] == 0


def test_a_cadre_never_assessed_has_no_composite(bureau, hr):
    shown = hr.get(f"/api/v1/cadres/{bureau.it_engineer.pk}/literacy/").json()

    assert (shown["composite"], shown["capacities"]) == (None, [])


def test_recommendations_close_the_largest_gaps_and_skip_passed_programs(bureau, hr):
    AssessmentFactory(cadre=bureau.finance_officer, **scores(perception=75, execution=50, decision=65,
                                                             creativity=60, development=35))
    platforms = TrainingProgramFactory(name="政务平台实操", capacities=["execution"])
    security = TrainingProgramFactory(name="网络安全治理", capacities=["development"])
    TrainingProgramFactory(name="领导数据决策", capacities=["development", "execution"], tiers=["leader"])
    TrainingProgramFactory(name="创新工作坊", capacities=["creativity"])  # no creativity gap for general cadres

    found = hr.get(f"/api/v1/cadres/{bureau.finance_officer.pk}/recommendations/").json()

    assert [r["program"]["name"] for r in found] == ["网络安全治理", "政务平台实操"]  # gaps 35 and 30
    assert found[0]["closes"] == [{"capacity": "development", "gap": 35}]
    assert found[0]["reason"]
    TrainingRecordFactory(cadre=bureau.finance_officer, program=security, result="passed")
    again = hr.get(f"/api/v1/cadres/{bureau.finance_officer.pk}/recommendations/").json()
    assert [r["program"]["id"] for r in again] == [platforms.pk]


def test_a_program_that_raises_a_skill_the_cadre_already_exceeds_is_not_recommended(bureau, hr):
    AssessmentFactory(cadre=bureau.finance_officer, **scores(execution=50))
    python = SkillFactory(code="PY", name="Python")
    CadreSkillFactory(cadre=bureau.finance_officer, skill=python, level=4)
    analysis = TrainingProgramFactory(name="Python 数据分析", capacities=["execution"])
    ProgramSkill.objects.create(program=analysis, skill=python, raises_to=3)
    platforms = TrainingProgramFactory(name="政务平台实操", capacities=["execution"])

    found = hr.get(f"/api/v1/cadres/{bureau.finance_officer.pk}/recommendations/").json()

    assert [r["program"]["id"] for r in found] == [platforms.pk]


def test_the_training_plan_groups_the_cadres_each_program_should_reach(bureau, hr):
    for cadre in (bureau.finance_officer, bureau.accountant, bureau.office_clerk):
        AssessmentFactory(cadre=cadre, **scores(execution=50))
    AssessmentFactory(cadre=bureau.it_engineer, **scores(execution=95, creativity=95, development=95,
                                                         decision=95, perception=95))
    program = TrainingProgramFactory(name="政务平台实操", capacities=["execution"])

    plan = bureau.client("leader").get("/api/v1/training/plan/").json()

    entry = next(p for p in plan if p["program"]["id"] == program.pk)
    assert entry["total"] == 3
    assert [(g["department"], g["tier"], [c["name"] for c in g["cadres"]]) for g in entry["groups"]] == [
        ("财务处", "general", ["钱进"]), ("会计科", "general", ["孙会"]), ("办公室", "general", ["赵文"])]


def test_passing_a_program_raises_the_skills_it_says_it_raises(bureau, hr):
    sql, gis = SkillFactory(code="SQL"), SkillFactory(code="GIS")
    program = TrainingProgramFactory(name="数据库实训", capacities=["execution"])
    ProgramSkill.objects.create(program=program, skill=sql, raises_to=3)
    ProgramSkill.objects.create(program=program, skill=gis, raises_to=2)
    CadreSkillFactory(cadre=bureau.it_engineer, skill=sql, level=2)
    CadreSkillFactory(cadre=bureau.it_engineer, skill=gis, level=4)
    record = hr.post("/api/v1/training/records/", {"cadre": bureau.it_engineer.pk, "program": program.pk,
                                                   "hours": "16"}, format="json").json()
    assert CadreSkill.objects.get(skill=sql).level == 2  # enrolled is not passed

    response = hr.patch(f"/api/v1/training/records/{record['id']}/", {"result": "passed", "score": 88},
                        format="json")

    assert response.status_code == 200, response.content
    raised = CadreSkill.objects.get(cadre=bureau.it_engineer, skill=sql)
    assert (raised.level, raised.source) == (3, "assessed")
    assert CadreSkill.objects.get(cadre=bureau.it_engineer, skill=gis).level == 4  # never lowered
    assert list(CadreSkillHistory.objects.values_list("skill__code", "level")) == [("SQL", 2)]
    assert response.json()["completed_on"] is not None


def test_a_program_with_skills_is_created_through_the_api(bureau, hr):
    SkillFactory(code="PY")

    response = hr.post("/api/v1/training/programs/", {
        "code": "PY-101", "name": "Python 数据分析", "capacities": ["execution", "creativity"],
        "tiers": ["specialist"], "format": "online", "hours": "24", "provider": "省委党校网上党校",
        "skills": [{"skill": "PY", "raises_to": 2}]}, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["skills"] == [{"skill": "PY", "raises_to": 2}]


def test_programs_are_filtered_by_their_format(bureau, hr):
    for code, training_format in (("ONL", "online"), ("LEC", "lecture")):
        hr.post("/api/v1/training/programs/", {"code": code, "name": code, "format": training_format, "hours": "2"},
                format="json")

    response = hr.get("/api/v1/training/programs/", {"training_format": "online"})

    assert response.status_code == 200, response.content
    assert [p["code"] for p in response.json()["results"]] == ["ONL"]
    assert_error(hr.get("/api/v1/training/programs/", {"training_format": "dream"}), 400, field="training_format")


@pytest.mark.parametrize(("change", "field"), [({"capacities": ["luck"]}, "capacities"),
                                               ({"tiers": ["intern"]}, "tiers"), ({"hours": "0"}, "hours"),
                                               ({"format": "dream"}, "format"),
                                               ({"skills": [{"skill": "NOPE"}]}, "skills")])
def test_a_bad_program_is_a_400_naming_the_field(bureau, hr, change, field):
    body = {"code": "X", "name": "x", "format": "online", "hours": "2", **change}

    assert_error(hr.post("/api/v1/training/programs/", body, format="json"), 400, field=field)
