"""The background jobs API: a long POST answers 202 with its job; the job says how it ended, to whom."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from core import jobs
from core.models import JobRecord, JobStatus
from talent.models import Cadre
from tests.factories import national_id
from tests.helpers import assert_error, job_outcome

HEADERS = "工号,姓名,性别,部门,岗位,职级,层级,学历,入职日期,身份证号,手机号"


def cadre_csv(*rows: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("名册.csv", ("\r\n".join([HEADERS, *rows]) + "\r\n").encode("utf-8-sig"))


GOOD = f"JB001,林静,女,财务处,科员,一级科员,一般干部,本科,2019-07-01,{national_id(serial=21)},13800000021"
BAD = f"JB002,何平,男,没有这个部门,科员,一级科员,一般干部,本科,2019-07-01,{national_id(serial=22)},13800000022"


def post_import(client, *rows):
    return client.post("/api/v1/imports/cadres/", {"file": cadre_csv(*rows)}, format="multipart")


def test_an_import_answers_202_with_the_job_address_and_the_job_holds_the_report(bureau, hr):
    response = post_import(hr, GOOD)

    assert response.status_code == 202
    job = response.json()
    assert response["Location"] == f"/api/v1/jobs/{job['id']}/"
    assert job["kind"] == "import" and job["started_by"] == "hr_officer"
    followed = hr.get(response["Location"]).json()
    assert followed["status"] == "succeeded", followed["error"]
    assert followed["progress"]["done"] == followed["progress"]["total"] > 0
    assert followed["result"]["created"] == 1 and followed["error"] is None
    assert followed["started_at"] and followed["finished_at"]
    assert Cadre.objects.filter(staff_number="JB001").exists()


def test_a_rejected_import_fails_with_the_rows_in_the_one_error_shape_and_writes_nothing(bureau, hr):
    outcome = job_outcome(hr, post_import(hr, GOOD, BAD))

    error = assert_error(outcome, 400, field="rows")
    assert error["code"] == "import_rejected"
    assert [row["row"] for row in error["fields"]["rows"]] == [3]
    assert outcome.job["status"] == "failed"
    assert not Cadre.objects.filter(staff_number="JB001").exists()


def test_i_see_my_jobs_hr_and_auditors_see_all_others_see_none_of_them(bureau, hr):
    job_id = post_import(hr, GOOD).json()["id"]

    for persona, sees in [("hr_officer", True), ("hr_clerk", True), ("auditor", True), ("finance_head", False),
                          ("leader", False)]:
        client = bureau.client(persona)
        listed = [job["id"] for job in client.get("/api/v1/jobs/").json()["results"]]
        assert (job_id in listed) is sees, persona
        assert client.get(f"/api/v1/jobs/{job_id}/").status_code == (200 if sees else 404), persona
    assert bureau.client("anonymous").get("/api/v1/jobs/").status_code == 401


def test_the_upload_leaves_the_database_when_the_job_ends(bureau, hr):
    job_id = post_import(hr, GOOD).json()["id"]

    assert JobRecord.objects.get(pk=job_id).upload is None


@override_settings(JOBS_TASK_BACKEND="database")
def test_a_queued_job_can_be_cancelled_by_its_starter_and_then_never_runs(bureau, hr):
    job_id = post_import(hr, GOOD).json()["id"]
    assert hr.get(f"/api/v1/jobs/{job_id}/").json()["status"] == "queued"

    assert_error(bureau.client("auditor").post(f"/api/v1/jobs/{job_id}/cancel/"), 403)
    assert hr.post(f"/api/v1/jobs/{job_id}/cancel/").json()["status"] == "cancelled"
    assert jobs.run_job.call(job_id) == "skipped"
    assert_error(hr.post(f"/api/v1/jobs/{job_id}/cancel/"), 409)
    assert not Cadre.objects.filter(staff_number="JB001").exists()


@override_settings(JOBS_TASK_BACKEND="database")
def test_a_job_already_claimed_is_not_run_a_second_time(bureau, hr):
    job_id = post_import(hr, GOOD).json()["id"]

    assert jobs.run_job.call(job_id) == "succeeded"
    assert jobs.run_job.call(job_id) == "skipped"
    assert Cadre.objects.filter(staff_number="JB001").count() == 1


@override_settings(JOBS_TASK_BACKEND="database")
def test_the_sweep_fails_a_job_whose_worker_is_gone_and_leaves_the_living(bureau, hr):
    dead, alive, silent = (post_import(hr, GOOD).json()["id"] for _ in range(3))
    now = timezone.now()
    gone = f"{jobs.worker_name().rpartition(':')[0]}:4194999"  # this machine, a pid above Linux's maximum
    JobRecord.objects.filter(pk=dead).update(status=JobStatus.RUNNING, worker=gone, heartbeat_at=now)
    JobRecord.objects.filter(pk=alive).update(status=JobStatus.RUNNING, worker=jobs.worker_name(), heartbeat_at=now)
    JobRecord.objects.filter(pk=silent).update(status=JobStatus.RUNNING, worker="elsewhere:12",
                                               heartbeat_at=now - timedelta(hours=1))

    assert sorted(jobs.sweep()) == sorted([dead, silent])
    job = hr.get(f"/api/v1/jobs/{dead}/").json()
    assert job["status"] == "failed" and job["error"]["code"] == "worker_lost"
    assert JobRecord.objects.get(pk=alive).status == JobStatus.RUNNING


@pytest.mark.parametrize("persona", ["finance_head", "auditor", "leader"])
def test_only_hr_starts_an_import_job(bureau, persona):
    assert_error(post_import(bureau.client(persona), GOOD), 403)
    assert not JobRecord.objects.exists()
