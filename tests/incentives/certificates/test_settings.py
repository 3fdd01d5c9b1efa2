"""The verification key and the public address come from the environment and fail loudly when wrong."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_url

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(("raw", "expected"), [("https://talent.example.gov.cn", "https://talent.example.gov.cn"),
                                               ("https://talent.example.gov.cn/", "https://talent.example.gov.cn"),
                                               ("http://10.1.2.3:8000/talent/", "http://10.1.2.3:8000/talent")])
def test_the_public_address_is_read_without_its_trailing_slash(monkeypatch, raw, expected):
    monkeypatch.setenv("PUBLIC_BASE_URL", raw)

    assert env_url("PUBLIC_BASE_URL", "http://127.0.0.1:8000") == expected


@pytest.mark.parametrize("raw", ["talent.example.gov.cn", "ftp://talent.example.gov.cn", "https://",
                                 "https://talent.example.gov.cn/?x=1", "https://talent.example.gov.cn/#top"])
def test_a_public_address_that_is_not_one_stops_start_up_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("PUBLIC_BASE_URL", raw)

    with pytest.raises(ImproperlyConfigured, match="PUBLIC_BASE_URL"):
        env_url("PUBLIC_BASE_URL", "http://127.0.0.1:8000")


def test_a_short_signing_key_stops_start_up():
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(DJANGO_SECRET_KEY="a-secret", FIELD_ENCRYPTION_KEYS="dGVzdC1vbmx5LWZlcm5ldC1rZXktMzItYnl0ZXMhISE=",
               CERTIFICATE_SIGNING_KEY="too-short")

    result = subprocess.run([sys.executable, "-c", "import config.settings"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)

    assert result.returncode != 0
    assert "CERTIFICATE_SIGNING_KEY" in result.stderr


def test_without_a_public_address_certificates_point_to_the_port_the_demo_serves_on():
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "PUBLIC_BASE_URL")}
    env.update(DJANGO_SECRET_KEY="a-secret", FIELD_ENCRYPTION_KEYS="dGVzdC1vbmx5LWZlcm5ldC1rZXktMzItYnl0ZXMhISE=",
               PORT="8123")

    result = subprocess.run([sys.executable, "-c", "import config.settings as s; print(s.PUBLIC_BASE_URL)"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)

    assert result.stdout.strip() == "http://127.0.0.1:8123", result.stderr


def test_codes_follow_the_configured_key_so_changing_it_voids_printed_codes(settings, bureau, issued):
    certificate = issued["OF001"]
    anonymous = bureau.client("anonymous")
    settings.CERTIFICATE_SIGNING_KEY = "a-key-set-apart-for-certificates-0123456789"

    old_code = anonymous.get(f"/api/v1/verify/{certificate['serial']}/", {"code": certificate["code"]}).json()
    new_code = bureau.client("hr_officer").get(f"/api/v1/certificates/{certificate['id']}/").json()["code"]

    assert old_code["status"] == "not_found"
    assert new_code != certificate["code"]
    assert anonymous.get(f"/api/v1/verify/{certificate['serial']}/", {"code": new_code}).json()["status"] == "valid"


def test_the_printed_address_is_the_configured_public_one(settings, bureau, cycle, hr):
    settings.PUBLIC_BASE_URL = "https://talent.example.gov.cn"
    hr.post(f"/api/v1/incentive-cycles/{cycle.pk}/certificates/")

    certificate = hr.get("/api/v1/certificates/").json()["results"][0]

    assert certificate["verification_url"].startswith(f"https://talent.example.gov.cn/verify/{certificate['serial']}?")
