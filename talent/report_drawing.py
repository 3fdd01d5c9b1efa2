"""The leadership report: the bureau overview, the biggest workforce gaps, single-holder critical skills and
the outsourcing registry's health (its systems and contracts included), as a PDF. Drawing only: it takes the
same plain data the API serves (the serialised overview, plan roll-up and registry health) and returns the
PDF's bytes.

Every text is set in the embedded CJK font (core.pdf), charts included, and checked for characters the
font cannot draw before anything is drawn.
"""

import math
from datetime import datetime
from io import BytesIO
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.shapes import Drawing, Group, Polygon, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import KeepTogether

from core.pdf import canvas_maker, cjk_font, printable

AVERAGE_COLOUR = colors.HexColor("#1f5fa8")
TARGET_COLOUR = colors.HexColor("#c0392b")
HEADER_COLOUR = colors.HexColor("#e8eef6")
LIST_LIMIT = 12  # rows per table: the report is read on paper, the API has the full lists


class _Builder:
    """Makes the flowables and remembers every text it sets, for the font-coverage check."""

    def __init__(self):
        font = cjk_font()
        base = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=14, wordWrap="CJK")
        self.styles = {
            "title": ParagraphStyle("title", parent=base, fontSize=18, leading=24, alignment=1, spaceAfter=4),
            "subtitle": ParagraphStyle("subtitle", parent=base, alignment=1, textColor=colors.grey, spaceAfter=10),
            "h2": ParagraphStyle("h2", parent=base, fontSize=13, leading=18, spaceBefore=10, spaceAfter=6),
            "body": base,
            "note": ParagraphStyle("note", parent=base, fontSize=8.5, textColor=colors.grey),
            "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11),
        }

    def text(self, value) -> str:
        return "" if value is None else printable(str(value))

    def para(self, value, style: str = "body") -> Paragraph:
        return Paragraph(escape(self.text(value)), self.styles[style])

    def table(self, header: list, rows: list[list], widths: list[float]) -> Table:
        data = [[self.para(value, "cell") for value in row] for row in [header, *rows]]
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), cjk_font()),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_COLOUR),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.lightgrey),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]))
        return table

    def radar(self, tier_row: dict, capacity_labels: list[str]) -> Drawing:
        """One tier's average per capacity against its target, on a fixed 0-100 scale with rings every 25
        points (numbered on the first spoke), each average and target printed beside its point."""
        font = cjk_font()
        drawing = Drawing(170, 205)
        drawing.initialFontName = font  # the renderer otherwise starts each drawing in Helvetica, not embedded
        chart = SpiderChart()
        chart.x, chart.y, chart.width, chart.height = 30, 50, 110, 110
        # An invisible outer ring at 100 fixes the scale; SpiderChart otherwise scales to the largest value.
        chart.data = [[float(v) for v in tier_row["average"]], [float(v) for v in tier_row["target"]], [100] * 5]
        chart.labels = [self.text(label) for label in capacity_labels]
        chart.spokeLabels.fontName = font
        chart.spokeLabels.fontSize = 6.5
        chart.spokes.labelRadius = 1.2
        chart.spokes.strokeColor = colors.lightgrey
        chart.strandLabels.fontName = font
        chart.strandLabels.fontSize = 6
        for index in range(len(capacity_labels)):
            for row, colour, shift in ((0, AVERAGE_COLOUR, -7), (1, TARGET_COLOUR, 7)):
                label = chart.strandLabels[(row, index)]
                label.format, label.dR, label.fillColor, label.fontName = "%.1f", shift, colour, font
            chart.strandLabels[(2, index)].format = None
        chart.strands[0].strokeColor = AVERAGE_COLOUR
        chart.strands[0].fillColor = colors.Color(0.12, 0.37, 0.66, alpha=0.25)
        chart.strands[0].strokeWidth = 1.2
        chart.strands[1].strokeColor = TARGET_COLOUR
        chart.strands[1].fillColor = None
        chart.strands[1].strokeWidth = 1.2
        chart.strands[1].strokeDashArray = (3, 2)
        chart.strands[2].strokeColor = None
        chart.strands[2].fillColor = None
        drawing.add(self._rings(chart, len(capacity_labels)))
        drawing.add(chart)
        drawing.add(String(85, 190, self.text(tier_row["tier_label"]), fontName=font, fontSize=10,
                           textAnchor="middle"))
        legend = Legend()
        legend.x, legend.y = 30, 14
        legend.fontName, legend.fontSize = font, 7
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.dx = legend.dy = 6
        legend.colorNamePairs = [(AVERAGE_COLOUR, self.text(_("average"))),
                                 (TARGET_COLOUR, self.text(_("target (dashed)")))]
        drawing.add(legend)
        return drawing

    def _rings(self, chart: SpiderChart, spokes: int) -> Group:
        """The grid: a polygon every 25 points on the chart's geometry (centre, radius, first spoke due
        north, clockwise), numbered along the first spoke."""
        radius = min(chart.width, chart.height) / 2
        cx, cy = chart.x + chart.width / 2, chart.y + chart.height / 2
        grid = Group()
        for value in (25, 50, 75, 100):
            r = radius * value / 100
            points = []
            for spoke in range(spokes):
                angle = math.pi / 2 - 2 * math.pi * spoke / spokes
                points += [cx + r * math.cos(angle), cy + r * math.sin(angle)]
            grid.add(Polygon(points, strokeColor=colors.lightgrey, strokeWidth=0.5, fillColor=None))
            grid.add(String(cx + 2, cy + r - 2.5, str(value), fontName=cjk_font(), fontSize=5,
                            fillColor=colors.grey))
        return grid


