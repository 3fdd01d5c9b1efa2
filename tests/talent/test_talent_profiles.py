"""Department talent profiles and the bureau overview, served by the API."""

import datetime

import pytest

from talent import profiles
from talent.models import CadreStatus, Skill, VendorStaff
from talent.services import planning as services_planning
from talent.services import pool as services
from tests.factories import AssessmentFactory, CadreFactory, CadreSkillFactory, SkillFactory
from tests.factories_planning import InformationSystemFactory, VendorStaffFactory
from tests.helpers import assert_error


@pytest.fixture
def picture(bureau):
    """Finance (with accounting below it) holds the only database skill; IT's GIS system is run by a vendor."""
    sql = SkillFactory(code="SQL", name="数据库", critical=True)
    gis = SkillFactory(code="GIS", name="地理信息", critical=True)
    office = SkillFactory(code="OFFICE", name="办公软件")
    CadreSkillFactory(cadre=bureau.accountant, skill=sql, level=4)
    CadreSkillFactory(cadre=bureau.finance_officer, skill=sql, level=2)
    CadreSkillFactory(cadre=bureau.finance_officer, skill=office, level=5)
    CadreSkillFactory(cadre=bureau.it_engineer, skill=gis, level=2)
    AssessmentFactory(cadre=bureau.finance_officer, perception=60, execution=80, decision=70, creativity=50,
                      development=90)
    AssessmentFactory(cadre=bureau.accountant, perception=80, execution=60, decision=70, creativity=70,
                      development=70)
    gone = CadreFactory(department=bureau.finance, status=CadreStatus.LEFT)
    CadreSkillFactory(cadre=gone, skill=sql, level=5)
    system = InformationSystemFactory(code="CAR", name="公务用车平台", department=bureau.it)
    VendorStaffFactory(systems=[system], skills=[gis, sql], responsible_cadre=bureau.it_engineer)
    VendorStaffFactory(systems=[system], skills=[gis], responsible_cadre=bureau.it_engineer, active=False)
    return {"sql": sql, "gis": gis}


def test_a_department_profile_covers_its_sub_units(bureau, picture):
    profile = bureau.client("finance_head").get(f"/api/v1/talent-profiles/{bureau.finance.pk}/").json()

    assert profile["department"] == {"id": bureau.finance.pk, "name": "财务处"}
    assert profile["headcount"] == {"total": 2, "leader": 0, "general": 2, "specialist": 0}
    general = next(row for row in profile["literacy"] if row["tier"] == "general")
    assert general["assessed"] == 2
    assert general["average"] == [70, 70, 70, 60, 80]
    assert general["target"] == [75, 80, 65, 60, 70]  # the general tier's default targets
    assert general["gap"] == [5, 10, 0, 0, 0]
    sql = next(row for row in profile["skill_coverage"] if row["code"] == "SQL")
    assert (sql["levels"], sql["holders"]) == ([0, 1, 0, 1, 0], 1)
    assert profile["critical"]["single_holder"] == [
        {"code": "SQL", "name": "数据库", "holder": {"id": bureau.accountant.pk, "name": "孙会"}}]
    assert [s["code"] for s in profile["critical"]["no_holder"]] == ["GIS"]
    assert profile["outsourcing_dependency"] == []  # finance owns no system


def test_critical_skills_only_vendor_staff_hold_show_on_the_owning_department(bureau, picture):
    profile = bureau.client("it_head").get(f"/api/v1/talent-profiles/{bureau.it.pk}/").json()

    assert profile["outsourcing_dependency"] == [{
        "department_id": bureau.it.pk, "department": "信息中心", "system_code": "CAR", "system_name": "公务用车平台",
        "vendor_staff": 1,  # the inactive person does not count
        "skills": [{"code": "GIS", "name": "地理信息", "vendor_staff": 1, "cadres_elsewhere": 0},
                   {"code": "SQL", "name": "数据库", "vendor_staff": 1, "cadres_elsewhere": 1}],
    }]


