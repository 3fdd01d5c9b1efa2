"""The workforce-plan gap arithmetic: who fills each post, what is missing, and whether to train, borrow
or recruit. Pure: plain values in, plain values out, no ORM.

The rules, in the order they are applied:
1. A cadre fills a post when they hold every required skill at its minimum level and, only where the
   line asks for them, the degree and professional title (破除唯职称论、唯学历论: otherwise these never count).
2. Each cadre fills at most one post. Lines are served by priority (high first), then in plan order;
   within a line, the cadres who could fill the fewest other open lines are taken first, so a versatile
   cadre is not used up where a specialist would do.
3. What remains is the gap, covered first by training the department's own cadres (从外包到内培):
   a cadre not filling any post is trainable when each skill they lack is at most TRAIN_REACH levels
   short and some program builds it to the required level; then by borrowing from other departments
   (cadres who already qualify); the rest must be recruited.
4. The line's recommendation is the action covering most of the gap; ties go to train, then borrow.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat

import numpy as np

# Orders of the Education and ProfessionalTitle choices, lowest first.
EDUCATION_ORDER = ("secondary", "associate", "bachelor", "master", "doctorate")
TITLE_ORDER = ("none", "junior", "intermediate", "associate_senior", "senior")
PRIORITY_ORDER = ("high", "medium", "low")
# A program can lift a skill by this many levels within a plan period; beyond that, train is not offered.
TRAIN_REACH = 2
ACTIONS = ("train", "borrow", "recruit")
FILLED = "none"


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    department_id: int
    skills: Mapping[str, int]  # skill code -> level
    education: str = ""
    professional_title: str = ""


@dataclass(frozen=True)
class Line:
    id: int
    post: str
    headcount: int
    requirements: Mapping[str, int]  # skill code -> minimum level
    priority: str = "medium"
    min_education: str = ""
    min_professional_title: str = ""


@dataclass(frozen=True)
class Course:
    """A training program as it bears on skills: the level it raises each skill to (None: builds the
    skill without promising a level, which counts as reaching any level)."""

    id: int
    name: str
    builds: Mapping[str, int | None]

    def reaches(self, code: str, level: int) -> bool:
        if code not in self.builds:
            return False
        promised = self.builds[code]
        return promised is None or promised >= level


@dataclass(frozen=True)
class Trainee:
    person: Person
    shortfall: Mapping[str, int]  # skill code -> levels short (0 held counts as level 0)
    courses: tuple[Course, ...]


@dataclass
class LineGap:
    line: Line
    filled_by: list[Person] = field(default_factory=list)
    train: list[Trainee] = field(default_factory=list)
    borrow: list[Person] = field(default_factory=list)
    recruit: int = 0

    @property
    def gap(self) -> int:
        return self.line.headcount - len(self.filled_by)

    @property
    def recommendation(self) -> str:
        counts = {"train": len(self.train), "borrow": len(self.borrow), "recruit": self.recruit}
        if not self.gap:
            return FILLED
        return max(ACTIONS, key=lambda action: (counts[action], -ACTIONS.index(action)))


_RANKS = {order: {value: i for i, value in enumerate(order)} for order in (EDUCATION_ORDER, TITLE_ORDER)}


def _rank(order: Sequence[str], value: str) -> int:
    return _RANKS[order].get(value, -1) if order in _RANKS else order.index(value) if value in order else -1


def _ranks(order: Sequence[str], values: Iterable[str], dtype) -> np.ndarray:
    ranks = _RANKS[order]
    return np.fromiter((ranks.get(value, -1) for value in values), dtype=dtype)


def _levels(people: Sequence[Person], codes: Sequence[str]) -> np.ndarray:
    """Each person's level in each of these skills (0: not held), a row per person: read at C speed
    (dict.get over the codes), which matters with tens of thousands of people."""
    return np.fromiter(chain.from_iterable(map(p.skills.get, codes, repeat(0)) for p in people), dtype=np.int64,
                       count=len(people) * len(codes)).reshape(len(people), len(codes))


def has_credentials(person: Person, line: Line) -> bool:
    if line.min_education and _rank(EDUCATION_ORDER, person.education) < _rank(EDUCATION_ORDER, line.min_education):
        return False
    return not (line.min_professional_title and _rank(TITLE_ORDER, person.professional_title)
                < _rank(TITLE_ORDER, line.min_professional_title))


def shortfall(person: Person, line: Line) -> dict[str, int]:
    """Levels missing per required skill; empty when the person has them all."""
    missing = {}
    for code, level in line.requirements.items():
        held = person.skills.get(code, 0)
        if held < level:
            missing[code] = level - held
    return missing


def qualifies(person: Person, line: Line) -> bool:
    return has_credentials(person, line) and not shortfall(person, line)


def margin(person: Person, line: Line) -> int:
    """How far above the minimums a qualifying person stands, summed over the required skills."""
    return sum(person.skills.get(code, 0) - level for code, level in line.requirements.items())


def _line_order(lines: Iterable[Line]) -> list[Line]:
    """Priority first, then the plan's own order (sorted() is stable)."""
    return sorted(lines, key=lambda line: PRIORITY_ORDER.index(line.priority))


