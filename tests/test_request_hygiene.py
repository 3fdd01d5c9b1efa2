"""A NUL character anywhere in a request is a clear 400 before any view sees it (PostgreSQL text cannot hold one,
so a lookup with it was a 500 there), and concurrent writes on the embedded SQLite database wait their turn."""

import json
import os
import secrets
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.test import Client

from tests.factories import PASSWORD
from tests.helpers import assert_error

ROOT = Path(__file__).resolve().parent.parent


def assert_refused_for_nul(response, *, field: str | None = None) -> None:
    error = assert_error(response, 400, field=field)
    assert error["code"] == "invalid"
    assert "NUL" in error["message"]


def test_a_nul_in_a_query_parameter_is_a_400_naming_the_parameter(bureau, hr):
    response = hr.get(f"/api/v1/cadres/{bureau.office_clerk.pk}/skill-history/?skill=%00")

    assert_refused_for_nul(response, field="skill")


def test_a_nul_in_the_path_is_a_400(bureau):
    assert_refused_for_nul(Client().get("/verify/CERT%00?code=x"))


def test_a_nul_in_a_form_field_is_a_400_even_in_a_field_no_view_reads(bureau):
    response = Client().post("/admin/login/", {"username": "hr_officer", "password": PASSWORD, "note": "a\x00"})

    assert_refused_for_nul(response, field="note")


@pytest.mark.parametrize("body", [
    {"username": "hr_officer", "password": PASSWORD, "extra": {"deep": ["\x00"]}},
    {"username": "hr_officer", "password": PASSWORD, "key\x00": 1},
], ids=["in a nested value", "in a key"])
def test_a_nul_anywhere_in_a_json_body_is_a_400(bureau, body):
    response = bureau.client("anonymous").post("/api/v1/auth/token/", body, format="json")

    assert_refused_for_nul(response)


def test_an_escaped_backslash_before_u0000_is_no_nul(bureau):
    body = json.dumps({"username": "hr_officer", "password": PASSWORD, "note": "C:\\u0000"})
    assert "\\\\u0000" in body  # a backslash, then the text u0000

    response = bureau.client("anonymous").post("/api/v1/auth/token/", body, content_type="application/json")

    assert response.status_code == 200, response.content


# --- SQLite under concurrent writes ---------------------------------------------------------------------------

# Eight threads, each with its own connection as every server thread has, increment one counter 25 times in
# read-then-write transactions: the pattern of a service that checks and then writes.
RACE = textwrap.dedent("""
    import json, threading, time
    from django.db import connection, transaction
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (value integer)")
        cursor.execute("INSERT INTO counter VALUES (0)")
    errors, start = [], threading.Barrier(8)
    def work():
        start.wait()
        try:
            for _ in range(25):
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute("SELECT value FROM counter")
                    value = cursor.fetchone()[0]
                    time.sleep(0.002)
                    cursor.execute("UPDATE counter SET value = %s", [value + 1])
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()
    threads = [threading.Thread(target=work) for _ in range(8)]
    began = time.monotonic()
    for thread in threads: thread.start()
    for thread in threads: thread.join()
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM counter")
        print(json.dumps({"errors": errors, "value": cursor.fetchone()[0], "seconds": time.monotonic() - began}))
""")


def test_concurrent_writes_on_the_embedded_database_wait_their_turn_instead_of_failing(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_") and key != "DATABASE_URL"}
    env.update(DJANGO_SECRET_KEY=secrets.token_urlsafe(50), FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
               DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    result = subprocess.run([sys.executable, "manage.py", "shell", "-v", "0", "-c", RACE], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr

    outcome = json.loads(result.stdout)

    assert outcome["errors"] == []  # before: "database is locked"
    assert outcome["value"] == 8 * 25  # and no update was lost
