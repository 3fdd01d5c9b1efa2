"""The back office for plans and the outsourcing registry: in Chinese, masking personal data as the API does,
and registering through the same services."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.test import Client

from talent.models import VendorStaff
from tests.factories import SkillFactory, national_id
from tests.factories_planning import (
    InformationSystemFactory,
    VendorFactory,
    VendorStaffFactory,
    WorkforcePlanFactory,
    plan_line,
)
from tests.helpers import masked_id


def admin_client(user) -> Client:
    user.is_staff = True
    user.save()
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


@pytest.fixture
def hr_admin(bureau) -> Client:
    return admin_client(bureau.users["hr_officer"])


@pytest.mark.parametrize(("model", "title"), [
    ("workforceplan", "人才规划"), ("planline", "规划岗位"), ("informationsystem", "信息系统"),
    ("vendor", "外包服务商"), ("vendorstaff", "外包人员"),
])
def test_hr_sees_each_list_in_chinese(bureau, hr_admin, model, title):
    plan_line(WorkforcePlanFactory(department=bureau.it), {SkillFactory(code="SQL"): 3})
    VendorStaffFactory(responsible_cadre=bureau.it_engineer, systems=[InformationSystemFactory()])

    response = hr_admin.get(f"/admin/talent/{model}/")

    assert response.status_code == 200
    assert title in response.content.decode()


def test_a_plan_page_shows_its_gap_summary(bureau, hr_admin):
    plan = WorkforcePlanFactory(department=bureau.it)
    plan_line(plan, {SkillFactory(code="SQL"): 3}, headcount=2)

    page = hr_admin.get(f"/admin/talent/workforceplan/{plan.pk}/change/").content.decode()

    assert "需 2 人，在岗 0 人，缺 2 人" in page


def test_ids_are_masked_in_the_back_office_unless_you_may_see_them_and_reads_are_audited(bureau, hr_admin):
    number = national_id(serial=41, area="320106")
    staff = VendorStaffFactory(national_id=number, responsible_cadre=bureau.it_engineer)
    clerk = bureau.users["hr_clerk"]
    clerk.user_permissions.add(*bureau.users["hr_officer"].groups.first().permissions.all())
    clerk_admin = admin_client(clerk)
    for url, obj, secret in [(f"/admin/talent/vendorstaff/{staff.pk}/change/", staff, number),
                             (f"/admin/talent/cadre/{bureau.accountant.pk}/change/", bureau.accountant,
                              bureau.accountant.national_id)]:
        assert secret in hr_admin.get(url).content.decode()
        assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(obj.pk),
                                       content_type__model=obj._meta.model_name).count() == 1
        page = clerk_admin.get(url).content.decode()
        assert secret not in page
        assert masked_id(secret) in page


def test_registering_vendor_staff_in_the_back_office_checks_and_confirms_like_the_api(bureau, hr_admin):
    vendor = VendorFactory(contract_start=datetime.date(2025, 1, 1), contract_end=datetime.date(2026, 12, 31))
    form = {"vendor": vendor.pk, "name": "钱后台", "national_id": national_id(serial=42, area="320106"),
            "role": "运维", "access_level": "operator", "access_start": "2025-02-01", "access_end": "2027-01-31",
            "responsible_cadre": bureau.it_engineer.pk, "active": "on"}

    refused = hr_admin.post("/admin/talent/vendorstaff/add/", form)
    assert refused.status_code == 200  # the form again, with the error
    assert "不能晚于外包合同结束日期" in refused.content.decode()

    hr_admin.post("/admin/talent/vendorstaff/add/", {**form, "access_end": "2026-12-31"})
    staff = VendorStaff.objects.get(name="钱后台")
    assert staff.last_confirmed_by == bureau.users["hr_officer"]


def test_the_confirm_action_records_who_confirmed(bureau, hr_admin):
    staff = VendorStaffFactory(responsible_cadre=bureau.it_engineer, last_confirmed_at=None)

    hr_admin.post("/admin/talent/vendorstaff/", {"action": "confirm", "_selected_action": [staff.pk]})

    staff.refresh_from_db()
    assert staff.last_confirmed_by == bureau.users["hr_officer"]
