"""The leadership report when its figures are not cached: 202 and a job (one, however many ask at once), whose
file is the PDF the synchronous call gives; when they are cached, the PDF at once, as before."""

import pytest
from django.test import override_settings
from reportlab import rl_config

from core import jobs
from core.models import JobRecord
from talent.views import planning as planning_views
from tests.helpers import assert_error
from tests.talent.test_leadership_report import bureau_with_data  # noqa: F401 (the fixture)

REPORT = "/api/v1/reports/leadership/"


@pytest.fixture
def fixed_pdf(monkeypatch):
    """The same figures give the same bytes: no creation time or random id in the PDF, one 'generated at'."""
    from django.utils import timezone

    moment = timezone.localtime()

    class Frozen:
        localtime = staticmethod(lambda value=None, timezone=None: moment)
        localdate = staticmethod(lambda value=None, timezone=None: moment.date())

    monkeypatch.setattr(rl_config, "invariant", 1)
    monkeypatch.setattr(planning_views, "timezone", Frozen)


@override_settings(JOBS_TASK_BACKEND="database")
def test_a_cold_report_asked_twice_starts_one_job_whose_file_is_the_synchronous_pdf(bureau_with_data, fixed_pdf):  # noqa: F811
    bureau = bureau_with_data
    leader, hr = bureau.client("leader"), bureau.client("hr_clerk")

    first = leader.get(REPORT, {"period": "2026"})
    second = hr.get(REPORT, {"period": "2026"}, HTTP_ACCEPT="application/pdf")

    assert first.status_code == second.status_code == 202
    assert first["Location"] == second["Location"] == f"/api/v1/jobs/{first.json()['id']}/"
    assert second["Content-Type"] == "application/json"
    assert JobRecord.objects.filter(kind="leadership-report").count() == 1
    job_id = first.json()["id"]
    assert hr.get(f"/api/v1/jobs/{job_id}/").json()["status"] == "queued"  # the follower reads it too
    assert job_id in [job["id"] for job in hr.get("/api/v1/jobs/").json()["results"]]

    assert jobs.run_job.call(job_id) == "succeeded"  # a worker
    job = leader.get(f"/api/v1/jobs/{job_id}/").json()
    assert job["result"]["file"]["url"] == f"/api/v1/jobs/{job_id}/file/"
    from_job = b"".join(leader.get(job["result"]["file"]["url"]).streaming_content)
    assert b"".join(hr.get(job["result"]["file"]["url"]).streaming_content) == from_job

    warm = leader.get(REPORT, {"period": "2026"})  # now cached: at once, as before, and no new job
    assert warm.status_code == 200 and warm["Content-Type"] == "application/pdf"
    assert JobRecord.objects.count() == 1
    assert from_job.startswith(b"%PDF-") and from_job == warm.content


@override_settings(JOBS_TASK_BACKEND="database")
def test_the_report_s_file_is_for_who_asked_and_its_job_for_who_may_read_jobs(bureau_with_data):  # noqa: F811
    bureau = bureau_with_data
    job_id = bureau.client("leader").get(REPORT).json()["id"]
    jobs.run_job.call(job_id)

    assert_error(bureau.client("auditor").get(f"/api/v1/jobs/{job_id}/file/"), 403)  # reads the job, not the file
    assert_error(bureau.client("finance_head").get(f"/api/v1/jobs/{job_id}/"), 404)
    assert_error(bureau.client("finance_head").get(REPORT), 403)


def test_with_an_inline_task_backend_the_cold_report_answers_at_once(bureau_with_data):  # noqa: F811
    response = bureau_with_data.client("leader").get(REPORT)

    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert JobRecord.objects.get().status == "succeeded"  # the job ran in the request
