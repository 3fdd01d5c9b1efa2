"""The cockpit, and its PDF, when the figures are not cached: the page shows the job's progress and reloads
itself when the job is done; two people opening it at once follow one job; the page the job leads to is the
page computed in the request."""

import re

from django.core.cache import cache
from django.test import override_settings

from core import jobs
from core.models import JobRecord
from tests.workspace.conftest import browser_of
from tests.workspace.test_cockpit import figures, text_of  # noqa: F401 (the fixture)


def body_of(html: str) -> str:
    """The page's text without the moment it was drawn."""
    return re.sub(r"数据截至 [\d\- :]+。", "", text_of(html))


@override_settings(JOBS_TASK_BACKEND="database")
def test_a_cold_cockpit_shows_the_progress_then_fills_itself_with_what_the_request_would_show(bureau, figures):  # noqa: F811
    leader, hr = browser_of(bureau, "leader"), browser_of(bureau, "hr_officer")

    waiting = leader.get("/cockpit/?year=2026")
    also = hr.get("/cockpit/?year=2026")

    job = JobRecord.objects.get(kind="cockpit")  # one job for both
    for response in (waiting, also):
        html = response.content.decode()
        assert response.status_code == 200 and "排队中" in html and "关键发现" not in html
        assert f'hx-get="/jobs/{job.pk}/?then=reload"' in html and 'hx-trigger="every 1s"' in html
    poll = leader.get(f"/jobs/{job.pk}/?then=reload", HTTP_HX_REQUEST="true")
    assert poll.status_code == 200 and 'hx-trigger="every 1s"' in poll.content.decode()

    assert jobs.run_job.call(job.pk) == "succeeded"
    done = hr.get(f"/jobs/{job.pk}/?then=reload", HTTP_HX_REQUEST="true")
    assert done.status_code == 204 and done["HX-Refresh"] == "true"  # the page reloads itself
    filled = leader.get("/cockpit/?year=2026").content.decode()
    assert "信息中心 1 项关键技能仅 1 人掌握" in text_of(filled)
    assert JobRecord.objects.count() == 1

    cache.clear()
    with override_settings(JOBS_TASK_BACKEND="default"):  # the job runs in the request, as before the jobs
        synchronous = leader.get("/cockpit/?year=2026").content.decode()
    assert body_of(filled) == body_of(synchronous)


@override_settings(JOBS_TASK_BACKEND="database")
def test_a_head_s_cold_cockpit_is_a_job_of_its_own(bureau, figures):  # noqa: F811
    browser_of(bureau, "leader").get("/cockpit/")
    browser_of(bureau, "finance_head").get("/cockpit/")
    browser_of(bureau, "it_head").get("/cockpit/")

    assert JobRecord.objects.filter(kind="cockpit").count() == 3  # the bureau and each head's departments


@override_settings(JOBS_TASK_BACKEND="database")
def test_a_cold_report_pdf_leads_to_its_job_page_which_offers_the_pdf_when_done(bureau, figures):  # noqa: F811
    leader = browser_of(bureau, "leader")

    response = leader.get("/cockpit/report.pdf?year=2026")
    job = JobRecord.objects.get(kind="cockpit-report")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert browser_of(bureau, "hr_officer").get("/cockpit/report.pdf?year=2026")["Location"] == f"/jobs/{job.pk}/"

    jobs.run_job.call(job.pk)
    page = leader.get(f"/jobs/{job.pk}/").content.decode()
    assert f'href="/api/v1/jobs/{job.pk}/file/"' in page and "下载 leadership-report-2026.pdf" in page
    pdf = leader.get(f"/api/v1/jobs/{job.pk}/file/")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF-")
    assert "/file/" not in browser_of(bureau, "auditor").get(f"/jobs/{job.pk}/").content.decode()
    warm = leader.get("/cockpit/report.pdf?year=2026")
    assert warm.status_code == 200 and warm["Content-Type"] == "application/pdf"
