"""HR issues the certificates of an approved list, prints them and revokes one; leadership follows along."""

import shutil

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from incentives import credentials
from incentives.models import Certificate
from incentives.selectors.certificates import issuer_keys
from talent.services import pool as talent_services
from tests.helpers import assert_error, job_outcome
from tests.incentives.certificates import poppler
from tests.incentives.certificates.conftest import HONOUR, approved_cycle, needs_poppler


def issue(client, cycle):
    return job_outcome(client, client.post(f"/api/v1/incentive-cycles/{cycle.pk}/certificates/"))


def verify(client, certificate: dict, code: str | None = None):
    return client.get(f"/api/v1/verify/{certificate['serial']}/", {"code": code or certificate["code"]})


def test_hr_issues_one_certificate_per_honour_of_an_approved_list(bureau, cycle, hr):
    response = issue(hr, cycle)

    assert response.status_code == 201
    assert response.json() == {"cycle": cycle.pk, "cycle_status": "approved", "honours": 3, "issued": 3, "valid": 3,
                               "revoked": 0, "not_issued": 0, "issued_now": 3}
    names = {c.recipient_name for c in Certificate.objects.filter(cycle=cycle)}
    assert names == {"赵文", "钱进", "孙会"}  # 李码 was excluded (不称职), so has no honour


def test_issuing_again_issues_nothing_twice(cycle, hr, issued):
    response = issue(hr, cycle)

    assert response.status_code == 200
    assert response.json()["issued_now"] == 0
    assert Certificate.objects.filter(cycle=cycle).count() == 3
    again = {c["staff_number"]: c["serial"] for c in hr.get("/api/v1/certificates/").json()["results"]}
    assert again == {number: certificate["serial"] for number, certificate in issued.items()}


def test_a_certificate_carries_what_is_printed(bureau, cycle, issued):
    certificate = issued["AC001"]

    assert certificate["recipient_name"] == "孙会"
    assert certificate["department_name"] == "会计科"
    assert certificate["honour"] == HONOUR
    assert certificate["cycle_title"] == "2025 年度数字化激励"
    assert certificate["issuer"] == "示范省机关事务管理局"
    assert certificate["status"] == "valid"
    assert certificate["serial"].startswith("2025-")
    online, _, signed = certificate["verification_url"].partition("&s=")
    assert online == f"http://127.0.0.1:8000/verify/{certificate['serial']}?code={certificate['code'].replace('-', '')}"
    # The rest is the signed texts an offline check reads (tests/incentives/certificates/test_badges.py).
    assert credentials.read_qr(issuer_keys(), signed).content.name == "孙会"


def test_a_cycle_named_with_its_year_is_printed_as_named(bureau, hr):
    cycle = approved_cycle(bureau, name="2024年度数字化激励", year=2024)
    issue(hr, cycle)

    assert {c.cycle_title for c in Certificate.objects.filter(cycle=cycle)} == {"2024年度数字化激励"}


def test_a_list_not_yet_approved_gets_no_certificates(bureau, cycle, hr):
    cycle.status = "submitted"
    cycle.save()

    error = assert_error(issue(hr, cycle), 409)

    assert error["code"] == "cycle_not_approved"
    assert not Certificate.objects.exists()


def test_only_hr_issues(bureau, cycle):
    for persona in ("leader", "finance_head", "auditor", "outsider"):
        assert_error(issue(bureau.client(persona), cycle), 403)
    assert_error(issue(bureau.client("anonymous"), cycle), 401)
    assert not Certificate.objects.exists()


def test_a_certificate_stays_as_printed_when_the_cadre_moves_department(bureau, issued, hr):
    talent_services.cadre_update(cadre=bureau.accountant, department=bureau.it)

    certificate = hr.get(f"/api/v1/certificates/{issued['AC001']['id']}/").json()

    assert certificate["department_name"] == "会计科"
    assert verify(bureau.client("anonymous"), certificate).json()["status"] == "valid"


