"""The incentive list of one cycle: who is eligible, each person's score, the money, the rank and the
honours. Pure: plain values in, plain values out, no ORM.

Every step is exact so that a person can redo their line by hand and the list adds up to the fen:

1. Eligibility: no appraisal grade for the year, the grade 不称职, or fewer months in post than the
   policy asks excludes a person; the reason is kept.
2. Each component's value: the grade's points; the latest literacy composite; the impacts (1-5) of
   the verified contributions added up, plus the policy's points per learning activity led times the
   activities led and its points per activity attended times those attended (an activity one led is
   counted as led only), plus, for a head, the policy's points per person lent times the distinct people
   the departments they head lent (secondments completed in the year; 0 points by default, so the term is
   off unless the policy turns it on); the mean of the host's ratings of the secondments completed.
3. Each component is normalised within the cycle: the person's value divided by the best value among
   the eligible, rounded to 4 places (0 when nobody has any).
4. Score (0-100) = sum of weight x normalised x 100, rounded to 2 places.
5. Allocation weight = score x rank coefficient x tilt (1, or the policy's tilt for the digital
   backbone): exact, 6 places.
6. The budget is shared in proportion to the weights. A share above the cap is cut to the cap and the
   rest of the budget is shared again among the others ("water-filling"); this is done in whole fen
   with integer arithmetic, then each share is cut to the fen and the fen left over go one each to the
   largest remainders (ties: larger weight, then staff number). So the amounts add up to the budget
   exactly, unless the cap times the number of people with a positive weight is smaller than the
   budget: then everyone gets the cap and the rest is reported as unallocated.
7. Rank: by score, equal scores share a rank. Honours: the top `honour_percent` % of the eligible
   (rounded down), best score first, skipping people whose department already has its quota.

Nothing depends on the order of the input: the same people and policy always give the same list.
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

COMPONENTS = ("appraisal", "literacy", "contributions", "secondments")
GRADES = ("excellent", "competent", "basic", "incompetent")
EXCLUDED_GRADE = "incompetent"

FEN = Decimal("0.01")
FOUR_PLACES = Decimal("0.0001")
WEIGHT_PLACES = 6  # allocation weights have 6 decimal places; as integers they divide exactly
WEIGHT_SCALE = 10**WEIGHT_PLACES
ONE = Decimal(1)  # shared: Decimals are immutable, and a new one per person is 100 MB at a million


EXCLUSION_NO_GRADE = "no_grade"
EXCLUSION_INCOMPETENT = "incompetent"
EXCLUSION_TOO_NEW = "too_new"


@dataclass(frozen=True)
class Policy:
    weights: Mapping[str, Decimal]  # one per component, adding up to 1
    grade_points: Mapping[str, Decimal]  # points 0-100 for each grade but 不称职
    rank_coefficients: Mapping[str, Decimal]  # rank code -> coefficient; a missing rank counts 1
    backbone_min_contributions: int
    backbone_min_skill_level: int
    backbone_min_critical_skills: int
    backbone_tilt: Decimal
    cap: Decimal | None
    min_months_in_post: int
    honour_percent: Decimal
    honour_max_per_department: int
    points_per_activity_led: Decimal  # added to the contributions component per learning activity led
    points_per_activity_attended: Decimal  # and per learning activity attended
    points_per_person_lent: Decimal = Decimal(0)  # and, for a head, per person their departments lent


@dataclass(frozen=True, slots=True)
class Person:
    cadre_id: int
    staff_number: str
    department_id: int
    rank: str
    months_in_post: int
    grade: str | None
    literacy: Decimal | None = None  # the latest composite 0-100, None when never assessed
    contributions: tuple[int, ...] = ()  # impact 1-5 of each verified contribution in the period
    secondment_ratings: tuple[int, ...] = ()  # host ratings 1-5 of secondments completed in the period
    critical_skills: tuple[tuple[str, int], ...] = ()  # (skill code, level) of the critical skills held
    activities_led: int = 0  # learning-group activities led that started in the period
    activities_attended: int = 0  # those attended that started in the period, the ones led left out
    people_lent: int = 0  # for a head: distinct people their departments lent (secondments completed)


@dataclass(frozen=True, slots=True)
class Component:
    value: Decimal  # the person's own figure: grade points, composite, impacts + learning, mean rating
    best: Decimal  # the best value among the eligible in this cycle
    normalised: Decimal  # value / best, 4 places
    weight: Decimal
    points: Decimal  # weight x normalised x 100


@dataclass(slots=True)
class Line:
    cadre_id: int
    staff_number: str
    department_id: int
    eligible: bool
    exclusion: str | None
    components: dict[str, Component]
    score: Decimal
    coefficient: Decimal
    backbone: bool
    backbone_skills: tuple[str, ...]  # the critical skills at or above the level that made them backbone
    tilt: Decimal
    weight: Decimal
    capped: bool
    # The share before rounding: whole fen plus remainder / divisor fen (the divisor is the pool weight).
    exact_fen: tuple[int, int, int]
    extra_fen: bool  # got one of the fen left over after cutting every share to the fen
    amount: Decimal
    rank: int | None
    honour: bool


@dataclass(frozen=True)
class Result:
    lines: list[Line]  # ranked eligible people first, then the excluded by staff number
    budget: Decimal
    total: Decimal
    unallocated: Decimal
    total_weight: Decimal
    pool: Decimal  # what is shared in proportion after the capped people got the cap
    pool_weight: Decimal  # the sum of the weights sharing the pool
    capped_count: int
    best: dict[str, Decimal]  # each component's best value among the eligible


def check_weights(weights: Mapping[str, Decimal]) -> None:
    """Raise ValueError(message, total) unless there is one weight per component, each 0-1, adding up to 1."""
    total = sum((Decimal(w) for w in weights.values()), Decimal(0))
    if set(weights) != set(COMPONENTS):
        raise ValueError("one weight per component is needed", total)
    if any(not Decimal(0) <= Decimal(w) <= 1 for w in weights.values()) or total != 1:
        raise ValueError("weights must lie in 0-1 and add up to 1", total)


def months_between(start: date, end: date) -> int:
    """Whole months from start to end: 2024-03-15 -> 2024-09-14 is 5, -> 2024-09-15 is 6."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)


