"""The talent-demand survey (定期了解部门间的人才需求): what each department asks for in a period, beside what
the bureau holds. Pure: demands and holdings in, tables out.

A department's demand is the places its open expert requests still have to fill and the gaps its workforce
plan leaves, each as (skill, minimum level, people). Supply is who holds the skill at that level or above:
in the department itself (its sub-units included) and elsewhere in the bureau. A skill is scarce when the
whole bureau holds it in fewer people than are asked for.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

REQUEST = "request"
PLAN = "plan"

_PARTS = {"H1": (1, 6), "H2": (7, 12), "Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12)}


def period_range(period: str) -> tuple[date, date]:
    """First and last day of a period written 2026, 2026-H2 or 2026-Q3 (validated by the caller)."""
    year, _dash, part = period.partition("-")
    first, last = _PARTS.get(part, (1, 12))
    end = date(int(year), last, 31 if last in (1, 3, 5, 7, 8, 10, 12) else 30)
    return date(int(year), first, 1), end


def covering_periods(period: str) -> list[str]:
    """The period and the plan periods that contain it, the most specific first: 2026-Q3, 2026-H2, 2026."""
    year, _dash, part = period.partition("-")
    found = [period]
    if part.startswith("Q"):
        found.append(f"{year}-H{1 if part in ('Q1', 'Q2') else 2}")
    if part:
        found.append(year)
    return found


@dataclass(frozen=True)
class Demand:
    department: int
    skill: str
    min_level: int
    people: int
    source: str  # REQUEST or PLAN


@dataclass(frozen=True)
class Holding:
    department: int
    skill: str
    level: int


@dataclass(frozen=True)
class SkillDemand:
    skill: str
    min_level: int
    people: int
    sources: tuple[str, ...]
    departments: tuple[int, ...]
    held_here: int  # by people of the asking department(s), sub-units included
    held_elsewhere: int
    held_in_bureau: int

    @property
    def scarce(self) -> bool:
        return self.held_in_bureau < self.people


def _holders(holdings: Iterable[Holding]) -> dict[tuple[str, int], list[int]]:
    """(skill, level) -> the department of each person holding the skill at that level or above."""
    found = defaultdict(list)
    for h in holdings:
        for level in range(1, h.level + 1):
            found[h.skill, level].append(h.department)
    return found


def _grouped(demands: Iterable[Demand]) -> dict[tuple[str, int], list[Demand]]:
    found = defaultdict(list)
    for d in demands:
        found[d.skill, d.min_level].append(d)
    return found


def _row(key: tuple[str, int], rows: list[Demand], holders: Mapping, units: frozenset[int]) -> SkillDemand:
    skill, level = key
    everyone = holders.get(key, [])
    here = sum(1 for department in everyone if department in units)
    return SkillDemand(skill, level, sum(d.people for d in rows), tuple(sorted({d.source for d in rows})),
                       tuple(sorted({d.department for d in rows})), here, len(everyone) - here, len(everyone))


def _order(rows: Iterable[SkillDemand]) -> list[SkillDemand]:
    return sorted(rows, key=lambda r: (-r.people, r.skill, r.min_level))


def department_demand(demands: Iterable[Demand], holdings: Iterable[Holding],
                      units: Mapping[int, frozenset[int]]) -> dict[int, list[SkillDemand]]:
    """Per asking department, its demand per (skill, level), the most people first. units: a department ->
    itself and its sub-units, whose people count as held here."""
    holders = _holders(holdings)
    by_department = defaultdict(list)
    for d in demands:
        by_department[d.department].append(d)
    return {department: _order(_row(key, rows, holders, units[department])
                               for key, rows in _grouped(found).items())
            for department, found in by_department.items()}


def bureau_demand(demands: Iterable[Demand], holdings: Iterable[Holding],
                  units: Mapping[int, frozenset[int]]) -> list[SkillDemand]:
    """The whole bureau's demand per (skill, level): held here counts the people of any asking department."""
    holders = _holders(holdings)
    rows = []
    for key, found in _grouped(demands).items():
        asking = frozenset().union(*(units[d.department] for d in found))
        rows.append(_row(key, found, holders, asking))
    return _order(rows)
