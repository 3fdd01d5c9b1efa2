"""Certificates anyone can verify: each has an Open Badges 3.0 credential signed as a VC-JWT, checked here by an
independent library (joserfc) against the published JWKS and by the official 1EdTech JSON Schema; its QR code
carries the printed texts signed, which `manage.py verify_certificate`, the offline page and the online page check;
revocation shows in the signed Bitstring Status List; a rotated key still verifies what the old one signed."""

import hashlib
import json
import re
from base64 import b64encode
from pathlib import Path

import jsonschema
import pytest
from django.core.management import CommandError, call_command
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from core.signing import b64url, b64url_decode, new_key_text
from incentives import credentials
from tests.incentives.certificates import poppler
from tests.incentives.certificates.conftest import HONOUR, needs_poppler, needs_zbar

NOT_FOUND = "未找到与该编号和验证码相符的证书"
SCHEMA = json.loads((Path(__file__).parent / "data" / "ob_v3p0_achievementcredential_schema.json").read_text())


@pytest.fixture
def anonymous(bureau):
    return bureau.client("anonymous")


@pytest.fixture
def sun(issued):
    """孙会's certificate as the API lists it (she has her own login, `cadre`)."""
    return issued["AC001"]


def download(client, certificate) -> dict:
    response = client.get(f"/api/v1/certificates/{certificate['id']}/credential/")
    assert response.status_code == 200, response.content
    assert f"credential-{certificate['serial']}.json" in response["Content-Disposition"]
    return response.json()


def published_keys(client) -> KeySet:
    response = client.get("/.well-known/jwks.json")
    assert response.status_code == 200
    return KeySet.import_key_set(response.json())


def independently_verified(client, token: str) -> dict:
    """The claims of a VC-JWT as joserfc finds them with the published keys; BadSignatureError if it fails."""
    return jwt.decode(token, published_keys(client), algorithms=["EdDSA"]).claims


def qr_text(certificate) -> str:
    return certificate["verification_url"]


def with_field(text: str, index: int, value: str) -> str:
    """The QR text with one signed field replaced and the signature kept, as a forger would print it."""
    url, _, payload = text.partition("&s=")
    body, signature = payload.split(".")
    fields = b64url_decode(body).decode().split("\n")
    fields[index] = value
    return f"{url}&s={b64url(chr(10).join(fields).encode())}.{signature}"


def online(client, text: str):
    path = text.removeprefix("http://127.0.0.1:8000")
    return client.get(path)


# ---- the credential ---------------------------------------------------------------------------------------

def test_the_credential_verifies_with_an_independent_jose_library_against_the_published_keys(hr, anonymous, sun):
    downloaded = download(hr, sun)

    claims = independently_verified(anonymous, downloaded["vc_jwt"])

    header = json.loads(b64url_decode(downloaded["vc_jwt"].split(".")[0]))
    assert header["alg"] == "EdDSA" and header["typ"] == "vc+jwt"
    assert header["kid"] in {key["kid"] for key in anonymous.get("/.well-known/jwks.json").json()["keys"]}
    assert {name: claims[name] for name in downloaded["credential"]} == downloaded["credential"]
    assert claims["iss"] == downloaded["credential"]["issuer"]["id"] == "http://127.0.0.1:8000/credentials/issuer"


