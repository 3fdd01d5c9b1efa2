"""Draws honour certificates (荣誉证书), one A4-landscape page each. Pure drawing: texts in, PDF bytes out.

The frame and the title are the same on every page, so they are drawn once as a form and placed on
each page. The QR code is encoded with segno and drawn as one vector path (one rectangle per run of
dark modules), which is both sharp at any printer resolution and much faster than ReportLab's QR
widget. All text is in the embedded Chinese font (core.pdf); a text the font cannot draw is refused,
naming the character, before anything is drawn.

layout() places the texts of one certificate: blocks flow down from the title and shrink together
when long names or titles would run into the verification corner, so nothing overlaps.
"""

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields

import segno
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from core.pdf import canvas_maker, cjk_font, printable

WIDTH, HEIGHT = landscape(A4)
RED = (0.70, 0.10, 0.10)
GOLD = (0.76, 0.58, 0.20)
INK = (0.12, 0.12, 0.12)
GREY = (0.35, 0.35, 0.35)

MARGIN = 40 * mm  # left and right edge of the text
TEXT_TOP = HEIGHT - 68 * mm  # below the title
TEXT_BOTTOM = 62 * mm  # the verification corner and the issuer sit below this
QR_X, QR_Y, QR_SIZE = 26 * mm, 20 * mm, 32 * mm
NOTE_X, NOTE_WIDTH = 62 * mm, 92 * mm
ISSUER_X, ISSUER_WIDTH = WIDTH - 80 * mm, 120 * mm

FRAME = "certificate-frame"
QR_MASK = 0


@dataclass(frozen=True)
class Sheet:
    """One certificate as printed; every text already in the language it is printed in."""

    serial: str
    code: str  # as printed, e.g. ABCDE-FGHJK
    url: str  # what the QR code opens
    verify_page: str  # where a reader types the serial and code in by hand
    name: str
    department: str
    honour: str
    cycle: str
    issuer: str
    issued_on: str


@dataclass(frozen=True)
class Line:
    text: str
    x: float
    y: float
    size: float
    align: str = "left"  # left (x is the left edge) or centre (x is the centre)
    colour: tuple = INK
    bold: bool = False


# Punctuation that must not begin a line (避头点): it stays at the end of the line before.
_NO_LINE_START = set("，。、；：！？）」』》〉”’…—,.;:!?)]}%")
_TOKEN = re.compile(r"[0-9A-Za-z][0-9A-Za-z.\-_/]*|\s+|.")


def wrap(text: str, size: float, width: float, first_indent: float = 0) -> list[str]:
    """Greedy line breaking for Chinese: between any two characters, but not inside a Latin word or
    number that fits on a line, and not before closing punctuation: when that would start a line, the
    character before it moves down with it. Only a run of closing marks, or a line that is one long
    word, may leave one at the start of the next line; no line is wider than `width`."""
    font = cjk_font()
    pending = _TOKEN.findall(text)[::-1]  # a stack: a word too long for a line goes back on it letter by letter
    lines: list[str] = []
    current: list[str] = []
    used = first_indent
    while pending:
        token = pending.pop()
        token_width = stringWidth(token, font, size)
        if used + token_width <= width:
            current.append(token)
            used += token_width
        elif not current:
            if len(token) > 1:
                pending.extend(token[::-1])
            elif not token.isspace():
                current, used = [token], used + token_width  # one character wider than the line: nothing else to do
        else:
            carried = []
            if token in _NO_LINE_START and len(current) > 1 and current[-1] not in _NO_LINE_START \
                    and not current[-1].isspace():
                carried = [current.pop()]
            lines.append("".join(current).rstrip())
            current, used = carried, sum(stringWidth(t, font, size) for t in carried)
            if not (token.isspace() and not current):
                pending.append(token)
    if "".join(current).strip():
        lines.append("".join(current).rstrip())
    return lines


def _block(text: str, *, size: float, min_size: float, width: float, max_lines: int,
           indent_chars: int = 0) -> tuple[float, list[str]]:
    """The largest size from `size` down to `min_size` at which the text takes at most max_lines."""
    while True:
        lines = wrap(text, size, width, first_indent=indent_chars * size)
        if len(lines) <= max_lines or size <= min_size:
            return size, lines
        size = max(min_size, size - 1)


