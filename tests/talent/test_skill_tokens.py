"""On PostgreSQL the talent search reads each cadre's skill tokens (migration 0023), kept by triggers on the
cadre-skill table: whatever writes a skill, the search finds exactly who holds it, as it does on SQLite."""

import pytest
from django.db import connection
from django.db.models import F

from talent.models import CadreSkill
from talent.services import pool as services
from tests.factories import CadreFactory, CadreSkillFactory, SkillFactory
from tests.helpers import race
from tests.talent.test_imports import upload, xlsx

pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="the tokens exist on PostgreSQL only")]


@pytest.fixture
def skills(db):
    return {code: SkillFactory(code=code) for code in ("SQL", "GIS", "SEC")}


def found(client, **params) -> list[str]:
    response = client.get("/api/v1/talent-search/", params)
    assert response.status_code == 200, response.content
    return [hit["name"] for hit in response.json()["results"]]


def tokens_are_exact() -> bool:
    """Every cadre's tokens are those of the skills they hold now, and nobody else has any."""
    held: dict[int, list[int]] = {}
    for cadre_id, skill_id, level in CadreSkill.objects.order_by("skill_id").values_list("cadre_id", "skill_id",
                                                                                          "level"):
        held.setdefault(cadre_id, []).extend(skill_id * 8 + step for step in range(1, level + 1))
    with connection.cursor() as cursor:
        cursor.execute("SELECT cadre_id, tokens FROM talent_skill_tokens WHERE tokens <> '{}'")
        return dict(cursor.fetchall()) == held


def test_a_level_raised_or_lowered_changes_who_is_found(bureau, hr, skills):
    held = CadreSkillFactory(cadre=bureau.it_engineer, skill=skills["SQL"], level=2)
    CadreSkillFactory(cadre=bureau.it_engineer, skill=skills["GIS"], level=4)
    assert found(hr, skill=["SQL:3", "GIS:4"]) == []

    services.cadre_skill_set(cadre=bureau.it_engineer, skill=skills["SQL"], level=3, by=bureau.users["hr_officer"])
    assert found(hr, skill=["SQL:3", "GIS:4"]) == ["李码"]

    CadreSkill.objects.filter(pk=held.pk).update(level=F("level") - 1)  # a bulk write, past the services
    assert found(hr, skill=["SQL:3", "GIS:4"]) == []
    assert found(hr, skill=["SQL:2", "GIS:4"]) == ["李码"]
    assert tokens_are_exact()


def test_a_removed_skill_is_no_longer_found_and_the_others_still_are(bureau, hr, skills):
    sql = CadreSkillFactory(cadre=bureau.accountant, skill=skills["SQL"], level=5)
    CadreSkillFactory(cadre=bureau.accountant, skill=skills["SEC"], level=1)

    services.cadre_skill_remove(cadre_skill=sql, by=bureau.users["hr_officer"])

    assert found(hr, skill="SQL") == []
    assert found(hr, skill="SEC") == ["孙会"]
    assert found(hr, any_skill=["SQL", "SEC:1"]) == ["孙会"]
    assert tokens_are_exact()


def test_a_deleted_cadre_is_gone_and_a_new_one_holds_only_their_own_skills(bureau, hr, skills):
    CadreSkillFactory(cadre=bureau.office_clerk, skill=skills["GIS"], level=3)
    bureau.office_clerk.delete()

    newcomer = CadreFactory(name="周新", department=bureau.office)
    CadreSkillFactory(cadre=newcomer, skill=skills["SEC"], level=2)

    assert found(hr, skill="GIS") == []
    assert found(hr, skill="SEC:2") == ["周新"]
    assert tokens_are_exact()


def test_a_cadre_moved_to_another_department_is_found_there_and_seen_by_its_head(bureau, hr, skills):
    CadreSkillFactory(cadre=bureau.it_engineer, skill=skills["SQL"], level=4)
    head = bureau.client("finance_head")
    [before] = head.get("/api/v1/talent-search/", {"skill": "SQL:4"}).json()["results"]
    assert before["summary"]

    services.cadre_update(cadre=bureau.it_engineer, department=bureau.accounting)

    [after] = head.get("/api/v1/talent-search/", {"skill": "SQL:4"}).json()["results"]
    assert (after["name"], after["summary"], after["staff_number"]) == ("李码", False, "IT001")
    assert found(hr, skill="SQL:4", department=bureau.finance.pk) == ["李码"]
    assert found(hr, skill="SQL:4", department=bureau.it.pk) == []


def test_an_imported_file_of_skills_is_found_at_its_levels(bureau, hr, skills):
    CadreSkillFactory(cadre=bureau.it_engineer, skill=skills["SQL"], level=1)
    rows = [["IT001", "SQL", 4], ["IT001", "GIS", 2], ["FI001", "SQL", 3], ["FI001", "GIS", 3]]

    report = upload(hr, "cadre-skills", xlsx(["工号", "技能", "熟练程度"], rows)).json()

    assert (report.get("created"), report.get("updated")) == (3, 1), report
    assert found(hr, skill=["SQL:4", "GIS:2"]) == ["李码"]
    assert found(hr, skill=["SQL:3", "GIS:2"]) == ["钱进", "李码"]  # her margin on GIS ranks her first
    assert tokens_are_exact()


def test_a_bulk_insert_and_a_bulk_delete_keep_the_tokens_exact(bureau, hr, skills):
    cadres = [bureau.office_clerk, bureau.finance_officer, bureau.accountant, bureau.it_engineer]
    CadreSkill.objects.bulk_create([CadreSkill(cadre=c, skill=s, level=1 + (i + j) % 5)
                                    for i, c in enumerate(cadres) for j, s in enumerate(skills.values())])
    assert tokens_are_exact()
    assert found(hr, skill=["SQL:4", "GIS:5"]) == ["李码"]

    CadreSkill.objects.filter(skill=skills["GIS"], level__gte=4).delete()

    assert found(hr, skill="GIS:4") == []
    assert tokens_are_exact()


@pytest.mark.django_db(transaction=True)  # two connections (tests.helpers.race)
@pytest.mark.parametrize("held_before", [(), ("SEC",)], ids=["first skills", "more skills"])
def test_two_skills_of_one_cadre_given_at_once_are_both_found(bureau, hr, skills, held_before):
    """The second writer recounts the cadre's skills only once the first has committed, so it counts the first's
    skill too (a recount and a write in one statement would read the skills as they were when it began)."""
    for code in held_before:
        CadreSkillFactory(cadre=bureau.it_engineer, skill=skills[code], level=1)

    def give(code):
        return lambda: services.cadre_skill_set(cadre=bureau.it_engineer, skill=skills[code], level=3)

    race(give("SQL"), give("GIS"))

    assert found(hr, skill=["SQL:3", "GIS:3", *held_before]) == ["李码"]
    assert tokens_are_exact()


def test_the_recount_is_never_compiled_by_jit(db):
    """With statistics older than a bulk write, each cadre's recount was estimated at thousands of rows and compiled
    by LLVM at every call (migration 0024): five minutes for 50,000 cadres' skills instead of seconds."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT proconfig FROM pg_proc WHERE proname = 'talent_skill_tokens_keep'")
        assert cursor.fetchone()[0] == ["jit=off"]
