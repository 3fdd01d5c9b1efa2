"""HR brings its spreadsheets in and takes them out again: cadres, skills and assessments as CSV or XLSX."""

import io

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from talent import imports
from talent.models import Cadre, CadreSkill, CadreSkillHistory, LiteracyAssessment
from tests.factories import AssessmentFactory, CadreSkillFactory, SkillFactory, national_id
from tests.helpers import assert_error, job_outcome

CADRE_HEADERS = ["工号", "姓名", "性别", "部门", "岗位", "职级", "层级", "学历", "入职日期", "身份证号", "手机号"]


def cadre_row(number, name, *, gender="男", department="信息中心", post="系统工程师", rank="一级科员",
              tier="专业技能人才", education="本科", hired="2019-07-01", serial=1, mobile="13912345678"):
    sex = "M" if gender == "男" else "F"
    return [number, name, gender, department, post, rank, tier, education, hired, national_id(gender=sex,
            serial=serial), mobile]


def xlsx(headers, rows) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("干部名册.xlsx", out.getvalue())


def csv_file(headers, rows, *, encoding="utf-8-sig") -> SimpleUploadedFile:
    lines = [",".join(map(str, headers))] + [",".join(map(str, row)) for row in rows]
    return SimpleUploadedFile("名册.csv", ("\r\n".join(lines) + "\r\n").encode(encoding))


def upload(client, kind, file, *, dry_run=False):
    """A dry run answers at once; an import is a job, followed here to its end."""
    response = client.post(f"/api/v1/imports/{kind}/", {"file": file, "dry_run": dry_run}, format="multipart")
    return response if dry_run else job_outcome(client, response)


GOOD_ROWS = [
    cadre_row("IM001", "周明", serial=11),
    cadre_row("IM002", "吴芳", gender="女", department="FIN-ACC", post="会计", tier="一般干部", serial=12),
    cadre_row("IM003", "郑强", department="财务处", rank="四级主任科员", tier="general", hired="2015/9/1", serial=13),
]


def test_hr_imports_cadres_from_an_xlsx_with_chinese_headers(bureau, hr):
    response = upload(hr, "cadres", xlsx(CADRE_HEADERS, GOOD_ROWS))

    assert response.status_code == 200, response.content
    assert response.json() | {"errors": None} == {"kind": "cadres", "dry_run": False, "valid": True, "rows": 3,
                                                  "created": 3, "updated": 0, "unchanged": 0, "errors": None}
    wu = Cadre.objects.get(staff_number="IM002")
    assert (wu.department, wu.gender, wu.tier, wu.rank) == (bureau.accounting, "F", "general", "clerk_1")
    assert wu.national_id == GOOD_ROWS[1][9]
    assert Cadre.objects.get(staff_number="IM003").hire_date.isoformat() == "2015-09-01"


def test_importing_the_same_file_twice_changes_nothing_the_second_time(bureau, hr):
    upload(hr, "cadres", xlsx(CADRE_HEADERS, GOOD_ROWS))
    changes = LogEntry.objects.exclude(action=LogEntry.Action.ACCESS)
    entries = changes.count()

    again = upload(hr, "cadres", xlsx(CADRE_HEADERS, GOOD_ROWS)).json()

    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    assert changes.count() == entries  # comparing the personal columns is recorded as a read, not a change


def test_a_reimport_updates_by_staff_number_and_is_audited(bureau, hr):
    upload(hr, "cadres", xlsx(CADRE_HEADERS, GOOD_ROWS))
    changed = [row[:] for row in GOOD_ROWS]
    changed[0][4] = "高级工程师"

    report = upload(hr, "cadres", xlsx(CADRE_HEADERS, changed)).json()

    assert (report["created"], report["updated"], report["unchanged"]) == (0, 1, 2)
    zhou = Cadre.objects.get(staff_number="IM001")
    assert zhou.post_title == "高级工程师"
    entry = LogEntry.objects.get_for_object(zhou).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == bureau.users["hr_officer"]
    assert entry.changes["post_title"] == ["系统工程师", "高级工程师"]