def courses_for(missing: Mapping[str, int], line: Line, courses: Sequence[Course]) -> tuple[Course, ...] | None:
    """Programs that together build every missing skill to its required level, fewest programs first
    (greedy: the one covering most of what is still missing, then the lower id); None when some skill
    has no program."""
    needed = set(missing)
    chosen: list[Course] = []
    while needed:
        best = max(courses, default=None,
                   key=lambda c: (sum(c.reaches(code, line.requirements[code]) for code in needed), -c.id))
        covered = {code for code in needed if best and best.reaches(code, line.requirements[code])}
        if not covered:
            return None
        chosen.append(best)
        needed -= covered
    return tuple(sorted(chosen, key=lambda c: c.id))


def gap_report(*, lines: Sequence[Line], staff: Sequence[Person], courses: Sequence[Course] = (),
               outsiders: Sequence[Person] = ()) -> list[LineGap]:
    """One LineGap per line, in the plan's order. `staff` are the department's own cadres (those who
    count as supply), `outsiders` the active cadres of other departments who might be borrowed.
    A person is proposed for one line at most, and no line is offered more people than its gap.

    The staff's levels in the lines' skills are compared as arrays (a row per cadre, a column per required
    skill), so a department of thousands costs a few vector operations per line, not a loop per cadre."""
    reports = {line.id: LineGap(line) for line in lines}
    ordered = _line_order(lines)
    people = sorted(staff, key=lambda p: p.id)
    codes = sorted({code for line in lines for code in line.requirements})
    column = {code: i for i, code in enumerate(codes)}
    held = _levels(people, codes)
    ids = np.array([p.id for p in people], dtype=np.int64)
    education = _ranks(EDUCATION_ORDER, (p.education for p in people), np.int64)
    title = _ranks(TITLE_ORDER, (p.professional_title for p in people), np.int64)
    short, margins, credentials, fits = {}, {}, {}, {}
    for line in lines:
        # Levels missing per required skill (the line's order), as shortfall() gives them, for every cadre.
        below = np.array(list(line.requirements.values()), dtype=np.int64) - \
            held[:, [column[code] for code in line.requirements]]
        short[line.id] = np.maximum(below, 0)
        margins[line.id] = -below.sum(axis=1)
        allowed = np.ones(len(people), dtype=bool)  # has_credentials()
        if line.min_education:
            allowed &= education >= _rank(EDUCATION_ORDER, line.min_education)
        if line.min_professional_title:
            allowed &= title >= _rank(TITLE_ORDER, line.min_professional_title)
        credentials[line.id] = allowed
        fits[line.id] = allowed & ~(below > 0).any(axis=1)

    free = np.ones(len(people), dtype=bool)
    for index, line in enumerate(ordered):
        rows = np.nonzero(free & fits[line.id])[0]
        elsewhere = np.zeros(len(rows), dtype=np.int64)  # how many of the still open lines each could fill
        for other in ordered[index + 1:]:
            elsewhere += fits[other.id][rows]
        taken = rows[np.lexsort((ids[rows], -margins[line.id][rows], elsewhere))][: line.headcount]
        reports[line.id].filled_by = [people[row] for row in taken]
        free[taken] = False

    proposed: set[int] = set()
    for line in ordered:
        report = reports[line.id]
        if not report.gap:
            continue
        missing = short[line.id]
        rows = np.nonzero(free & credentials[line.id] & (missing.max(axis=1, initial=0) <= TRAIN_REACH)
                          & ~np.isin(ids, np.array(sorted(proposed), dtype=np.int64)))[0]
        # Which skills each is missing, as bits (the line's order); the programs depend on that alone.
        patterns = (missing[rows] > 0).astype(np.int64) @ (1 << np.arange(len(line.requirements), dtype=np.int64))
        trainable = np.zeros(len(rows), dtype=bool)
        programs_for: dict[int, tuple[Course, ...] | None] = {}
        for pattern in np.unique(patterns).tolist():
            lacking = [code for bit, code in enumerate(line.requirements) if pattern >> bit & 1]
            programs_for[pattern] = courses_for(dict.fromkeys(lacking, 1), line, courses)
            if programs_for[pattern]:
                trainable |= patterns == pattern
        rows, patterns = rows[trainable], patterns[trainable]
        chosen = np.lexsort((ids[rows], missing[rows].sum(axis=1)))[: report.gap]
        report.train = [Trainee(people[rows[i]], {code: int(levels) for code, levels
                                                  in zip(line.requirements, missing[rows[i]].tolist(), strict=True)
                                                  if levels > 0}, programs_for[int(patterns[i])])
                        for i in chosen.tolist()]
        borrowable = sorted((p for p in outsiders if p.id not in proposed and qualifies(p, line)),
                            key=lambda p: (-margin(p, line), p.id))
        report.borrow = borrowable[: report.gap - len(report.train)]
        report.recruit = report.gap - len(report.train) - len(report.borrow)
        proposed.update([t.person.id for t in report.train] + [p.id for p in report.borrow])
    return [reports[line.id] for line in lines]


