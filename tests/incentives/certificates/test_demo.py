"""The demo has last year's approved list with its certificates, one revoked, and loads once."""

import io
import re

from django.core.management import call_command

from incentives.models import Certificate, IncentiveCycle


def test_the_demo_bureau_gets_certificates_to_print_and_check(db, client):
    call_command("load_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_demo_certificates", stdout=out)

    call_command("load_demo_certificates", stdout=io.StringIO())

    cycle = IncentiveCycle.objects.get(year=2024)
    certificates = Certificate.objects.filter(cycle=cycle)
    assert cycle.status == "approved"
    assert certificates.count() == cycle.summary["honours"] > 1
    assert certificates.filter(revoked_at__isnull=False).count() == 1
    url = re.search(r"http://127\.0\.0\.1:8000(/verify/\S+)", out.getvalue()).group(1)
    assert "证书真实有效" in client.get(url).content.decode()


def test_every_demo_certificate_has_a_credential_and_a_qr_text_that_verify(db, client):
    from joserfc import jwt
    from joserfc.jwk import KeySet

    from incentives import credentials
    from incentives.selectors.certificates import credential_of, issuer_keys, verification_url_of

    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo_certificates", stdout=io.StringIO())
    keys = KeySet.import_key_set(client.get("/.well-known/jwks.json").json())

    demo = list(Certificate.objects.select_related("cadre"))
    assert len(demo) > 1
    for certificate in demo:
        downloaded = credential_of(certificate)
        assert jwt.decode(downloaded["vc_jwt"], keys, algorithms=["EdDSA"]).claims["id"] == \
            downloaded["credential"]["id"]
        assert credentials.read_qr(issuer_keys(), verification_url_of(certificate)).content == certificate.content()