def test_an_edit_made_while_a_file_is_checked_is_not_overwritten_the_file_is_refused(bureau, hr, monkeypatch):
    upload(hr, "cadres", xlsx(CADRE_HEADERS, GOOD_ROWS))
    changed = [row[:] for row in GOOD_ROWS]
    changed[0][4], changed[1][4] = "高级工程师", "数据工程师"
    check = imports.IMPORTERS["cadres"]

    def check_then_someone_edits(table, report, *, user):
        write = check(table, report, user=user)
        # Between the check and the write, HR corrects 周明's post in the API.
        hr.patch(f"/api/v1/cadres/{Cadre.objects.get(staff_number='IM001').pk}/", {"post_title": "架构师"},
                 format="json")
        return write

    monkeypatch.setitem(imports.IMPORTERS, "cadres", check_then_someone_edits)
    response = upload(hr, "cadres", xlsx(CADRE_HEADERS, changed))

    assert assert_error(response, 409)["code"] == "import_conflict"
    assert dict(Cadre.objects.filter(staff_number__in=["IM001", "IM002"]).values_list("staff_number", "post_title")
                ) == {"IM001": "架构师", "IM002": GOOD_ROWS[1][4]}


def test_created_cadres_are_audited_without_personal_data_in_clear(bureau, hr):
    upload(hr, "cadres", xlsx(CADRE_HEADERS, GOOD_ROWS))

    zhou = Cadre.objects.get(staff_number="IM001")
    entry = LogEntry.objects.get_for_object(zhou).get()
    assert entry.action == LogEntry.Action.CREATE and entry.actor == bureau.users["hr_officer"]
    assert zhou.national_id not in str(entry.changes) and zhou.mobile not in str(entry.changes)


BAD_ROWS = [
    GOOD_ROWS[0],
    cadre_row("IM004", "王错", serial=14)[:9] + ["110105198805171234", "13912345678"],  # wrong check digit
    cadre_row("IM005", "李无", department="不存在处", serial=15),
    cadre_row("IM006", "赵日", hired="2019-02-30", serial=16),
    cadre_row("IM007", "钱性", gender="女", serial=17)[:9] + [national_id(gender="M", serial=17), "13912345678"],
    cadre_row("IM001", "周明重复", serial=18),
    cadre_row("IM008", "孙层", tier="实习生", serial=19),
]


def test_a_dry_run_reports_every_bad_row_with_row_column_and_reason(bureau, hr):
    response = upload(hr, "cadres", xlsx(CADRE_HEADERS, BAD_ROWS), dry_run=True)

    assert response.status_code == 200
    report = response.json()
    assert (report["dry_run"], report["valid"], report["rows"]) == (True, False, 7)
    assert [(e["row"], e["column"]) for e in report["errors"]] == [
        (3, "身份证号"), (4, "部门"), (5, "入职日期"), (6, "性别"), (7, "工号"), (8, "层级")]
    assert all(e["message"] for e in report["errors"])
    assert "2" in report["errors"][4]["message"]  # names the row it repeats
    assert not Cadre.objects.filter(staff_number__startswith="IM").exists()


def test_a_dry_run_of_a_good_file_writes_nothing(bureau, hr):
    report = upload(hr, "cadres", xlsx(CADRE_HEADERS, GOOD_ROWS), dry_run=True).json()

    assert (report["valid"], report["created"]) == (True, 3)
    assert not Cadre.objects.filter(staff_number__startswith="IM").exists()


def test_one_bad_row_and_nothing_is_imported(bureau, hr):
    before = Cadre.objects.count()

    response = upload(hr, "cadres", xlsx(CADRE_HEADERS, GOOD_ROWS + [BAD_ROWS[2]]))

    error = assert_error(response, 400, field="rows")
    assert error["code"] == "import_rejected"
    assert error["fields"]["rows"] == [{"row": 5, "column": "部门", "message": error["fields"]["rows"][0]["message"]}]
    assert Cadre.objects.count() == before


