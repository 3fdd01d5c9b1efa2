"""/imports/: HR checks a file (the API's dry run, errors by row and column), confirms it without uploading it
again, and follows the import job; the file is held on the server; scope and refusals are the API's."""

from datetime import timedelta
from io import BytesIO, StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from openpyxl import load_workbook

from core.models import HeldUpload, JobRecord, JobStatus
from talent import jobs as talent_jobs
from talent.models import Cadre
from tests.test_jobs import BAD, GOOD, cadre_csv, post_import
from tests.workspace.conftest import browser_of


def check(client, *rows, kind="cadres", upload=None):
    return client.post("/imports/", {"kind": kind, "file": upload or cadre_csv(*rows)})


def held_of(response) -> HeldUpload:
    assert response.status_code == 302, response.content.decode()[:2000]
    return HeldUpload.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def test_the_dry_run_lists_a_bad_row_by_row_and_column_and_changes_nothing(bureau):
    client = browser_of(bureau, "hr_officer")

    held = held_of(check(client, GOOD, BAD))
    html = client.get(f"/imports/checks/{held.pk}/").content.decode()

    assert '<td class="num">3</td><td>部门</td><td>没有该部门。</td>' in html
    assert "文件中有 1 个问题" in html and "现在导入" not in html
    assert not Cadre.objects.filter(staff_number__in=["JB001", "JB002"]).exists()
    assert not JobRecord.objects.filter(kind="import").exists()
    assert HeldUpload.objects.get(pk=held.pk).data is None  # a file with problems is never imported: not kept


def test_a_clean_file_is_confirmed_without_uploading_it_again_and_the_import_job_reports_its_counts(bureau):
    client = browser_of(bureau, "hr_officer")
    held = held_of(check(client, GOOD))
    assert "现在导入" in client.get(f"/imports/checks/{held.pk}/").content.decode()

    confirmed = client.post(f"/imports/checks/{held.pk}/confirm/", {"digest": held.digest})

    job = JobRecord.objects.get(kind="import")
    assert confirmed["Location"] == f"/imports/?job={job.pk}"
    assert job.status == JobStatus.SUCCEEDED and job.started_by == bureau.users["hr_officer"]
    assert Cadre.objects.filter(staff_number="JB001").exists()
    html = client.get(confirmed["Location"]).content.decode()
    assert "<dt>新建记录</dt><dd>1</dd>" in html and "导入已开始" in html
    assert "已导入" in client.get(f"/imports/checks/{held.pk}/").content.decode()
    assert HeldUpload.objects.get(pk=held.pk).data is None


def test_confirming_twice_starts_one_job(bureau):
    client = browser_of(bureau, "hr_officer")
    held = held_of(check(client, GOOD))
    client.post(f"/imports/checks/{held.pk}/confirm/", {"digest": held.digest})

    again = client.post(f"/imports/checks/{held.pk}/confirm/", {"digest": held.digest}, follow=True)

    assert "该文件已导入" in again.content.decode()
    assert JobRecord.objects.filter(kind="import").count() == 1


def test_a_file_that_changed_or_expired_is_refused_clearly_and_nothing_is_imported(bureau):
    client = browser_of(bureau, "hr_officer")
    held = held_of(check(client, GOOD))

    changed = client.post(f"/imports/checks/{held.pk}/confirm/", {"digest": "0" * 64}, follow=True)
    assert "不是检查过的那个文件" in changed.content.decode()

    HeldUpload.objects.filter(pk=held.pk).update(created_at=held.created_at - timedelta(minutes=31))
    expired = client.post(f"/imports/checks/{held.pk}/confirm/", {"digest": held.digest}, follow=True)
    assert "已过期" in expired.content.decode()
    assert not JobRecord.objects.filter(kind="import").exists()
    assert not Cadre.objects.filter(staff_number="JB001").exists()