def test_the_bureau_overview_sums_everyone_and_lists_top_level_departments(bureau, picture):
    overview = bureau.client("leader").get("/api/v1/talent-profiles/bureau/").json()

    assert overview["headcount"]["total"] == 4
    assert [s["code"] for s in overview["critical"]["single_holder"]] == ["SQL"]
    # Judged per department: in the information centre only the vendor holds GIS and SQL, though the
    # accountant elsewhere holds SQL.
    assert [(row["department"], [(s["code"], s["cadres_elsewhere"]) for s in row["skills"]])
            for row in overview["outsourcing_dependency"]] == [("信息中心", [("GIS", 0), ("SQL", 1)])]
    rows = {row["name"]: row for row in overview["departments"]}
    assert list(rows) == ["档案室", "财务处", "信息中心", "办公室"]  # top level only, by code
    assert (rows["财务处"]["headcount"]["total"], rows["财务处"]["assessed"]) == (2, 2)
    assert rows["财务处"]["composite"] is not None
    assert (rows["信息中心"]["vendor_only"], rows["档案室"]["headcount"]["total"]) == (2, 0)


def test_heads_see_profiles_of_their_own_departments_only(bureau, picture):
    finance_head = bureau.client("finance_head")

    assert finance_head.get(f"/api/v1/talent-profiles/{bureau.accounting.pk}/").status_code == 200
    assert_error(finance_head.get(f"/api/v1/talent-profiles/{bureau.it.pk}/"), 404)
    assert_error(finance_head.get("/api/v1/talent-profiles/bureau/"), 403)
    assert_error(bureau.client("auditor").get(f"/api/v1/talent-profiles/{bureau.it.pk}/"), 403)
    assert bureau.client("hr_clerk").get(f"/api/v1/talent-profiles/{bureau.it.pk}/").status_code == 200


def test_a_repeated_overview_is_answered_from_the_cache(bureau, picture, monkeypatch):
    computed = []
    original = profiles.bureau_overview
    monkeypatch.setattr(profiles, "bureau_overview", lambda **kwargs: computed.append(1) or original(**kwargs))
    leader = bureau.client("leader")

    first = leader.get("/api/v1/talent-profiles/bureau/").json()
    second = bureau.client("hr_clerk").get("/api/v1/talent-profiles/bureau/").json()

    assert first == second
    assert len(computed) == 1


def _single_holders(overview):
    return [s["code"] for s in overview["critical"]["single_holder"]]


def _departments(overview):
    return {row["name"]: row for row in overview["departments"]}


CHANGES = {
    "a cadre leaves": (
        lambda bureau, picture: services.cadre_update(cadre=bureau.accountant, status=CadreStatus.LEFT),
        lambda overview: (overview["headcount"]["total"], _single_holders(overview)) == (3, [])),
    "a skill becomes critical": (
        lambda bureau, picture: services.skill_update(skill=Skill.objects.get(code="OFFICE"), critical=True),
        lambda overview: _single_holders(overview) == ["OFFICE", "SQL"]),
    "a cadre's level rises": (
        lambda bureau, picture: services.cadre_skill_set(cadre=bureau.finance_officer, skill=picture["sql"], level=3),
        lambda overview: _single_holders(overview) == []),
    "an assessment is recorded": (
        lambda bureau, picture: services.assessment_record(
            cadre=bureau.office_clerk, period="2026", assessed_on=datetime.date(2026, 3, 1), method="test",
            perception=50, execution=50, decision=50, creativity=50, development=50),
        lambda overview: _departments(overview)["办公室"]["assessed"] == 1),
    "the vendor's person leaves": (
        lambda bureau, picture: services_planning.vendor_staff_update(staff=VendorStaff.objects.get(active=True),
                                                                     active=False),
        lambda overview: overview["outsourcing_dependency"] == []),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_shows_in_the_next_overview(bureau, picture, change):
    make, shows = CHANGES[change]
    leader = bureau.client("leader")
    before = leader.get("/api/v1/talent-profiles/bureau/").json()
    assert not shows(before)

    make(bureau, picture)

    assert shows(leader.get("/api/v1/talent-profiles/bureau/").json())
