"""Who may be seconded to each request, and how well each would fit. Pure: arrays in, arrays out, no ORM.

A candidate is a cadre of another department (not the requesting one nor its sub-units) who holds every
required skill at its minimum level or above. Some candidates are excluded, each with its reason:
  * busy: a proposed, accepted, approved or active secondment overlaps the request's window;
  * declined: their home department already declined them for this request;
  * refused: they declined to go for this request themselves (their consent, SECONDMENT_NEEDS_CONSENT);
  * sole critical holder: they are the only one in their department holding a critical required skill
    at the required level, and lending them would leave the department without it;
  * lending cap reached: their department (its lending unit, sharing.rules) already lends as many people as
    it may; someone out already is not caught by it, since lending them again lends no one more;
  * too long: the request runs longer than their lending unit's rule allows;
  * short notice: the request starts sooner than their lending unit's notice period from today.
The others are scored out of 100 in five terms, each shown to the user:
  skill fit      40  how sure we are of each required skill: certified 100 %, assessed 80 %, self-declared 50 %
  level surplus  15  levels above each minimum (up to two count)
  affinity       15  how used the two departments are to working together (the sharing graph)
  fairness       15  half for people not seconded recently, half for departments that do not lend much yet
  home impact    15  how many colleagues at home hold the same skills; losing one of many hurts less
  interest        0  the cadre said they are interested in this request (opt-in mobility): HR's
                     SECONDMENT_INTEREST_POINTS (0 by default: the interested are marked, not favoured)
Each term is averaged over the required skills with the request's weights where it is per skill. Scores are
kept in whole centi-points so that sums are exact and the allocation can compare them without rounding.
The skill-fit term is at least 20 points, so every candidate's score is positive.

All requests are scored together, as arrays of (request, candidate) pairs: a request's pairs start from the
holders of its rarest requirement (a prefix of that skill's holders sorted by level) and are cut down by the
other requirements and the exclusions, one array operation per requirement, none per request or candidate.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from functools import reduce

import numpy as np

from sharing import rules
from sharing.allocation import Arcs, ranges

TERMS = ("skill_fit", "level_surplus", "affinity", "fairness", "home_impact", "interest")
# The interest term's points are set per bureau (Pool's interest_points); this is its default.
POINTS = {"skill_fit": 40, "level_surplus": 15, "affinity": 15, "fairness": 15, "home_impact": 15, "interest": 0}
# Percent confidence in a declared level, by where it came from (talent.models.SkillSource values).
SOURCE_CONFIDENCE = {"certified": 100, "assessed": 80, "self_declared": 50}
SURPLUS_LEVELS = 2
RECENT_SECONDMENTS = 2  # this many recent secondments take away the whole "not seconded recently" half
TOP_LEVEL = 5
BATCH = 250  # requests scored at a time (Pool.score)


class Reason(StrEnum):
    BUSY = "busy"
    DECLINED = "declined"
    REFUSED = "refused"
    SOLE_CRITICAL_HOLDER = "sole_critical_holder"
    LENDING_CAP_REACHED = "lending_cap_reached"
    TOO_LONG = "too_long"
    SHORT_NOTICE = "short_notice"


# A candidate caught by several reasons is shown with the first in this order.
REASONS = tuple(Reason)


@dataclass(frozen=True)
class Requirement:
    skill: int
    min_level: int
    weight: int
    critical: bool = False


@dataclass(frozen=True)
class Request:
    id: int
    department: int
    start: date
    end: date
    places: int
    requirements: tuple[Requirement, ...]
    excluded_departments: frozenset[int]  # the requesting department and its sub-units
    declined: frozenset[int] = frozenset()  # cadres whose home department declined them for this request
    refused: frozenset[int] = frozenset()  # cadres who declined to go for this request themselves
    interested: frozenset[int] = frozenset()  # cadres who said they are interested in this request


@dataclass(frozen=True)
class Exclusion:
    cadre: int
    department: int
    reason: Reason
    skill: int | None = None


def _take(table: dict[str, np.ndarray], index) -> dict[str, np.ndarray]:
    return {name: column[index] for name, column in table.items()}


@dataclass(frozen=True)
class Candidates:
    """The candidates of several requests, one row each, grouped by request (in the order the requests were
    given) and best first within a request, ties broken by cadre id: the request (index into `requests`),
    the cadre's pool position, cadre and department ids, the lending unit's id and whether lending the
    cadre counts against its cap (not when they are out already), the terms (centi-points, n x 6), the
    total, the affinity (the term's share before scaling) and the rank within the request.

    `excluded` holds the people left out as columns request, cadre, department, reason (index into REASONS)
    and skill (-1 for none), sorted by request and cadre."""

    requests: tuple[Request, ...]
    request: np.ndarray
    positions: np.ndarray
    cadres: np.ndarray
    departments: np.ndarray
    units: np.ndarray
    counted: np.ndarray
    terms: np.ndarray
    totals: np.ndarray
    affinity: np.ndarray
    rank: np.ndarray
    excluded: dict[str, np.ndarray]

    def _rows(self, index) -> "Candidates":
        return replace(self, **{name: getattr(self, name)[index] for name in (
            "request", "positions", "cadres", "departments", "units", "counted", "terms", "totals", "affinity",
            "rank")})

    def __len__(self) -> int:
        return len(self.request)

    def top(self, limit: int) -> "Candidates":
        """Each request's best `limit` candidates."""
        return self._rows(self.rank < limit)

    def exclusions(self, index: int) -> tuple[Exclusion, ...]:
        """Who the index-th request cannot have, and why."""
        mine = self.excluded["request"] == index
        return tuple(Exclusion(cadre, department, REASONS[reason], skill if skill >= 0 else None)
                     for cadre, department, reason, skill in zip(
                         *(self.excluded[name][mine].tolist() for name in ("cadre", "department", "reason", "skill")),
                         strict=True))

    def arcs(self) -> Arcs:
        """The allocation's input: one arc per row, with the request's id, the lending unit whose cap it
        counts against, the candidate's total and whether it counts."""
        ids = np.array([r.id for r in self.requests], dtype=np.int64)
        return Arcs(ids[self.request], self.cadres, self.units, self.totals, self.counted)

    def rows_of(self, request_ids, cadre_ids) -> np.ndarray:
        """The row of each (request id, cadre id) pair; every pair must be a row here."""
        arcs = self.arcs()
        width = int(arcs.cadres.max(initial=0)) + 1
        keys = arcs.requests * width + arcs.cadres
        order = np.argsort(keys)
        wanted = np.asarray(request_ids, dtype=np.int64) * width + np.asarray(cadre_ids, dtype=np.int64)
        at = np.minimum(np.searchsorted(keys[order], wanted), max(len(keys) - 1, 0))
        if len(wanted) and not (keys[order][at] == wanted).all():
            raise KeyError("a pair is not among the candidates")
        return order[at]


def _columns(rows: Iterable[tuple], width: int) -> list[Sequence]:
    columns = list(zip(*rows, strict=True))
    return columns if columns else [()] * width


def _bits(mask: np.ndarray) -> np.ndarray:
    """A boolean per cadre as a bit set: 64 cadres to a word, position p at bit p % 64 of word p // 64."""
    packed = np.packbits(mask, bitorder="little")
    return np.pad(packed, (0, -len(packed) % 8)).view(np.uint64)


def _positions(bits: np.ndarray) -> np.ndarray:
    """The positions set in a bit set made by _bits, in increasing order."""
    words = np.flatnonzero(bits != 0)  # booleans: numpy finds them several times faster than non-zero integers
    at = np.flatnonzero(np.unpackbits(bits[words].view(np.uint8), bitorder="little").view(bool))
    return words[at // 64] * 64 + at % 64


def _ranked(request: np.ndarray, totals: np.ndarray, cadres: np.ndarray, best: int | None) -> np.ndarray:
    """The rows (grouped by request, in request order) in the candidates' order: by request, best total first,
    ties by cadre id; with `best`, each request's first `best` only. Then only the rows at or above each
    request's best-th total are sorted (the others cannot be among its best), found by a partial sort."""
    rows = np.arange(len(request))
    if best is not None:
        at_least = np.zeros(len(request), dtype=bool)
        bounds = np.flatnonzero(np.diff(request)) + 1
        for start, end in zip([0, *bounds.tolist()], [*bounds.tolist(), len(request)], strict=True):
            if best and end - start > best:
                floor = np.partition(totals[start:end], end - start - best)[end - start - best]
                at_least[start:end] = totals[start:end] >= floor
            else:
                at_least[start:end] = bool(best)
        rows = rows[at_least]
    order = rows[np.lexsort((cadres[rows], -totals[rows], request[rows]))]
    if best is not None:
        grouped = request[order]
        order = order[np.arange(len(order)) - np.searchsorted(grouped, grouped, "left") < best]
    return order


class Pool:
    """Every cadre who could be seconded (not left), with what the scoring needs, indexed once.

    `affinity(hosts, departments)` gives the sharing-graph affinity of each host (rows) with each department
    (columns), such as a sharing.graph.Affinity.
    """

    def __init__(self, *, cadres: Sequence[int], departments: Sequence[int],
                 skills: Sequence[tuple[int, int, int, int]] | np.ndarray, busy: Iterable[tuple[int, date, date]],
                 recent: Mapping[int, int], lending: rules.Units, out: Iterable[int] = (),
                 affinity: Callable[[list[int], list[int]], np.ndarray], interest_points: int = POINTS["interest"],
                 today: date | None = None):
        """`skills`: (cadre, skill, level, confidence) rows, the confidence in percent as SOURCE_CONFIDENCE gives
        it for where the level came from (a sequence, or an n x 4 integer array); `busy`: (cadre, start, end) of
        blocking secondments; `recent`: secondments per cadre lately; `lending`: each department's lending unit
        with its rule, cap and people out now; `out`: those people (counted in their unit's people out already);
        `interest_points`: what an expressed interest in the request adds to the score; `today`: from when the
        notice is counted (None: no notice is checked).
        Holders are counted from the skill rows given: a count at a level below the lowest level given for
        a skill would be too low, so give every row at or above the lowest minimum asked for."""
        order = np.argsort(np.asarray(cadres, dtype=np.int64), kind="stable")
        self.cadre_ids = np.asarray(cadres, dtype=np.int64)[order]
        self.department_ids, self.department_pos = np.unique(
            np.asarray(departments, dtype=np.int64)[order], return_inverse=True)
        self.department_pos = self.department_pos.reshape(-1)
        self._department_index = {d: i for i, d in enumerate(self.department_ids.tolist())}
        # Per department: its lending unit, and the unit's cap, people out and rule.
        self.unit = np.array([lending.unit_of.get(d, d) for d in self.department_ids.tolist()], dtype=np.int64)
        self.cap = np.array([lending.cap.get(u, 0) for u in self.unit.tolist()], dtype=np.int64)
        self.lent = np.array([lending.lent.get(u, 0) for u in self.unit.tolist()], dtype=np.int64)
        unit_rules = [lending.rule.get(u, rules.DEFAULT) for u in self.unit.tolist()]
        self.max_months = np.array([r.max_months or 0 for r in unit_rules], dtype=np.int64)  # 0: no limit
        self.notice_days = np.array([r.notice_days for r in unit_rules], dtype=np.int64)
        self.today = today
        self.recent = np.array([recent.get(c, 0) for c in self.cadre_ids.tolist()], dtype=np.int64)
        self.out = np.zeros(len(self.cadre_ids), dtype=bool)
        where, known = self._locate(sorted(set(out)))
        self.out[where[known]] = True
        self._affinity = affinity
        self.points = {**POINTS, "interest": interest_points}
        # (skill row, level) -> who holds the skill there or above, as positions and as a bit set (_pairs), made
        # when a request first asks for it.
        self._holders_at: dict[tuple[int, int], np.ndarray] = {}
        self._held_at: dict[tuple[int, int], np.ndarray] = {}

        rows = np.asarray(skills, dtype=np.int64).reshape(-1, 4)
        where, known = self._locate(rows[:, 0])
        rows, where = rows[known], where[known]
        skill_ids, skill_row = np.unique(rows[:, 1], return_inverse=True)
        level = rows[:, 2]
        self.skill_ids = skill_ids
        self.skill_pos = {s: i for i, s in enumerate(skill_ids.tolist())}
        # (skill, cadre) matrices; level 0 = not held.
        self.levels = np.zeros((len(skill_ids), len(self.cadre_ids)), dtype=np.int8)
        self.confidence = np.zeros_like(self.levels)
        self.levels[skill_row, where] = level
        self.confidence[skill_row, where] = rows[:, 3]
        # Both again as one code per cadre and skill (level x number of confidences + the confidence's index), a
        # row per cadre: the scoring reads a pair's every requirement in one place and in one read (_terms), not
        # in two tables whose rows are a million bytes long.
        # Made from the rows, not the tables: turning a table of sixty million cells on its side took a second.
        # The confidences are percentages, counted rather than sorted; 0 (not held) is always the first.
        present = np.bincount(rows[:, 3], minlength=1) > 0
        present[0] = True
        self._confidences = np.flatnonzero(present)
        index = np.cumsum(present) - 1  # a confidence -> its place among them
        self._codes = np.zeros((len(self.cadre_ids), len(skill_ids)),
                               dtype=np.min_scalar_type((TOP_LEVEL + 1) * len(self._confidences)))
        self._codes[where, skill_row] = level * len(self._confidences) + index[rows[:, 3]]
        # holders[skill, level, department]: how many of the department's cadres hold the skill at that level
        # or above (each cadre has one row per skill).
        n_departments = len(self.department_ids)
        held = np.bincount((skill_row * (TOP_LEVEL + 1) + level) * n_departments + self.department_pos[where],
                           minlength=len(skill_ids) * (TOP_LEVEL + 1) * n_departments)
        self.holders = np.flip(np.flip(held.reshape(len(skill_ids), TOP_LEVEL + 1, n_departments), 1).cumsum(1), 1)

        cadre, start, end = _columns(busy, 3)
        where, known = self._locate(cadre)
        by_cadre = np.argsort(where[known], kind="stable")
        self.busy_pos = where[known][by_cadre]
        self.busy_start = np.array([d.toordinal() for d in start], dtype=np.int64)[known][by_cadre]
        self.busy_end = np.array([d.toordinal() for d in end], dtype=np.int64)[known][by_cadre]

    def _locate(self, cadres: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """Pool positions of these cadre ids, and which of them are in the pool at all."""
        ids = np.asarray(cadres, dtype=np.int64)
        where = np.searchsorted(self.cadre_ids, ids)
        if not len(self.cadre_ids):
            return where, np.zeros(len(ids), dtype=bool)
        known = self.cadre_ids[np.minimum(where, len(self.cadre_ids) - 1)] == ids
        return where, known

    def capacity(self) -> dict[int, int]:
        """How many more people each lending unit may lend now."""
        return {int(u): int(max(c - lent, 0)) for u, c, lent in zip(self.unit, self.cap, self.lent, strict=True)}

    def _breaks_rules(self, requests: tuple[Request, ...], request: np.ndarray,
                      dept: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each (request, department position) pair: whether the request runs longer than the lending
        unit allows, and whether it starts sooner than its notice (from today)."""
        too_long = np.zeros(len(request), dtype=bool)
        for months in np.unique(self.max_months[dept]).tolist():
            if months:
                latest = np.array([rules.latest_end(r.start, months).toordinal() for r in requests], dtype=np.int64)
                ends = np.array([r.end.toordinal() for r in requests], dtype=np.int64)
                too_long |= (self.max_months[dept] == months) & (ends[request] > latest[request])
        short = np.zeros(len(request), dtype=bool)
        if self.today is not None:
            lead = np.array([(r.start - self.today).days for r in requests], dtype=np.int64)
            short = lead[request] < self.notice_days[dept]
        return too_long, short

    def _busy(self, positions: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """For each candidate position with a window (ordinals), whether a blocking secondment overlaps it."""
        low = np.searchsorted(self.busy_pos, positions, "left")
        pair, block = ranges(low, np.searchsorted(self.busy_pos, positions, "right") - low)
        hit = (self.busy_start[block] <= end[pair]) & (self.busy_end[block] >= start[pair])
        busy = np.zeros(len(positions), dtype=bool)
        busy[pair[hit]] = True
        return busy

    def _tables(self, requests: tuple[Request, ...]):
        """The requirements as (request x requirement) tables, at least one column wide. Missing requirements
        are padded with skill row 0, level 0 and weight 0, which every cadre meets and which count for nothing;
        `possible` is false for a request with no requirement or one no cadre holds at any level."""
        shape = (len(requests), max((len(r.requirements) for r in requests), default=1) or 1)
        skill, minimum = np.zeros(shape, dtype=np.int64), np.zeros(shape, dtype=np.int64)
        weight, critical = np.zeros(shape), np.zeros(shape, dtype=bool)
        real, possible = np.zeros(shape, dtype=bool), np.zeros(len(requests), dtype=bool)
        for i, request in enumerate(requests):
            if not request.requirements or any(r.skill not in self.skill_pos for r in request.requirements):
                continue
            possible[i] = True
            for k, r in enumerate(request.requirements):
                skill[i, k], minimum[i, k], weight[i, k], critical[i, k] = (
                    self.skill_pos[r.skill], r.min_level, r.weight, r.critical)
                real[i, k] = True
        weight /= np.maximum(weight.sum(axis=1, keepdims=True), 1)
        return skill, minimum, weight, critical, real, possible

    def _pairs(self, requests, skill, minimum, real, possible) -> tuple[np.ndarray, np.ndarray]:
        """(request, pool position) of everyone of another department meeting every minimum of a request, request
        by request: the bit sets of who holds each required skill at its minimum or above, one bit per cadre,
        intersected a machine word at a time; then those of the requesting department and its sub-units left out.
        A million cadres are 15,625 words a skill; reading a level per holder instead, the holders of the rarest
        requirement checked against the others, was twice as long at 10,000 requests."""
        holders, held = self._holders_at, self._held_at
        pairs, positions = [np.empty(0, dtype=np.int64)], [np.empty(0, dtype=np.int64)]
        for i in np.flatnonzero(possible).tolist():
            keys = [(int(skill[i, k]), int(minimum[i, k])) for k in np.flatnonzero(real[i]).tolist()]
            if len(keys) == 1:  # the holders themselves (a set as long as a tenth of the pool is slow to list)
                if keys[0] not in holders:
                    holders[keys[0]] = np.flatnonzero(self.levels[keys[0][0]] >= keys[0][1])
                found = holders[keys[0]]
            else:
                for key in keys:
                    if key not in held:
                        held[key] = _bits(self.levels[key[0]] >= key[1])
                found = _positions(reduce(np.bitwise_and, (held[key] for key in keys)))
            away, dept = np.ones(len(found), dtype=bool), self.department_pos[found]
            for home in requests[i].excluded_departments:  # a few units: a comparison each beats np.isin's set-up
                away &= dept != self._department_index.get(home, -1)
            found = found[away]
            pairs.append(np.full(len(found), i, dtype=np.int64))
            positions.append(found)
        return np.concatenate(pairs), np.concatenate(positions)

    def score(self, requests: Sequence[Request], best: int | None = None) -> Candidates:
        """Every qualified candidate of every request, scored, and the people excluded with the reason. With
        `best`, only each request's best `best` candidates: the same as `score(requests).top(best)`, without
        sorting every candidate (at a million cadres, nine million scored for half a million kept).

        The requests are scored BATCH at a time, each batch's arrays small enough to stay in the processor's
        caches and to be reused by the allocator: as one batch, the nine million pairs' dozens of temporary
        arrays were each fresh memory, faulted in page by page."""
        requests = tuple(requests)
        parts = [self._score(requests[start:start + BATCH], best)
                 for start in range(0, len(requests), BATCH)] or [self._score((), best)]
        offsets = np.repeat(np.arange(0, len(requests) or 1, BATCH), [len(part) for part in parts])
        return Candidates(
            requests, **{name: np.concatenate([getattr(part, name) for part in parts]) for name in (
                "positions", "cadres", "departments", "units", "counted", "totals", "affinity", "rank")},
            request=np.concatenate([part.request for part in parts]) + offsets,
            terms=np.concatenate([part.terms for part in parts]).reshape(-1, len(TERMS)),
            excluded={name: np.concatenate([part.excluded[name] + (offset if name == "request" else 0)
                                            for offset, part in zip(range(0, len(requests) or 1, BATCH), parts,
                                                                    strict=True)])
                      for name in parts[0].excluded})

    def _score(self, requests: tuple[Request, ...], best: int | None) -> Candidates:
        skill, minimum, weight, critical, real, possible = self._tables(requests)
        n_cadres = len(self.cadre_ids)
        request, positions = self._pairs(requests, skill, minimum, real, possible)
        dept = self.department_pos[positions]

        reason = np.full(len(request), -1, dtype=np.int64)
        reason_skill = np.full(len(request), -1, dtype=np.int64)

        def exclude(mask: np.ndarray, why: Reason, skill_ids: np.ndarray | None = None) -> None:
            first = mask & (reason < 0)
            reason[first] = REASONS.index(why)
            if skill_ids is not None:
                reason_skill[first] = skill_ids[first]

        window = np.array([[r.start.toordinal(), r.end.toordinal()] for r in requests],
                          dtype=np.int64).reshape(-1, 2)
        exclude(self._busy(positions, window[request, 0], window[request, 1]), Reason.BUSY)
        exclude(np.isin(request * n_cadres + positions, self._pairs_of(requests, "declined")), Reason.DECLINED)
        exclude(np.isin(request * n_cadres + positions, self._pairs_of(requests, "refused")), Reason.REFUSED)
        for k in range(skill.shape[1]):
            sole = critical[request, k] & (self.holders[skill[request, k], minimum[request, k], dept] == 1)
            exclude(sole, Reason.SOLE_CRITICAL_HOLDER, self.skill_ids[skill[request, k]])
        exclude((self.lent[dept] >= self.cap[dept]) & ~self.out[positions], Reason.LENDING_CAP_REACHED)
        too_long, short = self._breaks_rules(requests, request, dept)
        exclude(too_long, Reason.TOO_LONG)
        exclude(short, Reason.SHORT_NOTICE)

        out = reason >= 0
        excluded = {"request": request[out], "cadre": self.cadre_ids[positions[out]],
                    "department": self.department_ids[dept[out]], "reason": reason[out], "skill": reason_skill[out]}
        excluded = _take(excluded, np.lexsort((excluded["cadre"], excluded["request"])))
        request, positions, dept = request[~out], positions[~out], dept[~out]

        terms, affinity = self._terms(requests, (skill, minimum, weight), request, positions, dept)
        totals = terms.sum(axis=1)
        order = _ranked(request, totals, self.cadre_ids[positions], best)
        request, positions, dept = request[order], positions[order], dept[order]
        return Candidates(
            requests, request=request, positions=positions, cadres=self.cadre_ids[positions],
            departments=self.department_ids[dept], units=self.unit[dept], counted=~self.out[positions],
            terms=terms[order], totals=totals[order],
            affinity=affinity[order], rank=np.arange(len(request)) - np.searchsorted(request, request, "left"),
            excluded=excluded)

    def _terms(self, requests: tuple[Request, ...], tables, request: np.ndarray, positions: np.ndarray,
               dept: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each pair's terms (centi-points, n x 6) and its affinity. The per-skill terms are summed one
        requirement column at a time, each a one-dimensional array over the pairs: as (pairs x requirements)
        tables, the nine million pairs of a national allocation took twice as long."""
        n_cadres = len(self.cadre_ids)
        fit, surplus, scarcity = np.zeros(len(request)), np.zeros(len(request)), np.zeros(len(request))
        # What each code (__init__) gives a requirement: its fit and surplus, per request, for every code at once.
        level_of, confidence_of = np.divmod(np.arange((TOP_LEVEL + 1) * len(self._confidences)),
                                            len(self._confidences))
        confidence_of = self._confidences[confidence_of]
        for k in range(tables[0].shape[1]):
            skill, minimum, weight = (column[:, k] for column in tables)
            fit_of = (weight[:, None] * (confidence_of / 100)).ravel()
            surplus_of = (weight[:, None] * (np.minimum(level_of - minimum[:, None], SURPLUS_LEVELS)
                                             / SURPLUS_LEVELS)).ravel()
            s = skill[request]
            at = request * len(level_of) + self._codes.ravel().take(positions * self._codes.shape[1] + s)
            fit += fit_of.take(at)
            surplus += surplus_of.take(at)
            scarcity += weight[request] / np.maximum(self.holders[s, minimum[request], dept], 1)
        recent = np.minimum(self.recent[positions], RECENT_SECONDMENTS) / RECENT_SECONDMENTS
        pressure = self.lent[dept] / np.maximum(self.cap[dept], 1)
        affinity = np.zeros(len(request))
        if len(request):
            hosts, host_row = np.unique([r.department for r in requests], return_inverse=True)
            matrix = np.asarray(self._affinity(hosts.tolist(), self.department_ids.tolist()), dtype=float)
            affinity = matrix[host_row.reshape(-1)[request], dept]
        interested = np.isin(request * n_cadres + positions, self._pairs_of(requests, "interested")).astype(float)
        shares = (fit, surplus, affinity, ((1 - recent) + (1 - pressure)) / 2, 1 - scarcity, interested)
        terms = np.empty((len(request), len(TERMS)), dtype=np.int64)
        for j, (share, term) in enumerate(zip(shares, TERMS, strict=True)):
            terms[:, j] = np.rint(share * self.points[term] * 100)
        return terms, affinity

    def _pairs_of(self, requests: tuple[Request, ...], field: str) -> list[int]:
        """(request index x pool size + pool position) of the cadres a request names in `field`."""
        n_cadres = len(self.cadre_ids)
        return [i * n_cadres + p for i, r in enumerate(requests) if getattr(r, field)
                for p, known in zip(*self._locate(sorted(getattr(r, field))), strict=True) if known]

    def explain(self, candidates: Candidates, row: int) -> dict:
        """What the user sees about one candidate: each term and, per required skill, what was found."""
        position = int(candidates.positions[row])
        dept = int(self.department_pos[position])
        skills = []
        for requirement in candidates.requests[candidates.request[row]].requirements:
            at = self.skill_pos[requirement.skill]
            skills.append({
                "skill": requirement.skill, "min_level": requirement.min_level, "weight": requirement.weight,
                "level": int(self.levels[at, position]),
                "confidence": int(self.confidence[at, position]),
                "holders_at_home": int(self.holders[at, requirement.min_level, dept]),
            })
        return {
            "cadre": int(self.cadre_ids[position]),
            "department": int(self.department_ids[dept]),
            "score": int(candidates.totals[row]),
            "terms": dict(zip(TERMS, candidates.terms[row].tolist(), strict=True)),
            "skills": skills,
            "affinity": round(float(candidates.affinity[row]), 3),
            "recent_secondments": int(self.recent[position]),
            "home_lent": int(self.lent[dept]),
            "home_cap": int(self.cap[dept]),
            "interested": int(self.cadre_ids[position]) in candidates.requests[candidates.request[row]].interested,
            "interest_points": self.points["interest"],
        }
