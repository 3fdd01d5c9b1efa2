"""HR opens the training ledger from the home page, checks the online platform's export (a dry run), imports it and
follows the job; a head sees their departments' year."""

import datetime

from django.utils import timezone
from openpyxl import Workbook

from talent.models import PlatformStudy, TrainingRequirement
from tests.browser.conftest import DESKTOP, PHONE, screenshot, sign_in
from tests.factories import TrainingProgramFactory

YEAR = timezone.localdate().year


def _ledger(bureau):
    security = TrainingProgramFactory(code="SEC-GOV", name="网络安全治理专题")
    TrainingRequirement.objects.get(tier="general").compulsory_programs.set([security])
    PlatformStudy.objects.create(cadre=bureau.accountant, course="数字政府概论", hours=52,
                                 studied_on=datetime.date(YEAR, 1, 2))


def _export(tmp_path, rows):
    book = Workbook()
    book.active.append(["工号", "课程名称", "学时", "完成日期"])
    for row in rows:
        book.active.append(row)
    path = tmp_path / "网上党校导出.xlsx"
    book.save(path)
    return path


def test_hr_checks_and_imports_the_platform_export(bureau, browser_page, live_server, tmp_path):
    _ledger(bureau)
    bad = _export(tmp_path, [["OF001", "数据安全", 4, f"{YEAR}-03-01"], ["NOBODY", "数据安全", 4, f"{YEAR}-03-01"]])
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = browser_page(viewport)
        sign_in(page, live_server, "hr_officer")
        page.get_by_role("main").get_by_role("link", name="培训学时台账").click()
        page.wait_for_url(f"{live_server.url}/training/")
        assert page.get_by_role("heading", name="培训学时台账", level=1).is_visible()
        assert page.get_by_role("link", name="孙会").is_visible()
        screenshot(page, f"training-{name}")

        page.get_by_label("平台导出文件（CSV 或 XLSX）").set_input_files(str(bad))
        page.get_by_role("button", name="上传").click()
        page.wait_for_load_state()
        assert page.get_by_text("没有该工号的干部。").is_visible() or page.get_by_role("cell", name="3").count()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        screenshot(page, f"training-dry-run-{name}")
        page.watch.assert_clean()
    assert not PlatformStudy.objects.filter(course="数据安全").exists()

    page = browser_page(DESKTOP)
    sign_in(page, live_server, "hr_officer")
    page.goto(f"{live_server.url}/training/")
    page.get_by_label("平台导出文件（CSV 或 XLSX）").set_input_files(
        str(_export(tmp_path, [["OF001", "数据安全", 4, f"{YEAR}-03-01"]])))
    page.get_by_label("仅检查（试运行）").uncheck()
    page.get_by_role("button", name="上传").click()
    page.wait_for_url(f"{live_server.url}/jobs/*/")
    assert PlatformStudy.objects.filter(course="数据安全", cadre=bureau.office_clerk).exists()
    page.watch.assert_clean()


def test_a_head_sees_their_departments_year(bureau, browser_page, live_server):
    _ledger(bureau)
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = browser_page(viewport)
        sign_in(page, live_server, "finance_head")
        page.goto(f"{live_server.url}/training/?year={YEAR}")
        assert page.get_by_role("link", name="会计科", exact=True).first.is_visible()
        assert not page.get_by_text("信息中心").count()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        screenshot(page, f"training-head-{name}")
        page.goto(f"{live_server.url}/cadres/{bureau.accountant.pk}/")
        assert page.get_by_text("必修未完成").is_visible()
        screenshot(page, f"training-cadre-{name}")
        page.watch.assert_clean()
