"""Backup and restore: the whole database, personal data still encrypted, into an empty database only.

Each story runs on the database the suite runs on: SQLite by default, PostgreSQL with DATABASE_URL (where the
restored copy is a scratch database named after the test database and dropped afterwards). The backup is taken
in the test process; the restore and the reads of the restored copy run `manage.py` in a separate process, as
an operator would, with the encryption key passed in the environment.
"""

import json
import os
import shutil
import stat
import subprocess
import sys
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from auditlog.models import LogEntry
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql

from core.backup import client_version_problem
from talent.models import Cadre, Department
from tests.backup_probe import describe

ROOT = Path(__file__).resolve().parent.parent
KEYS = ",".join(settings.FIELD_ENCRYPTION_KEYS)
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="about pg_dump; the suite runs on SQLite")
# The backup tools read committed data only, as they would in production.
pytestmark = pytest.mark.django_db(transaction=True)


def manage(*args: str, database_url: str, keys: str = KEYS) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": database_url,
           "FIELD_ENCRYPTION_KEYS": keys, "DJANGO_SECRET_KEY": "backup-tests-secret"}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


def shell(code: str, *, database_url: str, keys: str = KEYS) -> subprocess.CompletedProcess:
    return manage("shell", "-v", "0", "-c", code, database_url=database_url, keys=keys)


def describe_restored(database_url: str) -> dict:
    result = shell("import json; from tests.backup_probe import describe; print(json.dumps(describe()))",
                   database_url=database_url)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def take_backup(path: Path) -> str:
    out = StringIO()
    call_command("backup_db", str(path), stdout=out)
    return out.getvalue()


