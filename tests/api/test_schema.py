"""The OpenAPI schema is complete and honest: a client generated from it can call every operation and read
every answer, errors included. The findings of the fuzzing (tests/api/test_fuzz.py) are kept here, each as
the request that found it, judged the way the fuzzing judges it."""

import io

import openpyxl
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from rest_framework import serializers

from incentives.models import Certificate
from incentives.services import certificates as certificate_services
from talent.access import Actor
from talent.serializers.people import CadreSerializer
from talent.validators import validate_year_1900_2099
from tests.api.fuzzing import call_and_check, leaked, schema
from tests.factories import PASSWORD, AssessmentFactory, CadreSkillFactory, ContributionFactory, cadre_payload
from tests.factories_planning import VendorStaffFactory
from tests.incentives.certificates.conftest import approved_cycle

SPEC = schema.raw_schema
OPERATIONS = [(path, method, operation) for path, item in SPEC["paths"].items()
              for method, operation in item.items() if method in ("get", "post", "put", "patch", "delete")]
ERROR_REF = "#/components/schemas/Error"


def operation(path: str, method: str):
    return schema[path][method.upper()]


def test_the_schema_is_valid_openapi_and_generated_without_warnings(tmp_path):
    # --fail-on-warn: a field or parameter the generator could not type (so a client could not either) fails.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def _schemas_with_enums(node):
    if isinstance(node, dict):
        if "enum" in node and "type" in node:
            yield node
        for value in node.values():
            yield from _schemas_with_enums(value)
    elif isinstance(node, list):
        for value in node:
            yield from _schemas_with_enums(value)


JSON_TYPES = {"string": str, "integer": int, "number": (int, float), "boolean": bool}


def test_every_enum_value_has_the_type_its_schema_declares():
    wrong = [(found["type"], value) for found in _schemas_with_enums(SPEC) for value in found["enum"]
             if value is not None and not isinstance(value, JSON_TYPES.get(found["type"], object))]

    assert not wrong


@pytest.mark.parametrize("path, method, documented", OPERATIONS, ids=[f"{m.upper()} {p}" for p, m, _ in OPERATIONS])
def test_every_operation_documents_its_errors_in_the_one_error_shape(path, method, documented):
    responses = documented["responses"]
    errors = {status: response for status, response in responses.items() if status.startswith("4")}
    parameters = documented.get("parameters", [])

    for status, response in errors.items():
        assert response["content"]["application/json"]["schema"]["$ref"] == ERROR_REF, status
    if any(requirement for requirement in documented.get("security", [])):
        assert {"401", "403"} <= errors.keys()
    if any(parameter["in"] == "path" for parameter in parameters):
        assert "404" in errors
    if "requestBody" in documented:
        assert {"400", "415"} <= errors.keys()


def test_a_wrong_password_is_a_documented_401(bureau, personal_data, in_process):
    case = operation("/api/v1/auth/token/", "post").Case(
        body={"username": "hr_officer", "password": "wrong-" + PASSWORD}, media_type="application/json")

    response = call_and_check(case, bureau=bureau, persona="anonymous", personal_data=personal_data)

    assert response.status_code == 401


def test_audit_records_written_without_a_user_show_no_actor_as_documented(bureau, personal_data, in_process):
    # The bureau's cadres were created outside any request, so their records have no actor.
    case = operation("/api/v1/audit/", "get").Case(query={"model": "cadre"})

    response = call_and_check(case, bureau=bureau, persona="auditor", personal_data=personal_data)

    assert response.status_code == 200
    assert None in {entry["actor"] for entry in response.json()["results"]}


def test_the_audit_action_filter_is_documented_as_the_words_it_takes(bureau, personal_data, in_process):
    parameter = next(p for p in SPEC["paths"]["/api/v1/audit/"]["get"]["parameters"] if p["name"] == "action")
    case = operation("/api/v1/audit/", "get").Case(query={"action": "update"})

    response = call_and_check(case, bureau=bureau, persona="auditor", personal_data=personal_data)

    assert parameter["schema"]["type"] == "string" and "update" in parameter["schema"]["enum"]
    assert response.json()["count"] and {entry["action"] for entry in response.json()["results"]} == {"update"}


def test_a_read_of_personal_data_is_an_audit_record_without_changes_as_documented(bureau, personal_data, in_process):
    call_and_check(operation("/api/v1/cadres/{id}/", "get").Case(path_parameters={"id": bureau.accountant.pk}),
                   bureau=bureau, persona="hr_officer", personal_data=personal_data)
    case = operation("/api/v1/audit/", "get").Case(query={"action": "access"})

    response = call_and_check(case, bureau=bureau, persona="auditor", personal_data=personal_data)

    assert [entry["changes"] for entry in response.json()["results"]] == [None]


