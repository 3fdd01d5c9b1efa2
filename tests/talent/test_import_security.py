"""An import must not tell its caller anything about a personal value they may not see, and a hostile
file must not take the server down: the attacks of issue 13, each as a story that failed before the fix."""

import io
import json
import os
import struct
import subprocess
import sys
import zipfile

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from talent.models import Cadre
from tests.factories import cadre_payload, national_id
from tests.factories_planning import VendorStaffFactory
from tests.helpers import assert_error
from tests.talent.test_imports import CADRE_HEADERS, cadre_row, csv_file, upload, xlsx


def guess(cadre: Cadre, **personal) -> list:
    """One row naming an existing cadre exactly as stored, with a guessed citizen ID or phone."""
    row = cadre_row(cadre.staff_number, cadre.name, gender="男" if cadre.gender == "M" else "女",
                    department=cadre.department.code, post=cadre.post_title, rank=cadre.get_rank_display(),
                    tier=cadre.get_tier_display(), education=cadre.get_education_display(),
                    hired=cadre.hire_date.isoformat())
    row[-2:] = [personal.get("national_id", cadre.national_id), personal.get("mobile", cadre.mobile)]
    return row


@pytest.mark.parametrize("column", ["national_id", "mobile"])
def test_hr_without_the_permission_cannot_use_a_dry_run_to_test_a_guess(bureau, column):
    """Before the fix a right guess read unchanged:1 and a wrong one updated:1."""
    clerk, cadre = bureau.client("hr_clerk"), bureau.accountant
    right = getattr(cadre, column)
    wrong = national_id(gender=cadre.gender, serial=99) if column == "national_id" else "13800000000"

    answers = [upload(clerk, "cadres", xlsx(CADRE_HEADERS, [guess(cadre, **{column: value})]), dry_run=True)
               for value in (right, wrong)]

    for answer in answers:
        error = assert_error(answer, 403, field="file")
        assert "身份证号" in error["message"] and "手机号" in error["message"]
    assert answers[0].json() == answers[1].json()


def test_the_refusal_names_only_the_personal_columns_the_file_has(bureau):
    file = csv_file(["工号", "手机号"], [[bureau.accountant.staff_number, "13800000000"]])

    error = assert_error(upload(bureau.client("hr_clerk"), "cadres", file, dry_run=True), 403, field="file")

    assert "手机号" in error["message"] and "身份证号" not in error["message"]


def test_hr_without_the_permission_still_imports_a_file_without_personal_columns(bureau):
    file = csv_file(["工号", "岗位"], [[bureau.accountant.staff_number, "会计主管"]])

    response = upload(bureau.client("hr_clerk"), "cadres", file)

    assert response.status_code == 200, response.content
    bureau.accountant.refresh_from_db()
    assert bureau.accountant.post_title == "会计主管"


def test_comparing_a_file_with_stored_personal_data_is_audited_as_a_read(bureau, hr):
    cadre = bureau.accountant

    response = upload(hr, "cadres", xlsx(CADRE_HEADERS, [guess(cadre)]), dry_run=True)

    assert response.json()["unchanged"] == 1
    [read] = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(cadre.pk))
    assert read.actor == bureau.users["hr_officer"]


def test_creating_cadres_from_a_file_is_not_a_read(bureau, hr):
    row = cadre_row("NEW901", "钱新", serial=41)

    assert upload(hr, "cadres", xlsx(CADRE_HEADERS, [row]), dry_run=True).json()["created"] == 1

    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


@pytest.mark.parametrize("field", ["national_id", "mobile"])
def test_hr_without_the_permission_cannot_write_personal_data_through_the_api_either(bureau, field):
    """One rule everywhere: only who may see a personal value may write it (a blind overwrite is no
    correction, and an error about it would be an oracle)."""
    clerk, cadre = bureau.client("hr_clerk"), bureau.accountant
    value = national_id(gender=cadre.gender, serial=98) if field == "national_id" else "13800000000"

    assert_error(clerk.patch(f"/api/v1/cadres/{cadre.pk}/", {field: value}, format="json"), 403, field=field)

    stored = getattr(Cadre.objects.get(pk=cadre.pk), field)
    assert stored == getattr(cadre, field)


def test_hr_without_the_permission_cannot_write_over_a_vendor_staff_citizen_id(bureau):
    staff = VendorStaffFactory(responsible_cadre=bureau.it_engineer)

    response = bureau.client("hr_clerk").patch(f"/api/v1/vendor-staff/{staff.pk}/",
                                               {"national_id": national_id(serial=97)}, format="json")

    assert_error(response, 403, field="national_id")


def test_hr_without_the_permission_still_enters_a_new_cadres_personal_data(bureau):
    """A new record's values compare with nothing stored, as in the back office's add form."""
    response = bureau.client("hr_clerk").post("/api/v1/cadres/", cadre_payload(bureau.it), format="json")

    assert response.status_code == 201, response.content


# ---- hostile spreadsheets ------------------------------------------------------------------------------