def test_a_newer_file_of_the_same_kind_replaces_the_one_held(bureau):
    client = browser_of(bureau, "hr_officer")
    first = held_of(check(client, GOOD))
    held_of(check(client, GOOD))

    stale = client.post(f"/imports/checks/{first.pk}/confirm/", {"digest": first.digest}, follow=True)

    assert "已过期" in stale.content.decode() and not JobRecord.objects.filter(kind="import").exists()


def test_a_file_that_is_no_spreadsheet_is_a_clear_400_and_nothing_is_kept(bureau):
    client = browser_of(bureau, "hr_officer")

    response = check(client, upload=SimpleUploadedFile("名册.pdf", b"%PDF-1.4 not a table"))

    assert response.status_code == 400
    assert 'class="error" role="alert"' in response.content.decode()
    assert not HeldUpload.objects.exists()


def test_no_file_is_a_400_next_to_the_field(bureau):
    response = browser_of(bureau, "hr_officer").post("/imports/", {"kind": "cadres"})

    assert response.status_code == 400 and "has-error" in response.content.decode()


def test_personal_columns_from_hr_who_may_not_see_personal_data_are_403_with_a_readable_message(bureau):
    response = check(browser_of(bureau, "hr_clerk"), GOOD)

    assert response.status_code == 403
    assert "您无权查看干部的个人信息，因此不能修改它：请删除身份证号、手机号。" in response.content.decode()
    assert not HeldUpload.objects.exists()


def test_hr_without_personal_data_imports_a_file_without_those_columns(bureau):
    client = browser_of(bureau, "hr_clerk")
    upload = SimpleUploadedFile("岗位.csv", "工号,岗位\r\nOF001,综合科科员\r\n".encode())

    held = held_of(check(client, upload=upload))
    client.post(f"/imports/checks/{held.pk}/confirm/", {"digest": held.digest})

    assert Cadre.objects.get(staff_number="OF001").post_title == "综合科科员"


@pytest.mark.parametrize("persona", ["finance_head", "it_head", "leader", "auditor", "cadre", "outsider"])
def test_only_hr_may_import_as_in_the_api(bureau, persona):
    client = browser_of(bureau, persona)

    assert client.get("/imports/").status_code == 403
    assert check(client, GOOD).status_code == 403
    assert client.get("/imports/cadres/template.xlsx").status_code == 403
    assert 'href="/imports/"' not in client.get("/").content.decode()
    assert not HeldUpload.objects.exists() and not Cadre.objects.filter(staff_number="JB001").exists()


def test_another_users_held_file_is_404_and_cannot_be_confirmed(bureau):
    held = held_of(check(browser_of(bureau, "hr_officer"), GOOD))
    other = browser_of(bureau, "hr_clerk")

    assert other.get(f"/imports/checks/{held.pk}/").status_code == 404
    other.post(f"/imports/checks/{held.pk}/confirm/", {"digest": held.digest})
    assert not JobRecord.objects.filter(kind="import").exists()


def test_hr_sees_the_menu_entry_the_kinds_and_every_recent_import(bureau, hr):
    post_import(hr, GOOD)  # by hr_officer through the API
    html = browser_of(bureau, "hr_clerk").get("/imports/").content.decode()

    assert 'href="/imports/"' in html
    for label in ("干部", "干部技能", "数字素养测评", "年度考核等次"):
        assert f"<summary>{label}</summary>" in html
    assert "工号<span class=\"required\"" in html
    assert "名册.csv" in html and "王小明" in html and "新建记录 1" in html