def test_the_credential_is_valid_against_the_open_badges_3_schema(hr, sun):
    document = download(hr, sun)["credential"]

    jsonschema.Draft201909Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(document)
    assert document["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["name"] == HONOUR
    assert "经领导审批通过" in achievement["criteria"]["narrative"]
    assert document["validFrom"].endswith("+08:00")


def test_a_credential_that_breaks_the_schema_is_caught_by_it(hr, sun):
    """The schema copy is no rubber stamp: a credential without its issuer fails it."""
    document = download(hr, sun)["credential"]
    del document["issuer"]

    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft201909Validator(SCHEMA).validate(document)


def test_the_recipient_is_a_salted_hash_of_the_staff_number_and_no_name(hr, sun):
    downloaded = download(hr, sun)
    identity = downloaded["credential"]["credentialSubject"]["identifier"][0]

    assert identity["hashed"] is True
    assert identity["identityHash"] == "sha256$" + hashlib.sha256(("AC001" + identity["salt"]).encode()).hexdigest()
    assert "孙会" not in json.dumps(downloaded, ensure_ascii=False)
    assert "AC001" not in json.dumps(downloaded, ensure_ascii=False)


def test_two_credentials_of_one_person_cannot_be_linked_by_their_hash(bureau, hr, sun):
    from tests.helpers import job_outcome
    from tests.incentives.certificates.conftest import approved_cycle

    cycle = approved_cycle(bureau, name="2024年度数字化激励", year=2024)
    job_outcome(hr, hr.post(f"/api/v1/incentive-cycles/{cycle.pk}/certificates/"))
    other = next(c for c in hr.get("/api/v1/certificates/", {"cycle": cycle.pk}).json()["results"]
                 if c["staff_number"] == "AC001")

    hashes = {download(hr, c)["credential"]["credentialSubject"]["identifier"][0]["identityHash"] for c in (sun, other)}
    assert len(hashes) == 2


def test_the_credential_comes_out_the_same_each_time(hr, sun):
    assert download(hr, sun) == download(hr, sun)


def test_only_those_who_see_the_certificate_download_its_credential(bureau, sun, issued):
    assert bureau.client("leader").get(f"/api/v1/certificates/{sun['id']}/credential/").status_code == 200
    for persona in ("finance_head", "auditor", "cadre", "outsider"):
        assert bureau.client(persona).get(f"/api/v1/certificates/{sun['id']}/credential/").status_code == 403, persona
    assert bureau.client("anonymous").get(f"/api/v1/certificates/{sun['id']}/credential/").status_code in (401, 403)


def test_the_holder_downloads_her_own_credential_and_no_one_elses(bureau, anonymous, sun, issued):
    me = bureau.client("cadre")

    response = me.get(f"/api/v1/me/certificates/{sun['id']}/credential/")
    assert response.status_code == 200
    independently_verified(anonymous, response.json()["vc_jwt"])
    assert me.get(f"/api/v1/me/certificates/{issued['OF001']['id']}/credential/").status_code == 404


def test_the_issuer_profile_is_served_where_the_credential_names_it(anonymous, hr, sun):
    issuer = download(hr, sun)["credential"]["issuer"]

    profile = anonymous.get("/credentials/issuer").json()

    assert profile["id"] == issuer["id"] and profile["name"] == issuer["name"] == "示范省机关事务管理局"
    assert profile["type"] == ["Profile"]


def test_the_published_keys_are_ed25519_public_keys_only(anonymous):
    keys = anonymous.get("/.well-known/jwks.json").json()["keys"]

    assert [(key["kty"], key["crv"], key["alg"]) for key in keys] == [("OKP", "Ed25519", "EdDSA")]
    assert "d" not in keys[0]


# ---- revocation -----------------------------------------------------------------------------------------------

def status_bits(client) -> bytes:
    response = client.get("/credentials/status/revocation")
    assert response["Content-Type"] == "application/vc+jwt"
    claims = independently_verified(client, response.content.decode())
    assert claims["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    return credentials.decode_status_list(claims["credentialSubject"]["encodedList"])


def test_a_revoked_certificate_shows_revoked_online_and_in_the_status_list(hr, anonymous, sun, issued):
    entry = download(hr, sun)["credential"]["credentialStatus"]
    index = int(entry["statusListIndex"])
    assert entry["statusListCredential"] == "http://127.0.0.1:8000/credentials/status/revocation"
    assert not credentials.is_set(status_bits(anonymous), index)

    hr.post(f"/api/v1/certificates/{sun['id']}/revoke/", {"reason": "评定材料有误"}, format="json")

    bits = status_bits(anonymous)
    assert len(bits) * 8 >= 131_072
    assert credentials.is_set(bits, index)
    others = [int(download(hr, c)["credential"]["credentialStatus"]["statusListIndex"])
              for number, c in issued.items() if number != "AC001"]
    assert not any(credentials.is_set(bits, other) for other in others)
    assert "已被撤销" in online(anonymous, qr_text(sun)).content.decode()
    # The signature stays genuine: offline, only the status list or the online page can tell.
    assert credentials.read_qr(_ring(), qr_text(sun)).content.serial == sun["serial"]


# ---- the QR code's signed texts --------------------------------------------------------------------------------

def _ring():
    from incentives.selectors.certificates import issuer_keys

    return issuer_keys()


def test_the_qr_text_verifies_offline_with_the_command(sun):
    out = _call("verify_certificate", qr_text(sun))

    assert "GENUINE" in out and "孙会" in out and "会计科" in out and sun["serial"] in out


def _call(*args) -> str:
    import io

    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


FIELDS = {1: "unknown-kid", 2: "2025-AAAA-BBBB", 3: "孙会会", 4: "办公室", 5: "先进集体", 6: "2026 年度数字化激励",
          7: "某某局", 8: "2020-01-01"}


@pytest.mark.parametrize("index", sorted(FIELDS))
def test_changing_any_signed_field_fails_offline_and_online(anonymous, sun, index):
    forged = with_field(qr_text(sun), index, FIELDS[index])

    with pytest.raises(CommandError) as refused:
        _call("verify_certificate", forged)
    assert refused.value.returncode == 1
    assert NOT_FOUND in online(anonymous, forged).content.decode()


def test_a_changed_signature_or_serial_fails_offline_and_online(anonymous, sun, issued):
    url, _, payload = qr_text(sun).partition("&s=")
    body, signature = payload.split(".")
    raw = bytearray(b64url_decode(signature))
    raw[0] ^= 1
    bad_signature = f"{url}&s={body}.{b64url(bytes(raw))}"
    # Another genuine certificate's signed texts under this serial and code.
    swapped = f"{url}&s={qr_text(issued['OF001']).partition('&s=')[2]}"

    for forged in (bad_signature, swapped):
        assert NOT_FOUND in online(anonymous, forged).content.decode()
    with pytest.raises(CommandError):
        _call("verify_certificate", bad_signature)
    assert "真实有效" in online(anonymous, qr_text(sun)).content.decode()


def test_nonsense_in_place_of_a_qr_text_is_refused_not_an_error(anonymous, sun):
    for text in ("", "abc", "a.b.c", "%%%.%%%", "http://x/verify/1?s=Zm9v.YmFy"):
        with pytest.raises(CommandError):
            _call("verify_certificate", text)
    response = anonymous.get(f"/verify/{sun['serial']}", {"code": sun["code"], "s": "%%%.%%%"})
    assert response.status_code == 200 and "真实有效" not in response.content.decode()


# ---- key rotation ---------------------------------------------------------------------------------------------

def test_a_rotated_key_still_verifies_what_the_old_one_signed(settings, hr, anonymous, sun):
    old_private, old_public = new_key_text("2025-01")
    settings.CERTIFICATE_ISSUER_KEY = old_private
    before = download(hr, sun)
    old_qr = hr.get(f"/api/v1/certificates/{sun['id']}/").json()["verification_url"]

    new_private, _new_public = new_key_text("2026-01")
    settings.CERTIFICATE_ISSUER_KEY, settings.CERTIFICATE_ISSUER_RETIRED_KEYS = new_private, [old_public]

    assert [key["kid"] for key in anonymous.get("/.well-known/jwks.json").json()["keys"]] == ["2026-01", "2025-01"]
    assert independently_verified(anonymous, before["vc_jwt"])["id"] == before["credential"]["id"]
    assert "GENUINE" in _call("verify_certificate", old_qr)
    assert "真实有效" in online(anonymous, old_qr).content.decode()
    after = download(hr, sun)
    assert json.loads(b64url_decode(after["vc_jwt"].split(".")[0]))["kid"] == "2026-01"

    # Without the retired key, nothing the old key signed verifies: it is the key ring that keeps it working.
    settings.CERTIFICATE_ISSUER_RETIRED_KEYS = []
    with pytest.raises(JoseError):  # no key for its kid any more
        independently_verified(anonymous, before["vc_jwt"])
    with pytest.raises(CommandError):
        _call("verify_certificate", old_qr)


def test_a_badly_written_key_stops_with_a_clear_message(settings, sun):
    from django.core.exceptions import ImproperlyConfigured

    settings.CERTIFICATE_ISSUER_KEY = "2026-01:not-32-bytes"
    with pytest.raises(ImproperlyConfigured, match="32 bytes"):
        _ring()


# ---- the printed certificate and the offline page --------------------------------------------------------------

@needs_poppler
@needs_zbar
def test_the_printed_qr_codes_scan_to_the_signed_texts_and_the_pdf_says_where_to_check_offline(hr, cycle, issued):
    pdf = hr.get(f"/api/v1/incentive-cycles/{cycle.pk}/certificates/pdf/").content

    scanned = [poppler.qr_codes(pdf, page)[0] for page in range(1, len(issued) + 1)]
    assert sorted(scanned) == sorted(qr_text(certificate) for certificate in issued.values())
    assert all("GENUINE" in _call("verify_certificate", text) for text in scanned)
    assert "/verify/offline/" in poppler.text(pdf, 1)


def test_the_offline_page_allows_its_inline_script_by_hash_and_carries_the_keys(anonymous):
    response = anonymous.get("/verify/offline/")
    page = response.content.decode()
    policy = response["Content-Security-Policy"]

    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    assert f"'sha256-{b64encode(hashlib.sha256(script.encode()).digest()).decode()}'" in policy
    assert f"'sha256-{b64encode(hashlib.sha256(style.encode()).digest()).decode()}'" in policy
    assert "unsafe-inline" not in policy and "connect-src 'none'" in policy
    key = anonymous.get("/.well-known/jwks.json").json()["keys"][0]
    assert json.loads(re.search(r'id="issuer-keys" type="application/json">(.*?)</script>', page).group(1)) == \
        {key["kid"]: key["x"]}


# ---- the workspace ---------------------------------------------------------------------------------------------

def signed_in(bureau, persona):
    from django.test import Client

    client = Client()
    client.force_login(bureau.users[persona])
    return client


def test_hr_downloads_the_credential_from_the_person_page_and_the_holder_from_her_record(bureau, anonymous, sun):
    hr_page = signed_in(bureau, "hr_officer").get(f"/cadres/{bureau.accountant.pk}/").content.decode()
    own_page = signed_in(bureau, "cadre").get("/me/").content.decode()

    for persona, page, link in (("hr_officer", hr_page, f"/api/v1/certificates/{sun['id']}/credential/"),
                                ("cadre", own_page, f"/api/v1/me/certificates/{sun['id']}/credential/")):
        assert f'href="{link}"' in page and "下载（JSON）" in page, persona
        response = signed_in(bureau, persona).get(link)
        assert response.status_code == 200, persona
        independently_verified(anonymous, response.json()["vc_jwt"])


# ---- training completions ----------------------------------------------------------------------------------------

@pytest.fixture
def training(bureau):
    """孙会 passed 数据分析入门 on 2025-06-30; 钱进 is still taking it."""
    from datetime import date

    from tests.factories import TrainingProgramFactory, TrainingRecordFactory

    program = TrainingProgramFactory(code="DA101", name="数据分析入门", hours=16)
    passed = TrainingRecordFactory(cadre=bureau.accountant, program=program, hours=16, result="passed",
                                   completed_on=date(2025, 6, 30))
    taking = TrainingRecordFactory(cadre=bureau.finance_officer, program=program, hours=4)
    return passed, taking


def test_a_passed_training_has_a_credential_with_the_programme_as_achievement(bureau, hr, anonymous, training):
    passed, taking = training

    response = hr.get(f"/api/v1/training/records/{passed.pk}/credential/")

    assert response.status_code == 200
    claims = independently_verified(anonymous, response.json()["vc_jwt"])
    jsonschema.Draft201909Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(claims)
    achievement = claims["credentialSubject"]["achievement"]
    assert (achievement["name"], achievement["achievementType"]) == ("数据分析入门", "Course")
    assert "16学时" in achievement["criteria"]["narrative"] and "考核合格" in achievement["criteria"]["narrative"]
    assert claims["validFrom"] == "2025-06-30T00:00:00+08:00"
    assert claims["credentialStatus"]["statusListCredential"] == "http://127.0.0.1:8000/credentials/status/training"
    assert hr.get(f"/api/v1/training/records/{taking.pk}/credential/").status_code == 409


def test_the_training_credential_has_the_scope_of_the_record(bureau, training):
    passed, _taking = training
    for persona in ("hr_officer", "finance_head", "it_head", "leader", "auditor", "cadre", "outsider"):
        client = bureau.client(persona)
        record = client.get(f"/api/v1/training/records/{passed.pk}/").status_code
        credential = client.get(f"/api/v1/training/records/{passed.pk}/credential/").status_code
        assert credential == record, persona
    me = bureau.client("cadre")
    assert me.get(f"/api/v1/me/training/{passed.pk}/credential/").status_code == 200
    assert me.get(f"/api/v1/me/training/{_taking.pk}/credential/").status_code == 404


def test_a_training_marked_failed_afterwards_shows_revoked_in_its_status_list(bureau, hr, anonymous, training):
    passed, _taking = training
    index = int(hr.get(f"/api/v1/training/records/{passed.pk}/credential/").json()
                ["credential"]["credentialStatus"]["statusListIndex"])

    def revoked() -> bool:
        token = anonymous.get("/credentials/status/training").content.decode()
        encoded = independently_verified(anonymous, token)["credentialSubject"]["encodedList"]
        return credentials.is_set(credentials.decode_status_list(encoded), index)

    assert not revoked()
    passed.result = "failed"
    passed.save()
    assert revoked()
    assert anonymous.get("/credentials/status/nothing").status_code == 404


def test_the_workspace_links_a_passed_trainings_credential_and_no_other(bureau, anonymous, training):
    passed, taking = training
    hr_page = signed_in(bureau, "hr_officer").get(f"/cadres/{bureau.accountant.pk}/").content.decode()
    own_page = signed_in(bureau, "cadre").get("/me/").content.decode()
    other = signed_in(bureau, "hr_officer").get(f"/cadres/{bureau.finance_officer.pk}/").content.decode()

    assert f'href="/api/v1/training/records/{passed.pk}/credential/"' in hr_page
    assert f'href="/api/v1/me/training/{passed.pk}/credential/"' in own_page
    assert f"/api/v1/training/records/{taking.pk}/credential/" not in other
    response = signed_in(bureau, "cadre").get(f"/api/v1/me/training/{passed.pk}/credential/")
    independently_verified(anonymous, response.json()["vc_jwt"])


def test_the_json_check_reads_the_qr_signature_as_the_page_does(anonymous, sun):
    signed = qr_text(sun).partition("&s=")[2]
    check = {"code": sun["code"]}

    assert anonymous.get(f"/api/v1/verify/{sun['serial']}/", {**check, "s": signed}).json()["status"] == "valid"
    forged = with_field(qr_text(sun), 3, "孙会会").partition("&s=")[2]
    assert anonymous.get(f"/api/v1/verify/{sun['serial']}/", {**check, "s": forged}).json()["status"] == "not_found"