def layout(sheet: Sheet) -> list[Line]:
    """Every text of the certificate with its place, font size and colour."""
    return flow(sheet) + corner(sheet)


def flow(sheet: Sheet) -> list[Line]:
    """The salutation, the citation, the honour and the closing, from below the title down to TEXT_BOTTOM."""
    for tenths in range(10, 4, -1):
        lines = _flow(sheet, tenths / 10)
        if lines[-1].y >= TEXT_BOTTOM:
            break
    return lines


def _flow(sheet: Sheet, scale: float) -> list[Line]:
    lines: list[Line] = []
    top = TEXT_TOP  # where the next block begins; each line's baseline sits one font size below
    text_width = WIDTH - 2 * MARGIN

    def paragraph(text, *, size, min_size, width, max_lines, indent_chars=0, centred=False, **style):
        nonlocal top
        size, rows = _block(text, size=size * scale, min_size=min_size * scale, width=width,
                            max_lines=max_lines, indent_chars=indent_chars)
        for i, row in enumerate(rows):
            baseline = top - size
            if centred:
                lines.append(Line(row, WIDTH / 2, baseline, size, align="centre", **style))
            else:
                lines.append(Line(row, MARGIN + (indent_chars * size if i == 0 else 0), baseline, size, **style))
            top = baseline - size * 0.5
        return size

    paragraph(_("%(department)s %(name)s:") % {"department": sheet.department, "name": sheet.name},
              size=24, min_size=9, width=text_width, max_lines=2)
    top -= 3 * mm * scale
    body = paragraph(_("For outstanding work in %(cycle)s, you have been awarded the title of")
                     % {"cycle": sheet.cycle}, size=20, min_size=9, width=text_width, max_lines=3, indent_chars=2)
    top -= 3 * mm * scale
    paragraph(sheet.honour, size=38, min_size=12, width=WIDTH - 2 * MARGIN - 20 * mm, max_lines=2, centred=True,
              colour=RED, bold=True)
    top -= 3 * mm * scale
    # The closing sentence is set in the size the body ended up with.
    paragraph(_("This certificate is presented in recognition."), size=body / scale, min_size=9,
              width=text_width, max_lines=2, indent_chars=2)
    return lines


def _fitting(text: str, size: float, width: float) -> float:
    natural = stringWidth(text, cjk_font(), size)
    return size if natural <= width else max(6.0, size * width / natural)


def corner(sheet: Sheet) -> list[Line]:
    """The issuer and date at the bottom right; the serial, the code and how to check them beside the QR code."""
    serial = _("Certificate no. %(serial)s") % {"serial": sheet.serial}
    code = _("Verification code %(code)s") % {"code": sheet.code}
    how = _("Scan the QR code to verify, or enter the number and code at")
    # The QR code's text is signed: checked at /verify/offline/ (a page that works saved, with no network).
    offline = _("Offline check: %(page)soffline/") % {"page": sheet.verify_page}
    credential = _("Electronic credential (Open Badges): from HR or My record")
    return [
        Line(sheet.issuer, ISSUER_X, 50 * mm, _fitting(sheet.issuer, 18, ISSUER_WIDTH), align="centre"),
        Line(sheet.issued_on, ISSUER_X, 40 * mm, 16, align="centre"),
        Line(serial, NOTE_X, 46 * mm, _fitting(serial, 11, NOTE_WIDTH)),
        Line(code, NOTE_X, 39 * mm, _fitting(code, 11, NOTE_WIDTH)),
        Line(how, NOTE_X, 31 * mm, _fitting(how, 8.5, NOTE_WIDTH), colour=GREY),
        Line(sheet.verify_page, NOTE_X, 26 * mm, _fitting(sheet.verify_page, 8.5, NOTE_WIDTH), colour=GREY),
        Line(offline, NOTE_X, 21 * mm, _fitting(offline, 7.5, NOTE_WIDTH), colour=GREY),
        Line(credential, NOTE_X, 17.5 * mm, _fitting(credential, 7.5, NOTE_WIDTH), colour=GREY),
    ]


