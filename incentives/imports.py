"""Annual appraisal grades from CSV or XLSX, through the pool's import machinery (talent.imports): the
same dry run, row-by-row error report and all-or-nothing write as the cadre import. Rows are matched by
staff number and year, so importing the same file twice changes nothing the second time."""

import copy
import re
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from incentives.models import AppraisalGrade, Grade
from talent.imports import (
    Column,
    ImportReport,
    cadres_by_number,
    cell_text,
    choice_cell,
    parse_rows,
    repeats_earlier_row,
    row_cadre,
    stored_rows,
    validate_row,
    write_rows,
)


def _year(value) -> int:
    found = re.fullmatch(r"(\d{4})\s*年?度?", cell_text(value))
    if not found:
        raise ValueError(_("Write the year as 2025."))
    return int(found.group(1))


GRADE_COLUMNS = [
    Column("staff_number", "工号", ("staff number", "人员编号")),
    Column("year", "年度", ("year", "考核年度"), _year),
    Column("grade", "考核等次", ("grade", "等次", "考核结果", "年度考核"),
           choice_cell(Grade, 优秀=Grade.EXCELLENT, 称职=Grade.COMPETENT, 基本称职=Grade.BASIC,
                       不称职=Grade.INCOMPETENT)),
    Column("note", "备注", ("note", "说明")),
]


def import_appraisal_grades(table: list[list], report: ImportReport, *, user) -> Callable:
    required = {"staff_number", "year", "grade"}
    rows = parse_rows(table, GRADE_COLUMNS, required, report)
    cadres = cadres_by_number(rows)
    years = {row.values["year"] for row in rows if "year" in row.values}
    current = stored_rows(AppraisalGrade.objects.filter(year__in=years), cadres, lambda a: (a.cadre_id, a.year))
    new, changed, seen = [], [], {}
    for row in rows:
        values = row.values
        if not required <= set(values):
            continue
        cadre = row_cadre(row, cadres, report)
        if cadre is None:
            continue
        if repeats_earlier_row((cadre.pk, values["year"]), seen, row, "year", report):
            continue
        note = values.get("note", "")
        appraisal = current.get((cadre.pk, values["year"]))
        if appraisal is None:
            appraisal = AppraisalGrade(cadre=cadre, year=values["year"], grade=values["grade"], note=note)
            if validate_row(appraisal, row, report):
                new.append(appraisal)
            continue
        if (appraisal.grade, appraisal.note) == (values["grade"], note):
            report.unchanged += 1
            continue
        appraisal.cadre = cadre  # for the audit entry's description, without a query
        before = copy.copy(appraisal)
        appraisal.grade, appraisal.note = values["grade"], note
        if validate_row(appraisal, row, report):
            appraisal.updated_at = timezone.now()
            changed.append((before, appraisal))
    report.created, report.updated = len(new), len(changed)
    return lambda: write_rows(AppraisalGrade, new, changed, {"grade", "note", "updated_at"}, user)