def test_hr_revokes_a_certificate_giving_a_reason_and_the_public_check_then_says_revoked(bureau, hr, issued):
    certificate = issued["FI001"]

    response = hr.post(f"/api/v1/certificates/{certificate['id']}/revoke/", {"reason": "荣誉经复核撤销"}, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "revoked"
    assert response.json()["revocation_reason"] == "荣誉经复核撤销"
    assert response.json()["revoked_by"] == "hr_officer"
    assert verify(bureau.client("anonymous"), certificate).json()["status"] == "revoked"


def test_a_revocation_without_a_reason_is_refused(hr, issued):
    certificate = issued["FI001"]

    for body in ({}, {"reason": "   "}):
        assert_error(hr.post(f"/api/v1/certificates/{certificate['id']}/revoke/", body, format="json"), 400,
                     field="reason")
    assert hr.get(f"/api/v1/certificates/{certificate['id']}/").json()["status"] == "valid"


def test_a_certificate_is_revoked_once(hr, issued):
    path = f"/api/v1/certificates/{issued['FI001']['id']}/revoke/"
    hr.post(path, {"reason": "重复颁发"}, format="json")

    error = assert_error(hr.post(path, {"reason": "再次撤销"}, format="json"), 409)

    assert error["code"] == "certificate_revoked"
    assert Certificate.objects.get(serial=issued["FI001"]["serial"]).revocation_reason == "重复颁发"


def test_only_hr_revokes(bureau, issued):
    path = f"/api/v1/certificates/{issued['FI001']['id']}/revoke/"

    for persona in ("leader", "finance_head"):
        assert_error(bureau.client(persona).post(path, {"reason": "越权"}, format="json"), 403)
    assert Certificate.objects.get(serial=issued["FI001"]["serial"]).revoked_at is None


def test_issuing_and_revoking_are_in_the_audit_trail_with_who_and_why(bureau, hr, issued):
    hr.post(f"/api/v1/certificates/{issued['FI001']['id']}/revoke/", {"reason": "荣誉经复核撤销"}, format="json")

    entries = LogEntry.objects.filter(content_type__model="certificate")
    assert entries.filter(action=LogEntry.Action.CREATE).count() == 3
    revocation = entries.get(action=LogEntry.Action.UPDATE)
    assert revocation.actor == bureau.users["hr_officer"]
    assert revocation.changes_dict["revocation_reason"] == ["", "荣誉经复核撤销"]


def test_leadership_sees_how_many_were_issued_and_revoked(bureau, cycle, hr, leader, issued):
    hr.post(f"/api/v1/certificates/{issued['FI001']['id']}/revoke/", {"reason": "荣誉经复核撤销"}, format="json")

    summary = leader.get(f"/api/v1/incentive-cycles/{cycle.pk}/certificates/").json()
    revoked = leader.get("/api/v1/certificates/", {"cycle": cycle.pk, "status": "revoked"}).json()["results"]
    valid = leader.get("/api/v1/certificates/", {"status": "valid"}).json()["results"]

    assert summary == {"cycle": cycle.pk, "cycle_status": "approved", "honours": 3, "issued": 3, "valid": 2,
                       "revoked": 1, "not_issued": 0}
    assert [(c["recipient_name"], c["revocation_reason"]) for c in revoked] == [("钱进", "荣誉经复核撤销")]
    assert {c["recipient_name"] for c in valid} == {"赵文", "孙会"}


def test_before_issuing_the_summary_shows_the_honours_still_without_certificates(cycle, leader):
    summary = leader.get(f"/api/v1/incentive-cycles/{cycle.pk}/certificates/").json()

    assert (summary["honours"], summary["issued"], summary["not_issued"]) == (3, 0, 3)


def test_an_unknown_status_filter_is_refused(leader, issued):
    assert_error(leader.get("/api/v1/certificates/", {"status": "lost"}), 400, field="status")


def test_a_search_finds_a_certificate_by_serial_or_name(hr, issued):
    by_serial = hr.get("/api/v1/certificates/", {"search": issued["OF001"]["serial"]}).json()["results"]
    by_name = hr.get("/api/v1/certificates/", {"search": "孙会"}).json()["results"]

    assert [c["recipient_name"] for c in by_serial] == ["赵文"]
    assert [c["staff_number"] for c in by_name] == ["AC001"]


# ---- printing ---------------------------------------------------------------------------------------

@needs_poppler
def test_hr_downloads_one_certificate_as_pdf(hr, issued):
    certificate = issued["OF001"]

    response = hr.get(f"/api/v1/certificates/{certificate['id']}/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"certificate-{certificate['serial']}.pdf" in response["Content-Disposition"]
    text = poppler.text(response.content)
    assert "赵文" in text and HONOUR in text and certificate["serial"] in text and certificate["code"] in text
    assert "荣 誉 证 书".replace(" ", "") in text.replace(" ", "")


@needs_poppler
def test_hr_downloads_the_cycles_certificates_in_one_pdf_without_the_revoked_one(cycle, hr, issued):
    hr.post(f"/api/v1/certificates/{issued['FI001']['id']}/revoke/", {"reason": "荣誉经复核撤销"}, format="json")

    response = hr.get(f"/api/v1/incentive-cycles/{cycle.pk}/certificates/pdf/")

    assert response.status_code == 200
    assert poppler.info(response.content)["Pages"].strip() == "2"
    text = poppler.text(response.content)
    assert "赵文" in text and "孙会" in text
    assert "钱进" not in text and issued["FI001"]["serial"] not in text


def test_a_revoked_certificate_is_not_printed(hr, issued):
    path = f"/api/v1/certificates/{issued['FI001']['id']}/"
    hr.post(f"{path}revoke/", {"reason": "荣誉经复核撤销"}, format="json")

    assert assert_error(hr.get(f"{path}pdf/"), 409)["code"] == "certificate_revoked"


def test_a_cycle_without_certificates_has_nothing_to_print(cycle, hr):
    assert assert_error(hr.get(f"/api/v1/incentive-cycles/{cycle.pk}/certificates/pdf/"), 409)["code"] == \
        "no_certificates"


def test_only_hr_prints(bureau, cycle, issued):
    for persona in ("leader", "finance_head"):
        client = bureau.client(persona)
        assert_error(client.get(f"/api/v1/certificates/{issued['OF001']['id']}/pdf/"), 403)
        assert_error(client.get(f"/api/v1/incentive-cycles/{cycle.pk}/certificates/pdf/"), 403)


def test_heads_and_outsiders_do_not_see_certificates(bureau, cycle, issued):
    for persona in ("finance_head", "it_head", "auditor", "outsider"):
        client = bureau.client(persona)
        assert_error(client.get("/api/v1/certificates/"), 403)
        assert_error(client.get(f"/api/v1/incentive-cycles/{cycle.pk}/certificates/"), 403)
    assert_error(bureau.client("anonymous").get("/api/v1/certificates/"), 401)


def test_a_name_the_font_cannot_print_is_refused_at_input_and_an_older_one_prints_with_a_mark(bureau, cycle, hr):
    rare = "\U0002a6a5"
    with pytest.raises(ValidationError, match=rare):
        talent_services.cadre_update(cadre=bureau.office_clerk, name=f"赵{rare}")
    issue(hr, cycle)
    certificate = Certificate.objects.get(cadre=bureau.office_clerk)
    Certificate.objects.filter(pk=certificate.pk).update(recipient_name=f"赵{rare}")  # saved before the check

    single = hr.get(f"/api/v1/certificates/{certificate.pk}/pdf/")
    batch = hr.get(f"/api/v1/incentive-cycles/{cycle.pk}/certificates/pdf/")

    assert (single.status_code, batch.status_code) == (200, 200)
    if shutil.which("pdftotext"):
        assert "赵□" in poppler.text(single.content)