def _draw_frame(canvas) -> None:
    canvas.beginForm(FRAME)
    canvas.setStrokeColorRGB(*RED)
    canvas.setLineWidth(5)
    canvas.rect(10 * mm, 10 * mm, WIDTH - 20 * mm, HEIGHT - 20 * mm)
    canvas.setStrokeColorRGB(*GOLD)
    canvas.setLineWidth(1.2)
    canvas.rect(14 * mm, 14 * mm, WIDTH - 28 * mm, HEIGHT - 28 * mm)
    canvas.setFillColorRGB(*GOLD)
    ornament = canvas.beginPath()
    for cx, cy in ((14 * mm, 14 * mm), (WIDTH - 14 * mm, 14 * mm), (14 * mm, HEIGHT - 14 * mm),
                   (WIDTH - 14 * mm, HEIGHT - 14 * mm)):
        r = 3.2 * mm
        ornament.moveTo(cx, cy + r)
        ornament.lineTo(cx + r, cy)
        ornament.lineTo(cx, cy - r)
        ornament.lineTo(cx - r, cy)
        ornament.close()
    canvas.drawPath(ornament, stroke=0, fill=1)
    title = _("Certificate of Honour")
    size = 42
    canvas.setFont(cjk_font(), size)
    canvas.setFillColorRGB(*RED)
    canvas.setStrokeColorRGB(*RED)
    canvas.setLineWidth(0.8)
    # A few characters (荣誉证书) are spread out as on a printed certificate; a longer title is not.
    spread = size * 0.45 if len(title) <= 6 else 0
    canvas.drawCentredString(WIDTH / 2, HEIGHT - 50 * mm, title, mode=2, charSpace=spread)
    canvas.endForm()


def _draw_qr(canvas, url: str) -> None:
    """One path of unit squares, one per run of dark modules in a row, in a coordinate system of modules
    (origin at the top left corner, y downwards); written as PDF operators, since ReportLab's path
    methods format every number in Python and cost more than the rest of the page."""
    # A fixed mask: the code now carries the signed printed texts (version 13-15, not 4), and scoring the eight
    # masks to keep the best, in pure Python, would cost five times the rest of the page (docs/benchmarks.md).
    # Any mask is a valid code that every reader decodes; tests/incentives/certificates decode the printed pages.
    matrix = segno.make(url, error="m", micro=False, mask=QR_MASK).matrix
    module = QR_SIZE / len(matrix)
    runs = []
    for row, cells in enumerate(matrix):
        start = None
        for col, dark in enumerate((*cells, 0)):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                runs.append(f"{start} {row} {col - start} 1 re")
                start = None
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.translate(QR_X, QR_Y + QR_SIZE)
    canvas.scale(module, -module)
    canvas.addLiteral("\n".join(runs) + "\nf")
    canvas.restoreState()


def _draw_line(canvas, line: Line) -> None:
    canvas.setFont(cjk_font(), line.size)
    canvas.setFillColorRGB(*line.colour)
    mode = None
    if line.bold:
        # Fill and stroke the glyphs: the font has one weight, and this is how a heavier one is printed.
        canvas.setStrokeColorRGB(*line.colour)
        canvas.setLineWidth(line.size / 40)
        mode = 2
    if line.align == "centre":
        canvas.drawCentredString(line.x, line.y, line.text, mode=mode)
    else:
        canvas.drawString(line.x, line.y, line.text, mode=mode)


def render(sheets: Sequence[Sheet], *, title: str, author: str) -> bytes:
    """One page per certificate, in the order given."""
    placed = [layout(Sheet(**{field.name: printable(getattr(sheet, field.name)) for field in fields(sheet)}))
              for sheet in sheets]
    out = io.BytesIO()
    canvas = canvas_maker()(out, pagesize=(WIDTH, HEIGHT))
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setSubject(_("Certificate of Honour"))
    _draw_frame(canvas)
    for sheet, lines in zip(sheets, placed, strict=True):
        canvas.doForm(FRAME)
        for line in lines:
            _draw_line(canvas, line)
        _draw_qr(canvas, sheet.url)
        canvas.showPage()
    canvas.save()
    return out.getvalue()
