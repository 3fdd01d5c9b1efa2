"""HR's import story at /imports/: a file with a bad row is refused with its problems by row and column, the
fixed file is checked, confirmed without uploading it again, and the page follows the import job to done."""

from core import jobs
from core.models import JobRecord
from talent.models import Cadre
from tests.browser.conftest import DESKTOP, PHONE, screenshot, sign_in
from tests.factories import national_id
from tests.test_jobs import HEADERS


def roster(*rows: str) -> dict:
    """A CSV file as the browser's file picker would hand it over."""
    return {"name": "名册.csv", "mimeType": "text/csv",
            "buffer": ("\r\n".join([HEADERS, *rows]) + "\r\n").encode("utf-8-sig")}


def row(number: str, name: str, department: str, hired: str, serial: int) -> str:
    return (f"{number},{name},女,{department},科员,一级科员,一般干部,本科,{hired},{national_id(serial=serial)},"
            f"138000000{serial:02d}")


def test_an_import_with_a_bad_row_is_refused_fixed_confirmed_and_followed_to_done(bureau, browser_page,
                                                                                   live_server, settings):
    settings.JOBS_TASK_BACKEND = "database"  # the import job waits until this test plays the worker
    for name, viewport, serial in (("desktop", DESKTOP, 31), ("phone", PHONE, 41)):
        good = row(f"BR{serial}", "林静", "财务处", "2019-07-01", serial)
        bad = row(f"BR{serial + 1}", "何平", "没有这个部门", "2019-13-01", serial + 1)
        fixed = row(f"BR{serial + 1}", "何平", "信息中心", "2019-12-01", serial + 1)
        page = browser_page(viewport)
        sign_in(page, live_server, "hr_officer", next_url="/imports/")

        page.locator("summary", has_text="年度考核等次").click()
        assert page.get_by_role("link", name="下载模板（XLSX）").last.is_visible()
        screenshot(page, f"imports-form-{name}")
        page.get_by_label("导入内容").select_option(label="干部")
        page.get_by_label("CSV 或 XLSX 文件").set_input_files(roster(good, bad))
        page.get_by_role("button", name="检查文件").click()
        problems = page.get_by_role("table", name="按行和列列出的问题")
        problems.wait_for()
        assert problems.get_by_role("row").filter(has_text="没有该部门").get_by_role("cell").all_inner_texts()[:2] \
            == ["3", "部门"]
        assert page.get_by_role("button", name="现在导入").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        screenshot(page, f"imports-problems-{name}")

        page.get_by_role("link", name="上传修改后的文件").click()
        page.get_by_label("CSV 或 XLSX 文件").set_input_files(roster(good, fixed))
        page.get_by_role("button", name="检查文件").click()
        page.get_by_text("未发现问题").wait_for()
        assert not Cadre.objects.filter(staff_number=f"BR{serial}").exists()  # checked, nothing written
        page.get_by_role("button", name="现在导入").click()
        page.locator("#job").get_by_text("排队中").wait_for()
        job = JobRecord.objects.filter(kind="import").latest("pk")

        jobs.run_job.call(job.pk)

        page.locator("#job").get_by_text("已完成").wait_for()  # polled in, no reload
        assert Cadre.objects.filter(staff_number__in=[f"BR{serial}", f"BR{serial + 1}"]).count() == 2
        recent = page.get_by_role("table", name="导入记录；点击标题查看进度和结果")
        recent.get_by_role("row").filter(has_text="王小明").first.get_by_text("已完成").wait_for()  # the list too
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        screenshot(page, f"imports-done-{name}")
        page.reload()
        assert page.locator("#job").get_by_text("已完成").is_visible() and page.locator("#job progress").is_visible()
        page.watch.assert_clean()


def test_hr_without_personal_data_reads_why_a_file_with_id_columns_is_refused(bureau, browser_page, live_server):
    page = browser_page(PHONE)
    sign_in(page, live_server, "hr_clerk", next_url="/imports/")

    page.get_by_label("CSV 或 XLSX 文件").set_input_files(roster(row("BR51", "林静", "财务处", "2019-07-01", 51)))
    page.get_by_role("button", name="检查文件").click()

    page.get_by_role("alert").filter(has_text="请删除身份证号、手机号").wait_for()
    assert page.get_by_text("您的文件不能包含这两列").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "imports-personal-data-phone")
    assert not Cadre.objects.filter(staff_number="BR51").exists()