WORKBOOK = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                           'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                           'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                           '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                           'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
                           'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
                           'worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                   '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                       '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                       '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                                  'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                                  'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                                  'Target="worksheets/sheet1.xml"/></Relationships>',
}


def workbook(cells: str, *, dimension: str = "A1", extra: dict | None = None) -> bytes:
    """An XLSX built byte by byte, as an attacker would: `cells` is the sheetData's XML."""
    sheet = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<dimension ref="{dimension}"/><sheetData>{cells}</sheetData></worksheet>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in {**WORKBOOK, "xl/worksheets/sheet1.xml": sheet, **(extra or {})}.items():
            archive.writestr(name, text)
    return out.getvalue()


def cell(ref: str, value: int = 1) -> str:
    return f'<c r="{ref}"><v>{value}</v></c>'


def row(number: int | None, cells: str) -> str:
    return f'<row r="{number}">{cells}</row>' if number else f"<row>{cells}</row>"


READ_IN_A_CAPPED_PROCESS = """
import json, resource, sys
import django
django.setup()
from core import tables
resource.setrlimit(resource.RLIMIT_AS, (2 * 1024 ** 3, 2 * 1024 ** 3))
data = sys.stdin.buffer.read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    answer = {"rows": len(tables.read_table(data, "hostile.xlsx"))}
except tables.TableError as exc:
    answer = {"error": str(exc)}
answer["grew_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(json.dumps(answer))
"""


def read_capped(data: bytes) -> dict:
    """Read the file in a process that may not map more than 2 GB: a reader that tries to hold the file's
    whole extent dies there (and fails the story) instead of taking the test run down with it."""
    done = subprocess.run([sys.executable, "-c", READ_IN_A_CAPPED_PROCESS], input=data, capture_output=True,
                          timeout=120, env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"},
                          cwd=settings.BASE_DIR)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    return json.loads(done.stdout)


HOSTILE = {
    # 1,620 bytes in the attack: one cell at A1 and one at XFD1048576 made calamine ask for 512 GiB.
    "two cells at the sheet's far corners": workbook(row(1, cell("A1")) + row(1048576, cell("XFD1048576"))),
    # 26 million empty positions between A1 and Z1000000: 1.3 GB before the row limit was checked.
    "a sparse sheet of 1,000,000 x 26": workbook(row(1, cell("A1")) + row(1_000_000, cell("Z1000000"))),
    "cells placed by order alone, 30 to a row": workbook(row(None, "<c><v>1</v></c>" * 30)),
    "a sheet declaring a dimension beyond its limits": workbook(row(1, cell("A1")), dimension="A1:A1048576"),
    # 11 MB in the attack reached 1.2 GB: here 300 MB of shared strings packed into 300 KB.
    "a zip bomb": workbook(row(1, cell("A1")), extra={"xl/sharedStrings.xml": "<sst>" + " " * 300_000_000 + "</sst>"}),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_spreadsheet_is_refused_with_a_reason_in_bounded_memory(name):
    answer = read_capped(HOSTILE[name])

    assert "error" in answer, answer
    assert answer["grew_mb"] <= 200


def test_a_hostile_spreadsheet_is_a_400_naming_the_file(bureau, hr):
    # In this process only a file that is harmless to the old reader: a regression must not abort the run.
    file = SimpleUploadedFile("名册.xlsx", HOSTILE["a sheet declaring a dimension beyond its limits"])

    assert_error(upload(hr, "cadres", file, dry_run=True), 400, field="file")


def test_a_declared_size_that_lies_is_refused_while_unpacking():
    """The central directory says 100 bytes; the member unpacks to 300 MB."""
    honest = HOSTILE["a zip bomb"]
    with zipfile.ZipFile(io.BytesIO(honest)) as archive:
        member = archive.getinfo("xl/sharedStrings.xml")
    lying = bytearray(honest)
    for offset in (member.header_offset + 22, honest.rindex(b"PK\x01\x02") + 24):  # local header, directory
        assert lying[offset:offset + 4] == struct.pack("<I", member.file_size)
        lying[offset:offset + 4] = struct.pack("<I", 100)

    answer = read_capped(bytes(lying))

    assert "error" in answer, answer
    assert answer["grew_mb"] <= 200


def test_a_sheet_written_without_positions_is_read_as_before():
    cells = row(None, "<c><v>1</v></c><c><v>2</v></c>") + row(None, "<c><v>3</v></c>")

    assert read_capped(workbook(cells))["rows"] == 2


@pytest.mark.postgres  # PostgreSQL text cannot hold NUL: there it was a 500; SQLite runs the same story
def test_a_nul_character_in_a_cell_is_a_400_naming_its_row_and_column(bureau, hr):
    row = cadre_row("NUL001", "钱\x00新", serial=42)

    error = assert_error(upload(hr, "cadres", csv_file(CADRE_HEADERS, [row])), 400, field="rows")

    assert error["fields"]["rows"] == [{"row": 2, "column": "姓名", "message": error["fields"]["rows"][0]["message"]}]
    assert not Cadre.objects.filter(staff_number="NUL001").exists()
