"""The back office: HR issues, prints and revokes certificates; leadership sees what was issued and revoked."""

import pytest
from django.urls import reverse

from incentives.models import Certificate
from tests.incentives.certificates import poppler
from tests.incentives.certificates.conftest import needs_poppler
from tests.incentives.test_admin import back_office

CYCLES = "admin:incentives_certificate_cycles"


@pytest.fixture
def hr_office(bureau):
    return back_office(bureau, "hr_officer")


@pytest.fixture
def leader_office(bureau):
    return back_office(bureau, "leader")


def test_hr_issues_a_cycles_certificates_from_the_cycles_page(cycle, hr_office):
    page = hr_office.get(reverse(CYCLES)).content.decode()
    assert "按评选周期查看证书" in page and str(cycle) in page and "颁发证书" in page

    response = hr_office.post(reverse("admin:incentives_certificate_issue", args=[cycle.pk]), follow=True)

    assert "已为 2025 · 年度数字化激励 颁发 3 份证书。" in response.content.decode()
    assert Certificate.objects.filter(cycle=cycle).count() == 3
    again = hr_office.post(reverse("admin:incentives_certificate_issue", args=[cycle.pk]), follow=True)
    assert "颁发 0 份证书" in again.content.decode()
    assert Certificate.objects.filter(cycle=cycle).count() == 3


@needs_poppler
def test_hr_prints_the_cycle_from_the_cycles_page(cycle, hr_office, issued):
    response = hr_office.get(reverse("admin:incentives_certificate_cycle_pdf", args=[cycle.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert poppler.info(response.content)["Pages"].strip() == "3"


@needs_poppler
def test_hr_prints_selected_certificates_and_the_revoked_ones_are_left_out(hr, hr_office, issued):
    hr.post(f"/api/v1/certificates/{issued['FI001']['id']}/revoke/", {"reason": "荣誉经复核撤销"}, format="json")

    response = hr_office.post(reverse("admin:incentives_certificate_changelist"), {
        "action": "print_selected", "_selected_action": [c["id"] for c in issued.values()]})

    assert response["Content-Type"] == "application/pdf"
    text = poppler.text(response.content)
    assert "赵文" in text and "孙会" in text and "钱进" not in text


def test_hr_revokes_from_the_certificates_page_giving_a_reason(hr_office, issued):
    certificate = Certificate.objects.get(serial=issued["FI001"]["serial"])
    url = reverse("admin:incentives_certificate_revoke", args=[certificate.pk])
    page = hr_office.get(reverse("admin:incentives_certificate_change", args=[certificate.pk])).content.decode()
    assert f'href="{url}"' in page

    without = hr_office.post(url, {"reason": ""})
    done = hr_office.post(url, {"reason": "荣誉经复核撤销"}, follow=True)

    assert without.status_code == 200 and "该字段为必填项" in without.content.decode()
    assert f"证书 {certificate.serial} 已撤销。" in done.content.decode()
    certificate.refresh_from_db()
    assert certificate.revocation_reason == "荣誉经复核撤销"


def test_leadership_sees_what_was_issued_and_revoked_but_neither_issues_nor_prints(cycle, hr, leader_office, issued):
    hr.post(f"/api/v1/certificates/{issued['FI001']['id']}/revoke/", {"reason": "荣誉经复核撤销"}, format="json")

    cycles = leader_office.get(reverse(CYCLES)).content.decode()
    revoked = leader_office.get(reverse("admin:incentives_certificate_changelist"), {"status": "revoked"})

    assert "<td>3</td><td>3</td><td>2</td>" in cycles.replace("\n", "")
    assert "颁发证书" not in cycles and "全部打印" not in cycles
    assert "钱进" in revoked.content.decode() and "赵文" not in revoked.content.decode()
    assert leader_office.post(reverse("admin:incentives_certificate_issue", args=[cycle.pk])).status_code == 403
    assert leader_office.get(reverse("admin:incentives_certificate_cycle_pdf", args=[cycle.pk])).status_code == 403
    certificate = Certificate.objects.get(serial=issued["OF001"]["serial"])
    assert leader_office.get(reverse("admin:incentives_certificate_pdf", args=[certificate.pk])).status_code == 403
    assert leader_office.post(reverse("admin:incentives_certificate_revoke", args=[certificate.pk]),
                              {"reason": "越权"}).status_code == 403


def test_the_certificate_list_is_in_chinese_and_nobody_edits_or_deletes_a_certificate(hr_office, issued):
    certificate = Certificate.objects.get(serial=issued["OF001"]["serial"])

    listing = hr_office.get(reverse("admin:incentives_certificate_changelist")).content.decode()
    detail = hr_office.get(reverse("admin:incentives_certificate_change", args=[certificate.pk])).content.decode()

    assert "证书编号" in listing and "颁发单位" not in listing and "有效" in listing
    assert 'name="recipient_name"' not in detail  # read-only
    assert hr_office.get(reverse("admin:incentives_certificate_delete", args=[certificate.pk])).status_code == 403
    assert hr_office.get(reverse("admin:incentives_certificate_add")).status_code == 403


@pytest.mark.parametrize("office", ["hr_office", "leader_office"])
def test_the_back_office_links_a_certificates_signed_credential(request, office, issued):
    client = request.getfixturevalue(office)
    certificate = Certificate.objects.get(serial=issued["FI001"]["serial"])
    url = reverse("certificate-credential", args=[certificate.pk])

    page = client.get(reverse("admin:incentives_certificate_change", args=[certificate.pk])).content.decode()

    assert f'href="{url}"' in page
    assert client.get(url).json()["credential"]["credentialSubject"]["achievement"]["name"] == certificate.honour