def _number(value) -> str:
    return "—" if value is None else f"{float(value):.1f}"


def _headcount_section(overview: dict, b: _Builder) -> list:
    count = overview["headcount"]
    tiers = {row["tier"]: row["tier_label"] for row in overview["literacy"]}
    summary = _("%(total)s cadres on the books: %(parts)s.") % {
        "total": count["total"],
        "parts": "，".join(f"{label} {count[tier]}" for tier, label in tiers.items()),
    }
    rows = [[d["name"], d["headcount"]["total"], d["assessed"], _number(d["composite"]), d["single_holder"],
             d["vendor_only"]] for d in overview["departments"]]
    return [
        b.para(_("1. The bureau's digital talent"), "h2"), b.para(summary), Spacer(0, 4),
        b.table([_("department"), _("headcount"), _("assessed"), _("average composite"),
                 _("single-holder critical skills"), _("critical skills only vendors hold")],
                rows, [48 * mm, 18 * mm, 18 * mm, 24 * mm, 30 * mm, 32 * mm]),
    ]


def _literacy_section(overview: dict, b: _Builder) -> list:
    labels = [c["label"] for c in overview["capacities"]]
    assessed = [row for row in overview["literacy"] if row["average"] is not None and row["target"] is not None]
    flow = [b.para(_("2. Five-capacity literacy by tier, against the tier's targets"), "h2")]
    if not assessed:
        return [*flow, b.para(_("No cadre has been assessed yet."))]
    rows = [[row["tier_label"], *(f"{_number(a)} / {t}" for a, t in zip(row["average"], row["target"], strict=True)),
             _number(row["composite"]), row["assessed"]] for row in assessed]
    charts = Table([[b.radar(row, labels) for row in assessed]])
    charts.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), cjk_font())]))  # tables default to Helvetica
    return [*flow, charts, Spacer(0, 4),
            b.table([_("tier"), *labels, _("average composite"), _("assessed")], rows,
                    [24 * mm] + [22 * mm] * 5 + [20 * mm, 16 * mm]),
            b.para(_("Each capacity cell reads: average / target."), "note")]


def _gaps_section(rollup: dict, b: _Builder) -> list:
    heading = _("3. The biggest gaps in the workforce plans")
    flow = [b.para(f"{heading}（{rollup['period']}）" if rollup["period"] else heading, "h2")]
    totals = rollup["totals"]
    if not totals["needed"]:
        return [*flow, b.para(_("No workforce plans for this period."))]
    flow.append(b.para(_("%(needed)s people needed, %(filled)s in post, %(gap)s missing: train %(train)s, "
                         "borrow %(borrow)s, recruit %(recruit)s.") % totals))
    if rollup["biggest_gaps"]:
        rows = [[g["department"], g["post"], g["priority_label"], g["gap"], g["recommendation_label"]]
                for g in rollup["biggest_gaps"]]
        flow += [Spacer(0, 4), b.table([_("department"), _("post"), _("priority"), _("missing"), _("recommendation")],
                                       rows, [42 * mm, 50 * mm, 18 * mm, 18 * mm, 42 * mm])]
    if rollup["skill_shortage"]:
        shortage = "，".join(f"{s['name']} {s['missing']}" for s in rollup["skill_shortage"][:LIST_LIMIT])
        flow += [Spacer(0, 4), b.para(_("Skills most short: %(skills)s.") % {"skills": shortage})]
    return flow


def _elsewhere(skill: dict) -> str:
    if skill["cadres_elsewhere"]:
        return _("%(skill)s (%(count)s cadres elsewhere in the bureau)") % {
            "skill": skill["name"], "count": skill["cadres_elsewhere"]}
    return _("%(skill)s (nobody in the bureau)") % {"skill": skill["name"]}