def exclusion(person: Person, policy: Policy) -> str | None:
    if person.grade is None:
        return EXCLUSION_NO_GRADE
    if person.grade == EXCLUDED_GRADE:
        return EXCLUSION_INCOMPETENT
    if person.months_in_post < policy.min_months_in_post:
        return EXCLUSION_TOO_NEW
    return None


def backbone_skills(person: Person, policy: Policy) -> tuple[str, ...]:
    if not person.critical_skills:
        return ()
    return tuple(sorted(code for code, level in person.critical_skills if level >= policy.backbone_min_skill_level))


def learning_points(person: Person, policy: Policy) -> Decimal:
    return (person.activities_led * Decimal(policy.points_per_activity_led)
            + person.activities_attended * Decimal(policy.points_per_activity_attended)
            + person.people_lent * Decimal(policy.points_per_person_lent))


def raw_values(person: Person, policy: Policy) -> tuple[Decimal, ...]:
    """The person's own figure for each component, in the order of COMPONENTS."""
    ratings = person.secondment_ratings
    return (
        Decimal(policy.grade_points.get(person.grade, 0)) if person.grade else Decimal(0),
        Decimal(person.literacy) if person.literacy is not None else Decimal(0),
        sum(person.contributions) + learning_points(person, policy),
        (Decimal(sum(ratings)) / len(ratings)).quantize(FEN, ROUND_HALF_UP) if ratings else Decimal(0),
    )


