"""The talent search: "who can do X at level Y?", explained, filtered, sorted, paged and exported."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from talent import literacy, search
from talent.models import TierProfile
from tests.factories import AssessmentFactory, CadreFactory, CadreSkillFactory, SkillFactory, scores
from tests.helpers import assert_error


@pytest.fixture
def skills(db):
    return {code: SkillFactory(code=code, name=name) for code, name in
            [("SQL", "数据库与SQL"), ("GIS", "地理信息系统"), ("SEC", "网络安全"), ("PY", "Python")]}


def give(cadre, skills, **levels):
    for code, level in levels.items():
        CadreSkillFactory(cadre=cadre, skill=skills[code.upper()], level=level)
    return cadre


def found(client, **params):
    response = client.get("/api/v1/talent-search/", params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def names(results):
    return [r["name"] for r in results]


def test_a_cadre_must_hold_every_required_skill_at_or_above_its_level(bureau, hr, skills):
    give(bureau.it_engineer, skills, sql=3, gis=2)          # exactly at both minimums
    give(bureau.accountant, skills, sql=5)                  # no GIS
    give(bureau.office_clerk, skills, sql=2, gis=5)         # SQL one level short
    give(bureau.finance_officer, skills, sql=4, gis=4, sec=1)

    results = found(hr, skill=["SQL:3", "GIS:2"])

    assert sorted(names(results)) == sorted(["李码", "钱进"])


def test_without_a_level_any_level_counts(bureau, hr, skills):
    give(bureau.it_engineer, skills, sec=1)

    assert names(found(hr, skill="sec")) == ["李码"]


def test_any_skill_needs_only_one_of_them(bureau, hr, skills):
    give(bureau.it_engineer, skills, sql=3, py=4)
    give(bureau.accountant, skills, sql=3, sec=2)
    give(bureau.office_clerk, skills, sql=3, py=1)

    results = found(hr, skill="SQL:3", any_skill=["PY:3", "SEC:2"])

    assert sorted(names(results)) == sorted(["李码", "孙会"])


def test_each_result_explains_which_skills_matched_and_by_how_much(bureau, hr, skills):
    give(bureau.it_engineer, skills, sql=5, gis=2, py=3)

    (hit,) = found(hr, skill=["SQL:3", "GIS:2"], any_skill="PY:2")

    assert [(m["code"], m["name"], m["required"], m["minimum"], m["level"], m["margin"]) for m in hit["matches"]] == [
        ("SQL", "数据库与SQL", True, 3, 5, 2), ("GIS", "地理信息系统", True, 2, 2, 0), ("PY", "Python", False, 2, 3, 1)]
    assert hit["match_score"] == (1 + 2) + (1 + 0) + (1 + 1)


def test_results_are_sorted_by_match_the_way_the_rules_score_it(bureau, hr, skills):
    levels = [(5, 5, 0), (3, 3, 4), (4, 3, 0), (3, 5, 5), (3, 3, 0), (5, 4, 2)]
    for sql, gis, py in levels:
        cadre = CadreFactory(department=bureau.it)
        give(cadre, skills, sql=sql, gis=gis, **({"py": py} if py else {}))
    required = (search.Requirement("SQL", 3), search.Requirement("GIS", 3))
    any_of = (search.Requirement("PY", 1),)

    results = found(hr, skill=["SQL:3", "GIS:3"], any_skill="PY:1", status="active")
    # any_skill also filters: only those with PY remain
    expected = sorted((search.score(search.explain(required, any_of, {"SQL": s, "GIS": g, "PY": p}))
                       for s, g, p in levels if p), reverse=True)

    assert [r["match_score"] for r in results] == expected


def test_department_includes_its_sub_units(bureau, hr, skills):
    for cadre in (bureau.finance_officer, bureau.accountant, bureau.it_engineer):
        give(cadre, skills, sql=3)

    assert sorted(names(found(hr, skill="SQL:1", department=bureau.finance.pk))) == sorted(["钱进", "孙会"])
    assert names(found(hr, skill="SQL:1", department=bureau.accounting.pk)) == ["孙会"]


def test_tier_rank_status_and_free_text_narrow_the_search(bureau, hr, skills):
    give(bureau.it_engineer, skills, sql=3)
    give(bureau.accountant, skills, sql=3)
    left = give(CadreFactory(department=bureau.it, name="离开者", status="left"), skills, sql=5)

    assert names(found(hr, skill="SQL:1", tier="specialist")) == ["李码"]
    assert "离开者" not in names(found(hr, skill="SQL:1"))  # those who left are out unless asked for
    assert names(found(hr, skill="SQL:1", status="left")) == [left.name]
    assert names(found(hr, q="AC00")) == ["孙会"]
    assert names(found(hr, skill="SQL:1", rank="clerk_1", q="李")) == ["李码"]


def test_capacity_and_composite_minimums_use_the_latest_assessment(bureau, hr, skills):
    for cadre in (bureau.it_engineer, bureau.accountant, bureau.office_clerk):
        give(cadre, skills, sql=3)
    AssessmentFactory(cadre=bureau.it_engineer, **scores(execution=90))
    AssessmentFactory(cadre=bureau.it_engineer, period="2024", is_latest=False, **scores(execution=40))
    AssessmentFactory(cadre=bureau.accountant, **scores(execution=60))

    assert names(found(hr, skill="SQL:1", min_execution=80)) == ["李码"]
    # general weights: .20 .35 .15 .15 .15 -> 70 everywhere but execution 60: 66.50
    assert sorted(names(found(hr, skill="SQL:1", min_composite="66.5"))) == sorted(["李码", "孙会"])
    assert names(found(hr, skill="SQL:1", min_composite="66.51")) == ["李码"]


def test_sorting_by_composite_puts_the_unassessed_last(bureau, hr, skills):
    cadres = [bureau.it_engineer, bureau.accountant, bureau.office_clerk, bureau.finance_officer]
    for cadre in cadres:
        give(cadre, skills, sql=3)
    AssessmentFactory(cadre=bureau.it_engineer, **scores(creativity=95, execution=60))
    AssessmentFactory(cadre=bureau.accountant, **scores(creativity=95, execution=60))
    AssessmentFactory(cadre=bureau.office_clerk, **scores(decision=100))
    profiles = {p.tier: p for p in TierProfile.objects.all()}

    results = found(hr, skill="SQL:1", sort="composite")

    composites = [r["composite"] for r in results]
    assert composites[-1] is None
    assert [Decimal(c) for c in composites[:-1]] == sorted((Decimal(c) for c in composites[:-1]), reverse=True)
    for hit in results[:-1]:
        assert Decimal(hit["composite"]) == literacy.composite(hit["scores"], profiles[hit["tier"]].weights())


def test_heads_see_summaries_of_other_departments_and_no_personal_data(bureau, skills):
    for cadre in (bureau.accountant, bureau.it_engineer):
        give(cadre, skills, sql=3)
    AssessmentFactory(cadre=bureau.it_engineer)

    response = bureau.client("finance_head").get("/api/v1/talent-search/", {"skill": "SQL:2"})

    by_name = {r["name"]: r for r in response.json()["results"]}
    other, own = by_name["李码"], by_name["孙会"]
    assert other["summary"] is True
    assert set(other) == {"id", "summary", "name", "department", "tier", "matches", "match_score"}
    assert other["department"] == "信息中心" and other["matches"][0]["code"] == "SQL"
    assert own["summary"] is False and own["staff_number"] == "AC001"
    body = response.content.decode()
    for cadre in (bureau.accountant, bureau.it_engineer):
        assert cadre.national_id not in body and cadre.mobile not in body
    assert "IT001" not in body


def test_the_number_of_queries_does_not_grow_with_the_page_size(bureau, hr, skills, django_assert_max_num_queries):
    for _ in range(30):
        give(CadreFactory(department=bureau.it), skills, sql=4, gis=3, sec=2)
    found(hr, skill=["SQL:3"])  # the skill catalogue, which a process reads once until a skill changes
    counts = []
    for page_size in (5, 30):
        with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(10):
            results = found(hr, skill=["SQL:3", "GIS:2", "SEC:1"], page_size=page_size, min_execution=0,
                            sort="composite")
        counts.append(len(queries))
        assert len(results) == 0  # nobody is assessed, so min_execution=0 leaves no one
        with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(10):
            results = found(hr, skill=["SQL:3", "GIS:2", "SEC:1"], page_size=page_size)
        assert len(results) == page_size
        counts.append(len(queries))
    assert counts[0] == counts[2] and counts[1] == counts[3]


def test_results_are_paginated(bureau, hr, skills):
    for _ in range(7):
        give(CadreFactory(department=bureau.it), skills, sql=3)

    first = hr.get("/api/v1/talent-search/", {"skill": "SQL:3", "page_size": 5}).json()
    second = hr.get("/api/v1/talent-search/", {"skill": "SQL:3", "page_size": 5, "page": 2}).json()

    assert first["count"] == second["count"] == 7
    assert "page=2" in first["next"] and second["next"] is None and second["previous"]
    assert len(first["results"]) == 5 and len(second["results"]) == 2
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}


def test_no_match_is_an_empty_first_page(bureau, hr, skills):
    response = hr.get("/api/v1/talent-search/", {"skill": "SQL:5"}).json()

    assert (response["count"], response["results"], response["next"]) == (0, [], None)


@pytest.mark.parametrize("page", ["2", "0", "-1", "abc"])
def test_a_page_that_does_not_exist_is_a_404(bureau, hr, skills, page):
    give(bureau.it_engineer, skills, sql=3)

    assert_error(hr.get("/api/v1/talent-search/", {"skill": "SQL:1", "page": page}), 404)


@pytest.mark.parametrize(("params", "field"), [
    ({"skill": "SQL:9"}, "skill"), ({"skill": "SQL:three"}, "skill"), ({"skill": "NOPE:2"}, "skill"),
    ({"any_skill": "NOPE"}, "any_skill"), ({"min_execution": 101}, "min_execution"),
    ({"min_composite": "abc"}, "min_composite"), ({"tier": "boss"}, "tier"), ({"department": 10**12}, "department"),
    ({"sort": "salary"}, "sort"), ({"status": "retired"}, "status"), ({"q": "x" * 101}, "q"),
])
def test_a_bad_search_is_a_400_naming_the_parameter(bureau, hr, skills, params, field):
    assert_error(hr.get("/api/v1/talent-search/", params), 400, field=field)


def test_auditors_and_outsiders_cannot_search(bureau):
    for persona in ("auditor", "outsider"):
        assert_error(bureau.client(persona).get("/api/v1/talent-search/"), 403)


def test_the_search_exports_as_csv_with_every_result(bureau, hr, skills):
    for _ in range(3):
        give(CadreFactory(department=bureau.it), skills, sql=4)
    AssessmentFactory(cadre=give(bureau.it_engineer, skills, sql=5), **scores(execution=90))

    response = hr.get("/api/v1/talent-search/export/", {"skill": "SQL:4", "as": "csv", "page_size": 1})

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["工号", "姓名"]
    assert len(rows) == 1 + 4
    assert rows[1][0] == "IT001" and rows[1][-2] == "数据库与SQL 5（≥4）"


def test_the_search_exports_as_xlsx_and_heads_get_summaries_there_too(bureau, skills):
    give(bureau.it_engineer, skills, sql=3)
    give(bureau.accountant, skills, sql=3)

    response = bureau.client("finance_head").get("/api/v1/talent-search/export/", {"skill": "SQL:3"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["孙会"][0] == "AC001"
    assert rows["李码"][0] is None and rows["李码"][2] == "信息中心"


def test_an_unknown_export_format_is_a_400(bureau, hr):
    assert_error(hr.get("/api/v1/talent-search/export/", {"as": "pdf"}), 400, field="as")


def test_a_search_reads_its_skills_in_no_statement_of_their_own_and_sees_a_skill_changed(bureau, hr, skills):
    give(CadreFactory(department=bureau.it, name="甲"), skills, sql=4)
    found(hr, skill="SQL:3")
    with CaptureQueriesContext(connection) as queries:
        [hit] = found(hr, skill="SQL:3")
    assert hit["matches"][0]["name"] == "数据库与SQL"
    assert not [query for query in queries if query["sql"].startswith('SELECT "talent_skill"')]

    assert hr.patch(f"/api/v1/skills/{skills['SQL'].pk}/", {"name": "数据库"}, format="json").status_code == 200

    [hit] = found(hr, skill="SQL:3")
    assert hit["matches"][0]["name"] == "数据库"
