"""The approved list as files: XLSX for the finance office, PDF for signing and filing."""

from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core import tables
from core.errors import Conflict
from core.formats import listing
from incentives import explain
from incentives import list_drawing as listpdf
from incentives.models import CycleStatus, IncentiveCycle
from incentives.selectors import cycles as selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _money(value) -> str:
    return f"{value:,.2f}"


def approved_list(*, cycle: IncentiveCycle, file_format: str) -> tuple[bytes, str]:
    if cycle.status != CycleStatus.APPROVED:
        raise Conflict(_("Only an approved list can be exported; this one is %(status)s.")
                       % {"status": cycle.get_status_display()}, code="cycle_state")
    lines = list(selectors.line_list(cycle=cycle))
    included = [line for line in lines if line.eligible]
    excluded = [line for line in lines if not line.eligible]
    if file_format == "xlsx":
        return _xlsx(cycle, included, excluded), XLSX
    return _pdf(cycle, included, excluded), "application/pdf"


def _xlsx(cycle, included, excluded) -> bytes:
    headers = [_("Place"), _("Staff number"), _("Name"), _("Department"), _("Rank"), _("Score"),
               _("Digital backbone"), _("Recommended (yuan)"), _("Adjustment (yuan)"), _("Final (yuan)"),
               _("Honour"), _("Reason for the adjustment"), _("Reason for exclusion")]
    rows = [[line.standing, line.cadre.staff_number, line.cadre.name, line.department.name, line.get_rank_display(),
             line.score, _("yes") if line.backbone else "", line.recommended, line.adjustment, line.final,
             line.honour, line.adjustment_reason, ""] for line in included]
    rows += [[None, line.cadre.staff_number, line.cadre.name, line.department.name, line.get_rank_display(),
              None, "", None, None, None, "", "", line.get_exclusion_display()] for line in excluded]
    return tables.write_xlsx(headers, rows, title=f"{cycle.year} {cycle.name}")


def _pdf(cycle, included, excluded) -> bytes:
    policy = cycle.summary["policy"]
    rules = explain.rules(cycle.summary)
    decider = cycle.decided_by
    adjustments = sum((line.adjustment for line in included), Decimal(0))
    return listpdf.render(listpdf.Document(
        bureau=settings.BUREAU_NAME,
        title=_("%(name)s: incentive list") % {"name": cycle.name},
        facts=[
            _("Budget %(budget)s yuan; %(total)s yuan to %(people)s people; %(honours)s honoured as %(title)s.")
            % {"budget": _money(cycle.budget), "total": _money(cycle.total_final), "people": len(included),
               "honours": sum(1 for line in included if line.honour), "title": policy["honour_title"]},
            _("Policy: %(policy)s. %(rule)s") % {"policy": policy["name"], "rule": policy["backbone_rule"]},
            _("Weights: %(weights)s. Cap per person: %(cap)s. %(honour)s") % {
                "weights": listing(f"{label} {weight}" for label, weight in rules["weights"]),
                "cap": _("%(cap)s yuan") % {"cap": rules["cap"]} if rules["cap"] else _("no cap"),
                "honour": rules["honour"]},
            # Lists computed before learning activities counted have no learning rule.
            *([policy["learning_rule"]] if "learning_rule" in policy else []),
            *([policy["lending_rule"]] if policy.get("lending_rule") else []),
            _("Approved by %(who)s on %(when)s. %(comment)s") % {
                "who": (decider.get_full_name() or decider.get_username()) if decider else "—",
                "when": f"{timezone.localtime(cycle.decided_at):%Y-%m-%d}", "comment": cycle.decision_comment},
        ],
        headers=[_("Place"), _("Staff number"), _("Name"), _("Department"), _("Rank"), _("Score"),
                 _("Digital backbone"), _("Recommended (yuan)"), _("Adjustment (yuan)"), _("Final (yuan)"),
                 _("Honour"), _("Reason for the adjustment")],
        rows=[[str(line.standing), line.cadre.staff_number, line.cadre.name, line.department.name,
               line.get_rank_display(), str(line.score), "★" if line.backbone else "", _money(line.recommended),
               _money(line.adjustment) if line.adjustment else "", _money(line.final), line.honour,
               line.adjustment_reason] for line in included],
        numeric=frozenset({0, 5, 7, 8, 9}),
        widths=[11, 18, 18, 28, 30, 13, 12, 24, 22, 24, 24, 43],
        total=[_("Total"), "", _("%(people)s people") % {"people": len(included)}, "", "", "", "",
               _money(cycle.total_recommended), _money(adjustments) if adjustments else "",
               _money(cycle.total_final), str(sum(1 for line in included if line.honour)), ""],
        excluded_title=_("Not included, and why"),
        excluded_headers=[_("Staff number"), _("Name"), _("Department"), _("Reason for exclusion")],
        excluded=[[line.cadre.staff_number, line.cadre.name, line.department.name, line.get_exclusion_display()]
                  for line in excluded],
        signatures=[_("Prepared by (HR)"), _("Checked by"), _("Approved by (leadership)"), _("Date")],
    ))
