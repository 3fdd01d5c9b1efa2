"""The skills inventory: a catalogue HR keeps, cadres' levels that keep their history, and verification."""

import pytest

from talent.models import CadreSkill, CadreSkillHistory
from tests.factories import CadreFactory, CadreSkillFactory, SkillFactory
from tests.helpers import assert_error


@pytest.fixture
def sql(db):
    return SkillFactory(code="SQL", name="数据库与SQL")


def test_hr_adds_a_critical_skill_to_the_catalogue(bureau, hr):
    category = hr.post("/api/v1/skill-categories/", {"code": "DATA", "name": "数据分析"}, format="json").json()

    response = hr.post("/api/v1/skills/", {"code": "BI", "name": "数据可视化", "category": category["id"],
                                           "critical": True}, format="json")

    assert response.status_code == 201
    listed = hr.get("/api/v1/skills/", {"category": "DATA", "critical": "true"}).json()["results"]
    assert [(s["code"], s["category_name"]) for s in listed] == [("BI", "数据分析")]


def test_skill_codes_are_unique(bureau, hr, sql):
    response = hr.post("/api/v1/skills/", {"code": "SQL", "name": "重复", "category": sql.category_id},
                       format="json")

    assert_error(response, 400, field="code")


@pytest.mark.parametrize(("typed", "stored"), [("py_low", "PY_LOW"), ("Ab.c", "AB.C"), (" gis ", "GIS")])
def test_a_skill_code_is_stored_in_its_one_canonical_form_and_found_by_the_search(bureau, hr, sql, typed, stored):
    response = hr.post("/api/v1/skills/", {"code": typed, "name": "新技能", "category": sql.category_id},
                       format="json")
    assert response.status_code == 201, response.content
    assert response.json()["code"] == stored
    CadreSkillFactory(cadre=bureau.it_engineer, skill_id=response.json()["id"], level=3)

    for asked in (typed.strip(), stored):
        found = hr.get("/api/v1/talent-search/", {"skill": f"{asked}:2"})
        assert found.status_code == 200, found.content
        assert [r["name"] for r in found.json()["results"]] == [bureau.it_engineer.name]


@pytest.mark.parametrize("code", ["C++", "C#", "数据", "-PY", "A B", "X" * 33])
def test_a_skill_code_the_search_could_not_read_is_refused_when_made(bureau, hr, sql, code):
    response = hr.post("/api/v1/skills/", {"code": code, "name": "新技能", "category": sql.category_id},
                       format="json")

    assert_error(response, 400, field="code")


def test_a_skill_code_differing_only_in_case_is_the_same_code(bureau, hr, sql):
    response = hr.post("/api/v1/skills/", {"code": "sql", "name": "重复", "category": sql.category_id},
                       format="json")

    assert_error(response, 400, field="code")


def test_existing_codes_are_made_canonical_by_the_migration():
    from importlib import import_module

    canonical = import_module("talent.migrations.0008_skill_codes_canonical").canonical
    assert [canonical(c) for c in ("py_low", "Ab.c", "C++", "C#", "数据分析", "-x")] == [
        "PY_LOW", "AB.C", "CPP", "CSHARP", "SKILL", "X"]


def test_the_five_proficiency_levels_are_described(bureau):
    levels = bureau.client("leader").get("/api/v1/proficiency-levels/").json()

    assert [level["level"] for level in levels] == [1, 2, 3, 4, 5]
    assert all(level["label"] and level["descriptor"] for level in levels)


def test_hr_records_a_cadres_skill(bureau, hr, sql):
    response = hr.post("/api/v1/cadre-skills/", {"cadre": bureau.it_engineer.pk, "skill": sql.pk, "level": 3,
                                                 "source": "certified", "evidence": "数据库工程师证书"},
                       format="json")

    assert response.status_code == 201, response.content
    assert response.json()["skill_code"] == "SQL"
    assert response.json()["verified_by"] is None


def test_a_new_level_archives_the_old_one_and_needs_verifying_again(bureau, hr, sql):
    held = CadreSkillFactory(cadre=bureau.it_engineer, skill=sql, level=2, evidence="自评")
    hr.post(f"/api/v1/cadre-skills/{held.pk}/verify/")

    response = hr.patch(f"/api/v1/cadre-skills/{held.pk}/", {"level": 4, "source": "assessed",
                                                            "evidence": "2025年技能测评", "reason": "年度测评"},
                        format="json")

    assert response.status_code == 200, response.content
    assert (response.json()["level"], response.json()["verified_by"]) == (4, None)
    history = hr.get(f"/api/v1/cadres/{bureau.it_engineer.pk}/skill-history/").json()
    assert [(h["skill_code"], h["level"], h["evidence"], h["verified_by"], h["archived_by"], h["reason"])
            for h in history] == [("SQL", 2, "自评", "hr_officer", "hr_officer", "年度测评")]


def test_posting_a_skill_the_cadre_already_has_changes_it_with_history(bureau, hr, sql):
    CadreSkillFactory(cadre=bureau.it_engineer, skill=sql, level=2)

    hr.post("/api/v1/cadre-skills/", {"cadre": bureau.it_engineer.pk, "skill": sql.pk, "level": 3}, format="json")

    assert CadreSkill.objects.get(cadre=bureau.it_engineer, skill=sql).level == 3
    assert list(CadreSkillHistory.objects.values_list("level", flat=True)) == [2]


