"""/jobs/<id>/: a job's progress that updates itself, then its result or its errors by row; scoped like the API."""

import pytest
from django.test import override_settings

from tests.test_jobs import BAD, GOOD, post_import
from tests.workspace.conftest import browser_of


def test_the_starter_sees_the_finished_import_and_its_counts(bureau, hr):
    job_id = post_import(hr, GOOD).json()["id"]

    page = browser_of(bureau, "hr_officer").get(f"/jobs/{job_id}/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "已完成" in html and "<progress" in html and 'hx-trigger="every 1s"' not in html
    assert "<dt>新建记录</dt><dd>1</dd>" in html


def test_a_failed_import_lists_the_bad_rows(bureau, hr):
    job_id = post_import(hr, GOOD, BAD).json()["id"]

    html = browser_of(bureau, "hr_officer").get(f"/jobs/{job_id}/").content.decode()

    assert "<td>3</td>" in html and "未导入任何数据" in html


@override_settings(JOBS_TASK_BACKEND="database")
def test_a_queued_job_polls_its_fragment_every_second(bureau, hr):
    job_id = post_import(hr, GOOD).json()["id"]
    client = browser_of(bureau, "hr_officer")

    assert f'hx-get="/jobs/{job_id}/" hx-trigger="every 1s"' in client.get(f"/jobs/{job_id}/").content.decode()
    fragment = client.get(f"/jobs/{job_id}/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<section class="card job"') and "排队中" in fragment


@pytest.mark.parametrize(("persona", "status"), [("auditor", 200), ("hr_clerk", 200), ("finance_head", 404),
                                                 ("leader", 404)])
def test_others_jobs_are_404_as_in_the_api(bureau, hr, persona, status):
    job_id = post_import(hr, GOOD).json()["id"]

    assert browser_of(bureau, persona).get(f"/jobs/{job_id}/").status_code == status
