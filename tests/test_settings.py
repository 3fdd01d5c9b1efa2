"""Configuration comes from the environment and fails loudly; the interface speaks Chinese unless asked not to."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import database_from_url, env_bool, env_int, env_list, env_required
from tests.factories import cadre_payload, national_id

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")


# --- environment helpers ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [None, "", "   "])
def test_a_missing_secret_stops_start_up_naming_it(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("DJANGO_SECRET_KEY", value)

    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        env_required("DJANGO_SECRET_KEY")


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "FIELD_ENCRYPTION_KEYS"])
def test_the_real_settings_refuse_to_load_without_their_secrets(missing):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(DJANGO_SECRET_KEY="a-secret", FIELD_ENCRYPTION_KEYS="dGVzdC1vbmx5LWZlcm5ldC1rZXktMzItYnl0ZXMhISE=")
    del env[missing]

    result = subprocess.run([sys.executable, "-c", "import config.settings"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


@pytest.mark.parametrize("raw, expected", [("1", True), ("true", True), ("Yes", True), (" on ", True),
                                           ("0", False), ("FALSE", False), ("no", False), ("", False)])
def test_booleans_read_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("DJANGO_DEBUG", raw)

    assert env_bool("DJANGO_DEBUG") is expected


@pytest.mark.parametrize("raw", ["maybe", "2", "yes please", "t"])
def test_a_bad_boolean_stops_start_up_naming_the_variable_and_value(monkeypatch, raw):
    monkeypatch.setenv("DJANGO_DEBUG", raw)

    with pytest.raises(ImproperlyConfigured, match=rf"DJANGO_DEBUG.*{re.escape(repr(raw))}"):
        env_bool("DJANGO_DEBUG")


def test_an_unset_boolean_takes_its_default(monkeypatch):
    monkeypatch.delenv("DJANGO_DEBUG", raising=False)

    assert env_bool("DJANGO_DEBUG", True) is True


def test_a_bad_integer_stops_start_up(monkeypatch):
    monkeypatch.setenv("DJANGO_HSTS_SECONDS", "a year")

    with pytest.raises(ImproperlyConfigured, match="DJANGO_HSTS_SECONDS"):
        env_int("DJANGO_HSTS_SECONDS", 0)


def test_lists_are_comma_separated_and_trimmed(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", " talent.example.gov.cn, ,localhost ")

    assert env_list("DJANGO_ALLOWED_HOSTS") == ["talent.example.gov.cn", "localhost"]


@pytest.mark.parametrize("url, expected", [
    ("postgres://talent:s%40cret@db.internal:5433/talent_pool",
     {"NAME": "talent_pool", "USER": "talent", "PASSWORD": "s@cret", "HOST": "db.internal", "PORT": "5433"}),
    ("postgresql://postgres@127.0.0.1/talent",
     {"NAME": "talent", "USER": "postgres", "PASSWORD": "", "HOST": "127.0.0.1", "PORT": ""}),
])
def test_a_postgres_url_names_database_user_password_host_and_port(url, expected):
    database = database_from_url(url)

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert {key: database[key] for key in expected} == expected


@pytest.mark.parametrize("url, path", [("sqlite:////srv/talent/db.sqlite3", "/srv/talent/db.sqlite3"),
                                       ("sqlite:///var/db.sqlite3", "var/db.sqlite3"),
                                       ("sqlite://", ":memory:")])
def test_a_sqlite_url_names_the_file(url, path):
    database = database_from_url(url)

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == path


@pytest.mark.parametrize("url, complaint", [("postgres://db.internal:5432/", "names no database"),
                                            ("mysql://root@localhost/talent", "mysql")])
def test_a_database_url_we_cannot_use_stops_start_up(url, complaint):
    with pytest.raises(ImproperlyConfigured, match=complaint):
        database_from_url(url)


# --- language ------------------------------------------------------------------------------------------------

def test_the_api_speaks_chinese_by_default_and_english_on_request(bureau):
    chinese = bureau.client("anonymous").get("/api/v1/me/").json()["error"]["message"]
    english = bureau.client("anonymous").get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en").json()["error"]["message"]

    assert CJK.search(chinese)
    assert english == "Authentication credentials were not provided."


def test_our_own_messages_are_translated(bureau, hr):
    """Needs the zh-hans catalog in locale/ (compiled): the messages below are ours, not Django's or DRF's."""
    wrong = cadre_payload(bureau.it, gender="F", national_id=national_id(gender="M"))

    chinese = hr.post("/api/v1/cadres/", wrong, format="json").json()["error"]
    english = hr.post("/api/v1/cadres/", wrong, format="json", HTTP_ACCEPT_LANGUAGE="en").json()["error"]

    assert english["fields"]["gender"] == ["The gender does not match the citizen ID number."]
    assert chinese["fields"]["gender"] != english["fields"]["gender"]
    assert CJK.search(chinese["fields"]["gender"][0])
    assert chinese["message"] != english["message"]
    assert CJK.search(chinese["message"])


def test_a_language_we_do_not_offer_falls_back_to_chinese(bureau):
    response = bureau.client("anonymous").get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="fr")

    assert CJK.search(response.json()["error"]["message"])
