"""The five-capacity literacy arithmetic: composite scores, gaps to a tier's targets, and which
training closes them. Pure: plain values in, plain values out, no ORM.

Scores are whole numbers 0-100; weights are Decimals that add up to exactly 1, so a composite is an
exact Decimal with two places and sorting or comparing composites never meets rounding noise.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

CAPACITIES = ("perception", "execution", "decision", "creativity", "development")
TWO_PLACES = Decimal("0.01")

# The article's "layered cultivation": leaders weigh decision and development, general cadres execution,
# technical specialists execution and creativity. tier: (weights, targets), in CAPACITIES order.
DEFAULT_PROFILES = {
    "leader": (("0.15", "0.15", "0.30", "0.15", "0.25"), (75, 70, 85, 70, 85)),
    "general": (("0.20", "0.35", "0.15", "0.15", "0.15"), (75, 80, 65, 60, 70)),
    "specialist": (("0.15", "0.30", "0.15", "0.25", "0.15"), (75, 85, 70, 80, 75)),
}


def check_weights(weights: Mapping[str, Decimal]) -> None:
    """Raise ValueError(message, total) unless there is one weight per capacity, each 0-1, adding up to 1."""
    if set(weights) != set(CAPACITIES):
        raise ValueError("one weight per capacity is needed", sum(weights.values(), Decimal(0)))
    total = sum((Decimal(w) for w in weights.values()), Decimal(0))
    if any(not Decimal(0) <= Decimal(w) <= 1 for w in weights.values()) or total != 1:
        raise ValueError("weights must lie in 0-1 and add up to 1", total)


def composite(scores: Mapping[str, int], weights: Mapping[str, Decimal]) -> Decimal:
    """The weighted score 0-100, two decimal places. Weights are taken as given (see check_weights)."""
    total = sum((Decimal(scores[c]) * Decimal(weights[c]) for c in CAPACITIES), Decimal(0))
    return total.quantize(TWO_PLACES)


def gaps(scores: Mapping[str, int], targets: Mapping[str, int]) -> dict[str, int]:
    """How far each capacity falls short of its target: target - score, never below 0."""
    return {c: max(targets[c] - scores[c], 0) for c in CAPACITIES}


@dataclass(frozen=True)
class Program:
    id: int
    name: str
    capacities: tuple[str, ...]
    tiers: tuple[str, ...]  # empty: every tier
    raises: tuple[tuple[int, int], ...] = ()  # (skill id, level it raises the skill to)


@dataclass(frozen=True)
class Recommendation:
    program_id: int
    name: str
    closes: tuple[tuple[str, int], ...]  # (capacity, gap) pairs, largest gap first
    score: int


def recommend(
    *, tier: str, gap_by_capacity: Mapping[str, int], programs: Iterable[Program],
    completed: Iterable[int] = (), held: Mapping[int, int] | None = None, limit: int = 5,
) -> list[Recommendation]:
    """Programs for this tier that build the capacities with the largest gaps, best first.

    A program scores the sum of the gaps it addresses, so one that closes the largest gap ranks above
    one that closes only small ones; programs already completed and capacities without a gap are left out,
    and so is a program that raises skills when the cadre already holds each of them (`held`: skill id ->
    level) at or above the level it raises them to: it would teach them nothing they do not have.
    Ties go to the program that addresses more capacities, then to the lower id (stable output).
    """
    done = set(completed)
    held = held or {}
    found = []
    for program in programs:
        if program.id in done or (program.tiers and tier not in program.tiers):
            continue
        if program.raises and all(held.get(skill, 0) >= level for skill, level in program.raises):
            continue
        closes = sorted(((c, gap_by_capacity.get(c, 0)) for c in program.capacities
                         if gap_by_capacity.get(c, 0) > 0), key=lambda pair: (-pair[1], CAPACITIES.index(pair[0])))
        if closes:
            found.append(Recommendation(program.id, program.name, tuple(closes), sum(g for _c, g in closes)))
    found.sort(key=lambda r: (-r.score, -len(r.closes), r.program_id))
    return found[:limit]
