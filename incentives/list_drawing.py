"""Draws a list for signing: a title, a few facts, a table repeated header on every page, the people
left out with the reason, and a signature block. Pure drawing: plain text in, PDF bytes out.

All text goes through the embedded Chinese font (core.pdf), as plain text (never as ReportLab markup);
a character the font cannot draw is printed as □ rather than failing the whole list.
"""

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.pdf import canvas_maker, cjk_font, printable


@dataclass(frozen=True)
class Document:
    bureau: str
    title: str
    facts: list[str]
    headers: list[str]
    rows: list[list[str]]
    excluded_title: str
    excluded_headers: list[str]
    excluded: list[list[str]]
    signatures: list[str]
    # The indexes of the columns of `rows` holding amounts and scores: right-aligned, so digits line up.
    numeric: frozenset[int] = frozenset()
    # Each column's width in mm (the page is 267 mm wide inside its margins); None: even widths.
    widths: list[float] | None = None
    total: list[str] | None = None  # printed as the table's last row, in bold


def _styles():
    font = cjk_font()
    return {
        "bureau": ParagraphStyle("bureau", fontName=font, fontSize=11, leading=15, alignment=1),
        "title": ParagraphStyle("title", fontName=font, fontSize=16, leading=22, alignment=1, spaceAfter=4 * mm),
        "fact": ParagraphStyle("fact", fontName=font, fontSize=9, leading=13),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=8, leading=10),
        "num": ParagraphStyle("num", fontName=font, fontSize=8, leading=10, alignment=2),
        "heading": ParagraphStyle("heading", fontName=font, fontSize=11, leading=15, spaceBefore=5 * mm,
                                  spaceAfter=2 * mm),
    }


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(printable(text)), style)


def _table(headers: list[str], rows: list[list[str]], styles: dict, *, numeric: frozenset[int] = frozenset(),
           widths: list[float] | None = None, total: list[str] | None = None) -> Table:
    def cells(row):
        return [_para(text, styles["num" if index in numeric else "cell"]) for index, text in enumerate(row)]

    data = [[_para(text, styles["num" if index in numeric else "cell"]) for index, text in enumerate(headers)]]
    data += [cells(row) for row in rows]
    if total is not None:
        data.append(cells(total))
    table = Table(data, repeatRows=1, colWidths=[w * mm for w in widths] if widths else None)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), cjk_font()),
        *([("BACKGROUND", (0, -1), (-1, -1), colors.Color(0.95, 0.95, 0.95)),
           ("LINEABOVE", (0, -1), (-1, -1), 1.2, colors.black)] if total is not None else []),
    ]))
    return table


def _page_number(canvas, doc):
    canvas.saveState()
    canvas.setFont(cjk_font(), 8)
    canvas.drawRightString(doc.pagesize[0] - 15 * mm, 8 * mm, _("Page %(page)s") % {"page": doc.page})
    canvas.restoreState()


def render(document: Document) -> bytes:
    styles = _styles()
    story = [_para(document.bureau, styles["bureau"]), _para(document.title, styles["title"])]
    story += [_para(fact, styles["fact"]) for fact in document.facts]
    story += [Spacer(1, 4 * mm), _table(document.headers, document.rows, styles, numeric=document.numeric,
                                        widths=document.widths, total=document.total)]
    if document.excluded:
        story += [_para(document.excluded_title, styles["heading"]),
                  _table(document.excluded_headers, document.excluded, styles)]
    signature_cells = [[_para(f"{label}：", styles["fact"]), ""] for label in document.signatures]
    block = Table(signature_cells, colWidths=[45 * mm, 60 * mm], rowHeights=12 * mm, hAlign="RIGHT")
    # Plain-string cells are drawn in the table's font, which must be the embedded one too.
    block.setStyle(TableStyle([("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("FONTNAME", (0, 0), (-1, -1), cjk_font())]))
    story += [Spacer(1, 10 * mm), KeepTogether(block)]

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=document.title, author=document.bureau)
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number, canvasmaker=canvas_maker())
    return out.getvalue()
