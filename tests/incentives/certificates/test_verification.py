"""Anyone checks a certificate by its serial and code, as JSON or on the page its QR code opens. The answer is
valid, revoked or not found; it shows the name only in part; a wrong code and an unknown serial look alike."""

import re

import pytest

from incentives import certificates
from incentives.views.certificates import VerificationThrottle
from tests.helpers import assert_error

TAMPERED = str.maketrans("0123456789ABCDEFGHJKMNPQRSTVWXYZ", "123456789ABCDEFGHJKMNPQRSTVWXYZ0")


def api(client, serial: str, code: str):
    return client.get(f"/api/v1/verify/{serial}/", {"code": code})


def page(client, serial: str, code: str):
    return client.get(f"/verify/{serial}", {"code": code})


def tampered(code: str) -> str:
    """The code with its last character changed."""
    return code[:-1] + code[-1].translate(TAMPERED)


@pytest.fixture
def anonymous(bureau):
    return bureau.client("anonymous")


@pytest.fixture
def li(issued):
    """赵文's certificate."""
    return issued["OF001"]


def test_a_genuine_certificate_is_valid_with_the_masked_name_honour_cycle_and_issuer(anonymous, li):
    response = api(anonymous, li["serial"], li["code"])

    assert response.status_code == 200
    assert response.json() == {
        "status": "valid", "message": "证书真实有效。", "serial": li["serial"], "name": "赵*",
        "honour": "数字化先进个人", "cycle": "2025 年度数字化激励", "issuer": "示范省机关事务管理局",
        "issued_on": li["issued_on"], "revoked_on": None,
    }
    assert "赵文" not in response.content.decode()


def test_the_page_the_qr_code_opens_says_so_in_chinese(anonymous, li):
    response = anonymous.get(li["verification_url"].removeprefix("http://127.0.0.1:8000"))

    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "证书真实有效" in body and "赵*" in body and "数字化先进个人" in body and "示范省机关事务管理局" in body
    assert "赵文" not in body


def test_a_revoked_certificate_is_answered_as_revoked_with_the_date(bureau, hr, anonymous, li):
    hr.post(f"/api/v1/certificates/{li['id']}/revoke/", {"reason": "荣誉经复核撤销"}, format="json")

    answer = api(anonymous, li["serial"], li["code"]).json()
    body = page(anonymous, li["serial"], li["code"]).content.decode()

    assert answer["status"] == "revoked"
    assert answer["revoked_on"] is not None
    assert answer["name"] == "赵*"
    assert "已被撤销" in body
    assert "荣誉经复核撤销" not in body and "荣誉经复核撤销" not in str(answer)  # the reason is for HR


def test_a_tampered_code_and_an_unknown_serial_get_the_same_answer(anonymous, li):
    unknown_serial = certificates.new_serial(2025)
    tampered_code = api(anonymous, li["serial"], tampered(li["code"]))
    unknown = api(anonymous, unknown_serial, li["code"])

    assert tampered_code.status_code == unknown.status_code == 200
    assert tampered_code.json() == unknown.json() == {
        "status": "not_found", "message": "未找到与该编号和验证码相符的证书，请核对后重试。", "serial": None,
        "name": None, "honour": None, "cycle": None, "issuer": None, "issued_on": None, "revoked_on": None,
    }

    def verdict_of(response, serial, code):
        # The form repeats what was typed; everything else on the two pages must be the same.
        return response.content.decode().replace(serial, "SERIAL").replace(code, "CODE")

    assert verdict_of(page(anonymous, li["serial"], tampered(li["code"])), li["serial"], tampered(li["code"])) == \
        verdict_of(page(anonymous, unknown_serial, li["code"]), unknown_serial, li["code"])


def test_a_revoked_certificate_with_a_wrong_code_is_not_found_either(hr, anonymous, li):
    hr.post(f"/api/v1/certificates/{li['id']}/revoke/", {"reason": "荣誉经复核撤销"}, format="json")

    assert api(anonymous, li["serial"], tampered(li["code"])).json()["status"] == "not_found"


def test_another_certificates_code_does_not_open_this_one(anonymous, issued):
    assert api(anonymous, issued["OF001"]["serial"], issued["FI001"]["code"]).json()["status"] == "not_found"


def test_the_serial_and_code_may_be_typed_as_a_person_reads_them(anonymous, li):
    serial = li["serial"].lower().replace("-", "")
    code = li["code"].lower().replace("-", " ")

    assert api(anonymous, serial, code).json()["status"] == "valid"