class _Scorer:
    """Normalises components and sums a score once per distinct set of figures: a province has 50,000
    people but far fewer distinct figures, and Components are immutable, so lines share them."""

    def __init__(self, best: Mapping[str, Decimal], weights: Mapping[str, Decimal]):
        self.best, self.weights = best, {name: Decimal(weights[name]) for name in COMPONENTS}
        self.known: dict[tuple[Decimal, ...], tuple[dict[str, Component], Decimal]] = {}

    def _component(self, name: str, value: Decimal) -> Component:
        top, weight = self.best[name], self.weights[name]
        normalised = (value / top).quantize(FOUR_PLACES, ROUND_HALF_UP) if top > 0 else Decimal("0.0000")
        return Component(value, top, normalised, weight, weight * normalised * 100)

    def __call__(self, values: tuple[Decimal, ...]) -> tuple[dict[str, Component], Decimal]:
        found = self.known.get(values)
        if found is None:
            components = {name: self._component(name, value) for name, value in zip(COMPONENTS, values, strict=True)}
            score = sum((c.points for c in components.values()), Decimal(0)).quantize(FEN, ROUND_HALF_UP)
            found = self.known[values] = (components, score)
        return found


def _share(weights: Sequence[int], budget_fen: int, cap_fen: int | None) -> tuple[list[int], list[bool], int, int]:
    """Water-filling: (amounts in fen, capped flags, pool in fen, pool weight) for integer weights.

    People are capped from the largest weight down: person k (k-th largest) is uncapped as soon as
    their proportional share of what is left, pool_k x w_k / W_k, does not exceed the cap; everyone
    after them then has a share no larger, so the capped people form a prefix of that order.
    """
    n = len(weights)
    order = sorted(range(n), key=lambda i: -weights[i])
    suffix = [0] * (n + 1)
    for position in range(n - 1, -1, -1):
        suffix[position] = suffix[position + 1] + weights[order[position]]
    capped_count = 0
    pool = budget_fen
    if cap_fen is not None:
        while capped_count < n and pool * weights[order[capped_count]] > cap_fen * suffix[capped_count]:
            pool -= cap_fen
            capped_count += 1
    capped = [False] * n
    amounts = [0] * n
    for position in range(capped_count):
        capped[order[position]] = True
        amounts[order[position]] = cap_fen
    return amounts, capped, pool, suffix[capped_count]


@dataclass(slots=True)
class _Scored:
    person: Person
    eligible: bool
    components: dict[str, Component]
    score: Decimal
    coefficient: Decimal
    backbone: bool
    backbone_skills: tuple[str, ...]
    tilt: Decimal
    weight: Decimal


def _score(person: Person, values: tuple[Decimal, ...], scorer: _Scorer, eligible: bool,
           policy: Policy) -> _Scored:
    components, score = scorer(values)
    if not eligible:
        score = Decimal("0.00")
    skills = backbone_skills(person, policy)
    # The digital backbone (数字骨干): enough verified contributions and enough critical skills held high.
    backbone = (len(person.contributions) >= policy.backbone_min_contributions
                and len(skills) >= policy.backbone_min_critical_skills)
    coefficient = Decimal(policy.rank_coefficients.get(person.rank, 1))
    tilt = Decimal(policy.backbone_tilt) if backbone else ONE
    return _Scored(person, eligible, components, score, coefficient, backbone, skills if backbone else (), tilt,
                   score * coefficient * tilt)


def _round_to_fen(amounts: list[int], capped: list[bool], weights: Sequence[int], pool: int, pool_weight: int,
                  staff_numbers: Sequence[str]) -> tuple[dict[int, int], set[int]]:
    """Cuts every uncapped share to the fen (in place) and hands the fen left over to the largest
    remainders; returns the remainders and who got an extra fen."""
    remainders = {}
    for i, weight in enumerate(weights):
        if not capped[i]:
            amounts[i], remainders[i] = divmod(pool * weight, pool_weight)
    left_over = pool - sum(amounts[i] for i in remainders)
    by_remainder = sorted(remainders, key=lambda i: (-remainders[i], -weights[i], staff_numbers[i]))
    extra = set(by_remainder[:left_over])
    for i in extra:
        amounts[i] += 1
    return remainders, extra