def test_a_missing_column_is_reported_on_the_header_row(bureau, hr):
    report = upload(hr, "cadres", xlsx(["姓名", "岗位"], [["周明", "科员"]]), dry_run=True).json()

    assert [(e["row"], e["column"]) for e in report["errors"]] == [(1, "工号")]


def test_a_new_cadre_missing_a_needed_cell_names_that_column(bureau, hr):
    row = GOOD_ROWS[0][:]
    row[7] = ""

    report = upload(hr, "cadres", xlsx(CADRE_HEADERS, [row]), dry_run=True).json()

    assert [(e["row"], e["column"]) for e in report["errors"]] == [(2, "学历")]


def test_a_gb18030_csv_with_english_headers_is_read(bureau, hr):
    headers = ["staff number", "name", "gender", "department", "post title", "rank", "tier", "education",
               "hire date", "citizen ID number", "mobile phone"]
    rows = [cadre_row("IM009", "冯一", department="IT", rank="clerk_1", tier="specialist", education="bachelor",
                      serial=21)]

    response = upload(hr, "cadres", csv_file(headers, rows, encoding="gb18030"))

    assert response.status_code == 200, response.content
    assert Cadre.objects.get(staff_number="IM009").name == "冯一"


@pytest.mark.parametrize(("name", "content"), [("名册.txt", b"hello"), ("名册.xlsx", b"not a zip file"),
                                               ("名册.csv", b"")])
def test_a_file_that_is_not_a_table_is_a_400_naming_the_file(bureau, hr, name, content):
    response = upload(hr, "cadres", SimpleUploadedFile(name, content))

    assert_error(response, 400, field="file")


def test_cadre_skills_import_by_code_or_name_and_changes_keep_history(bureau, hr):
    SkillFactory(code="SQL", name="数据库与SQL")
    SkillFactory(code="GIS", name="地理信息系统")
    CadreSkillFactory(cadre=bureau.it_engineer, skill__code="SQL", level=2)
    headers = ["工号", "技能", "熟练程度", "来源", "佐证材料"]
    rows = [["IT001", "SQL", "精通", "证书", "数据库工程师"], ["IT001", "地理信息系统", 3, "自评", ""],
            ["AC001", "sql", "2", "", ""]]

    report = upload(hr, "cadre-skills", xlsx(headers, rows)).json()

    assert (report.get("created"), report.get("updated")) == (2, 1), report
    held = {(s.cadre.staff_number, s.skill.code): (s.level, s.source) for s in CadreSkill.objects.all()}
    assert held == {("IT001", "SQL"): (4, "certified"), ("IT001", "GIS"): (3, "self_declared"),
                    ("AC001", "SQL"): (2, "self_declared")}
    assert list(CadreSkillHistory.objects.values_list("level", "archived_by__username")) == [(2, "hr_officer")]
    assert upload(hr, "cadre-skills", xlsx(headers, rows)).json()["unchanged"] == 3


def test_cadre_skill_rows_naming_unknown_people_or_skills_are_reported(bureau, hr):
    SkillFactory(code="SQL")
    rows = [["NOBODY", "SQL", 3], ["IT001", "MAGIC", 3], ["IT001", "SQL", 7]]

    report = upload(hr, "cadre-skills", csv_file(["工号", "技能", "熟练程度"], rows), dry_run=True).json()

    assert [(e["row"], e["column"]) for e in report["errors"]] == [(2, "工号"), (3, "技能"), (4, "熟练程度")]


ASSESSMENT_HEADERS = ["工号", "考核周期", "评估日期", "评估方式", "数字感知力", "数字执行力", "数字决策力",
                      "数字创造力", "数字发展力", "备注"]


