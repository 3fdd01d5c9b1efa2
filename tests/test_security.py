"""Production settings pass Django's deployment checks, logins are rate-limited, tokens can be revoked and
passwords follow the policy wherever they are set."""

import json
import os
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from config.env import env_rate
from core.auth import LoginThrottle
from tests.factories import PASSWORD
from tests.helpers import assert_error

ROOT = Path(__file__).resolve().parent.parent
HOST = "talent.example.gov.cn"
# What README's "Running in production" sets; everything else is left to the settings' defaults.
PRODUCTION = {"DJANGO_ALLOWED_HOSTS": HOST, "DJANGO_BEHIND_PROXY": "1"}
DEMO = {"DJANGO_DEBUG": "1"}  # what bin/demo sets, serving plain http on 127.0.0.1


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    """manage.py with the real settings, the given variables and fresh secrets, and nothing else of ours."""
    clean = {key: value for key, value in os.environ.items()
             if not key.startswith(("DJANGO_", "LOGIN_THROTTLE")) and key != "DATABASE_URL"}
    clean.update(DJANGO_SECRET_KEY=secrets.token_urlsafe(50), FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
                 DATABASE_URL="sqlite://", **env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True,
                          text=True, timeout=120)


# --- deployment settings -------------------------------------------------------------------------------------

@pytest.mark.parametrize("env", [PRODUCTION, {"DJANGO_ALLOWED_HOSTS": HOST}], ids=["behind a proxy", "defaults"])
def test_production_settings_pass_the_deployment_checks(env):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_deployment_checks_catch_a_debug_setting_left_on():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION, **DEMO})

    assert result.returncode != 0
    assert "security.W018" in result.stderr  # DEBUG on; also HSTS and https are off


# One request as a browser would send it, through the service's whole middleware stack, in the configured process.
REQUEST = """
import json
from django.test import Client
from rest_framework.settings import api_settings
response = Client(headers={{"host": "{host}"{proxy}}}).get("/api/v1/me/")
print(json.dumps({{"status": response.status_code, "location": response.get("Location"),
                  "hsts": response.get("Strict-Transport-Security"), "num_proxies": api_settings.NUM_PROXIES}}))
"""