def test_the_department_tree_documents_sub_units_as_trees_too(bureau, personal_data, in_process):
    tree = SPEC["components"]["schemas"]["DepartmentTree"]
    response = call_and_check(operation("/api/v1/departments/tree/", "get").Case(),
                              bureau=bureau, persona="leader", personal_data=personal_data)

    assert tree["properties"]["children"]["items"] == {"$ref": "#/components/schemas/DepartmentTree"}
    finance = next(node for node in response.json() if node["code"] == "FIN")
    assert [child["code"] for child in finance["children"]] == ["FIN-ACC"]


def test_a_boolean_filter_is_documented_as_a_boolean_and_takes_one(bureau, personal_data, in_process):
    parameter = next(p for p in SPEC["paths"]["/api/v1/departments/"]["get"]["parameters"] if p["name"] == "active")
    case = operation("/api/v1/departments/", "get").Case(query={"active": "false"})

    response = call_and_check(case, bureau=bureau, persona="leader", personal_data=personal_data)

    assert parameter["schema"] == {"type": "boolean"}
    assert response.json()["count"] == 0


def test_the_ordering_parameter_names_the_fields_it_sorts_by(bureau, personal_data, in_process):
    parameter = next(p for p in SPEC["paths"]["/api/v1/cadres/"]["get"]["parameters"] if p["name"] == "ordering")
    case = operation("/api/v1/cadres/", "get").Case(query={"ordering": "-hire_date,name"})

    response = call_and_check(case, bureau=bureau, persona="leader", personal_data=personal_data)

    assert all(field in parameter["description"] for field in ("staff_number", "name", "hire_date", "rank"))
    assert response.status_code == 200


def test_a_talent_search_answers_a_page_as_documented(bureau, personal_data, in_process):
    search = operation("/api/v1/talent-search/", "get")

    first = call_and_check(search.Case(query={"page_size": 2}), bureau=bureau, persona="leader",
                           personal_data=personal_data)
    beyond = call_and_check(search.Case(query={"page": 99}), bureau=bureau, persona="leader",
                            personal_data=personal_data)

    assert first.json()["count"] == 4 and len(first.json()["results"]) == 2
    assert beyond.status_code == 404


def test_verifying_a_certificate_that_does_not_exist_answers_as_documented(bureau, personal_data, in_process):
    case = operation("/api/v1/verify/{serial}/", "get").Case(path_parameters={"serial": "NO-SUCH-1"},
                                                            query={"code": "ABCD"})

    response = call_and_check(case, bureau=bureau, persona="anonymous", personal_data=personal_data)

    assert response.json()["status"] == "not_found"
    assert response.json()["serial"] is None and response.json()["revoked_on"] is None


def test_the_harness_catches_a_list_showing_personal_data_unmasked(bureau, personal_data, in_process, monkeypatch):
    monkeypatch.setattr(CadreSerializer, "to_representation", serializers.ModelSerializer.to_representation)

    with pytest.raises(AssertionError, match="unmasked"):
        call_and_check(operation("/api/v1/cadres/", "get").Case(), bureau=bureau, persona="leader",
                       personal_data=personal_data)


def test_the_harness_judges_by_the_permission_so_hr_without_it_is_scanned_too(bureau, personal_data, in_process,
                                                                             monkeypatch):
    monkeypatch.setattr(CadreSerializer, "to_representation", serializers.ModelSerializer.to_representation)
    cadres = operation("/api/v1/cadres/", "get")

    call_and_check(cadres.Case(), bureau=bureau, persona="hr_officer", personal_data=personal_data)
    with pytest.raises(AssertionError, match="unmasked"):
        call_and_check(cadres.Case(), bureau=bureau, persona="hr_clerk", personal_data=personal_data)


def test_the_harness_reads_personal_data_inside_a_spreadsheet(bureau):
    book = openpyxl.Workbook()
    book.active.append(["李码", bureau.it_engineer.national_id])
    content = io.BytesIO()
    book.save(content)

    assert leaked(content.getvalue(), {bureau.it_engineer.national_id, bureau.accountant.mobile}) == {
        bureau.it_engineer.national_id}


def test_an_unknown_response_format_is_a_documented_404(bureau, personal_data, in_process):
    case = operation("/api/v1/reports/leadership/", "get").Case(query={"format": "AAA"})

    response = call_and_check(case, bureau=bureau, persona="leader", personal_data=personal_data)

    assert response.status_code == 404


def test_a_contribution_not_yet_reviewed_shows_no_reviewer_as_documented(bureau, personal_data, in_process):
    # Found by a longer fuzzing run: every "who did it" field was documented as never null.
    case = operation("/api/v1/contributions/", "post").Case(
        body={"cadre": bureau.office_clerk.pk, "year": 2025, "kind": "learning_group", "title": "数据治理学习小组",
              "impact": 3, "evidence": "活动记录"}, media_type="application/json")

    response = call_and_check(case, bureau=bureau, persona="hr_clerk", personal_data=personal_data)

    assert response.status_code == 201, response.content
    assert response.json()["reviewed_by"] is None


