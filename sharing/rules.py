"""A department's sharing rules (set by HR) and what follows from them. Pure: plain values, no ORM.

A rule says how many people a department may lend at once (a number of people, or a percent of its size,
rounded down; neither: the bureau's SECONDMENT_LENDING_PERCENT), for how long at most (months), and how many
days before the start a proposal must come (notice). A department without a rule lends under the default.

Whether the size counts the sub-units is a rule too. A department that counts them is one lending unit with
its sub-units: its cap covers the people of all of them together (both its size and the people out are
counted over the whole unit), and its length and notice rules apply to them; the sub-units' own rules do not
apply while it counts them. The highest department that counts its sub-units wins. A department that does not
count them lends under its own rule, for its own people only.

The cap counts people, not proposals: someone already out (or proposed) counts once however many secondments
they have; proposing them again for a window that does not overlap lends no one more.
"""

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

# Breaches of a rule, as codes the services and pages name.
TOO_LONG, SHORT_NOTICE = "too_long", "short_notice"


@dataclass(frozen=True)
class Rule:
    cap_people: int | None = None
    cap_percent: int | None = None  # 0-100; with cap_people None. Neither: the bureau's default percent
    includes_sub_units: bool = False
    max_months: int | None = None  # None: no limit
    notice_days: int = 0


DEFAULT = Rule()


def cap(rule: Rule, size: int, default_percent: int) -> int:
    """How many people the unit may have out at once."""
    if rule.cap_people is not None:
        return rule.cap_people
    percent = default_percent if rule.cap_percent is None else rule.cap_percent
    return size * percent // 100  # rounded down, exactly


def lending_units(parents: Mapping[int, int | None], rules: Mapping[int, Rule]) -> dict[int, int]:
    """Each department's lending unit: the highest department above it (or itself) whose rule counts its
    sub-units, or else the department itself."""
    found: dict[int, int] = {}
    for department in parents:
        unit, current, seen = department, department, set()
        while current is not None and current not in seen:  # a cycle in bad data stops the walk
            seen.add(current)
            if rules.get(current, DEFAULT).includes_sub_units:
                unit = current
            current = parents.get(current)
        found[department] = unit
    return found


@dataclass(frozen=True)
class Units:
    """The lending units of a bureau: each department's unit, each unit's rule, cap and people out."""

    unit_of: dict[int, int]
    rule: dict[int, Rule]
    cap: dict[int, int]
    lent: dict[int, int]


def units(*, parents: Mapping[int, int | None], rules: Mapping[int, Rule], size: Mapping[int, int],
          out: Iterable[tuple[int, int]], default_percent: int) -> Units:
    """`size`: cadres per department (own people only); `out`: (cadre, home department) of each secondment
    holding someone away; a cadre out twice counts once."""
    unit_of = lending_units(parents, rules)
    unit_size: dict[int, int] = {}
    for department, n in size.items():
        unit = unit_of.get(department, department)
        unit_size[unit] = unit_size.get(unit, 0) + n
    people: dict[int, set[int]] = {}
    for cadre, department in out:
        people.setdefault(unit_of.get(department, department), set()).add(cadre)
    ids = set(unit_of.values()) | set(unit_size)
    return Units(
        unit_of=unit_of,
        rule={u: rules.get(u, DEFAULT) for u in ids},
        cap={u: cap(rules.get(u, DEFAULT), unit_size.get(u, 0), default_percent) for u in ids},
        lent={u: len(people.get(u, ())) for u in ids},
    )


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day where it is shorter (31 Jan + 1 = 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def latest_end(start: date, max_months: int) -> date:
    """The last day a secondment starting on `start` may run: 1 Mar + 6 months ends by 31 Aug."""
    return add_months(start, max_months) - timedelta(days=1)


def breaches(rule: Rule, *, start: date, end: date, proposed_on: date) -> list[str]:
    """What a secondment from start to end, proposed on `proposed_on`, breaks in the lending unit's rule."""
    found = []
    if rule.max_months is not None and end > latest_end(start, rule.max_months):
        found.append(TOO_LONG)
    if (start - proposed_on).days < rule.notice_days:
        found.append(SHORT_NOTICE)
    return found
