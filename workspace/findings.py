"""The cockpit's key findings: the few sentences a leader should read first, computed from the figures below
them, the most pressing first, each with the page that shows why. Pure: plain figures in, sentences out."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

SHOWN = 5


@dataclass(frozen=True)
class Department:
    id: int
    name: str
    single_holder: int = 0  # critical skills only one of its cadres holds
    vendor_only: int = 0  # critical skills only outsourced staff bring to its systems
    # (capacity label, average, target) with the largest shortfall, if any is below its target
    worst_capacity: tuple[str, Decimal, Decimal] | None = None
    last_shared: date | None = None
    silo: bool = False
    plan_gap: int = 0  # people its workforce plan for the period still lacks


@dataclass(frozen=True)
class Finding:
    text: str
    url: str
    weight: float  # how pressing; the cockpit shows the heaviest first


def months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


def findings(departments: Sequence[Department], *, today: date, url_of) -> list[Finding]:
    """url_of(department id) -> the address of the page that shows the department's picture."""
    found = []
    for d in departments:
        url = url_of(d.id)
        if d.single_holder:
            found.append(Finding(_("%(department)s: %(count)s critical skills are held by one person only")
                                 % {"department": d.name, "count": d.single_holder}, url, 3 + d.single_holder))
        if d.vendor_only:
            found.append(Finding(_("%(department)s: %(count)s critical skills are held only by outsourced staff")
                                 % {"department": d.name, "count": d.vendor_only}, url, 2.5 + d.vendor_only))
        if d.silo:
            if d.last_shared is None:
                text = _("%(department)s has never shared talent with another department") % {"department": d.name}
                weight = 3.0
            else:
                months = months_between(d.last_shared, today)
                text = _("%(department)s has not shared talent with another department for %(months)s months") % {
                    "department": d.name, "months": months}
                weight = 2 + months / 12
            found.append(Finding(text, url, weight))
        if d.worst_capacity:
            label, average, target = d.worst_capacity
            found.append(Finding(_("%(department)s: %(capacity)s averages %(average)s, %(short)s below the target "
                                   "of %(target)s") % {"department": d.name, "capacity": label, "average": average,
                                                       "short": target - average, "target": target},
                                 url, 1 + float(target - average) / 5))
        if d.plan_gap:
            found.append(Finding(_("%(department)s's workforce plan still lacks %(count)s people")
                                 % {"department": d.name, "count": d.plan_gap}, url, 1 + d.plan_gap / 5))
    return sorted(found, key=lambda f: -f.weight)[:SHOWN]