@pytest.fixture
def empty_database(tmp_path):
    """The URL of a new, empty database of the kind the suite runs on."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    for program in ("pg_dump", "pg_restore"):
        if shutil.which(program) is None:
            pytest.skip(f"{program} is not on PATH; the PostgreSQL round trip needs the client tools")
    params = connection.settings_dict
    name = f"{params['NAME'].removeprefix('test_')}_restored_{os.getpid()}"
    create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(**{**connection.get_connection_params(), "dbname": "postgres"}, autocommit=True) as admin:
        admin.execute(drop)
        admin.execute(create)
        try:
            # Empty parts stay empty, so the restore connects the way the suite does (a socket, libpq's defaults).
            port = f":{params['PORT']}" if params["PORT"] else ""
            yield f"postgres://{quote(params['USER'])}:{quote(params['PASSWORD'])}@{params['HOST']}{port}/{name}"
        finally:
            admin.execute(drop)


@pytest.fixture
def busy_bureau(bureau):
    """The bureau after a little work: an unmasked read and an edit in the audit trail, and logins."""
    hr = bureau.client("hr_officer")
    assert hr.get(f"/api/v1/cadres/{bureau.office_clerk.pk}/").status_code == 200
    assert hr.patch(f"/api/v1/cadres/{bureau.it_engineer.pk}/", {"post_title": "高级工程师"},
                    format="json").status_code == 200
    bureau.client("leader")
    return bureau


def test_a_restored_backup_has_every_row_and_the_same_records(busy_bureau, tmp_path, empty_database):
    before = json.loads(json.dumps(describe()))
    archive = tmp_path / "core.backup"

    take_backup(archive)
    result = manage("restore_db", str(archive), database_url=empty_database)

    assert result.returncode == 0, result.stderr
    assert "Personal data is readable" in result.stdout
    after = describe_restored(empty_database)
    assert after["row_counts"] == before["row_counts"]
    assert after == before
    # What the comparison covers: the audit trail with its edits and unmasked reads, and the logins.
    assert {LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.ACCESS} <= {
        entry[1] for entry in after["audit_trail"]}
    assert [username for username, _key in after["tokens"]] == ["hr_officer", "leader"]


def test_personal_data_is_restored_as_ciphertext_and_reads_with_the_same_key(busy_bureau, tmp_path,
                                                                           empty_database):
    clerk = busy_bureau.office_clerk
    archive = tmp_path / "core.backup"
    take_backup(archive)

    assert manage("restore_db", str(archive), database_url=empty_database).returncode == 0
    restored = describe_restored(empty_database)
    cadres = {row[0]: row for row in restored["cadres"]}
    stored = {row[0]: row for row in restored["stored_personal_data"]}

    assert cadres[clerk.staff_number][3:5] == [clerk.national_id, clerk.mobile]
    # Fernet tokens are random: the same ciphertext as the original's shows nothing was decrypted on the way.
    with connection.cursor() as cursor:
        cursor.execute("SELECT national_id, mobile FROM talent_cadre WHERE staff_number = %s", [clerk.staff_number])
        assert stored[clerk.staff_number][1:] == list(cursor.fetchone())
    assert clerk.national_id not in stored[clerk.staff_number][1]


def test_with_another_key_the_restore_warns_and_personal_data_cannot_be_read(busy_bureau, tmp_path,
                                                                            empty_database):
    archive = tmp_path / "core.backup"
    take_backup(archive)
    other_key = Fernet.generate_key().decode()
    read_clerk = "from talent.models import Cadre; print(Cadre.objects.get(staff_number='OF001').national_id)"

    restore = manage("restore_db", str(archive), database_url=empty_database, keys=other_key)
    with_other_key = shell(read_clerk, database_url=empty_database, keys=other_key)
    departments_with_other_key = shell("from talent.models import Department; print(Department.objects.count())",
                                       database_url=empty_database, keys=other_key)
    with_the_key = shell(read_clerk, database_url=empty_database)

    assert restore.returncode == 1
    assert "cannot be decrypted with FIELD_ENCRYPTION_KEYS" in restore.stderr
    assert "talent.Cadre.national_id (4 values)" in restore.stderr
    assert with_other_key.returncode != 0
    assert "cannot be decrypted with FIELD_ENCRYPTION_KEYS" in with_other_key.stderr
    assert busy_bureau.office_clerk.national_id not in with_other_key.stdout + with_other_key.stderr
    assert departments_with_other_key.stdout.strip() == "5"
    assert with_the_key.stdout.strip() == busy_bureau.office_clerk.national_id


def test_the_restored_database_takes_new_records(busy_bureau, tmp_path, empty_database):
    archive = tmp_path / "core.backup"
    take_backup(archive)
    assert manage("restore_db", str(archive), database_url=empty_database).returncode == 0

    created = shell("from talent.services.pool import department_create; "
                    "print(department_create(code='NEW', name='新设处').pk)",
                    database_url=empty_database)

    assert created.returncode == 0, created.stderr
    assert int(created.stdout) > max(Department.objects.values_list("pk", flat=True))


def test_the_backup_reports_what_it_holds_and_only_its_owner_may_read_it(busy_bureau, tmp_path):
    archive = tmp_path / "core.backup"

    report = take_backup(archive)

    tables = connection.introspection.table_names()
    assert f"Backed up {len(tables)} tables" in report
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert not list(tmp_path.glob("*.partial"))


def test_a_backup_never_replaces_an_existing_file(bureau, tmp_path):
    archive = tmp_path / "core.backup"
    archive.write_text("yesterday's backup")

    with pytest.raises(CommandError, match="already exists"):
        take_backup(archive)

    assert archive.read_text() == "yesterday's backup"


def test_a_backup_of_a_database_without_tables_is_refused(tmp_path):
    result = manage("backup_db", str(tmp_path / "core.backup"), database_url=f"sqlite:///{tmp_path / 'typo.db'}")

    assert result.returncode == 1
    assert "has no tables: is DATABASE_URL right?" in result.stderr
    assert not (tmp_path / "core.backup").exists()


def test_a_restore_into_a_database_that_holds_data_is_refused_and_changes_nothing(busy_bureau, tmp_path):
    archive = tmp_path / "core.backup"
    take_backup(archive)
    Cadre.objects.filter(pk=busy_bureau.office_clerk.pk).update(post_title="changed after the backup")

    with pytest.raises(CommandError, match="is not empty.*Restore only into a new, empty database"):
        call_command("restore_db", str(archive))

    assert Cadre.objects.get(pk=busy_bureau.office_clerk.pk).post_title == "changed after the backup"


def test_a_file_that_is_not_a_backup_is_refused(tmp_path, empty_database):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a backup")

    result = manage("restore_db", str(notes), database_url=empty_database)

    assert result.returncode == 1
    assert f"is not a backup of a {connection.vendor} database" in result.stderr


@on_postgres
def test_without_pg_dump_on_path_the_backup_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(CommandError, match=r"pg_dump is not on PATH.*version \d+ or newer"):
        take_backup(tmp_path / "core.backup")

    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("output", ["pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)", "pg_dump (PostgreSQL) 17.2"])
def test_client_tools_as_new_as_the_server_or_newer_are_accepted(output):
    assert client_version_problem("pg_dump", output, 150020) is None


@pytest.mark.parametrize("output, complaint", [
    ("pg_restore (PostgreSQL) 14.11", "pg_restore is version 14 but the server runs PostgreSQL 15"),
    ("pg_restore: command not understood", "Cannot tell the version of pg_restore"),
])
def test_client_tools_older_than_the_server_or_unknown_are_refused(output, complaint):
    assert complaint in client_version_problem("pg_restore", output, 150020)