def compute(*, people: Iterable[Person], policy: Policy, budget: Decimal) -> Result:
    people = sorted(people, key=lambda p: p.staff_number)
    excluded = {p.cadre_id: exclusion(p, policy) for p in people}
    eligible = [p for p in people if excluded[p.cadre_id] is None]
    values = {p.cadre_id: raw_values(p, policy) for p in people}
    best = {name: max((values[p.cadre_id][i] for p in eligible), default=Decimal(0))
            for i, name in enumerate(COMPONENTS)}
    scorer = _Scorer(best, policy.weights)
    scored = [_score(p, values[p.cadre_id], scorer, excluded[p.cadre_id] is None, policy) for p in people]
    # A million tuples of Decimals, the scorer's table of them and the eligible: no longer needed, freed before the
    # peak below.
    del values, scorer, eligible

    sharing = [s for s in scored if s.eligible and s.weight > 0]
    weights = [int(s.weight * WEIGHT_SCALE) for s in sharing]
    budget_fen = int(Decimal(budget) * 100)
    cap_fen = int(Decimal(policy.cap) * 100) if policy.cap is not None else None
    amounts, capped, pool, pool_weight = _share(weights, budget_fen, cap_fen)
    remainders, extra = ({}, set()) if not pool_weight else _round_to_fen(
        amounts, capped, weights, pool, pool_weight, [s.person.staff_number for s in sharing])
    position = {s.person.cadre_id: i for i, s in enumerate(sharing)}

    ranked = _by_score((s.person, s.score) for s in scored if s.eligible)  # sorted once for both
    ranks, honoured = _ranks(ranked), _honours(ranked, policy)
    del ranked

    lines = []
    for s in scored:
        person, i = s.person, position.get(s.person.cadre_id)
        lines.append(Line(
            cadre_id=person.cadre_id, staff_number=person.staff_number, department_id=person.department_id,
            eligible=s.eligible, exclusion=excluded[person.cadre_id], components=s.components, score=s.score,
            coefficient=s.coefficient, backbone=s.backbone, backbone_skills=s.backbone_skills, tilt=s.tilt,
            weight=s.weight,
            capped=i is not None and capped[i],
            exact_fen=(pool * weights[i] // pool_weight, remainders[i], pool_weight) if i in remainders
            else (amounts[i] if i is not None else 0, 0, 1),
            extra_fen=i in extra,
            amount=Decimal(amounts[i]).scaleb(-2) if i is not None else Decimal("0.00"),
            rank=ranks.get(person.cadre_id), honour=person.cadre_id in honoured,
        ))
    lines.sort(key=lambda line: (not line.eligible, line.rank or 0, line.staff_number))

    total_fen = sum(amounts)
    return Result(
        lines=lines, budget=Decimal(budget_fen).scaleb(-2), total=Decimal(total_fen).scaleb(-2),
        unallocated=Decimal(budget_fen - total_fen).scaleb(-2),
        total_weight=Decimal(sum(weights)).scaleb(-WEIGHT_PLACES), pool=Decimal(pool).scaleb(-2),
        pool_weight=Decimal(pool_weight).scaleb(-WEIGHT_PLACES), capped_count=sum(capped), best=best,
    )


def _by_score(scored: Iterable[tuple[Person, Decimal]]) -> list[tuple[Person, Decimal]]:
    return sorted(scored, key=lambda pair: (-pair[1], pair[0].staff_number))


def _ranks(ranked: Sequence[tuple[Person, Decimal]]) -> dict[int, int]:
    """Competition ranking of the eligible, best first: equal scores share a rank and the next rank skips
    (1, 2, 2, 4)."""
    ranks, previous = {}, None
    for position, (person, score) in enumerate(ranked, start=1):
        if score != previous:
            rank, previous = position, score
        ranks[person.cadre_id] = rank
    return ranks


def honour_count(eligible: int, percent: Decimal) -> int:
    return int((Decimal(eligible) * Decimal(percent) / 100).to_integral_value(ROUND_DOWN))


def _honours(ranked: Sequence[tuple[Person, Decimal]], policy: Policy) -> set[int]:
    """The honoured among the eligible, best first."""
    quota = honour_count(len(ranked), policy.honour_percent)
    per_department: Counter[int] = Counter()
    chosen: set[int] = set()
    for person, score in ranked:
        if len(chosen) >= quota or score <= 0:
            break
        if per_department[person.department_id] < policy.honour_max_per_department:
            per_department[person.department_id] += 1
            chosen.add(person.cadre_id)
    return chosen
