"""Spreadsheets in and out: CSV and XLSX as lists of rows. No ORM, no HTTP.

CSV is read as UTF-8 (with or without the BOM Excel writes) and, failing that, as GB 18030, the
encoding Excel uses for CSV on Chinese Windows; it is written as UTF-8 with a BOM so Excel opens it
in Chinese correctly. XLSX is read with calamine (Rust; about ten times faster than openpyxl on a
50,000-row sheet, see bench/) and written with openpyxl in its streaming mode.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from python_calamine import CalamineError, CalamineWorkbook

MAX_BYTES = 30 * 1024 * 1024
MAX_ROWS = 100_000


class TableError(ValueError):
    """The file cannot be read as a table (wrong format, too big, empty)."""


def file_format(filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in ("csv", "xlsx"):
        raise TableError(_("Send a .csv or .xlsx file."))
    return suffix


def read_table(data: bytes, filename: str) -> list[list]:
    """The rows of the file's first sheet (the first row holds the headers), trailing empty rows dropped."""
    kind = file_format(filename)
    if len(data) > MAX_BYTES:
        raise TableError(_("The file is larger than 30 MB."))
    rows = _read_csv(data) if kind == "csv" else _read_xlsx(data)
    while rows and not any(_filled(cell) for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise TableError(_("The file is empty."))
    if len(rows) > MAX_ROWS + 1:
        raise TableError(_("The file has more than %(rows)s rows; split it.") % {"rows": MAX_ROWS})
    return rows


def _filled(cell) -> bool:
    return cell is not None and str(cell).strip() != ""


def _read_csv(data: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableError(_("The CSV file is neither UTF-8 nor GB 18030 text."))
    dialect = "excel-tab" if "\t" in text.partition("\n")[0] and "," not in text.partition("\n")[0] else "excel"
    return [list(row) for row in csv.reader(io.StringIO(text), dialect=dialect)]


def _read_xlsx(data: bytes) -> list[list]:
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        # skip_empty_area=False keeps leading empty rows, so row numbers stay those Excel shows.
        return sheet.to_python(skip_empty_area=False)
    except (CalamineError, IndexError, ValueError) as exc:
        raise TableError(_("The file is not a readable XLSX workbook.")) from exc


def cell_text(value) -> str:
    """A cell as text: whole numbers without ".0" (Excel stores 1001 as 1001.0), dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _inert(value):
    """Text that a spreadsheet would run as a formula (=, +, -, @ first) is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def write_csv(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(["" if cell is None else _inert(cell) for cell in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def write_xlsx(headers: Sequence[str], rows: Iterable[Sequence], *, title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_SHEET_TITLE_REFUSED.sub("-", title)[:31] or "-")
    sheet.append(list(headers))
    for row in rows:
        sheet.append([_xlsx_cell(cell) for cell in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# XML 1.0, and so XLSX, cannot hold most control characters: input validation refuses them, and a row
# saved before it still exports, with U+FFFD where they were. Excel refuses these in a sheet's name.
UNREADABLE = "\ufffd"
_SHEET_TITLE_REFUSED = re.compile(rf"[\\/*?:\[\]]|{ILLEGAL_CHARACTERS_RE.pattern}")


def _xlsx_cell(value):
    # Decimals become numbers Excel can sum; everything else it knows natively or as text.
    if value is None or isinstance(value, int | float | date):
        return value
    if isinstance(value, str):
        return _inert(ILLEGAL_CHARACTERS_RE.sub(UNREADABLE, value))
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)