def test_assessments_import_and_the_newest_becomes_latest(bureau, hr):
    AssessmentFactory(cadre=bureau.it_engineer, period="2024", assessed_on="2024-12-01")
    rows = [["IT001", "2025", "2025-12-20", "考试", 80, 85, 70, 75, 90, ""],
            ["AC001", "2025", "2025-12-20", "360", 60, 65, 70, 55, 50, "首次测评"]]

    report = upload(hr, "assessments", xlsx(ASSESSMENT_HEADERS, rows)).json()

    assert report["created"] == 2, report
    latest = LiteracyAssessment.objects.get(cadre=bureau.it_engineer, is_latest=True)
    assert (latest.period, latest.execution, latest.assessor) == ("2025", 85, bureau.users["hr_officer"])
    assert LiteracyAssessment.objects.get(cadre=bureau.accountant).method == "review_360"
    assert upload(hr, "assessments", xlsx(ASSESSMENT_HEADERS, rows)).json()["unchanged"] == 2


def test_assessment_scores_out_of_range_are_reported(bureau, hr):
    rows = [["IT001", "2025", "2025-12-20", "考试", 80, 101, 70, 75, 90, ""],
            ["IT001", "2025年", "2025-12-20", "考试", 80, 85, 70, 75, 90, ""]]

    report = upload(hr, "assessments", xlsx(ASSESSMENT_HEADERS, rows), dry_run=True).json()

    assert [(e["row"], e["column"]) for e in report["errors"]] == [(2, "数字执行力"), (3, "考核周期")]


@pytest.mark.parametrize("kind", ["cadres", "cadre-skills", "assessments"])
def test_an_export_imports_back_unchanged(bureau, hr, kind):
    CadreSkillFactory(cadre=bureau.it_engineer, skill=SkillFactory(code="SQL"), level=4, evidence="证书")
    AssessmentFactory(cadre=bureau.accountant)

    exported = hr.get(f"/api/v1/exports/{kind}/", {"as": "xlsx"})

    assert exported.status_code == 200
    report = upload(hr, kind, SimpleUploadedFile(f"{kind}.xlsx", exported.content)).json()
    assert (report["created"], report["updated"], report["errors"]) == (0, 0, [])
    assert report["unchanged"] == report["rows"] > 0


def test_an_export_masks_personal_data_for_hr_without_the_permission(bureau):
    exported = bureau.client("hr_clerk").get("/api/v1/exports/cadres/", {"as": "xlsx"})

    rows = list(load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    assert rows[0][-2:] == ("身份证号", "手机号")
    assert all("*" in row[-2] and "*" in row[-1] for row in rows[1:])


def test_an_unmasked_export_is_recorded_as_an_access_to_each_cadre(bureau, hr):
    hr.get("/api/v1/exports/cadres/", {"as": "csv"})

    accessed = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=bureau.users["hr_officer"])
    assert accessed.count() == Cadre.objects.count()


@pytest.mark.parametrize("kind", ["cadres", "cadre-skills", "assessments"])
def test_imported_records_are_audited_exactly_as_auditlog_would(bureau, hr, kind):
    from auditlog.diff import model_instance_diff

    SkillFactory(code="SQL")
    files = {
        "cadres": xlsx(CADRE_HEADERS, GOOD_ROWS[:1]),
        "cadre-skills": xlsx(["工号", "技能", "熟练程度"], [["IT001", "SQL", 3]]),
        "assessments": xlsx(ASSESSMENT_HEADERS, [["IT001", "2025", "2025-12-20", "考试", 80, 85, 70, 75, 90, ""]]),
    }
    model = {"cadres": Cadre, "cadre-skills": CadreSkill, "assessments": LiteracyAssessment}[kind]

    upload(hr, kind, files[kind])

    record = model.objects.order_by("-pk").first()
    record.is_latest = False  # an assessment is created first, then flagged latest
    entry = LogEntry.objects.get_for_object(record).get(action=LogEntry.Action.CREATE)
    expected = {name: list(change) for name, change in model_instance_diff(None, record).items()}
    assert entry.changes == expected
