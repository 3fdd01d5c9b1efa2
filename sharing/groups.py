"""Suggesting a cross-department learning group for a topic. Pure: candidates in, an explained suggestion out.

A group mixes experts, who hold at least one of the topic's skills at level 4 or 5, with learners, who
fall short of their tier's target on the capacity the group builds and are not experts in the topic.
Each candidate's merit is 0-1: an expert's is the share of the top level (5 in every topic skill) their
expert-level skills add up to, a learner's the share of the target they are missing. The sharing graph's
isolation of their department (0-1, sharing.analytics) is added at ISOLATION_WEIGHT, so between two equally
good people the one from a department that shares little is taken: the group is a way out of the silo.
No department gives more than `per_department` people, so the group always spans several departments;
experts are chosen first (they are scarce), and the most expert of them is proposed as leader.
"""

from collections import Counter
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, replace
from typing import NamedTuple

EXPERT_LEVEL = 4
TOP_LEVEL = 5
ISOLATION_WEIGHT = 0.25
# A department this isolated or more is named in the reasons; below it the department is well connected.
NOTABLE_ISOLATION = 0.2

EXPERT = "expert"
LEARNER = "learner"


class Candidate(NamedTuple):
    cadre: int
    department: int
    levels: Mapping[int, int]  # topic skill id -> level held; skills not held are absent
    capacity_score: int | None = None  # latest assessment on the group's capacity
    capacity_target: int | None = None  # their tier's target on it


@dataclass(frozen=True)
class Pick:
    cadre: int
    department: int
    role: str
    merit: float
    isolation: float
    score: float
    reasons: tuple[dict, ...]


@dataclass(frozen=True)
class Suggestion:
    leader: int | None
    experts: list[Pick]
    learners: list[Pick]
    shortfalls: tuple[str, ...]  # what could not be met: "experts", "learners", "departments"

    @property
    def departments(self) -> list[int]:
        return sorted({p.department for p in [*self.experts, *self.learners]})


def expertise(candidate: Candidate, skills: Sequence[int]) -> float:
    expert_levels = [candidate.levels.get(s, 0) for s in skills if candidate.levels.get(s, 0) >= EXPERT_LEVEL]
    return sum(expert_levels) / (TOP_LEVEL * len(skills)) if skills else 0.0


def need(candidate: Candidate) -> float:
    """The share of the target the learner is missing; 0 for anyone at or above it or not assessed."""
    score, target = candidate.capacity_score, candidate.capacity_target
    if score is None or not target or score >= target:
        return 0.0
    return (target - score) / target


def _department_reason(department: int, isolation: float, silos: Set[int]) -> tuple[dict, ...]:
    if department in silos:
        return ({"code": "silo_department"},)
    if isolation >= NOTABLE_ISOLATION:
        return ({"code": "weakly_tied_department", "isolation": round(isolation, 2)},)
    return ()


def _ranked(pool: Sequence[Candidate], merits: Sequence[float], isolation: Mapping[int, float]) -> list[tuple]:
    """(-score, cadre, merit, isolation, candidate), best first; kept light, as learners may be thousands."""
    alone = [isolation.get(c.department, 1.0) for c in pool]
    return sorted((-(m + ISOLATION_WEIGHT * a), c.cadre, m, a, c) for c, m, a in zip(pool, merits, alone, strict=True))


def _take(ranked: list[tuple], count: int, per_department: Counter, cap: int, *,
          spread_at_last: bool) -> list[tuple]:
    """The best `count` within the department cap. With spread_at_last, the last place goes to another
    department when all taken so far come from one (so the group can be formed)."""
    taken = []
    for entry in ranked:
        department = entry[-1].department
        if len(taken) == count:
            break
        if per_department[department] >= cap:
            continue
        if spread_at_last and len(taken) == count - 1 and set(per_department) == {department}:
            continue
        taken.append(entry)
        per_department[department] += 1
    return taken


def _pick(entry: tuple, role: str, skills: Sequence[int], capacity: str, silos: Set[int]) -> Pick:
    _score, _cadre, merit, alone, c = entry
    if role == EXPERT:
        reasons = ({"code": "expert", "skills": [{"skill": s, "level": c.levels[s]} for s in skills
                                                 if c.levels.get(s, 0) >= EXPERT_LEVEL]},)
    else:
        held = [{"skill": s, "level": c.levels[s]} for s in skills if s in c.levels]
        reasons = ({"code": "below_target", "capacity": capacity, "score": c.capacity_score,
                    "target": c.capacity_target}, *(({"code": "topic_levels", "skills": held},) if held else ()))
    return Pick(c.cadre, c.department, role, merit, alone, merit + ISOLATION_WEIGHT * alone,
                reasons + _department_reason(c.department, alone, silos))


def suggest(*, candidates: Sequence[Candidate], skills: Sequence[int], capacity: str,
            isolation: Mapping[int, float], silos: Set[int] = frozenset(), experts: int = 2, learners: int = 6,
            per_department: int = 2) -> Suggestion:
    """The suggested experts and learners, best first, each with the reasons they were chosen.

    isolation: department -> 0-1 from the sharing graph (a department missing from it counts as 1: it has
    never shared); silos: the departments the graph reports as silos.
    """
    expert_pool, learner_pool = [], []
    for c in candidates:
        if any(c.levels.get(s, 0) >= EXPERT_LEVEL for s in skills):
            expert_pool.append(c)
        elif c.capacity_score is not None and c.capacity_target and c.capacity_score < c.capacity_target:
            learner_pool.append(c)
    per = Counter()
    chosen_experts = [_pick(entry, EXPERT, skills, capacity, silos) for entry in _take(
        _ranked(expert_pool, [expertise(c, skills) for c in expert_pool], isolation),
        experts, per, per_department, spread_at_last=learners == 0)]
    chosen_learners = [_pick(entry, LEARNER, skills, capacity, silos) for entry in _take(
        _ranked(learner_pool, [need(c) for c in learner_pool], isolation),
        learners, per, per_department, spread_at_last=True)]
    leader = max(chosen_experts, key=lambda p: (p.merit, -p.cadre), default=None)
    if leader is not None:
        chosen_experts = [replace(p, reasons=({"code": "leader"}, *p.reasons)) if p is leader else p
                          for p in chosen_experts]
    shortfalls = tuple(name for name, short in (
        ("experts", len(chosen_experts) < experts), ("learners", len(chosen_learners) < learners),
        ("departments", len(per) < 2)) if short)
    return Suggestion(leader.cadre if leader else None, chosen_experts, chosen_learners, shortfalls)
