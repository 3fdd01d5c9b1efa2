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

The pool is indexed once as arrays (Pool); the requests are then scored a batch at a time by a compiled kernel
(sharing.scoring_kernel), which finds a request's candidates by intersecting bit sets of who holds each required
skill at its minimum, and keeps only each request's best when asked to.
"""

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

import numpy as np
from scipy import sparse

from sharing import rules
from sharing.allocation import Arcs

TERMS = ("skill_fit", "level_surplus", "affinity", "fairness", "home_impact", "interest")
# The interest term's points are set per bureau (Pool's interest_points); this is its default.
POINTS = {"skill_fit": 40, "level_surplus": 15, "affinity": 15, "fairness": 15, "home_impact": 15, "interest": 0}
# Percent confidence in a declared level, by where it came from (talent.models.SkillSource values).
SOURCE_CONFIDENCE = {"certified": 100, "assessed": 80, "self_declared": 50}
SURPLUS_LEVELS = 2
RECENT_SECONDMENTS = 2  # this many recent secondments take away the whole "not seconded recently" half
TOP_LEVEL = 5
LEVELS = TOP_LEVEL + 1  # 0 (not held) to TOP_LEVEL
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


def _flat(lists: Sequence) -> tuple[np.ndarray, np.ndarray]:
    """Lists of integers as one array of pointers (list i is values[pointers[i]:pointers[i + 1]]) and the values."""
    lengths = [len(values) for values in lists]
    pointers = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    values = np.concatenate([np.asarray(v, dtype=np.int64) for v in lists]) if sum(lengths) else np.empty(0, np.int64)
    return pointers, values


class Pool:
    """Every cadre who could be seconded (not left), with what the scoring needs, indexed once.

    `affinity(hosts, departments)` gives the sharing-graph affinity of each host (rows) with each department
    (columns), a matrix or a sparse one, such as a sharing.graph.Affinity gives.
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
        # Four bytes a cadre, not eight: the scoring reads it for every pair, scattered over the pool.
        self.department_pos = self.department_pos.reshape(-1).astype(np.int32)
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
        self._recent = np.minimum(self.recent, RECENT_SECONDMENTS).astype(np.int8)  # all the scoring needs, a byte
        self.out = np.zeros(len(self.cadre_ids), dtype=bool)
        where, known = self._locate(sorted(set(out)))
        self.out[where[known]] = True
        self._affinity = affinity
        self.points = {**POINTS, "interest": interest_points}

        rows = np.asarray(skills, dtype=np.int64).reshape(-1, 4)
        where, known = self._locate(rows[:, 0])
        rows, where = rows[known], where[known]
        skill_ids, skill_row = np.unique(rows[:, 1], return_inverse=True)
        level = rows[:, 2]
        self.skill_ids = skill_ids
        self.skill_pos = {s: i for i, s in enumerate(skill_ids.tolist())}
        # A (skill, cadre) matrix of levels, 0 = not held: a skill's row gives its bit sets (_hold).
        self.levels = np.zeros((len(skill_ids), len(self.cadre_ids)), dtype=np.int8)
        self.levels[skill_row, where] = level
        # The level and the confidence as one code per cadre and skill (level x number of confidences + the
        # confidence's index), a row per cadre: the scoring reads a pair's every requirement in one place and in one
        # read (scoring_kernel), not in tables whose rows are a million bytes long.
        # Made from the rows, not the levels: turning a table of sixty million cells on its side took a second.
        # The confidences are percentages, counted rather than sorted; 0 (not held) is always the first.
        present = np.bincount(rows[:, 3], minlength=1) > 0
        present[0] = True
        self._confidences = np.flatnonzero(present)
        index = np.cumsum(present) - 1  # a confidence -> its place among them
        self._codes = np.zeros((len(self.cadre_ids), len(skill_ids)),
                               dtype=np.min_scalar_type(LEVELS * len(self._confidences)))
        self._codes[where, skill_row] = level * len(self._confidences) + index[rows[:, 3]]
        # holders[skill, level, department]: how many of the department's cadres hold the skill at that level
        # or above (each cadre has one row per skill).
        n_departments = len(self.department_ids)
        held = np.bincount((skill_row * LEVELS + level) * n_departments + self.department_pos[where],
                           minlength=len(skill_ids) * LEVELS * n_departments)
        self.holders = np.ascontiguousarray(
            np.flip(np.flip(held.reshape(len(skill_ids), LEVELS, n_departments), 1).cumsum(1), 1))

        # Who holds each skill at each level or above, as bit sets (_bits), a row per skill and level: a skill's
        # rows are made when a request first asks for it (_hold; untouched rows take no memory).
        self._held_bits = np.zeros((len(skill_ids) * LEVELS, -(-len(self.cadre_ids) // 64)), dtype=np.uint64)
        self._held = np.zeros(len(skill_ids), dtype=bool)

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

    def score(self, requests: Sequence[Request], best: int | None = None) -> Candidates:
        """Every qualified candidate of every request, scored, and the people excluded with the reason. With
        `best`, only each request's best `best` candidates: the same as `score(requests).top(best)`, without
        sorting every candidate (at a million cadres, nine million scored for half a million kept).

        The requests are scored BATCH at a time by the compiled kernel (sharing.scoring_kernel), two batches at
        once on a machine with two processors or more (the kernel lets go of the interpreter)."""
        from sharing import scoring_kernel  # numba loads a compiler: only the processes that score pay for it

        requests = tuple(requests)
        self._hold(requests)
        # The sharing graph's affinity of every requesting department with every department, as the ties there are
        # (its indices made int64 below whatever scipy chose: one compiled kernel for every pool).
        hosts, host_row = np.unique(np.array([r.department for r in requests], dtype=np.int64), return_inverse=True)
        affinity = sparse.csr_array(self._affinity(hosts.tolist(), self.department_ids.tolist()), dtype=float)
        host_row = host_row.reshape(-1)
        starts = range(0, len(requests), BATCH) or [0]
        with ThreadPoolExecutor(max_workers=min(len(starts), os.cpu_count() or 1)) as threads:
            parts = list(threads.map(lambda start: self._score(scoring_kernel, requests[start:start + BATCH], best,
                                                               affinity, host_row[start:start + BATCH]), starts))
        kept, excluded = (np.concatenate([part[k] for part in parts]) for k in (0, 2))
        for k, rows in ((0, kept), (2, excluded)):  # each batch counts its requests from 0
            rows[:, 0] += np.repeat(np.arange(0, len(requests) or 1, BATCH), [len(part[k]) for part in parts])
        request, positions, dept = kept[:, 0], kept[:, 1], kept[:, 2]
        return Candidates(
            requests, request=request, positions=positions, cadres=self.cadre_ids[positions],
            departments=self.department_ids[dept], units=self.unit[dept], counted=~self.out[positions],
            terms=kept[:, 4:], totals=kept[:, 3], affinity=np.concatenate([part[1] for part in parts]),
            rank=np.arange(len(request)) - np.searchsorted(request, request, "left"),
            excluded={"request": excluded[:, 0], "cadre": self.cadre_ids[excluded[:, 1]],
                      "department": self.department_ids[excluded[:, 2]], "reason": excluded[:, 3],
                      "skill": excluded[:, 4]})

    def _hold(self, requests: tuple[Request, ...]) -> None:
        """Make the bit sets of who holds each skill the requests ask for, at every level (before the batches
        are scored in threads, which only read them)."""
        for skill in sorted({self.skill_pos[r.skill] for request in requests for r in request.requirements
                             if r.skill in self.skill_pos}):
            if not self._held[skill]:
                for level in range(LEVELS):
                    self._held_bits[skill * LEVELS + level] = _bits(self.levels[skill] >= level)
                self._held[skill] = True

    def _score(self, kernel, requests: tuple[Request, ...], best: int | None, affinity: sparse.csr_array,
               host_row: np.ndarray):
        """One batch: the kernel's kept rows, their affinity and the excluded rows, requests counted from 0.
        `affinity`: each host's (row) with each department; `host_row`: each request's host's row."""
        skill, minimum, weight, critical, real, possible = self._tables(requests)
        keys = [(skill[i] * LEVELS + minimum[i])[real[i]] if possible[i] else np.empty(0, dtype=np.int64)
                for i in range(len(requests))]
        window = np.array([[r.start.toordinal(), r.end.toordinal()] for r in requests],
                          dtype=np.int64).reshape(-1, 2)
        # The lending units' longest secondments: a column per length, the latest end each allows per request.
        months = np.unique(self.max_months[self.max_months > 0])
        months_column = np.searchsorted(months, self.max_months)
        months_column[self.max_months == 0] = -1
        latest = np.array([[rules.latest_end(r.start, m).toordinal() for m in months.tolist()] for r in requests],
                          dtype=np.int64).reshape(len(requests), len(months))
        never = np.iinfo(np.int64).max
        lead = np.array([(r.start - self.today).days if self.today else never for r in requests], dtype=np.int64)
        return kernel.score_batch(
            self._held_bits, *_flat(keys), *_flat([[self._department_index.get(home, -1) for home in
                                                    r.excluded_departments] for r in requests]),
            self.department_pos, self._codes, self._confidences, self.holders,
            self.busy_pos, self.busy_start, self.busy_end, window,
            *self._named(requests, "declined"), *self._named(requests, "refused"),
            *self._named(requests, "interested"),
            skill, minimum, weight, critical, self.skill_ids, self.lent, self.cap, self.out,
            months_column, latest, self.notice_days, lead, self._recent,
            affinity.indptr.astype(np.int64), affinity.indices.astype(np.int64), affinity.data, host_row,
            np.array([self.points[term] for term in TERMS], dtype=float), -1 if best is None else best)

    def _named(self, requests: tuple[Request, ...], field: str) -> tuple[np.ndarray, np.ndarray]:
        """The pool positions of the cadres each request names in `field`, sorted, as pointers and values."""
        located = [self._locate(sorted(getattr(r, field))) if getattr(r, field) else (np.empty(0, np.int64),) * 2
                   for r in requests]
        return _flat([where[known] for where, known in located])

    def explain(self, candidates: Candidates, row: int) -> dict:
        """What the user sees about one candidate: each term and, per required skill, what was found."""
        position = int(candidates.positions[row])
        dept = int(self.department_pos[position])
        skills = []
        for requirement in candidates.requests[candidates.request[row]].requirements:
            at = self.skill_pos[requirement.skill]
            level, confidence = divmod(int(self._codes[position, at]), len(self._confidences))
            skills.append({
                "skill": requirement.skill, "min_level": requirement.min_level, "weight": requirement.weight,
                "level": int(level),
                "confidence": int(self._confidences[confidence]),
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
