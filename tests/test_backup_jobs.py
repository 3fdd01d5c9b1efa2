"""Backups on demand: a superuser asks the API, a job takes the same backup as `manage.py backup_db`, and only
that superuser downloads the file, each download in the audit trail."""

import sqlite3

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import override_settings

from core import backup, jobs
from core.models import JobRecord
from tests.factories import UserFactory
from tests.helpers import assert_error, job_outcome

# The backup tools read committed data only (and SQLite's waits for the test's open transaction forever).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def backups(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    return settings.BACKUP_DIR


@pytest.fixture
def admin(bureau):
    bureau.users["admin"] = UserFactory(username="admin", is_superuser=True, is_staff=True)
    bureau.users["admin2"] = UserFactory(username="admin2", is_superuser=True, is_staff=True)
    return bureau.client("admin")


def test_a_superuser_s_backup_answers_202_and_its_file_holds_the_database(bureau, admin, backups, tmp_path):
    response = admin.post("/api/v1/backups/")

    assert response.status_code == 202
    assert response["Location"] == f"/api/v1/jobs/{response.json()['id']}/"
    outcome = job_outcome(admin, response)
    assert outcome.job["status"] == "succeeded", outcome.job["error"]
    result = outcome.job["result"]
    assert result["file"]["url"] == f"/api/v1/jobs/{outcome.job['id']}/file/"
    assert result["tables"] > 10 and result["counts"]["auth_user"] == get_user_model().objects.count()
    stored = backups / result["file"]["name"]
    assert stored.stat().st_mode & 0o077 == 0  # readable by its owner only, as backup_db writes it

    download = admin.get(result["file"]["url"])
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"] and result["file"]["name"] in download["Content-Disposition"]
    body = b"".join(download.streaming_content)
    assert len(body) == result["file"]["size"]
    if connection.vendor == "sqlite":
        assert body.startswith(backup.SQLITE_MAGIC)
        copy = tmp_path / "downloaded.sqlite3"
        copy.write_bytes(body)
        with sqlite3.connect(copy) as db:  # the same rows as the live database
            assert db.execute("SELECT COUNT(*) FROM talent_cadre").fetchone()[0] == 4
            assert db.execute("SELECT username FROM auth_user WHERE is_superuser").fetchall() == [
                ("admin",), ("admin2",)]
    else:
        assert body.startswith(backup.PG_DUMP_MAGIC)


@pytest.mark.parametrize("persona", ["hr_officer", "leader", "auditor", "finance_head", "outsider"])
def test_nobody_but_a_superuser_may_take_a_backup(bureau, backups, persona):
    assert_error(bureau.client(persona).post("/api/v1/backups/"), 403)
    assert not JobRecord.objects.exists()


def test_anonymous_gets_401(bureau, backups):
    assert_error(bureau.client("anonymous").post("/api/v1/backups/"), 401)


def test_only_who_asked_downloads_the_backup_and_each_download_is_audited(bureau, admin, backups):
    job = job_outcome(admin, admin.post("/api/v1/backups/")).job
    url = job["result"]["file"]["url"]

    for persona in ("admin2", "hr_officer", "auditor"):  # HR and auditors read every job, not its file
        client = bureau.client(persona)
        if persona != "admin2":
            assert client.get(f"/api/v1/jobs/{job['id']}/").status_code == 200
        assert_error(client.get(url), 404 if persona == "admin2" else 403)
    assert not LogEntry.objects.filter(additional_data__via="download").exists()

    assert admin.get(url, HTTP_ACCEPT="application/octet-stream").status_code == 200
    trail = bureau.client("auditor").get("/api/v1/audit/", {"model": "jobrecord"}).json()["results"]
    assert [(e["action"], e["via"], e["actor"], e["object_pk"]) for e in trail] == [
        ("access", "download", "admin", str(job["id"]))]


def test_the_download_opens_only_the_job_s_own_file_in_the_backup_folder(bureau, admin, backups, tmp_path):
    job = job_outcome(admin, admin.post("/api/v1/backups/")).job
    secret = tmp_path / "secret.txt"
    secret.write_text("not a backup")
    record = JobRecord.objects.get(pk=job["id"])
    for name in ["../secret.txt", str(secret), f"backup-20260101-000000-job{record.pk}.sqlite3/../../secret.txt",
                 "backup-20260101-000000-job999.sqlite3"]:
        record.result = {**job["result"], "file": {**job["result"]["file"], "name": name}}
        record.save(update_fields=["result"])
        assert_error(admin.get(job["result"]["file"]["url"]), 404)


def test_a_backup_that_fails_says_why_and_leaves_no_file(bureau, admin, backups, monkeypatch):
    def refuse(connection, out):
        raise backup.BackupError("pg_dump is not on PATH")

    monkeypatch.setattr(backup, "backup", refuse)
    outcome = job_outcome(admin, admin.post("/api/v1/backups/"))

    assert outcome.job["status"] == "failed" and outcome.job["http_status"] == 500
    assert outcome.job["error"]["code"] == "backup_failed" and "pg_dump" in outcome.job["error"]["message"]
    assert_error(admin.get(f"/api/v1/jobs/{outcome.job['id']}/file/"), 404)
    assert not any(backups.iterdir())


@override_settings(JOBS_TASK_BACKEND="database")
def test_one_backup_at_a_time(bureau, admin, backups):
    first = admin.post("/api/v1/backups/")
    assert first.status_code == 202

    assert_error(bureau.client("admin2").post("/api/v1/backups/"), 409)
    assert jobs.run_job.call(first.json()["id"]) == "succeeded"
    assert bureau.client("admin2").post("/api/v1/backups/").status_code == 202
