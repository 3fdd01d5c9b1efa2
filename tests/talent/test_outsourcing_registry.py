"""The outsourcing registry (摸清技术服务外包底数): vendors, their staff with a responsible cadre each,
reconfirmation, and the health report."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.utils import timezone

from talent.models import CadreStatus
from tests.factories import national_id
from tests.factories_planning import InformationSystemFactory, VendorFactory, VendorStaffFactory, credit_code
from tests.helpers import assert_error, masked_id

ROOT = Path(__file__).resolve().parents[2]
ALIBABA_CLOUD = "91330100716105852F"  # a real, published code: the check character is right


def vendor_body(**overrides):
    return {"name": "江苏数科信息技术有限公司", "credit_code": credit_code(1), "contract_start": "2025-01-01",
            "contract_end": "2026-12-31", "scope": "公务用车平台运维", **overrides}


def test_hr_registers_a_vendor_with_a_valid_credit_code(bureau, hr):
    response = hr.post("/api/v1/vendors/", vendor_body(credit_code=ALIBABA_CLOUD.lower()), format="json")

    assert response.status_code == 201, response.content
    assert response.json()["credit_code"] == ALIBABA_CLOUD
    assert response.json()["active_staff"] == 0


@pytest.mark.parametrize("change, field", [
    ({"credit_code": ALIBABA_CLOUD[:-1] + "E"}, "credit_code"),  # wrong check character
    ({"credit_code": "91330100716105852"}, "credit_code"),  # 17 characters
    ({"credit_code": "9133010071610585IF"}, "credit_code"),  # I is not in the alphabet
    ({"contract_end": "2024-12-31"}, "contract_end"),
    ({"contract_start": "2025-02-30"}, "contract_start"),
    ({"scope": ""}, "scope"),
])
def test_a_bad_vendor_is_a_400_naming_the_field(bureau, hr, change, field):
    assert_error(hr.post("/api/v1/vendors/", vendor_body(**change), format="json"), 400, field=field)


def test_a_credit_code_is_registered_once(bureau, hr):
    hr.post("/api/v1/vendors/", vendor_body(), format="json")

    assert_error(hr.post("/api/v1/vendors/", vendor_body(name="另一家"), format="json"), 400, field="credit_code")


def test_a_vendor_with_staff_cannot_be_deleted(bureau, hr):
    staff = VendorStaffFactory(responsible_cadre=bureau.it_engineer)

    assert_error(hr.delete(f"/api/v1/vendors/{staff.vendor_id}/"), 409)
    assert hr.delete(f"/api/v1/vendors/{VendorFactory().pk}/").status_code == 204


@pytest.fixture
def vendor(db):
    return VendorFactory(contract_start=datetime.date(2025, 1, 1), contract_end=datetime.date(2027, 12, 31))


@pytest.fixture
def car_system(bureau):
    return InformationSystemFactory(code="CAR", name="公务用车平台", department=bureau.it)


def staff_body(bureau, vendor, **overrides):
    return {"vendor": vendor.pk, "name": "赵外包", "national_id": national_id(serial=31, area="320106"),
            "role": "运维工程师", "systems": ["CAR"], "access_level": "operator", "access_start": "2025-03-01",
            "access_end": "2027-06-30", "responsible_cadre": bureau.it_engineer.pk,
            "confidentiality_signed_on": "2025-02-20", **overrides}


def test_hr_registers_vendor_staff_and_that_is_their_first_confirmation(bureau, hr, vendor, car_system):
    response = hr.post("/api/v1/vendor-staff/", staff_body(bureau, vendor), format="json")

    assert response.status_code == 201, response.content
    staff = response.json()
    assert (staff["responsible_cadre_name"], staff["responsible_department"]) == ("李码", "信息中心")
    assert staff["systems"] == ["CAR"]
    assert staff["last_confirmed_by"] == "hr_officer"
    assert staff["issues"] == []


@pytest.mark.parametrize("change, field", [
    ({"responsible_cadre": None}, "responsible_cadre"),
    ({"responsible_cadre": ""}, "responsible_cadre"),
    ({"national_id": "320106198805170011"}, "national_id"),  # check digit wrong
    ({"access_start": "2024-12-31"}, "access_start"),  # before the contract
    ({"access_end": "2028-01-01"}, "access_end"),  # beyond the contract
    ({"access_end": "2025-02-01"}, "access_end"),  # before its own start
    ({"access_level": "root"}, "access_level"),
    ({"systems": ["NOPE"]}, "systems"),
])
def test_bad_vendor_staff_is_a_400_naming_the_field(bureau, hr, vendor, car_system, change, field):
    assert_error(hr.post("/api/v1/vendor-staff/", staff_body(bureau, vendor, **change), format="json"), 400,
                 field=field)


def test_vendor_staff_without_a_responsible_cadre_is_refused(bureau, hr, vendor, car_system):
    body = staff_body(bureau, vendor)
    del body["responsible_cadre"]

    assert_error(hr.post("/api/v1/vendor-staff/", body, format="json"), 400, field="responsible_cadre")


def test_a_cadre_who_has_left_cannot_answer_for_vendor_staff(bureau, hr, vendor, car_system):
    bureau.office_clerk.status = CadreStatus.LEFT
    bureau.office_clerk.save()

    response = hr.post("/api/v1/vendor-staff/", staff_body(bureau, vendor, responsible_cadre=bureau.office_clerk.pk),
                       format="json")

    assert_error(response, 400, field="responsible_cadre")


def test_the_citizen_id_is_encrypted_and_masked_except_on_hr_detail_which_is_audited(bureau, vendor, car_system):
    number = national_id(serial=31, area="320106")
    staff = VendorStaffFactory(vendor=vendor, national_id=number, responsible_cadre=bureau.it_engineer)
    with connection.cursor() as cursor:
        cursor.execute("SELECT national_id FROM talent_vendorstaff WHERE id = %s", [staff.pk])
        assert number not in cursor.fetchone()[0]

    url = f"/api/v1/vendor-staff/{staff.pk}/"
    assert bureau.client("hr_officer").get(url).json()["national_id"] == number
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(staff.pk)).count() == 1
    assert bureau.client("hr_officer").get("/api/v1/vendor-staff/").json()["results"][0]["national_id"] == \
        masked_id(number)
    for persona in ("hr_clerk", "leader", "it_head"):
        assert bureau.client(persona).get(url).json()["national_id"] == masked_id(number)


def test_a_head_sees_the_vendor_staff_their_own_people_answer_for(bureau, vendor):
    mine = VendorStaffFactory(vendor=vendor, responsible_cadre=bureau.accountant)
    VendorStaffFactory(vendor=vendor, responsible_cadre=bureau.it_engineer)

    listed = bureau.client("finance_head").get("/api/v1/vendor-staff/").json()["results"]

    assert [s["id"] for s in listed] == [mine.pk]
    assert_error(bureau.client("finance_head").post(f"/api/v1/vendor-staff/{mine.pk}/confirm/"), 403)


def test_confirming_records_who_and_when(bureau, hr, vendor):
    staff = VendorStaffFactory(vendor=vendor, responsible_cadre=bureau.it_engineer,
                               last_confirmed_at=timezone.now() - datetime.timedelta(days=200))
    assert staff.pk in [s["id"] for s in hr.get("/api/v1/registry-health/").json()["checks"][3]["staff"]]

    response = hr.post(f"/api/v1/vendor-staff/{staff.pk}/confirm/")

    assert response.status_code == 200, response.content
    assert response.json()["last_confirmed_by"] == "hr_officer"
    assert response.json()["issues"] == []
    staff.refresh_from_db()
    assert timezone.now() - staff.last_confirmed_at < datetime.timedelta(minutes=1)


def test_a_confirmation_cannot_be_dated_in_the_future_nor_made_for_someone_gone(bureau, hr, vendor):
    staff = VendorStaffFactory(vendor=vendor, responsible_cadre=bureau.it_engineer)
    tomorrow = (timezone.now() + datetime.timedelta(days=1)).isoformat()

    assert_error(hr.post(f"/api/v1/vendor-staff/{staff.pk}/confirm/", {"at": tomorrow}, format="json"), 400,
                 field="at")
    assert_error(hr.post(f"/api/v1/vendor-staff/{staff.pk}/confirm/", {"at": "yesterday"}, format="json"), 400,
                 field="at")
    hr.patch(f"/api/v1/vendor-staff/{staff.pk}/", {"active": False}, format="json")
    assert_error(hr.post(f"/api/v1/vendor-staff/{staff.pk}/confirm/"), 409)


def test_a_person_who_left_can_be_marked_so_after_the_contract_was_shortened(bureau, hr, vendor):
    staff = VendorStaffFactory(vendor=vendor, responsible_cadre=bureau.it_engineer,
                               access_end=datetime.date(2027, 6, 30))
    hr.patch(f"/api/v1/vendors/{vendor.pk}/", {"contract_end": "2026-12-31"}, format="json")

    assert_error(hr.patch(f"/api/v1/vendor-staff/{staff.pk}/", {"role": "开发"}, format="json"), 400,
                 field="access_end")
    assert hr.patch(f"/api/v1/vendor-staff/{staff.pk}/", {"active": False}, format="json").status_code == 200


@pytest.fixture
def unhealthy(bureau, settings):
    """One healthy entry and one failing each check, hand-made."""
    settings.VENDOR_RECONFIRM_DAYS = 30
    today = timezone.localdate()
    current = VendorFactory(name="甲公司", contract_start=today - datetime.timedelta(days=400),
                            contract_end=today + datetime.timedelta(days=300))
    ended = VendorFactory(name="乙公司", contract_start=today - datetime.timedelta(days=800),
                          contract_end=today - datetime.timedelta(days=1))
    common = {"vendor": current, "responsible_cadre": bureau.it_engineer,
              "access_start": today - datetime.timedelta(days=300), "access_end": today + datetime.timedelta(days=200)}
    gone = bureau.office_clerk
    entries = {
        "healthy": VendorStaffFactory(name="健康", **common),
        "orphan": VendorStaffFactory(name="无人负责", **{**common, "responsible_cadre": gone}),
        "no_agreement": VendorStaffFactory(name="未签保密", confidentiality_signed_on=None, **common),
        "overdue": VendorStaffFactory(name="久未确认", last_confirmed_at=timezone.now() - datetime.timedelta(days=31),
                                      **common),
        "beyond": VendorStaffFactory(name="超期访问", **{**common, "access_end": today + datetime.timedelta(days=400)}),
        "ended": VendorStaffFactory(name="合同到期", **{**common, "vendor": ended,
                                                        "access_end": today - datetime.timedelta(days=1)}),
        "inactive": VendorStaffFactory(name="已离场", active=False, confidentiality_signed_on=None, **common),
    }
    gone.status = CadreStatus.LEFT
    gone.save()
    return entries


def test_the_health_report_lists_each_failing_entry_under_its_check(bureau, unhealthy):
    health = bureau.client("leader").get("/api/v1/registry-health/").json()

    found = {check["code"]: [item["name"] for key in ("staff", "vendors", "systems") for item in check.get(key, [])]
             for check in health["checks"]}
    assert found == {
        "no_responsible_cadre": ["无人负责"],
        "access_beyond_contract": ["超期访问"],
        "no_confidentiality_agreement": ["未签保密"],
        "reconfirmation_overdue": ["久未确认"],
        "expired_contract": ["乙公司"],
        "knowledge_transfer_overdue": [],
        "no_maintainer": [],
        "maintainer_lacks_skills": [],
        "built_but_not_maintained": [],
    }
    assert (health["healthy"], health["active_staff"], health["reconfirm_every_days"]) == (False, 6, 30)
    assert all(check["label"] for check in health["checks"])


def test_each_entry_shows_the_checks_it_fails(bureau, unhealthy):
    listed = {s["name"]: s["issues"] for s in bureau.client("hr_clerk").get("/api/v1/vendor-staff/").json()["results"]}

    assert listed["健康"] == []
    assert listed["超期访问"] == ["access_beyond_contract"]
    assert listed["已离场"] == []


def test_the_health_report_is_for_hr_and_leadership(bureau, unhealthy):
    assert_error(bureau.client("it_head").get("/api/v1/registry-health/"), 403)
    assert_error(bureau.client("auditor").get("/api/v1/registry-health/"), 403)


def test_an_empty_registry_is_healthy(bureau, hr):
    assert hr.get("/api/v1/registry-health/").json()["healthy"] is True


@pytest.mark.parametrize("value", ["0", "3651", "ninety"])
def test_a_reconfirmation_interval_out_of_range_stops_start_up_naming_it(value):
    env = {**os.environ, "DJANGO_SECRET_KEY": "a-secret", "VENDOR_RECONFIRM_DAYS": value,
           "FIELD_ENCRYPTION_KEYS": "dGVzdC1vbmx5LWZlcm5ldC1rZXktMzItYnl0ZXMhISE="}

    result = subprocess.run([sys.executable, "-c", "import config.settings"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "VENDOR_RECONFIRM_DAYS" in result.stderr


def test_a_refused_pdf_request_still_gets_the_json_error(bureau):
    response = bureau.client("it_head").get("/api/v1/reports/leadership/", HTTP_ACCEPT="application/pdf")

    assert_error(response, 403)
