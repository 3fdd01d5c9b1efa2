"""HR watches an import job's page update itself from queued to done, without reloading; the leader watches a
cold cockpit's progress until the page fills itself."""

from django.core.cache import cache

from core import jobs
from core.models import JobRecord
from tests.browser.conftest import DESKTOP, PHONE, screenshot, sign_in
from tests.test_jobs import BAD, GOOD, post_import


def test_the_job_page_updates_itself_until_the_import_is_done(bureau, hr, browser_page, live_server, settings):
    settings.JOBS_TASK_BACKEND = "database"  # the job waits until this test plays the worker
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        job_id = post_import(hr, GOOD if name == "desktop" else BAD).json()["id"]
        page = browser_page(viewport)
        sign_in(page, live_server, "hr_officer", next_url=f"/jobs/{job_id}/")
        assert page.get_by_text("排队中").is_visible()

        jobs.run_job.call(job_id)

        page.get_by_text("已完成" if name == "desktop" else "未通过").first.wait_for()  # polled in, no reload
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        screenshot(page, f"job-{name}")
        page.reload()
        assert page.locator("progress").is_visible()
        page.watch.assert_clean()


def test_a_cold_cockpit_shows_its_progress_then_fills_itself(bureau, browser_page, live_server, settings):
    settings.JOBS_TASK_BACKEND = "database"  # the figures wait until this test plays the worker
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        cache.clear()
        page = browser_page(viewport)
        sign_in(page, live_server, "leader", next_url="/cockpit/?year=2026")
        assert page.get_by_text("排队中").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        screenshot(page, f"cockpit-cold-{name}")

        jobs.run_job.call(JobRecord.objects.get(kind="cockpit", status="queued").pk)

        page.get_by_role("heading", name="关键发现").wait_for()  # the page reloaded itself, figures cached
        assert page.locator("#job").count() == 0
        screenshot(page, f"cockpit-filled-{name}")
        page.watch.assert_clean()