def _critical_section(overview: dict, b: _Builder) -> list:
    critical = overview["critical"]
    flow = [b.para(_("4. Critical skills at risk"), "h2"),
            b.para(_("A cadre counts as holding a skill from level %(level)s.") % {"level": overview["holder_level"]},
                   "note")]
    if critical["single_holder"]:
        rows = [[s["name"], s["holder"]["name"]] for s in critical["single_holder"][:LIST_LIMIT]]
        flow += [b.para(_("Held by one cadre only (bus factor 1):")),
                 b.table([_("skill"), _("the only holder")], rows, [80 * mm, 50 * mm])]
    if critical["no_holder"]:
        names = "，".join(s["name"] for s in critical["no_holder"])
        flow.append(b.para(_("Held by no cadre: %(skills)s.") % {"skills": names}))
    if not critical["single_holder"] and not critical["no_holder"]:
        flow.append(b.para(_("Every critical skill has at least two holders.")))
    dependency = overview["outsourcing_dependency"]
    if dependency:
        rows = [[row["department"], row["system_name"], "，".join(_elsewhere(s) for s in row["skills"]),
                 row["vendor_staff"]] for row in dependency[:LIST_LIMIT]]
        flow += [Spacer(0, 4), b.para(_("Critical skills that, in their department, only vendor staff hold:")),
                 b.table([_("department"), _("system"), _("skills"), _("vendor staff")], rows,
                         [40 * mm, 40 * mm, 70 * mm, 20 * mm])]
    return flow


def _health_section(health: dict, b: _Builder) -> list:
    rows = []
    for check in health["checks"]:
        names = [f"{s['name']}（{s['vendor']}）" for s in check.get("staff", [])] + \
            [v["name"] for v in check.get("vendors", [])] + [s["name"] for s in check.get("systems", [])]
        shown = "，".join(names[:LIST_LIMIT]) + ("……" if len(names) > LIST_LIMIT else "")
        rows.append([check["label"], check["count"], shown or _("none")])
    return [
        b.para(_("5. The outsourcing registry's health"), "h2"),
        b.para(_("%(staff)s vendor staff from %(vendors)s vendors; every entry is to be reconfirmed every "
                 "%(days)s days.") % {"staff": health["active_staff"], "vendors": health["vendors"],
                                     "days": health["reconfirm_every_days"]}),
        Spacer(0, 4),
        b.table([_("check"), _("entries"), _("who")], rows, [50 * mm, 16 * mm, 104 * mm]),
        *_unheld_paragraph(health, b),
    ]


def _unheld_paragraph(health: dict, b: _Builder) -> list:
    """The critical systems nobody in the bureau holds (neither maintainer nor deputy), named."""
    unheld = [f"{s['name']}（{s['department']}）" for s in health["critical_unheld"]]
    return [Spacer(0, 4), b.para(_("Critical systems with no in-house holder: %(count)s. %(names)s") % {
        "count": len(unheld), "names": "，".join(unheld[:LIST_LIMIT]) + ("……" if len(unheld) > LIST_LIMIT else "")})]


def _findings_section(findings: list[str], b: _Builder) -> list:
    return [b.para(_("Key findings"), "h2"),
            *[b.para(f"{number}. {finding}") for number, finding in enumerate(findings, start=1)]]


def _sharing_section(sharing: dict, b: _Builder) -> list:
    """sharing: communities, brokers and silos (names), density [(date, density, pairs)] and departments
    [[name, requests, fulfilled, declined, last shared]]."""
    flow = [b.para(_("6. Sharing between departments"), "h2"),
            b.para(_("%(communities)s communities. Brokers: %(brokers)s. Silos (no sharing for 12 months): "
                     "%(silos)s.") % {"communities": sharing["communities"],
                                     "brokers": "，".join(sharing["brokers"]) or _("none"),
                                     "silos": "，".join(sharing["silos"]) or _("none")})]
    if sharing["density"]:
        flow.append(b.para(_("Density over time: %(points)s.") % {
            "points": "，".join(f"{day} {density:.3f}" for day, density, _pairs in sharing["density"])}))
    if sharing["departments"]:
        flow += [Spacer(0, 4), b.table([_("department"), _("requests"), _("fulfilled"), _("proposals declined"),
                                        _("last shared")], sharing["departments"][:LIST_LIMIT],
                                       [50 * mm, 25 * mm, 25 * mm, 30 * mm, 40 * mm])]
    if sharing.get("records"):  # [[name, received, declined, median days to answer, latest reason]]
        flow += [Spacer(0, 4), b.para(_("How departments answer when asked to lend")),
                 b.table([_("department"), _("Received"), _("Declined"), _("Median days to answer"),
                          _("Latest reason for declining")], sharing["records"][:LIST_LIMIT],
                         [40 * mm, 20 * mm, 20 * mm, 30 * mm, 60 * mm])]
    return flow


