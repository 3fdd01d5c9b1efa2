"""Who may be seconded to a request, and how well each would fit. Pure: arrays in, arrays out, no ORM.

A candidate is a cadre of another department (not the requesting one nor its sub-units) who holds every
required skill at its minimum level or above. Some candidates are excluded, each with its reason:
  * busy: a proposed, accepted, approved or active secondment overlaps the request's window;
  * declined: their home department already declined them for this request;
  * sole critical holder: they are the only one in their department holding a critical required skill
    at the required level, and lending them would leave the department without it;
  * lending cap reached: their department already lends as many people as it may.
The others are scored out of 100 in five terms, each shown to the user:
  skill fit      40  how sure we are of each required skill: certified 100 %, assessed 80 %, self-declared 50 %
  level surplus  15  levels above each minimum (up to two count)
  affinity       15  how used the two departments are to working together (the sharing graph)
  fairness       15  half for people not seconded recently, half for departments that do not lend much yet
  home impact    15  how many colleagues at home hold the same skills; losing one of many hurts less
Each term is averaged over the required skills with the request's weights where it is per skill. Scores are
kept in whole centi-points so that sums are exact and the allocation can compare them without rounding.
The skill-fit term is at least 20 points, so every candidate's score is positive.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import numpy as np

from sharing.allocation import Arcs

TERMS = ("skill_fit", "level_surplus", "affinity", "fairness", "home_impact")
POINTS = {"skill_fit": 40, "level_surplus": 15, "affinity": 15, "fairness": 15, "home_impact": 15}
# Percent confidence in a declared level, by where it came from (talent.models.SkillSource values).
SOURCE_CONFIDENCE = {"certified": 100, "assessed": 80, "self_declared": 50}
SURPLUS_LEVELS = 2
RECENT_SECONDMENTS = 2  # this many recent secondments take away the whole "not seconded recently" half


class Reason(StrEnum):
    BUSY = "busy"
    DECLINED = "declined"
    SOLE_CRITICAL_HOLDER = "sole_critical_holder"
    LENDING_CAP_REACHED = "lending_cap_reached"


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


@dataclass(frozen=True)
class Exclusion:
    cadre: int
    department: int
    reason: Reason
    skill: int | None = None


@dataclass(frozen=True)
class Scored:
    """A request's candidates, best first: pool positions, per-term centi-points (k x 5) and totals."""

    request: Request
    positions: np.ndarray
    terms: np.ndarray
    totals: np.ndarray
    exclusions: tuple[Exclusion, ...]

    def top(self, limit: int) -> "Scored":
        return Scored(self.request, self.positions[:limit], self.terms[:limit], self.totals[:limit], self.exclusions)


def lending_cap(size: int, share: float) -> int:
    """How many of a department's people may be out at once: the share of its cadres, rounded down."""
    return int(size * share + 1e-9)


def _columns(rows: Iterable[tuple], width: int) -> list[Sequence]:
    columns = list(zip(*rows, strict=True))
    return columns if columns else [()] * width


