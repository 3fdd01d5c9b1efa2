"""What text a name may hold (talent.validators), and the exports that stay whole when a row holds worse."""

import io

import pytest
from django.core.validators import RegexValidator
from openpyxl import load_workbook

from incentives.models import Certificate, IncentiveCycle
from talent.models import Cadre, Department
from tests.factories import CadreSkillFactory, SkillFactory, cadre_payload
from tests.helpers import assert_error, job_outcome
from tests.incentives.certificates.conftest import approved_cycle

REFUSED = {
    "control character": "\x01",
    "right-to-left override": "\u202e",
    "zero-width space": "\u200b",
    "private use": "\ue000",
    "line separator": "\u2028",
}
# Bypasses validation as a row saved before it would: every character export files have trouble with.
BAD_NAME = "赵\x01文\u202e😀<b>&"


@pytest.mark.parametrize("case", REFUSED)
def test_a_cadre_named_with_an_invisible_or_control_character_is_refused_naming_the_field(bureau, hr, case):
    character = REFUSED[case]

    response = hr.post("/api/v1/cadres/", cadre_payload(bureau.it, name=f"周{character}新"), format="json")

    error = assert_error(response, 400, field="name")
    assert f"U+{ord(character):04X}" in error["fields"]["name"][0]
    assert not Cadre.objects.filter(staff_number="NEW001").exists()


def test_a_name_the_certificate_font_cannot_draw_is_refused_but_a_post_title_may_hold_it(bureau, hr):
    emoji = hr.post("/api/v1/cadres/", cadre_payload(bureau.it, name="周新😀"), format="json")
    assert "😀" in assert_error(emoji, 400, field="name")["fields"]["name"][0]

    created = hr.post("/api/v1/cadres/", cadre_payload(bureau.it, post_title="主任科员😀"), format="json")
    assert created.status_code == 201, created.content


def test_a_control_character_in_a_post_title_or_a_department_name_is_refused(bureau, hr):
    assert_error(hr.post("/api/v1/cadres/", cadre_payload(bureau.it, post_title="主任\x07科员"), format="json"),
                 400, field="post_title")
    assert_error(hr.patch(f"/api/v1/departments/{bureau.it.pk}/", {"name": "信息\u202e中心"}, format="json"),
                 400, field="name")


def test_multi_line_fields_keep_tabs_and_line_breaks_and_one_line_fields_do_not():
    from talent.validators import validate_printed_line, validate_text_block, validate_text_line

    validate_text_block("第一行\n\t第二行\r\n")
    validate_text_line("阿依古丽·买买提 　Li")
    for validator in (validate_text_line, validate_printed_line):
        with pytest.raises(Exception, match="U\\+000A"):
            validator("第一行\n第二行")
    with pytest.raises(Exception, match="U\\+2A6A5"):
        validate_printed_line("李\U0002a6a5")


def save_bad_rows(bureau):
    """A name and a department name as an earlier version, or a direct write, could have left them."""
    Cadre.objects.filter(pk=bureau.office_clerk.pk).update(name=BAD_NAME)
    Department.objects.filter(pk=bureau.office.pk).update(name="办公室\x1f\u2066")
    Certificate.objects.filter(cadre=bureau.office_clerk).update(recipient_name=BAD_NAME)


@pytest.fixture
def bad_rows(bureau):
    save_bad_rows(bureau)
    return bureau


def test_the_cadre_export_and_the_talent_search_export_survive_a_bad_name(bad_rows, hr):
    CadreSkillFactory(cadre=bad_rows.office_clerk, skill=SkillFactory(code="SQL", name="数据库"), level=4)

    exported = hr.get("/api/v1/exports/cadres/", {"as": "xlsx"})
    searched = hr.get("/api/v1/talent-search/export/", {"skill": "SQL:3", "as": "xlsx"})

    for response in (exported, searched):
        assert response.status_code == 200, response.content
        cells = {cell for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
                 for cell in row}
        assert "赵\ufffd文\u202e😀<b>&" in cells


def test_the_approved_list_and_the_certificates_print_a_bad_name_with_a_mark_for_what_cannot_be_drawn(
        bureau, hr):
    cycle = approved_cycle(bureau)
    assert job_outcome(hr, hr.post(f"/api/v1/incentive-cycles/{cycle.pk}/certificates/")).status_code == 201
    save_bad_rows(bureau)
    IncentiveCycle.objects.filter(pk=cycle.pk).update(name="年度/激励:\x01")
    certificate = Certificate.objects.get(cadre=bureau.office_clerk)

    responses = [
        hr.get(f"/api/v1/incentive-cycles/{cycle.pk}/export/", {"as": "xlsx"}),
        hr.get(f"/api/v1/incentive-cycles/{cycle.pk}/export/", {"as": "pdf"}),
        hr.get(f"/api/v1/certificates/{certificate.pk}/pdf/"),
        hr.get(f"/api/v1/incentive-cycles/{cycle.pk}/certificates/pdf/"),
    ]

    assert [response.status_code for response in responses] == [200] * 4, [r.content[:300] for r in responses]


def test_every_free_text_field_of_the_project_carries_the_text_policy():
    """By construction: a new CharField or TextField without one of the policy's validators fails here."""
    from django.apps import apps
    from django.db import models

    from talent import validators

    policy = {validators.validate_text_line, validators.validate_text_block, validators.validate_printed_line}
    # Fields whose own validator allows only digits, letters and a few marks already.
    own = {validators.validate_national_id, validators.validate_mobile, validators.validate_credit_code,
           validators.validate_skill_code}
    unchecked = [
        f"{model.__name__}.{field.name}"
        for app in ("talent", "incentives", "sharing") for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField) and not field.choices
        and not any(any(v is known for known in policy | own) for v in field.validators)
        and not any(isinstance(v, RegexValidator) for v in field.validators)
    ]
    assert unchecked == []