def _as(persona: str, case, bureau, personal_data):
    return call_and_check(case, bureau=bureau, persona=persona, personal_data=personal_data)


def test_a_talent_search_hit_shows_its_composite_score_as_the_number_documented(bureau, personal_data, in_process):
    AssessmentFactory(cadre=bureau.it_engineer)

    response = _as("leader", operation("/api/v1/talent-search/", "get").Case(), bureau, personal_data)

    assert {hit["name"]: hit["composite"] for hit in response.json()["results"]}["李码"] == 70


def test_an_included_incentive_line_shows_no_exclusion_as_documented(bureau, personal_data, in_process):
    cycle = approved_cycle(bureau)
    case = operation("/api/v1/incentive-cycles/{cycle_pk}/lines/", "get").Case(path_parameters={"cycle_pk": cycle.pk})

    response = _as("hr_officer", case, bureau, personal_data)

    assert "" in {line["exclusion"] for line in response.json()["results"]}


def test_the_registry_health_shows_a_missing_agreement_as_documented(bureau, personal_data, in_process):
    VendorStaffFactory(responsible_cadre=bureau.it_engineer, confidentiality_signed_on=None)

    response = _as("hr_officer", operation("/api/v1/registry-health/", "get").Case(), bureau, personal_data)

    staff = [person for check in response.json()["checks"] for person in check.get("staff", [])]
    assert None in {person["confidentiality_signed_on"] for person in staff}


def test_a_confirmation_backdated_before_1900_is_refused(bureau, personal_data, in_process):
    staff = VendorStaffFactory(responsible_cadre=bureau.it_engineer)
    case = operation("/api/v1/vendor-staff/{id}/confirm/", "post").Case(
        path_parameters={"id": staff.pk}, body={"at": "0624-01-01T00:00:00Z"}, media_type="application/json")

    response = _as("hr_officer", case, bureau, personal_data)

    assert response.status_code == 400 and "at" in response.json()["error"]["fields"]


def test_an_edited_contribution_still_shows_its_reviewer_as_documented(bureau, personal_data, in_process):
    contribution = ContributionFactory(cadre=bureau.office_clerk, status="submitted")
    case = operation("/api/v1/contributions/{id}/", "patch").Case(
        path_parameters={"id": contribution.pk}, body={"title": "数据治理"}, media_type="application/json")

    response = _as("hr_officer", case, bureau, personal_data)

    assert response.status_code == 200, response.content
    assert response.json()["reviewed_by"] is None


def test_printing_a_revoked_certificate_is_a_documented_409(bureau, personal_data, in_process):
    cycle = approved_cycle(bureau)
    certificate_services.certificates_issue(cycle=cycle, actor=Actor(bureau.users["hr_officer"]))
    certificate = Certificate.objects.get(cadre=bureau.office_clerk)
    certificate_services.certificate_revoke(certificate=certificate, actor=Actor(bureau.users["hr_officer"]),
                                            reason="重复颁发")
    case = operation("/api/v1/certificates/{id}/pdf/", "get").Case(path_parameters={"id": certificate.pk})

    assert _as("hr_officer", case, bureau, personal_data).status_code == 409


def test_declaring_a_skill_hr_assessed_is_a_documented_409(bureau, personal_data, in_process):
    bureau.it_engineer.user = bureau.users["outsider"]
    bureau.it_engineer.save(update_fields=["user"])
    held = CadreSkillFactory(cadre=bureau.it_engineer, source="assessed")
    case = operation("/api/v1/me/skills/", "post").Case(body={"skill": held.skill.code, "level": 2},
                                                        media_type="application/json")

    assert _as("outsider", case, bureau, personal_data).status_code == 409


def test_a_cadre_hired_in_year_624_is_refused(bureau, personal_data, in_process):
    case = operation("/api/v1/cadres/", "post").Case(body=cadre_payload(bureau.it, hire_date="0624-09-01"),
                                                     media_type="application/json")

    response = _as("hr_officer", case, bureau, personal_data)

    assert response.status_code == 400 and "hire_date" in response.json()["error"]["fields"]


def test_every_date_a_person_enters_is_bounded_to_1900_2099():
    """By construction: a new DateField or DateTimeField without the bound fails here."""
    unbounded = [
        f"{model.__name__}.{field.name}"
        for app in ("talent", "incentives", "sharing") for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.DateField) and field.editable and not (field.auto_now or field.auto_now_add)
        and validate_year_1900_2099 not in field.validators
    ]
    assert unbounded == []
