"""Spreadsheets in and out: CSV and XLSX as lists of rows. No ORM, no HTTP.

CSV is read as UTF-8 (with or without the BOM Excel writes) and, failing that, as GB 18030, the
encoding Excel uses for CSV on Chinese Windows; it is written as UTF-8 with a BOM so Excel opens it
in Chinese correctly. XLSX is read with calamine (Rust; about ten times faster than openpyxl on a
50,000-row sheet, see bench/) and written with openpyxl in its streaming mode.

Calamine holds a sheet's whole used area in memory, one 32-byte cell for every position from its first
to its last cell, filled or not, and it unpacks whatever the archive holds. So before calamine sees an
XLSX, every member is unpacked here once, counting the bytes as they come (a declared size can lie), and
the sheets' own dimension and every row and cell position are checked against the limits: a 1.6 KB
file with cells at A1 and XFD1048576, a sparse million-row sheet or a zip bomb is refused with a
reason, and memory stays within a bounded area whatever the file.
"""

import copy
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from python_calamine import CalamineError, CalamineWorkbook

MAX_BYTES = 30 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 26  # A to Z: the widest import has 13 columns; 100,001 x 26 cells is calamine's 83 MB at most
MAX_UNPACKED = 256 * 1024 * 1024  # all members of an XLSX together, as unpacked
MAX_RATIO = 200  # a member unpacking to more than 200 times its packed size is a bomb, not a spreadsheet


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
    _check_xlsx(data)
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        # skip_empty_area=False keeps leading empty rows, so row numbers stay those Excel shows.
        return sheet.to_python(skip_empty_area=False)
    except (CalamineError, IndexError, ValueError) as exc:
        raise TableError(_unreadable()) from exc


_CHUNK = 1024 * 1024


def _check_xlsx(data: bytes) -> None:
    """Refuse, before calamine reads it, an XLSX that would unpack or spread too far (see the module's
    docstring): declared sizes and ratios first, then every member unpacked once and counted."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise TableError(_unreadable()) from exc
    if sum(m.file_size for m in members) > MAX_UNPACKED or any(
            m.file_size > _CHUNK and m.file_size > MAX_RATIO * m.compress_size for m in members):
        raise TableError(_too_big())
    extent, left = _Extent(), MAX_UNPACKED
    for member in members:
        left -= _unpack_counted(archive, member, left, extent if member.filename.endswith(".xml") else None)
    extent.check()


def _unreadable() -> str:
    return _("The file is not a readable XLSX workbook.")


def _too_big() -> str:
    return _("The file unpacks to more than %(size)s MB; it is not a spreadsheet as Excel saves it.") % {
        "size": MAX_UNPACKED // (1024 * 1024)}


def _unpack_counted(archive: zipfile.ZipFile, member: zipfile.ZipInfo, left: int, extent) -> int:
    """Unpack one member in chunks, feeding its XML to `extent`; its real size, refused beyond `left`."""
    counted = copy.copy(member)
    counted.file_size = left + 1  # zipfile stops at the declared size; count the real one instead
    size, tail = 0, b""
    try:
        with archive.open(counted) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > left or size > member.file_size:
                    raise TableError(_too_big())
                if extent is not None:
                    text = tail + chunk
                    cut = text.rfind(b"<")  # a tag cut by the chunk's end is read with the next chunk
                    cut = len(text) if cut < 0 else cut
                    extent.feed(text[:cut])
                    tail = text[cut:]
    except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError) as exc:
        raise TableError(_unreadable()) from exc
    if extent is not None:
        extent.feed(tail)
    return size


_TAG = rb"<(?:[\w.-]+:)?"
_DIMENSION = re.compile(rb'dimension\s[^>]*?\bref="(?:[A-Za-z]+\d+:)?([A-Za-z]+)(\d+)"')
_ROW = re.compile(_TAG + rb"row[\s/>]")
_CELL = re.compile(_TAG + rb"c[\s/>]")
_CELL_REF = re.compile(_TAG + rb'c\s[^>]*?\br="([A-Za-z]+)(\d+)"')
# A row or cell tag whose first attribute is not its position; a prefixed tag (<x:c>) may be one.
_UNPLACED = re.compile(rb'<(?:c|row)[\s/>](?!r=")')
# One search rather than twelve (one per tag) over the sheet: 0.7 s of a 100,000-row file, now 0.03 s.
_PREFIXED = re.compile(rb":(?:c|row)[ \t\n\r>/]")
# The positions that alone could pass the limits (MAX_COLUMNS is Z, MAX_ROWS has six digits).
_FAR = re.compile(rb'r="([A-Za-z]{2,}|[A-Za-z]*(?=\d{6}))(\d+)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters[:4].upper():  # four letters already pass any limit; no need to count on
        number = number * 26 + letter - 64
    return number


class _Extent:
    """The highest row and column a sheet reaches, as calamine will place its cells: where a row or cell
    gives no position it follows the one before, so those are counted on (an upper bound, never less)."""

    def __init__(self):
        self.rows = self.columns = 0
        self._column = 0  # the highest column the open row may have reached

    def feed(self, text: bytes) -> None:
        for dimension in _DIMENSION.finditer(text):  # the sheet's own statement, before its cells
            self._reach(int(dimension[2]), _column_number(dimension[1]))
        if _UNPLACED.search(text) is None and _PREFIXED.search(text) is None:
            # Every row and cell gives its position first (as Excel, LibreOffice and openpyxl write them):
            # only one with two letters or six digits can pass a limit, and searches in C find those without
            # a loop in Python over the 650,000 cells of a 50,000-row file.
            for far in _FAR.finditer(text):
                if text[far.start() - 1:far.start()].isspace():  # an attribute r, not dir= or lastClr=
                    self._reach(int(far[2]), _column_number(far[1]))
            return
        for index, part in enumerate(_ROW.split(text)):
            if index:
                number = re.match(rb'[^>]*?\br="(\d+)"', part)
                self.rows = max(self.rows, int(number[1])) if number else self.rows + 1
                self._column = 0
            refs = _CELL_REF.findall(part)
            placed = [_column_number(letters) for letters, _number in refs]
            self._column = max([self._column, *placed]) + len(_CELL.findall(part)) - len(placed)
            self._reach(max([self.rows, *(int(number) for _letters, number in refs)]), self._column)

    def _reach(self, rows: int, columns: int) -> None:
        self.rows, self.columns = max(self.rows, rows), max(self.columns, columns)
        self.check()

    def check(self) -> None:
        if self.rows > MAX_ROWS + 1:
            raise TableError(_("The file has more than %(rows)s rows; split it.") % {"rows": MAX_ROWS})
        if self.columns > MAX_COLUMNS:
            raise TableError(_("The sheet has cells beyond column Z; delete the columns after it."))


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
