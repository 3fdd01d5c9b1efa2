"""Real db_worker processes against PostgreSQL: many jobs over two workers each run once; a worker killed in
the middle of an import leaves the pool as it was, its job is marked failed, and the import run again succeeds."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from core import jobs
from core.models import JobRecord, JobStatus
from talent.models import Cadre
from tests.factories import national_id
from tests.helpers import ON_TWO_CONNECTIONS

pytestmark = [*ON_TWO_CONNECTIONS, pytest.mark.usefixtures("database_jobs")]

ROOT = Path(__file__).resolve().parent.parent
HEADERS = "工号,姓名,性别,部门,岗位,职级,层级,学历,入职日期,身份证号,手机号"
WORKER_NAME = "talentpool-test-worker"  # the workers' connections' application_name


@pytest.fixture
def database_jobs():
    with override_settings(JOBS_TASK_BACKEND="database"):
        yield


def worker() -> subprocess.Popen:
    """`manage.py db_worker` on the test database, as bin/demo and production run it."""
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test", "PGAPPNAME": WORKER_NAME,
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"}
    return subprocess.Popen([sys.executable, "manage.py", "db_worker", "--backend", "database", "--no-reload",
                             "--interval", "0.1", "--no-startup-delay", "-v0"], cwd=ROOT, env=env)


def stop(*workers: subprocess.Popen) -> None:
    for process in workers:
        process.terminate()
    for process in workers:
        process.wait(timeout=30)


def cadre_file(first: int, count: int) -> SimpleUploadedFile:
    rows = [f"W{n:06d},工{n},女,财务处,科员,一级科员,一般干部,本科,2019-07-01,{national_id(serial=n)},"
            f"138{n:08d}" for n in range(first, first + count)]
    return SimpleUploadedFile("名册.csv", ("\r\n".join([HEADERS, *rows]) + "\r\n").encode("utf-8-sig"))


def start_import(hr, file) -> int:
    response = hr.post("/api/v1/imports/cadres/", {"file": file}, format="multipart")
    assert response.status_code == 202, response.content
    return response.json()["id"]


def wait_until(condition, *, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def connected_workers() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND application_name = %s", [WORKER_NAME])
        return cursor.fetchone()[0]


def test_two_workers_run_each_of_many_jobs_exactly_once(bureau, hr):
    workers = [worker(), worker()]
    try:
        # Both polling before the jobs come: a worker still starting while the other drains 24 quick imports
        # would leave it nothing to take.
        wait_until(lambda: connected_workers() == 2, seconds=60)
        ids = [start_import(hr, cadre_file(n * 10, 10)) for n in range(24)]
        wait_until(lambda: not JobRecord.objects.filter(status__in=["queued", "running"]).exists(), seconds=180)
    finally:
        stop(*workers)

    assert set(JobRecord.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"succeeded"}
    assert Cadre.objects.filter(staff_number__startswith="W").count() == 240
    tasks = DBTaskResult.objects.filter(id__in=list(JobRecord.objects.values_list("task_id", flat=True)))
    assert [len(task.worker_ids) for task in tasks] == [1] * 24  # claimed once each
    assert len(set(JobRecord.objects.values_list("worker", flat=True))) == 2  # both took their share


def test_a_worker_killed_mid_import_leaves_the_pool_as_it_was_and_the_rerun_succeeds(bureau, hr):
    before = Cadre.objects.count()
    job_id = start_import(hr, cadre_file(0, 20_000))
    process = worker()
    try:
        # Stage 2 of 3 is the write, in one transaction: kill the worker inside it.
        wait_until(lambda: JobRecord.objects.get(pk=job_id).done == 2, seconds=120)
        time.sleep(0.5)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()

    assert Cadre.objects.count() == before
    assert JobRecord.objects.get(pk=job_id).status == JobStatus.RUNNING  # until the sweep notices
    assert jobs.sweep() == [job_id]
    job = hr.get(f"/api/v1/jobs/{job_id}/").json()
    assert job["status"] == "failed" and job["error"]["code"] == "worker_lost"
    assert DBTaskResult.objects.get(id=JobRecord.objects.get(pk=job_id).task_id).status == "FAILED"

    again = start_import(hr, cadre_file(0, 20_000))
    process = worker()
    try:
        wait_until(lambda: JobRecord.objects.get(pk=again).status not in ("queued", "running"), seconds=300)
    finally:
        stop(process)
    assert hr.get(f"/api/v1/jobs/{again}/").json()["result"]["created"] == 20_000
    assert Cadre.objects.count() == before + 20_000