class Pool:
    """Every cadre who could be seconded (not left), with what the scoring needs, indexed once.

    `affinity(host, departments)` gives the sharing-graph affinity of the host with each department.
    """

    def __init__(self, *, cadres: Sequence[int], departments: Sequence[int],
                 skills: Iterable[tuple[int, int, int, str]], busy: Iterable[tuple[int, date, date]],
                 recent: Mapping[int, int], department_size: Mapping[int, int], department_lent: Mapping[int, int],
                 lending_share: float, affinity: Callable[[int, list[int]], np.ndarray]):
        """`skills`: (cadre, skill, level, source) rows; `busy`: (cadre, start, end) of blocking secondments;
        `recent`: secondments per cadre lately; `department_lent`: people each department has out now."""
        order = np.argsort(np.asarray(cadres, dtype=np.int64), kind="stable")
        self.cadre_ids = np.asarray(cadres, dtype=np.int64)[order]
        self.department_ids, self.department_pos = np.unique(
            np.asarray(departments, dtype=np.int64)[order], return_inverse=True)
        self.department_pos = self.department_pos.reshape(-1)
        size = [department_size.get(d, 0) for d in self.department_ids.tolist()]
        self.cap = np.array([lending_cap(s, lending_share) for s in size], dtype=np.int64)
        self.lent = np.array([department_lent.get(d, 0) for d in self.department_ids.tolist()], dtype=np.int64)
        self.recent = np.array([recent.get(c, 0) for c in self.cadre_ids.tolist()], dtype=np.int64)
        self._affinity = affinity
        self._affinity_cache: dict[int, np.ndarray] = {}
        self._holders_cache: dict[tuple[int, int], np.ndarray] = {}
        self._holding_cache: dict[tuple[int, int], np.ndarray] = {}

        cadre, skill, level, source = _columns(skills, 4)
        skill_ids, skill_row = np.unique(np.asarray(skill, dtype=np.int64), return_inverse=True)
        self.skill_pos = {s: i for i, s in enumerate(skill_ids.tolist())}
        # (skill, cadre) matrices, so that each skill's row is contiguous; level 0 = not held.
        self.levels = np.zeros((len(skill_ids), len(self.cadre_ids)), dtype=np.int8)
        self.confidence = np.zeros_like(self.levels)
        where, known = self._locate(cadre)
        self.levels[skill_row[known], where[known]] = np.asarray(level, dtype=np.int8)[known]
        self.confidence[skill_row[known], where[known]] = np.array(
            [SOURCE_CONFIDENCE[s] for s in source], dtype=np.int8)[known]

        cadre, start, end = _columns(busy, 3)
        where, known = self._locate(cadre)
        self.busy_pos = where[known]
        self.busy_start = np.array([d.toordinal() for d in start], dtype=np.int64)[known]
        self.busy_end = np.array([d.toordinal() for d in end], dtype=np.int64)[known]

    def _locate(self, cadres: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """Pool positions of these cadre ids, and which of them are in the pool at all."""
        ids = np.asarray(cadres, dtype=np.int64)
        where = np.searchsorted(self.cadre_ids, ids)
        if not len(self.cadre_ids):
            return where, np.zeros(len(ids), dtype=bool)
        known = self.cadre_ids[np.minimum(where, len(self.cadre_ids) - 1)] == ids
        return where, known

    def capacity(self) -> dict[int, int]:
        """How many more people each department may lend now."""
        return {int(d): int(max(c - lent, 0)) for d, c, lent in zip(self.department_ids, self.cap, self.lent,
                                                                     strict=True)}

    def holders(self, skill_position: int, level: int) -> np.ndarray:
        """Per department: how many of its cadres hold the skill at `level` or above."""
        key = (skill_position, level)
        if key not in self._holders_cache:
            held = self.levels[skill_position] >= level
            self._holders_cache[key] = np.bincount(self.department_pos[held], minlength=len(self.department_ids))
        return self._holders_cache[key]

    def holding(self, skill_position: int, level: int) -> np.ndarray:
        """Pool positions of the cadres holding the skill at `level` or above (ascending)."""
        key = (skill_position, level)
        if key not in self._holding_cache:
            self._holding_cache[key] = np.flatnonzero(self.levels[skill_position] >= level)
        return self._holding_cache[key]

    def affinity_from(self, host: int) -> np.ndarray:
        if host not in self._affinity_cache:
            self._affinity_cache[host] = np.asarray(self._affinity(host, self.department_ids.tolist()), dtype=float)
        return self._affinity_cache[host]

    def score(self, request: Request) -> Scored:
        requirements = request.requirements
        empty = Scored(request, np.zeros(0, np.int64), np.zeros((0, len(TERMS)), np.int64), np.zeros(0, np.int64), ())
        if not requirements or any(r.skill not in self.skill_pos for r in requirements):
            return empty
        rows = [self.skill_pos[r.skill] for r in requirements]
        positions = self.holding(rows[0], requirements[0].min_level)
        for row, requirement in zip(rows[1:], requirements[1:], strict=True):
            positions = positions[self.levels[row, positions] >= requirement.min_level]
        dept = self.department_pos[positions]
        excluded_home = np.isin(self.department_ids[dept], list(request.excluded_departments))
        positions, dept = positions[~excluded_home], dept[~excluded_home]

        overlapping = (self.busy_start <= request.end.toordinal()) & (self.busy_end >= request.start.toordinal())
        reasons: list[tuple[np.ndarray, Reason, int | None]] = []
        if overlapping.any():
            reasons.append((np.isin(positions, self.busy_pos[overlapping]), Reason.BUSY, None))
        if request.declined:
            reasons.append((np.isin(self.cadre_ids[positions], list(request.declined)), Reason.DECLINED, None))
        for row, requirement in zip(rows, requirements, strict=True):
            if requirement.critical:
                sole = self.holders(row, requirement.min_level)[dept] == 1
                reasons.append((sole, Reason.SOLE_CRITICAL_HOLDER, requirement.skill))
        reasons.append((self.lent[dept] >= self.cap[dept], Reason.LENDING_CAP_REACHED, None))

        out = np.zeros(len(positions), dtype=bool)
        exclusions = []
        for mask, reason, skill in reasons:
            if not mask.any():
                continue
            for p in np.flatnonzero(mask & ~out).tolist():
                exclusions.append(Exclusion(int(self.cadre_ids[positions[p]]),
                                            int(self.department_ids[dept[p]]), reason, skill))
            out |= mask
        positions, dept = positions[~out], dept[~out]
        exclusions.sort(key=lambda e: e.cadre)

        weights = np.array([r.weight for r in requirements], dtype=float)
        weights /= weights.sum()
        minimum = np.array([r.min_level for r in requirements], dtype=np.int64)[:, None]
        levels = self.levels[np.ix_(rows, positions)].astype(np.int64)
        confidence = self.confidence[np.ix_(rows, positions)].astype(float) / 100
        holders = np.stack([self.holders(row, r.min_level)[dept] for row, r in zip(rows, requirements, strict=True)])
        surplus = np.minimum(levels - minimum, SURPLUS_LEVELS) / SURPLUS_LEVELS
        recent = np.minimum(self.recent[positions], RECENT_SECONDMENTS) / RECENT_SECONDMENTS
        pressure = self.lent[dept] / np.maximum(self.cap[dept], 1)
        shares = np.stack([
            weights @ confidence,
            weights @ surplus,
            self.affinity_from(request.department)[dept],
            ((1 - recent) + (1 - pressure)) / 2,
            1 - weights @ (1 / np.maximum(holders, 1)),
        ], axis=1)
        terms = np.rint(shares * np.array([POINTS[t] for t in TERMS]) * 100).astype(np.int64)
        totals = terms.sum(axis=1)
        order = np.lexsort((self.cadre_ids[positions], -totals))
        return Scored(request, positions[order], terms[order], totals[order], tuple(exclusions))

    def explain(self, scored: Scored, rank: int) -> dict:
        """What the user sees about one candidate: each term and, per required skill, what was found."""
        position = int(scored.positions[rank])
        dept = int(self.department_pos[position])
        skills = []
        for requirement in scored.request.requirements:
            row = self.skill_pos[requirement.skill]
            skills.append({
                "skill": requirement.skill, "min_level": requirement.min_level, "weight": requirement.weight,
                "level": int(self.levels[row, position]),
                "confidence": int(self.confidence[row, position]),
                "holders_at_home": int(self.holders(row, requirement.min_level)[dept]),
            })
        return {
            "cadre": int(self.cadre_ids[position]),
            "department": int(self.department_ids[dept]),
            "score": int(scored.totals[rank]),
            "terms": dict(zip(TERMS, scored.terms[rank].tolist(), strict=True)),
            "skills": skills,
            "affinity": round(float(self.affinity_from(scored.request.department)[dept]), 3),
            "recent_secondments": int(self.recent[position]),
            "home_lent": int(self.lent[dept]),
            "home_cap": int(self.cap[dept]),
        }


def arcs(pool: Pool, scored: Iterable[Scored]) -> Arcs:
    """The allocation's input: one arc per (request, candidate) with the candidate's department and score."""
    scored = list(scored)
    if not scored:
        return Arcs.of([])
    return Arcs(
        requests=np.concatenate([np.full(len(x.positions), x.request.id, dtype=np.int64) for x in scored]),
        cadres=np.concatenate([pool.cadre_ids[x.positions] for x in scored]),
        departments=np.concatenate([pool.department_ids[pool.department_pos[x.positions]] for x in scored]),
        scores=np.concatenate([x.totals for x in scored]).astype(np.int64),
    )