@pytest.mark.parametrize("serial", ["x", "2025-AB12-CD3!", "%E4%BD%A0%E5%A5%BD", "1" * 500, "2025-AAAA-AAAA"])
def test_any_serial_gets_an_answer_never_an_error(anonymous, li, serial):
    assert api(anonymous, serial, li["code"]).json()["status"] == "not_found"
    assert page(anonymous, serial, li["code"]).status_code == 200


def test_the_api_asks_for_the_code(anonymous, li):
    assert_error(anonymous.get(f"/api/v1/verify/{li['serial']}/"), 400, field="code")
    assert_error(api(anonymous, li["serial"], "A" * 41), 400, field="code")


def test_the_page_without_a_code_asks_for_it_and_tells_nothing(anonymous, li):
    body = anonymous.get(f"/verify/{li['serial']}").content.decode()

    assert "<form" in body
    assert "证书真实有效" not in body and "未找到" not in body and "赵*" not in body


def test_the_form_page_checks_what_is_typed_in(anonymous, li):
    empty = anonymous.get("/verify/")
    typed = anonymous.get("/verify/", {"serial": li["serial"], "code": li["code"]})

    assert empty.status_code == 200 and "<form" in empty.content.decode()
    assert "证书真实有效" in typed.content.decode()


def test_nothing_lists_or_enumerates_certificates_for_the_public(anonymous, issued):
    assert_error(anonymous.get("/api/v1/certificates/"), 401)
    assert anonymous.get("/api/v1/verify/").status_code == 404
    body = anonymous.get("/verify/").content.decode()
    assert not any(certificate["serial"] in body for certificate in issued.values())


def test_the_answer_shows_nothing_personal_beyond_the_masked_name(anonymous, bureau, li):
    answer = api(anonymous, li["serial"], li["code"]).content.decode()
    body = page(anonymous, li["serial"], li["code"]).content.decode()

    for private in ("办公室", "OF001", bureau.office_clerk.national_id, bureau.office_clerk.mobile):
        assert private not in answer and private not in body


def test_answers_are_not_kept_by_caches_or_search_engines(anonymous, li):
    for response in (api(anonymous, li["serial"], li["code"]), page(anonymous, li["serial"], li["code"])):
        assert response["Cache-Control"] == "no-store"
        assert response["X-Robots-Tag"] == "noindex"


def test_signed_in_users_verify_too(hr, li):
    assert api(hr, li["serial"], li["code"]).json()["status"] == "valid"


# ---- rate limit -------------------------------------------------------------------------------------

@pytest.fixture
def three_a_minute(monkeypatch):
    monkeypatch.setattr(VerificationThrottle, "THROTTLE_RATES", {"certificate_verify": "3/min"})


def test_checks_are_limited_per_client_address(anonymous, li, three_a_minute):
    answers = [api(anonymous, li["serial"], li["code"]) for _ in range(3)]
    limited = api(anonymous, li["serial"], li["code"])

    assert [a.status_code for a in answers] == [200, 200, 200]
    error = assert_error(limited, 429)
    assert error["code"] == "throttled"
    assert int(limited["Retry-After"]) > 0


def test_the_page_and_the_api_share_one_limit(anonymous, li, three_a_minute):
    api(anonymous, li["serial"], li["code"])
    page(anonymous, li["serial"], li["code"])
    api(anonymous, li["serial"], li["code"])

    limited = page(anonymous, li["serial"], li["code"])

    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    body = limited.content.decode()
    assert "请求过于频繁" in body
    assert "证书真实有效" not in body
    assert api(anonymous, li["serial"], li["code"]).status_code == 429


def test_signing_in_or_a_made_up_forwarded_address_does_not_get_round_the_limit(hr, anonymous, li, three_a_minute):
    for _ in range(3):
        api(anonymous, li["serial"], li["code"])

    assert api(hr, li["serial"], li["code"]).status_code == 429
    spoofed = anonymous.get(f"/api/v1/verify/{li['serial']}/", {"code": li["code"]}, HTTP_X_FORWARDED_FOR="10.9.8.7")
    assert spoofed.status_code == 429


def test_another_client_address_has_its_own_count(anonymous, li, three_a_minute):
    for _ in range(4):
        api(anonymous, li["serial"], li["code"])

    other = anonymous.get(f"/api/v1/verify/{li['serial']}/", {"code": li["code"]}, REMOTE_ADDR="192.0.2.44")

    assert other.status_code == 200


def test_the_verification_answer_is_documented_in_the_api_schema(anonymous):
    schema = anonymous.get("/api/schema/").content.decode()

    assert "/api/v1/verify/{serial}/" in schema
    assert re.search(r"not_found", schema)
