"""The training ledger's arithmetic, credential validity and stale skills. Pure: plain values in, plain values out.

A cadre's year: the hours of training completed that year, of self-study confirmed that year and of the online
learning platform's courses that year, added up, against their tier's yearly hours; and the tier's compulsory
programs, each done when the cadre completed it that year (a training passed, confirmed self-study of the program,
or a platform course matched to it). A cadre complies when both hold.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

ZERO = Decimal("0")
SOURCES = ("training", "self_study", "platform")


@dataclass(frozen=True)
class Requirement:
    hours: Decimal
    compulsory: frozenset[int] = frozenset()  # program ids


@dataclass(frozen=True)
class Standing:
    hours: Mapping[str, Decimal]  # by source (SOURCES)
    required: Decimal
    missing: tuple[int, ...]  # compulsory program ids not done this year, ascending

    @property
    def total(self) -> Decimal:
        return sum(self.hours.values(), ZERO)

    @property
    def short_by(self) -> Decimal:
        return max(self.required - self.total, ZERO)

    @property
    def hours_met(self) -> bool:
        return self.total >= self.required

    @property
    def complete(self) -> bool:
        return self.hours_met and not self.missing


def standing(hours: Mapping[str, Decimal], requirement: Requirement | None, done: Iterable[int] = ()) -> Standing:
    """One cadre's year. No requirement for their tier: nothing is required."""
    requirement = requirement or Requirement(ZERO)
    counted = {source: Decimal(hours.get(source) or ZERO) for source in SOURCES}
    return Standing(counted, requirement.hours, tuple(sorted(requirement.compulsory - set(done))))


@dataclass
class Totals:
    """A department's (or any group's) year: people, hours and how many comply."""

    headcount: int = 0
    hours: Decimal = ZERO
    required: Decimal = ZERO
    hours_met: int = 0
    complete: int = 0
    missing: dict[int, int] = field(default_factory=dict)  # program id -> cadres who have not done it

    def add(self, one: Standing) -> None:
        self.headcount += 1
        self.hours += one.total
        self.required += one.required
        self.hours_met += one.hours_met
        self.complete += one.complete
        for program in one.missing:
            self.missing[program] = self.missing.get(program, 0) + 1

    @property
    def share_complete(self) -> Decimal | None:
        """Per cent of people who comply, one decimal; None for nobody."""
        if not self.headcount:
            return None
        return (Decimal(self.complete) * 100 / self.headcount).quantize(Decimal("0.1"))


def totals(standings: Iterable[Standing]) -> Totals:
    found = Totals()
    for one in standings:
        found.add(one)
    return found


# ---- credentials ------------------------------------------------------------------------------------

def valid_on(day: date, *, verified: bool, issued_on: date, expires_on: date | None) -> bool:
    """A credential counts from its issue to its expiry day inclusive, once verified."""
    return verified and issued_on <= day and (expires_on is None or day <= expires_on)


def expiring(day: date, within_days: int, *, expires_on: date | None) -> bool:
    """Still valid on `day` and lapsing within the next `within_days` days (0: expires today)."""
    return expires_on is not None and day <= expires_on <= day + timedelta(days=within_days)


# ---- stale skills -----------------------------------------------------------------------------------

def stale(verified_at: datetime | None, years: int | None, now: datetime) -> bool:
    """A verified skill is stale when verified more than `years` years before `now` (None: never stale). A skill
    never verified is not stale: it is unverified, which the pages already say."""
    if verified_at is None or not years:
        return False
    return verified_at < years_before(now, years)


def years_before(moment: datetime, years: int) -> datetime:
    """The same day and time `years` years earlier (28 February for a 29 February)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)