def totals(gaps: Iterable[LineGap]) -> dict[str, int]:
    """Heads needed, filled and missing over some lines, with how the missing are to be found."""
    found = dict.fromkeys(("needed", "filled", "gap", "train", "borrow", "recruit"), 0)
    for report in gaps:
        found["needed"] += report.line.headcount
        found["filled"] += len(report.filled_by)
        found["gap"] += report.gap
        found["train"] += len(report.train)
        found["borrow"] += len(report.borrow)
        found["recruit"] += report.recruit
    return found


def skill_shortage(gaps: Iterable[LineGap]) -> dict[str, int]:
    """For each skill, the people missing on posts that require it, largest first."""
    short: dict[str, int] = {}
    for report in gaps:
        for code in report.line.requirements:
            if report.gap:
                short[code] = short.get(code, 0) + report.gap
    return dict(sorted(short.items(), key=lambda item: (-item[1], item[0])))


class Pool:
    """The cadres who might be borrowed, as arrays (a row per cadre, a column per skill), so that each line's
    candidates are found by a few vector comparisons rather than by checking every cadre in Python."""

    def __init__(self, people: Iterable[Person]):
        self.people = sorted(people, key=lambda p: p.id)
        codes = sorted(set().union(*(p.skills for p in self.people)))
        self._column = {code: i for i, code in enumerate(codes)}
        self._levels = np.zeros((len(self.people), len(codes)), dtype=np.int8, order="F")  # columns contiguous
        # Every (person, skill) cell at once: setting 300,000 numpy cells one by one took a third of a second.
        held = sum(len(p.skills) for p in self.people)
        rows = np.repeat(np.arange(len(self.people)), [len(p.skills) for p in self.people])
        columns = np.fromiter(map(self._column.__getitem__, chain.from_iterable(p.skills for p in self.people)),
                              dtype=np.int64, count=held)
        self._levels[rows, columns] = np.fromiter(chain.from_iterable(p.skills.values() for p in self.people),
                                                  dtype=np.int8, count=held)
        self._ids = np.array([p.id for p in self.people], dtype=np.int64)
        self._departments = np.array([p.department_id for p in self.people], dtype=np.int64)
        self._education = _ranks(EDUCATION_ORDER, (p.education for p in self.people), np.int8)
        self._title = _ranks(TITLE_ORDER, (p.professional_title for p in self.people), np.int8)

    def _strongest(self, line: Line, outside: np.ndarray, limit: int) -> np.ndarray:
        """Row numbers of up to `limit` qualifying cadres not of the `outside` departments, by the order
        gap_report proposes them in."""
        if any(code not in self._column for code in line.requirements):
            return np.empty(0, dtype=np.int64)
        fits = np.ones(len(self.people), dtype=bool)
        for code, level in line.requirements.items():  # a column at a time: no copy of the pool's levels
            fits &= self._levels[:, self._column[code]] >= level
        if line.min_education:
            fits &= self._education >= _rank(EDUCATION_ORDER, line.min_education)
        if line.min_professional_title:
            fits &= self._title >= _rank(TITLE_ORDER, line.min_professional_title)
        rows = np.nonzero(fits)[0]
        rows = rows[~np.isin(self._departments[rows], outside)]
        columns = [self._column[code] for code in line.requirements]
        margins = (self._levels[np.ix_(rows, columns)].astype(np.int64)
                   - np.array(list(line.requirements.values()), dtype=np.int64)).sum(axis=1)
        return rows[np.lexsort((self._ids[rows], -margins))[:limit]]

    def best(self, lines: Sequence[Line], *, outside: frozenset[int]) -> list[Person]:
        """Enough of the strongest qualifying cadres outside these departments that gap_report proposes
        the same people as it would from the whole pool: it proposes at most the lines' total headcount,
        each line's strongest first, so each line's strongest that many suffice."""
        if not self.people:
            return []
        departments = np.array(sorted(outside), dtype=np.int64)
        limit = sum(line.headcount for line in lines)
        rows = sorted({int(row) for line in lines for row in self._strongest(line, departments, limit)})
        return [self.people[row] for row in rows]
