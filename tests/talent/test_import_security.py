"""An import must not tell its caller anything about a personal value they may not see, and a hostile
file must not take the server down: the attacks of issue 13, each as a story that failed before the fix."""

import pytest
from auditlog.models import LogEntry

from talent.models import Cadre
from tests.factories import cadre_payload, national_id
from tests.factories_planning import VendorStaffFactory
from tests.helpers import assert_error
from tests.talent.test_imports import CADRE_HEADERS, cadre_row, csv_file, upload, xlsx


def guess(cadre: Cadre, **personal) -> list:
    """One row naming an existing cadre exactly as stored, with a guessed citizen ID or phone."""
    row = cadre_row(cadre.staff_number, cadre.name, gender="男" if cadre.gender == "M" else "女",
                    department=cadre.department.code, post=cadre.post_title, rank=cadre.get_rank_display(),
                    tier=cadre.get_tier_display(), education=cadre.get_education_display(),
                    hired=cadre.hire_date.isoformat())
    row[-2:] = [personal.get("national_id", cadre.national_id), personal.get("mobile", cadre.mobile)]
    return row


@pytest.mark.parametrize("column", ["national_id", "mobile"])
def test_hr_without_the_permission_cannot_use_a_dry_run_to_test_a_guess(bureau, column):
    """Before the fix a right guess read unchanged:1 and a wrong one updated:1."""
    clerk, cadre = bureau.client("hr_clerk"), bureau.accountant
    right = getattr(cadre, column)
    wrong = national_id(gender=cadre.gender, serial=99) if column == "national_id" else "13800000000"

    answers = [upload(clerk, "cadres", xlsx(CADRE_HEADERS, [guess(cadre, **{column: value})]), dry_run=True)
               for value in (right, wrong)]

    for answer in answers:
        error = assert_error(answer, 403, field="file")
        assert "身份证号" in error["message"] and "手机号" in error["message"]
    assert answers[0].json() == answers[1].json()


def test_the_refusal_names_only_the_personal_columns_the_file_has(bureau):
    file = csv_file(["工号", "手机号"], [[bureau.accountant.staff_number, "13800000000"]])

    error = assert_error(upload(bureau.client("hr_clerk"), "cadres", file, dry_run=True), 403, field="file")

    assert "手机号" in error["message"] and "身份证号" not in error["message"]


def test_hr_without_the_permission_still_imports_a_file_without_personal_columns(bureau):
    file = csv_file(["工号", "岗位"], [[bureau.accountant.staff_number, "会计主管"]])

    response = upload(bureau.client("hr_clerk"), "cadres", file)

    assert response.status_code == 200, response.content
    bureau.accountant.refresh_from_db()
    assert bureau.accountant.post_title == "会计主管"


def test_comparing_a_file_with_stored_personal_data_is_audited_as_a_read(bureau, hr):
    cadre = bureau.accountant

    response = upload(hr, "cadres", xlsx(CADRE_HEADERS, [guess(cadre)]), dry_run=True)

    assert response.json()["unchanged"] == 1
    [read] = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(cadre.pk))
    assert read.actor == bureau.users["hr_officer"]


def test_creating_cadres_from_a_file_is_not_a_read(bureau, hr):
    row = cadre_row("NEW901", "钱新", serial=41)

    assert upload(hr, "cadres", xlsx(CADRE_HEADERS, [row]), dry_run=True).json()["created"] == 1

    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


@pytest.mark.parametrize("field", ["national_id", "mobile"])
def test_hr_without_the_permission_cannot_write_personal_data_through_the_api_either(bureau, field):
    """One rule everywhere: only who may see a personal value may write it (a blind overwrite is no
    correction, and an error about it would be an oracle)."""
    clerk, cadre = bureau.client("hr_clerk"), bureau.accountant
    value = national_id(gender=cadre.gender, serial=98) if field == "national_id" else "13800000000"

    assert_error(clerk.patch(f"/api/v1/cadres/{cadre.pk}/", {field: value}, format="json"), 403, field=field)

    stored = getattr(Cadre.objects.get(pk=cadre.pk), field)
    assert stored == getattr(cadre, field)


def test_hr_without_the_permission_cannot_write_over_a_vendor_staff_citizen_id(bureau):
    staff = VendorStaffFactory(responsible_cadre=bureau.it_engineer)

    response = bureau.client("hr_clerk").patch(f"/api/v1/vendor-staff/{staff.pk}/",
                                               {"national_id": national_id(serial=97)}, format="json")

    assert_error(response, 403, field="national_id")


def test_hr_without_the_permission_still_enters_a_new_cadres_personal_data(bureau):
    """A new record's values compare with nothing stored, as in the back office's add form."""
    response = bureau.client("hr_clerk").post("/api/v1/cadres/", cadre_payload(bureau.it), format="json")

    assert response.status_code == 201, response.content