def _incentives_section(incentives: dict, b: _Builder) -> list:
    """incentives: the current list's name, status, budget, total and honours (text), and departments
    [[name, people paid, amount, honours]]."""
    flow = [b.para(_("7. Incentives"), "h2"),
            b.para(_("%(cycle)s: %(status)s. Budget %(budget)s yuan, final %(total)s yuan, %(honours)s honours.")
                   % incentives)]
    if incentives["departments"]:
        flow += [Spacer(0, 4), b.table([_("department"), _("people paid"), _("amount (yuan)"), _("honours")],
                                       incentives["departments"][:LIST_LIMIT],
                                       [60 * mm, 30 * mm, 40 * mm, 30 * mm])]
    return flow


def _figure(value, places: int) -> str:
    return "—" if value is None else f"{float(value):.{places}f}"


def _trends_section(trends: list[dict], b: _Builder) -> list:
    """trends: talent.selectors.trends.year_on_year's rows, each metric's latest point this year beside the
    same date last year."""
    flow = [b.para(_("Trends: this year against the same date last year"), "h2")]
    if not trends:
        return [*flow, b.para(_("Nothing stored yet: the nightly snapshot (snapshot_trends) has not run."))]
    rows = []
    for row in trends:
        places, before = row["places"], row["year_before"]
        rows.append([row["label"], row["scope_label"], f"{_figure(row['value'], places)}（{row['day']:%m-%d}）",
                     "—" if before is None else f"{_figure(before, places)}（{row['year_before_day']:%Y-%m-%d}）",
                     "—" if before is None else f"{float(row['value'] - before):+.{places}f}"])
    return [*flow, b.table([_("metric"), _("scope"), _("this year (latest)"), _("last year, same date"), _("change")],
                           rows, [48 * mm, 30 * mm, 32 * mm, 36 * mm, 24 * mm])]


def _nominations_section(nominations: dict, b: _Builder) -> list:
    """nominations: the year, how many were approved and declined in it, and rows [[cadre, department, nominated
    as, post or honour, decision, decided on]]."""
    flow = [b.para(_("Nominations decided in %(year)s") % nominations, "h2"),
            b.para(_("%(approved)s approved, %(declined)s declined.") % nominations)]
    if nominations["rows"]:
        flow += [Spacer(0, 4), b.table([_("cadre"), _("department"), _("nominated as"), _("post or honour"),
                                        _("decision"), _("decided on")], nominations["rows"][:LIST_LIMIT],
                                       [24 * mm, 34 * mm, 22 * mm, 40 * mm, 18 * mm, 24 * mm])]
    return flow


def leadership_report(*, overview: dict, rollup: dict, health: dict, bureau_name: str,
                      generated_at: datetime, findings: list[str] = (), sharing: dict | None = None,
                      incentives: dict | None = None, trends: list[dict] | None = None,
                      nominations: dict | None = None) -> bytes:
    """findings, sharing, incentives and nominations come from apps above talent (the workspace's cockpit gathers
    them); without them the report is talent's own. trends (talent's) closes the report when given."""
    b = _Builder()
    title = _("Digital talent report for leadership")
    footer_text = b.text(f"{bureau_name} · {title}")
    story = [
        b.para(footer_text, "title"),
        b.para(_("Generated %(when)s") % {"when": f"{generated_at:%Y-%m-%d %H:%M}"}, "subtitle"),
        *(_findings_section(list(findings), b) if findings else []),
        *_headcount_section(overview, b),
        KeepTogether(_literacy_section(overview, b)),
        *_gaps_section(rollup, b),
        *_critical_section(overview, b),
        *_health_section(health, b),
        *(_sharing_section(sharing, b) if sharing else []),
        *(_incentives_section(incentives, b) if incentives else []),
        *(_nominations_section(nominations, b) if nominations else []),
        *(_trends_section(trends, b) if trends is not None else []),
    ]

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(cjk_font(), 8)
        canvas.setFillColor(colors.grey)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"{footer_text} · {doc.page}")
        canvas.restoreState()

    buffer = BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, title=footer_text, author=bureau_name,
                                 leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=18 * mm)
    document.build(story, onFirstPage=footer, onLaterPages=footer, canvasmaker=canvas_maker())
    return buffer.getvalue()
