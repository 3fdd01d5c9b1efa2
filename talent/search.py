"""The talent search's rules, pure: how a requirement is written, and how well a cadre matches.

A requirement is "CODE:LEVEL" (level 1-5; "CODE" alone means level 1). A cadre matches when they hold
every required skill at or above its level, and, if any-of skills are given, at least one of those.
The match score rewards each matched skill with 1 plus its margin above the minimum, so a cadre who
exceeds the minimums, or holds more of the optional skills, ranks higher. The selector computes the
same score in SQL to sort; `score` here is the reference the tests hold it to.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# A skill code's one canonical form: a capital letter or digit, then capitals, digits, _ . or - (32 at most).
# Codes are upper-cased where they are made and where they are read, so "py" finds PY.
SKILL_CODE = r"[A-Z0-9][A-Z0-9_.\-]{0,31}"
_REQUIREMENT = re.compile(rf"^\s*({SKILL_CODE})\s*(?::\s*([1-5]))?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Requirement:
    code: str
    level: int


@dataclass(frozen=True)
class Match:
    code: str
    minimum: int
    level: int
    required: bool

    @property
    def margin(self) -> int:
        return self.level - self.minimum


def parse_requirement(text: str) -> Requirement:
    """'SQL:3' -> Requirement('SQL', 3). Raises ValueError on anything else."""
    found = _REQUIREMENT.match(text or "")
    if not found:
        raise ValueError(text)
    return Requirement(found.group(1).upper(), int(found.group(2) or 1))


def merge(requirements: Sequence[Requirement]) -> tuple[Requirement, ...]:
    """One requirement per skill: asking for the same skill twice keeps the higher level."""
    strongest: dict[str, int] = {}
    for requirement in requirements:
        strongest[requirement.code] = max(strongest.get(requirement.code, 0), requirement.level)
    return tuple(Requirement(code, level) for code, level in strongest.items())


def explain(
    required: Sequence[Requirement], any_of: Sequence[Requirement], held: Mapping[str, int]
) -> list[Match]:
    """The requirements this cadre meets, with their level; required ones first, in the order asked."""
    matches = [Match(r.code, r.level, held[r.code], True) for r in required if held.get(r.code, 0) >= r.level]
    required_codes = {r.code for r in required}
    matches += [Match(r.code, r.level, held[r.code], False) for r in any_of
                if r.code not in required_codes and held.get(r.code, 0) >= r.level]
    return matches


def qualifies(required: Sequence[Requirement], any_of: Sequence[Requirement], held: Mapping[str, int]) -> bool:
    if any(held.get(r.code, 0) < r.level for r in required):
        return False
    return not any_of or any(held.get(r.code, 0) >= r.level for r in any_of)


def score(matches: Sequence[Match]) -> int:
    return sum(1 + m.margin for m in matches)


def unmet(required: Sequence[Requirement], any_of: Sequence[Requirement], best: Mapping[str, int]) -> tuple[str, ...]:
    """The skills of a search that nobody in the bureau holds at the level asked, given the best level held of
    each (best: code -> level, a code nobody holds absent): the required ones nobody holds, and the any-of ones
    when none of them is held. Empty when the bureau could meet every requirement one by one (a search that
    found nobody because of its filters or of a combination is not a skill the bureau lacks). Each skill once,
    in the order asked."""
    lacking = [r.code for r in required if best.get(r.code, 0) < r.level]
    if any_of and not any(best.get(r.code, 0) >= r.level for r in any_of):
        lacking += [r.code for r in any_of]
    return tuple(dict.fromkeys(lacking))