def test_the_template_holds_the_columns(bureau):
    response = browser_of(bureau, "hr_officer").get("/imports/appraisal-grades/template.xlsx")

    sheet = load_workbook(BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == ["工号", "年度", "考核等次", "备注"]


def test_a_failed_import_waits_in_todo_until_looked_at(bureau, hr):
    job_id = post_import(hr, GOOD, BAD).json()["id"]
    client = browser_of(bureau, "hr_officer")
    home = client.get("/").content.decode()
    assert "失败的导入" in home and f"/imports/?job={job_id}" in home
    assert f"/imports/?job={job_id}" not in browser_of(bureau, "hr_clerk").get("/").content.decode()

    looked = client.get(f"/imports/?job={job_id}").content.decode()

    assert "<td>3</td>" in looked
    assert f"/imports/?job={job_id}" not in client.get("/").content.decode()


def test_a_failed_import_leaves_todo_when_retried(bureau, hr):
    post_import(hr, GOOD, BAD)
    post_import(hr, GOOD)

    assert "失败的导入" not in browser_of(bureau, "hr_officer").get("/").content.decode()


def test_a_watched_job_outside_the_imports_is_404(bureau, hr):
    client = browser_of(bureau, "hr_officer")
    assert client.get("/imports/?job=999999").status_code == 404
    assert client.get("/imports/?job=abc").status_code == 404


def test_a_big_file_is_checked_by_a_job_and_then_confirmed(bureau, monkeypatch):
    monkeypatch.setattr(talent_jobs, "CHECK_AT_ONCE_BYTES", 10)
    client = browser_of(bureau, "hr_officer")

    held = held_of(check(client, GOOD, BAD))

    assert held.check_job.kind == "import-check" and held.check_job.status == JobStatus.SUCCEEDED
    assert '<td class="num">3</td><td>部门</td>' in client.get(f"/imports/checks/{held.pk}/").content.decode()
    fixed = held_of(check(client, GOOD))
    client.post(f"/imports/checks/{fixed.pk}/confirm/", {"digest": fixed.digest})
    assert Cadre.objects.filter(staff_number="JB001").exists()


@override_settings(JOBS_TASK_BACKEND="database")
def test_a_big_files_check_polls_until_its_job_is_done(bureau, monkeypatch):
    monkeypatch.setattr(talent_jobs, "CHECK_AT_ONCE_BYTES", 10)
    client = browser_of(bureau, "hr_officer")
    held = held_of(check(client, GOOD))

    page = client.get(f"/imports/checks/{held.pk}/").content.decode()
    assert f'hx-get="/imports/checks/{held.pk}/" hx-trigger="every 1s"' in page and "<progress" in page
    assert "现在导入" not in page
    refused = client.post(f"/imports/checks/{held.pk}/confirm/", {"digest": held.digest}, follow=True)
    assert "正在检查" in refused.content.decode()

    talent_jobs.jobs.run_job.call(held.check_job_id)
    fragment = client.get(f"/imports/checks/{held.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<section class="card check"') and "现在导入" in fragment


def test_sweep_jobs_drops_held_files_never_confirmed_once_expired(bureau):
    client = browser_of(bureau, "hr_officer")
    fresh = held_of(check(client, GOOD))
    old = held_of(check(client, GOOD, kind="appraisal-grades", upload=SimpleUploadedFile(
        "等次.csv", "工号,年度,考核等次\r\nOF001,2025,优秀\r\n".encode())))
    HeldUpload.objects.filter(pk=old.pk).update(created_at=old.created_at - timedelta(minutes=31))

    call_command("sweep_jobs", stdout=StringIO())

    assert list(HeldUpload.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_hr_without_personal_data_gets_a_template_without_those_columns(bureau):
    client = browser_of(bureau, "hr_clerk")

    sheet = load_workbook(BytesIO(client.get("/imports/cadres/template.xlsx").content)).active

    headers = [cell.value for cell in sheet[1]]
    assert headers[0] == "工号" and "身份证号" not in headers and "手机号" not in headers
    assert "您的文件不能包含这两列" in client.get("/imports/").content.decode()
    full = load_workbook(BytesIO(browser_of(bureau, "hr_officer").get("/imports/cadres/template.xlsx").content)).active
    assert [cell.value for cell in full[1]][-2:] == ["身份证号", "手机号"]


def test_the_page_in_english(bureau):
    client = browser_of(bureau, "hr_officer")
    client.cookies["django_language"] = "en"

    held = held_of(check(client, GOOD, BAD))
    html = client.get(f"/imports/checks/{held.pk}/").content.decode()

    assert "1 problem in the file; nothing was changed." in html and "No such department." in html
    assert "Check the file" in client.get("/imports/").content.decode()
