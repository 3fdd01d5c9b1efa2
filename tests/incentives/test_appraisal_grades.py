"""HR keeps each cadre's annual appraisal grade, one by one or from the appraisal spreadsheet."""

import io

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from incentives.models import AppraisalGrade
from tests.factories import AppraisalGradeFactory
from tests.helpers import assert_error, job_outcome

HEADERS = ["工号", "年度", "考核等次", "备注"]
GOOD_ROWS = [["OF001", "2025", "优秀", ""], ["FI001", 2025, "称职", "按时完成"], ["AC001", "2025年", "基本称职", ""],
             ["IT001", "2025", "不称职", "试用期考核"]]


def xlsx(rows, headers=HEADERS) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("2025年度考核.xlsx", out.getvalue())


def csv_file(rows, headers=HEADERS, encoding="utf-8-sig") -> SimpleUploadedFile:
    lines = [",".join(map(str, headers))] + [",".join(map(str, row)) for row in rows]
    return SimpleUploadedFile("考核.csv", ("\r\n".join(lines) + "\r\n").encode(encoding))


def upload(client, file, *, dry_run=False):
    """A dry run answers at once; an import is a job, followed here to its end."""
    response = client.post("/api/v1/imports/appraisal-grades/", {"file": file, "dry_run": dry_run}, format="multipart")
    return response if dry_run else job_outcome(client, response)


def grades() -> dict[str, str]:
    return dict(AppraisalGrade.objects.filter(year=2025).values_list("cadre__staff_number", "grade"))


def test_hr_imports_the_years_grades_from_xlsx_with_chinese_labels(bureau, hr):
    response = upload(hr, xlsx(GOOD_ROWS))

    assert response.status_code == 200, response.content
    assert response.json()["created"] == 4 and response.json()["valid"] is True
    assert grades() == {"OF001": "excellent", "FI001": "competent", "AC001": "basic", "IT001": "incompetent"}


def test_importing_the_same_file_twice_changes_nothing_the_second_time(bureau, hr):
    upload(hr, csv_file(GOOD_ROWS))
    entries = LogEntry.objects.filter(content_type__model="appraisalgrade").count()

    again = upload(hr, csv_file(GOOD_ROWS)).json()

    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 4)
    assert LogEntry.objects.filter(content_type__model="appraisalgrade").count() == entries == 4


def test_a_reimport_updates_a_grade_by_staff_number_and_year(bureau, hr):
    AppraisalGradeFactory(cadre=bureau.accountant, grade="competent")

    report = upload(hr, csv_file([["AC001", "2025", "优秀", "复核后调整"]])).json()

    assert report["updated"] == 1
    assert grades()["AC001"] == "excellent"


def test_a_dry_run_reports_every_bad_row_and_writes_nothing(bureau, hr):
    rows = [*GOOD_ROWS[:2], ["XX999", "2025", "优秀", ""], ["AC001", "二〇二五", "良好", ""],
            ["OF001", "2025", "称职", ""], ["IT001", "1999", "称职", ""]]

    report = upload(hr, csv_file(rows), dry_run=True).json()

    assert report["dry_run"] is True and report["valid"] is False
    problems = {(e["row"], e["column"]) for e in report["errors"]}
    assert problems == {(4, "工号"), (5, "年度"), (5, "考核等次"), (6, "年度"), (7, "年度")}
    assert not AppraisalGrade.objects.exists()


def test_one_bad_row_and_nothing_is_imported(bureau, hr):
    error = assert_error(upload(hr, xlsx([*GOOD_ROWS, ["OF001", "2024", "很好", ""]])), 400)

    assert error["code"] == "import_rejected"
    assert [(e["row"], e["column"]) for e in error["fields"]["rows"]] == [(6, "考核等次")]
    assert not AppraisalGrade.objects.exists()


def test_a_file_without_the_grade_column_is_refused_naming_it(bureau, hr):
    report = upload(hr, csv_file([["OF001", "2025"]], headers=["工号", "年度"]), dry_run=True).json()

    assert report["errors"][0]["row"] == 1 and report["errors"][0]["column"] == "考核等次"


@pytest.mark.parametrize("persona", ["finance_head", "leader", "auditor"])
def test_only_hr_imports_grades(bureau, persona):
    assert_error(upload(bureau.client(persona), csv_file(GOOD_ROWS)), 403)


def test_posting_a_grade_again_for_the_same_year_replaces_it(bureau, hr):
    first = hr.post("/api/v1/appraisal-grades/", {"cadre": bureau.accountant.pk, "year": 2025, "grade": "competent"},
                    format="json")
    second = hr.post("/api/v1/appraisal-grades/", {"cadre": bureau.accountant.pk, "year": 2025, "grade": "excellent"},
                     format="json")

    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert second.json()["grade_label"] and grades() == {"AC001": "excellent"}


@pytest.mark.parametrize("field,value", [("grade", "good"), ("year", 3000), ("year", "x"), ("cadre", 999999)])
def test_a_grade_needs_valid_fields(bureau, hr, field, value):
    body = {"cadre": bureau.accountant.pk, "year": 2025, "grade": "competent", field: value}

    assert_error(hr.post("/api/v1/appraisal-grades/", body, format="json"), 400, field=field)


def test_a_head_reads_only_their_departments_grades(bureau):
    AppraisalGradeFactory(cadre=bureau.accountant)
    AppraisalGradeFactory(cadre=bureau.it_engineer)

    seen = bureau.client("finance_head").get("/api/v1/appraisal-grades/").json()["results"]

    assert [g["staff_number"] for g in seen] == ["AC001"]


def test_an_update_changes_the_grade_but_never_moves_it_to_another_year(bureau, hr):
    grade = AppraisalGradeFactory(cadre=bureau.accountant, grade="competent")

    response = hr.patch(f"/api/v1/appraisal-grades/{grade.pk}/", {"grade": "excellent", "year": 2024}, format="json")

    assert response.status_code == 200, response.content
    assert list(AppraisalGrade.objects.values_list("year", "grade")) == [(2025, "excellent")]
