"""A department's record of sharing: how it answers when asked to lend, and how many people it lends and
hosts. Pure: plain values in, plain values out.

  received   proposals asking the department to lend someone, answered or still waiting for its head
             (a proposal withdrawn or refused by the cadre before the head answered is not counted, nor a
             past secondment HR recorded afterwards: nobody asked the head);
  accepted   answered yes (whatever happened afterwards); declined: answered no, each with its reason;
  waiting    not answered yet;
  median days to answer  from the proposal to the head's answer, over the answered ones;
  people lent / hosted   distinct people in approved, active or completed secondments from / to it: a person
             lent twice is one person.
"""

import statistics
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

DECLINED = "declined"
PROPOSED = "proposed"
COMMITTED = frozenset({"approved", "active", "completed"})


@dataclass(frozen=True)
class Proposal:
    """One secondment as the record sees it."""

    cadre: int
    home: int
    host: int
    status: str
    proposed_on: date
    answered_on: date | None  # when the home head accepted or declined
    decline_reason: str = ""
    host_name: str = ""
    title: str = ""


@dataclass(frozen=True)
class Decline:
    on: date
    host_name: str
    title: str
    reason: str


@dataclass(frozen=True)
class Record:
    received: int
    accepted: int
    declined: int
    waiting: int
    median_days_to_answer: float | None
    people_lent: int
    people_hosted: int
    declines: tuple[Decline, ...]  # latest first

    @property
    def decline_percent(self) -> int | None:
        """Declined out of answered, in whole percent (None before any answer)."""
        answered = self.accepted + self.declined
        return round(100 * self.declined / answered) if answered else None


def record_of(proposals: Iterable[Proposal], departments: Collection[int]) -> Record:
    """The record of these departments taken together (a department with its sub-units, say)."""
    proposals, departments = list(proposals), frozenset(departments)
    asked = [p for p in proposals if p.home in departments and (p.answered_on or p.status == PROPOSED)]
    answered = [p for p in asked if p.answered_on is not None]
    declined = [p for p in answered if p.status == DECLINED]
    days = [(p.answered_on - p.proposed_on).days for p in answered]
    return Record(
        received=len(asked),
        accepted=len(answered) - len(declined),
        declined=len(declined),
        waiting=len(asked) - len(answered),
        median_days_to_answer=round(float(statistics.median(days)), 1) if days else None,
        people_lent=len({p.cadre for p in proposals if p.home in departments and p.status in COMMITTED}),
        people_hosted=len({p.cadre for p in proposals if p.host in departments and p.status in COMMITTED}),
        declines=tuple(Decline(p.answered_on, p.host_name, p.title, p.decline_reason)
                       for p in sorted(declined, key=lambda p: (p.answered_on, p.title), reverse=True)),
    )