def request_me(env: dict, *, host: str, forwarded_https: bool = False) -> dict:
    code = REQUEST.format(host=host, proxy=', "x-forwarded-proto": "https"' if forwarded_https else "")
    result = manage("shell", "-v", "0", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_in_production_plain_http_is_redirected_to_https():
    response = request_me(PRODUCTION, host=HOST)

    assert response["status"] == 301
    assert response["location"] == f"https://{HOST}/api/v1/me/"


def test_in_production_https_through_the_proxy_is_served_with_hsts_and_clients_told_apart():
    response = request_me(PRODUCTION, host=HOST, forwarded_https=True)

    assert response["status"] == 401
    assert response["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert response["num_proxies"] == 1  # the rate limit counts the client's address, not the proxy's


def test_the_demo_serves_plain_http_on_loopback():
    response = request_me(DEMO, host="127.0.0.1:8000")

    assert response["status"] == 401
    assert response["hsts"] is None
    assert response["num_proxies"] == 0  # the socket's address: a made-up X-Forwarded-For changes nothing


@pytest.mark.parametrize("raw", ["10 per minute", "ten/min", "10/fortnight", "/min"])
def test_a_malformed_login_rate_stops_start_up(monkeypatch, raw):
    monkeypatch.setenv("LOGIN_THROTTLE_RATE", raw)

    with pytest.raises(ImproperlyConfigured, match="LOGIN_THROTTLE_RATE"):
        env_rate("LOGIN_THROTTLE_RATE", "10/min")


# --- rate limit on logins ------------------------------------------------------------------------------------

@pytest.fixture
def login_limit(monkeypatch):
    """The production limit of 10 logins a minute per client (the test settings allow more), on a clock we move."""
    clock = [1_000_000.0]
    monkeypatch.setattr(LoginThrottle, "THROTTLE_RATES", {"login": "10/min"})
    monkeypatch.setattr(LoginThrottle, "timer", lambda self: clock[0])
    return clock


def log_in(client, password: str, **extra):
    return client.post("/api/v1/auth/token/", {"username": "hr_officer", "password": password}, format="json",
                       **extra)


def test_the_eleventh_login_attempt_within_a_minute_gets_429(bureau, login_limit):
    guesser = bureau.client("anonymous")
    for attempt in range(10):
        assert_error(log_in(guesser, f"guess-{attempt}"), 401)

    refused = log_in(guesser, PASSWORD)

    assert assert_error(refused, 429)["code"] == "throttled"
    assert int(refused["Retry-After"]) <= 60
    assert "token" not in refused.json()


def test_the_login_count_is_kept_in_the_database_so_every_server_process_shares_it(bureau, login_limit):
    with connection.cursor() as cursor:
        # Other results may be cached already (a test on two connections commits its cache rows).
        cursor.execute("SELECT COUNT(*) FROM django_cache")
        before = cursor.fetchone()[0]
        for attempt in range(3):
            log_in(bureau.client("anonymous"), f"guess-{attempt}")
        cursor.execute("SELECT COUNT(*) FROM django_cache")
        assert cursor.fetchone()[0] == before + 1  # the one client's attempts, under one key


def test_the_login_limit_lifts_after_a_minute(bureau, login_limit):
    guesser = bureau.client("anonymous")
    for attempt in range(11):
        log_in(guesser, f"guess-{attempt}")

    login_limit[0] += 61

    assert log_in(guesser, PASSWORD).status_code == 200


def test_the_login_limit_counts_each_client_apart(bureau, login_limit):
    guesser, colleague = bureau.client("anonymous"), bureau.client("anonymous")
    for attempt in range(11):
        log_in(guesser, f"guess-{attempt}", REMOTE_ADDR="10.1.1.1")

    assert log_in(colleague, PASSWORD, REMOTE_ADDR="10.1.1.2").status_code == 200


def test_behind_the_proxy_the_login_limit_counts_the_forwarded_client(bureau, login_limit, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    guesser, colleague = bureau.client("anonymous"), bureau.client("anonymous")
    for attempt in range(11):
        log_in(guesser, f"guess-{attempt}", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.1.1.1")

    assert log_in(colleague, PASSWORD, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.1.1.2").status_code == 200
    assert_error(log_in(guesser, PASSWORD, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.1.1.1"), 429)


def log_in_to_the_back_office(browser: Client, password: str, **extra):
    return browser.post("/admin/login/?next=/admin/", {"username": "hr_officer", "password": password}, **extra)


@pytest.fixture
def staff_hr(bureau):
    bureau.users["hr_officer"].is_staff = True
    bureau.users["hr_officer"].save()
    return bureau.users["hr_officer"]


def test_after_the_api_refused_a_guesser_the_back_office_refuses_the_right_password_too(bureau, login_limit,
                                                                                       staff_hr):
    for attempt in range(11):
        log_in(bureau.client("anonymous"), f"guess-{attempt}")
    browser = Client()

    refused = log_in_to_the_back_office(browser, PASSWORD)

    assert "登录尝试过多" in refused.content.decode()
    assert "_auth_user_id" not in browser.session
    assert_error(browser.get("/api/v1/me/"), 401)  # the admin session would also have opened the API


def test_wrong_passwords_in_the_back_office_count_towards_the_limit_of_the_api(bureau, login_limit, staff_hr):
    browser = Client()
    for attempt in range(10):
        assert "登录尝试过多" not in log_in_to_the_back_office(browser, f"guess-{attempt}").content.decode()

    assert_error(log_in(bureau.client("anonymous"), PASSWORD), 429)
    assert "登录尝试过多" in log_in_to_the_back_office(browser, PASSWORD).content.decode()


def test_the_back_office_login_limit_counts_each_client_apart_and_lifts_after_a_minute(bureau, login_limit,
                                                                                      staff_hr):
    guesser = Client(REMOTE_ADDR="10.1.1.1")
    for attempt in range(11):
        log_in_to_the_back_office(guesser, f"guess-{attempt}")

    assert log_in_to_the_back_office(Client(REMOTE_ADDR="10.1.1.2"), PASSWORD).status_code == 302
    login_limit[0] += 61
    assert log_in_to_the_back_office(guesser, PASSWORD).status_code == 302


# --- revoking tokens ---------------------------------------------------------------------------------------------

def test_logging_out_revokes_the_token_and_a_fresh_login_gets_a_new_one(bureau):
    leader = bureau.client("leader")
    old_key = Token.objects.get(user=bureau.users["leader"]).key

    response = leader.delete("/api/v1/auth/token/")

    assert response.status_code == 204
    assert_error(leader.get("/api/v1/me/"), 401)
    # The client still sends the revoked token; logging in again must not trip over it.
    again = leader.post("/api/v1/auth/token/", {"username": "leader", "password": PASSWORD}, format="json")
    assert again.status_code == 200
    assert again.json()["token"] != old_key


def test_logging_out_leaves_other_users_signed_in(bureau):
    leader, auditor = bureau.client("leader"), bureau.client("auditor")

    leader.delete("/api/v1/auth/token/")

    assert auditor.get("/api/v1/me/").status_code == 200


def test_logging_out_without_a_token_is_a_401(bureau):
    assert_error(bureau.client("anonymous").delete("/api/v1/auth/token/"), 401)


def test_a_superuser_revokes_someone_elses_token_in_the_back_office(bureau, admin_client):
    leader = bureau.client("leader")

    response = admin_client.post(f"/admin/authtoken/tokenproxy/{bureau.users['leader'].pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert_error(leader.get("/api/v1/me/"), 401)


# --- password policy ------------------------------------------------------------------------------------------

WEAK_PASSWORDS = {
    "too short": "Xq7#pLm2",
    "too common": "password123",
    "only digits": "3141592653589",
    "like the username": "wang_xiaoming1",
}


@pytest.mark.parametrize("password", WEAK_PASSWORDS.values(), ids=WEAK_PASSWORDS.keys())
def test_the_back_office_refuses_a_weak_password_for_a_new_user(admin_client, password):
    response = admin_client.post("/admin/auth/user/add/", {
        "username": "wang_xiaoming", "usable_password": "true", "password1": password, "password2": password,
    })

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["password2"]
    assert not get_user_model().objects.filter(username="wang_xiaoming").exists()


def test_the_back_office_accepts_a_strong_password_for_a_new_user(admin_client):
    response = admin_client.post("/admin/auth/user/add/", {
        "username": "wang_xiaoming", "usable_password": "true",
        "password1": "Renshi-Guihua-2026!", "password2": "Renshi-Guihua-2026!",
    })

    assert response.status_code == 302
    assert get_user_model().objects.get(username="wang_xiaoming").check_password("Renshi-Guihua-2026!")


def test_the_back_office_refuses_a_weak_password_when_one_is_changed(bureau, admin_client):
    leader = bureau.users["leader"]

    response = admin_client.post(f"/admin/auth/user/{leader.pk}/password/",
                                 {"usable_password": "true", "password1": "12345678", "password2": "12345678"})

    assert response.status_code == 200
    leader.refresh_from_db()
    assert leader.check_password(PASSWORD)



# --- token lifetime ----------------------------------------------------------------------------------------------


def age_token(user, hours: float) -> None:
    Token.objects.filter(user=user).update(created=timezone.now() - timedelta(hours=hours))


def test_a_token_older_than_its_lifetime_gets_401_saying_so_and_is_gone(bureau, settings):
    settings.TOKEN_TTL_HOURS = 12
    leader = bureau.client("leader")
    age_token(bureau.users["leader"], 11.9)
    assert leader.get("/api/v1/me/").status_code == 200

    age_token(bureau.users["leader"], 12)

    error = assert_error(leader.get("/api/v1/me/"), 401)
    assert "过期" in error["message"]
    assert not Token.objects.filter(user=bureau.users["leader"]).exists()


def test_logging_in_after_the_token_expired_issues_a_new_one_and_before_that_the_same(bureau, settings):
    settings.TOKEN_TTL_HOURS = 12

    def log_in_leader() -> str:
        return bureau.client("anonymous").post("/api/v1/auth/token/", {"username": "leader", "password": PASSWORD},
                                               format="json").json()["token"]

    current = log_in_leader()
    assert log_in_leader() == current
    age_token(bureau.users["leader"], 13)
    fresh = log_in_leader()

    assert fresh != current
    assert bureau.client("anonymous").get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {fresh}").status_code == 200