def test_the_same_level_again_archives_nothing(bureau, hr, sql):
    held = CadreSkillFactory(cadre=bureau.it_engineer, skill=sql, level=3, source="self_declared")

    hr.patch(f"/api/v1/cadre-skills/{held.pk}/", {"level": 3, "evidence": "补充材料"}, format="json")

    held.refresh_from_db()
    assert held.evidence == "补充材料"
    assert not CadreSkillHistory.objects.exists()


def test_removing_a_skill_keeps_it_in_the_history(bureau, hr, sql):
    held = CadreSkillFactory(cadre=bureau.it_engineer, skill=sql, level=3)

    assert hr.delete(f"/api/v1/cadre-skills/{held.pk}/").status_code == 204

    assert not CadreSkill.objects.exists()
    history = hr.get(f"/api/v1/cadres/{bureau.it_engineer.pk}/skill-history/", {"skill": "sql"}).json()
    assert [h["level"] for h in history] == [3]


def test_history_is_newest_first(bureau, hr, sql):
    held = CadreSkillFactory(cadre=bureau.it_engineer, skill=sql, level=1)
    for level in (2, 3, 4):
        hr.patch(f"/api/v1/cadre-skills/{held.pk}/", {"level": level}, format="json")

    history = hr.get(f"/api/v1/cadres/{bureau.it_engineer.pk}/skill-history/").json()

    assert [h["level"] for h in history] == [3, 2, 1]


def test_a_head_cannot_read_the_history_of_someone_elses_cadre(bureau, sql):
    CadreSkillFactory(cadre=bureau.it_engineer, skill=sql, level=3)

    response = bureau.client("finance_head").get(f"/api/v1/cadres/{bureau.it_engineer.pk}/skill-history/")

    assert_error(response, 404)


# The IT head does not even see the accountant's skills: a 404, as for the cadre itself.
@pytest.mark.parametrize(("persona", "status"), [("hr_clerk", 200), ("finance_head", 200), ("it_head", 404),
                                                  ("leader", 403)])
def test_hr_or_the_cadres_own_head_verifies_a_skill(bureau, sql, persona, status):
    held = CadreSkillFactory(cadre=bureau.accountant, skill=sql, level=3)  # accounting is under finance

    response = bureau.client(persona).post(f"/api/v1/cadre-skills/{held.pk}/verify/")

    held.refresh_from_db()
    if status == 200:
        assert response.status_code == 200
        assert (held.verified_by.username, response.json()["verified_by"]) == (persona, persona)
        assert held.verified_at is not None
    else:
        assert_error(response, status)
        assert held.verified_at is None


@pytest.mark.parametrize("persona", ["hr_officer", "it_head"])
def test_nobody_verifies_their_own_skill(bureau, sql, persona):
    own = CadreFactory(department=bureau.it, user=bureau.users[persona])
    held = CadreSkillFactory(cadre=own, skill=sql, level=5)

    response = bureau.client(persona).post(f"/api/v1/cadre-skills/{held.pk}/verify/")

    assert assert_error(response, 403)["code"] == "own_skill"
    held.refresh_from_db()
    assert held.verified_at is None


def test_a_cadre_declares_their_own_skill_for_verification(bureau, sql):
    own = CadreFactory(department=bureau.it, user=bureau.users["outsider"])
    client = bureau.client("outsider")

    response = client.post("/api/v1/me/skills/", {"skill": "SQL", "level": 4, "evidence": "参与数据中台建设"},
                           format="json")

    assert response.status_code == 201, response.content
    assert (response.json()["source"], response.json()["verified_by"]) == ("self_declared", None)
    assert [s["skill_code"] for s in client.get("/api/v1/me/skills/").json()] == ["SQL"]
    assert own.skills.get().level == 4


def test_a_cadre_cannot_overwrite_a_certified_level_by_declaring_it(bureau, sql):
    own = CadreFactory(department=bureau.it, user=bureau.users["outsider"])
    CadreSkillFactory(cadre=own, skill=sql, level=4, source="certified")

    response = bureau.client("outsider").post("/api/v1/me/skills/", {"skill": "SQL", "level": 1}, format="json")

    assert assert_error(response, 409)["code"] == "skill_not_self_declared"
    assert own.skills.get().level == 4


def test_a_login_without_a_cadre_has_no_own_skills(bureau):
    assert_error(bureau.client("leader").get("/api/v1/me/skills/"), 403)


def test_heads_list_only_their_own_peoples_skills(bureau, sql):
    CadreSkillFactory(cadre=bureau.accountant, skill=sql)
    CadreSkillFactory(cadre=bureau.it_engineer, skill=sql)

    listed = bureau.client("finance_head").get("/api/v1/cadre-skills/").json()["results"]

    assert [s["cadre"] for s in listed] == [bureau.accountant.pk]


@pytest.mark.parametrize("body", [{"level": 6}, {"level": 0}, {"level": "expert"}, {"source": "rumour"},
                                  {"level": 10**30}])
def test_a_bad_level_or_source_is_a_400_naming_it(bureau, hr, sql, body):
    response = hr.post("/api/v1/cadre-skills/", {"cadre": bureau.it_engineer.pk, "skill": sql.pk, "level": 3,
                                                 **body}, format="json")

    assert_error(response, 400, field=next(iter(body)))
