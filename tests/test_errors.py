"""Whatever a client sends, the answer is a 4xx in the one error shape, never a crash."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talent.models import Cadre, Department
from tests.factories import cadre_payload
from tests.helpers import assert_error

HUGE = 10**30


def test_invalid_json_is_a_400(bureau, hr):
    response = hr.post("/api/v1/departments/", '{"code": "X", "name": ', content_type="application/json")

    assert assert_error(response, 400)["code"] == "parse_error"


def test_nan_is_not_json(bureau, hr):
    body = json.dumps(cadre_payload(bureau.it)).replace('"tier": "general"', '"tier": NaN')
    assert "NaN" in body

    assert_error(hr.post("/api/v1/cadres/", body, content_type="application/json"), 400)
    assert not Cadre.objects.filter(staff_number="NEW001").exists()


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", "text/csv"])
def test_an_unsupported_content_type_is_a_415(bureau, hr, content_type):
    response = hr.post("/api/v1/departments/", "code=X", content_type=content_type)

    assert_error(response, 415)
    assert not Department.objects.filter(code="X").exists()


def test_asking_for_a_format_we_do_not_speak_is_a_406(bureau, hr):
    assert_error(hr.get("/api/v1/cadres/", HTTP_ACCEPT="application/xml"), 406)


WRONG_CADRE_FIELDS = {
    "department as text": ("department", "finance"),
    "department as a list": ("department", [1]),
    "department as true": ("department", True),
    "department beyond any integer column": ("department", HUGE),
    "department as a huge float": ("department", 1e300),
    "department negative": ("department", -1),
    "user that does not exist": ("user", HUGE),
    "hire date as a number": ("hire_date", 20200901),
    "hire date in year 99999": ("hire_date", "99999-01-01"),
    "hire date 31 April": ("hire_date", "2020-04-31"),
    "gender as a list": ("gender", ["M"]),
    "name as an object": ("name", {"zh": "周"}),
    "name missing": ("name", None),
    "name with a NUL character": ("name", "周\x00新"),
    "name too long": ("name", "周" * 51),
    "national ID as a huge number": ("national_id", HUGE),
    "national ID with a NUL character": ("national_id", "\x00" * 18),
    "unknown rank": ("rank", "general_secretary"),
    "status as a number": ("status", 1),
}


@pytest.mark.parametrize("case", WRONG_CADRE_FIELDS)
def test_a_wrong_value_in_a_cadre_is_a_400_naming_the_field(bureau, hr, case):
    field, value = WRONG_CADRE_FIELDS[case]

    response = hr.post("/api/v1/cadres/", cadre_payload(bureau.it, **{field: value}), format="json")

    assert_error(response, 400, field=field)
    assert not Cadre.objects.filter(staff_number="NEW001").exists()


@pytest.mark.parametrize("field, value", [("parent", HUGE), ("parent", "office"), ("active", "maybe"),
                                          ("code", None), ("code", "X" * 33)])
def test_a_wrong_value_in_a_department_is_a_400_naming_the_field(bureau, hr, field, value):
    body = {"code": "NEW", "name": "新设处", field: value}

    assert_error(hr.post("/api/v1/departments/", body, format="json"), 400, field=field)


def test_a_body_that_is_not_an_object_is_a_400(bureau, hr):
    assert_error(hr.post("/api/v1/cadres/", [cadre_payload(bureau.it)], format="json"), 400)


@pytest.mark.parametrize("query, field", [(f"department={HUGE}", "department"), ("department=abc", "department"),
                                          ("department=1.5", "department"), ("hired_after=2020-13-01", "hired_after")])
def test_a_wrong_value_in_a_cadre_filter_is_a_400_naming_it(bureau, hr, query, field):
    assert_error(hr.get(f"/api/v1/cadres/?{query}"), 400, field=field)


@pytest.mark.parametrize("query, field", [(f"parent={HUGE}", "parent"), ("parent=abc", "parent")])
def test_a_wrong_value_in_a_department_filter_is_a_400_naming_it(bureau, hr, query, field):
    assert_error(hr.get(f"/api/v1/departments/?{query}"), 400, field=field)


@pytest.mark.parametrize("query, field", [("action=erase", "action"), ("since=yesterday", "since"),
                                          ("actor=%00", "actor")])
def test_a_wrong_value_in_an_audit_filter_is_a_400_naming_it(bureau, query, field):
    assert_error(bureau.client("auditor").get(f"/api/v1/audit/?{query}"), 400, field=field)


def test_a_nul_character_in_a_search_is_a_400(bureau, hr):
    assert_error(hr.get("/api/v1/cadres/?search=%00"), 400)
    assert_error(bureau.client("auditor").get("/api/v1/audit/?search=%00"), 400)


def test_a_nul_character_in_a_skill_code_is_a_400_not_a_database_error(bureau, hr):
    # PostgreSQL cannot even look up a value holding NUL: without the check this was a 500 there.
    plan = {"department": bureau.it.pk, "period": "2026", "title": "数字化人才计划",
            "lines": [{"post": "数据分析岗", "headcount": 1, "requirements": [{"skill": "S\x00", "min_level": 2}]}]}

    assert_error(hr.post("/api/v1/workforce-plans/", plan, format="json"), 400, field="lines")
    assert_error(hr.get("/api/v1/learning-groups/suggest/?skill=S%00&capacity=execution"), 400, field="skill")


@pytest.mark.parametrize("path", [f"/api/v1/cadres/{HUGE}/", "/api/v1/cadres/abc/", "/api/v1/cadres/-1/",
                                  f"/api/v1/departments/{HUGE}/", f"/api/v1/audit/{HUGE}/"])
def test_an_id_that_cannot_exist_is_a_404(bureau, hr, path):
    client = bureau.client("auditor") if "/audit/" in path else hr

    assert_error(client.get(path), 404)


def test_writing_to_an_id_that_cannot_exist_is_a_404(bureau, hr):
    assert_error(hr.patch(f"/api/v1/cadres/{HUGE}/", {"name": "某"}, format="json"), 404)
    assert_error(hr.delete(f"/api/v1/departments/{HUGE}/"), 404)


@pytest.mark.parametrize("query", [f"page={HUGE}", "page=abc", "page=0", "page=-1"])
def test_a_page_that_does_not_exist_is_a_404(bureau, hr, query):
    assert_error(hr.get(f"/api/v1/cadres/?{query}"), 404)


@pytest.mark.parametrize("query", [f"page={HUGE}", f"page={2**63 - 1}", "page=0"])
def test_a_talent_search_page_that_does_not_exist_is_a_404(bureau, hr, query):
    assert_error(hr.get(f"/api/v1/talent-search/?{query}"), 404)


@pytest.mark.parametrize("query", [f"page_size={HUGE}", "page_size=abc", "page_size=-5", "ordering=national_id",
                                   "ordering=;DROP TABLE talent_cadre"])
def test_an_odd_page_size_or_ordering_falls_back_to_the_defaults(bureau, hr, query):
    response = hr.get(f"/api/v1/cadres/?{query}")

    assert response.status_code == 200
    assert response.json()["count"] == 4


@pytest.mark.parametrize("path", ["/api/v1/nothing-here/", "/api/v1/cadres/1/skills/", "/api/v2/cadres/",
                                  "/api/", "/api/v1/nothing-here"])
@pytest.mark.parametrize("persona", ["anonymous", "hr_officer"])
def test_an_unknown_api_url_is_a_404_in_the_error_shape(bureau, path, persona):
    assert assert_error(bureau.client(persona).get(path), 404)["code"] == "not_found"


def test_a_method_an_endpoint_does_not_have_is_a_405(bureau, hr):
    assert_error(hr.put("/api/v1/departments/tree/", {}, format="json"), 405)
    assert_error(hr.post("/api/v1/me/", {}, format="json"), 405)
    assert_error(hr.get("/api/v1/auth/token/"), 405)


def test_a_login_without_a_password_is_a_400_naming_it(bureau):
    response = bureau.client("anonymous").post("/api/v1/auth/token/", {"username": "hr_officer"}, format="json")

    assert_error(response, 400, field="password")


def test_a_conflict_is_a_409_in_the_error_shape(bureau, hr):
    assert assert_error(hr.delete(f"/api/v1/departments/{bureau.finance.pk}/"), 409)["code"]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=5,
)
CADRE_FIELDS = list(cadre_payload(Department(pk=1)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.dictionaries(st.sampled_from(CADRE_FIELDS), JSON_VALUES, min_size=1, max_size=4))
def test_any_json_in_a_cadre_gives_a_client_answer_never_a_crash(bureau, hr, changes):
    created = hr.post("/api/v1/cadres/", cadre_payload(bureau.it, **changes), format="json")
    edited = hr.patch(f"/api/v1/cadres/{bureau.it_engineer.pk}/", changes, format="json")

    for response in (created, edited):
        if response.status_code >= 400:
            assert_error(response, 400)
        else:
            assert response.status_code in (200, 201)
