"""Talent profiles for decision support (决策支持): a department's or the whole bureau's headcount, literacy
against tier targets, skill coverage, critical skills held by one person or nobody, and critical skills
that only outsourced staff hold. Pure: plain values in, plain values out, no ORM.

A cadre "holds" a skill for these counts at HOLDER_LEVEL or above: someone who only knows what a skill
is for (level 1-2) cannot stand in when its one real holder is away.
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain

from talent import literacy

HOLDER_LEVEL = 3
LEVELS = (1, 2, 3, 4, 5)
TIERS = ("leader", "general", "specialist")


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    department_id: int
    tier: str
    skills: Mapping[str, int]  # skill code -> level
    scores: Mapping[str, int] | None = None  # latest assessment; None when never assessed


@dataclass(frozen=True)
class SkillInfo:
    code: str
    name: str
    critical: bool


@dataclass(frozen=True)
class TierTarget:
    weights: Mapping[str, Decimal]
    targets: Mapping[str, int]


@dataclass(frozen=True)
class VendorSkill:
    """One outsourced person holding one skill, on one system owned by a department."""

    staff_id: int
    system_code: str
    system_name: str
    department_id: int
    skill: str


def _mean(values: Sequence[int | Decimal]) -> Decimal | None:
    if not values:
        return None
    # Summed as given (ints, or Decimals of two places): exact either way, and a bureau's worth of scores adds
    # up several times faster than after a Decimal per value.
    return (Decimal(sum(values)) / len(values)).quantize(literacy.TWO_PLACES)


def composites(members: Iterable[Member], tiers: Mapping[str, TierTarget]) -> dict[int, Decimal]:
    """Each assessed member's composite score, weighted by their own tier's profile: literacy.composite's
    value, summed in whole hundredths where the tier's weights have two decimal places at most (as the tier
    profiles store them) and the scores are whole numbers, without five Decimal products per member."""
    hundredths = {}
    for tier, target in tiers.items():
        scaled = [Decimal(target.weights[c]) * 100 for c in literacy.CAPACITIES]
        if all(w == w.to_integral_value() for w in scaled):
            hundredths[tier] = [int(w) for w in scaled]
    found = {}
    for m in members:
        if m.scores is None or m.tier not in tiers:
            continue
        weights = hundredths.get(m.tier)
        total = sum(m.scores[c] * w for c, w in zip(literacy.CAPACITIES, weights, strict=True)) if weights else None
        found[m.id] = Decimal(total).scaleb(-2) if type(total) is int else \
            literacy.composite(m.scores, tiers[m.tier].weights)
    return found


def headcount(members: Sequence[Member]) -> dict[str, int]:
    per_tier = Counter(m.tier for m in members)
    return {"total": len(members), **{t: per_tier[t] for t in TIERS}}


def literacy_by_tier(members: Sequence[Member], tiers: Mapping[str, TierTarget],
                     composite_of: Mapping[int, Decimal]) -> list[dict]:
    """Per tier, the average of each capacity (radar-ready: lists in literacy.CAPACITIES order) beside
    the tier's target, the shortfall of the average from the target, and the average composite."""
    rows = []
    for tier in TIERS:
        in_tier = [m for m in members if m.tier == tier]
        assessed = [m for m in in_tier if m.scores is not None]
        profile = tiers.get(tier)
        average = [_mean([m.scores[c] for m in assessed]) for c in literacy.CAPACITIES]
        target = [profile.targets[c] for c in literacy.CAPACITIES] if profile else None
        rows.append({
            "tier": tier,
            "headcount": len(in_tier),
            "assessed": len(assessed),
            "average": average if assessed else None,
            "target": target,
            "gap": [max(t - a, Decimal(0)) for a, t in zip(average, target, strict=True)]
            if assessed and target else None,
            "composite": _mean([composite_of[m.id] for m in assessed if m.id in composite_of]),
        })
    return rows


def capacities_against_target(members: Sequence[Member], tiers: Mapping[str, TierTarget]) -> dict:
    """A group's average of each capacity (literacy.CAPACITIES order) beside its target: the mean of its
    assessed members' tier targets, so a group of mostly specialists is held to the specialists' bar."""
    assessed = [m for m in members if m.scores is not None and m.tier in tiers]
    if not assessed:
        return {"average": None, "target": None}
    per_tier = Counter(m.tier for m in assessed)  # the mean of the members' targets, a tier at a time
    return {"average": [_mean([m.scores[c] for m in assessed]) for c in literacy.CAPACITIES],
            "target": [(Decimal(sum(n * tiers[tier].targets[c] for tier, n in per_tier.items())) / len(assessed))
                       .quantize(literacy.TWO_PLACES) for c in literacy.CAPACITIES]}


def holders(members: Iterable[Member]) -> dict[str, list[Member]]:
    """Who holds each skill at HOLDER_LEVEL or above."""
    found: dict[str, list[Member]] = {}
    for member in members:
        for code, level in member.skills.items():
            if level >= HOLDER_LEVEL:
                found.setdefault(code, []).append(member)
    return found


def skill_coverage(members: Sequence[Member], skills: Mapping[str, SkillInfo]) -> list[dict]:
    """How many cadres hold each skill at each level 1-5; every skill somebody holds, and every critical
    skill even when nobody does. Critical skills first."""
    counts: dict[str, list[int]] = {code: [0] * len(LEVELS) for code, info in skills.items() if info.critical}
    # (code, level) pairs counted in one pass at C speed, then spread into a row per skill
    for (code, level), n in Counter(chain.from_iterable(member.skills.items() for member in members)).items():
        if code in skills:
            counts.setdefault(code, [0] * len(LEVELS))[level - 1] += n
    return [
        {"code": code, "name": skills[code].name, "critical": skills[code].critical, "levels": levels,
         "holders": sum(levels[HOLDER_LEVEL - 1:])}
        for code, levels in sorted(counts.items(), key=lambda item: (not skills[item[0]].critical, item[0]))
    ]


def critical_risks(held_by: Mapping[str, list[Member]], skills: Mapping[str, SkillInfo]) -> dict[str, list[dict]]:
    """Critical skills held (at HOLDER_LEVEL or above, see holders()) by exactly one cadre, and by none."""
    single, none = [], []
    for code in sorted(code for code, info in skills.items() if info.critical):
        who = held_by.get(code, [])
        if not who:
            none.append({"code": code, "name": skills[code].name})
        elif len(who) == 1:
            single.append({"code": code, "name": skills[code].name, "holder": {"id": who[0].id, "name": who[0].name}})
    return {"single_holder": single, "no_holder": none}


def outsourcing_dependency(held_by: Mapping[str, list[Member]], skills: Mapping[str, SkillInfo],
                           vendor_skills: Iterable[VendorSkill],
                           holders_in_bureau: Mapping[str, int] | None = None) -> list[dict]:
    """Critical skills that none of the group's cadres holds (held_by: holders() of the group), yet vendor
    staff bring to a system: one row per (department, system), with those skills, how many outsourced
    people hold each and how many cadres hold it elsewhere in the bureau (people to borrow or learn from)."""
    rows: dict[tuple[int, str], dict] = {}
    for vs in vendor_skills:
        info = skills.get(vs.skill)
        if info is None or not info.critical or vs.skill in held_by:
            continue
        row = rows.setdefault((vs.department_id, vs.system_code), {
            "department_id": vs.department_id, "system_code": vs.system_code, "system_name": vs.system_name,
            "skills": {}, "staff": set(),
        })
        row["skills"].setdefault(vs.skill, set()).add(vs.staff_id)
        row["staff"].add(vs.staff_id)
    return [
        {**{k: row[k] for k in ("department_id", "system_code", "system_name")},
         "vendor_staff": len(row["staff"]),
         "skills": [{"code": code, "name": skills[code].name, "vendor_staff": len(staff),
                     "cadres_elsewhere": (holders_in_bureau or {}).get(code, 0)}
                    for code, staff in sorted(row["skills"].items())]}
        for _key, row in sorted(rows.items())
    ]


def profile(*, members: Sequence[Member], skills: Mapping[str, SkillInfo], tiers: Mapping[str, TierTarget],
            vendor_skills: Sequence[VendorSkill] = (), holders_in_bureau: Mapping[str, int] | None = None) -> dict:
    """The talent picture of a department with its sub-units: `vendor_skills` are those on the systems
    its departments own, `holders_in_bureau` how many cadres in the whole bureau hold each skill."""
    held_by = holders(members)
    return _picture(members, skills, tiers, held_by, composites(members, tiers),
                    outsourcing_dependency(held_by, skills, vendor_skills, holders_in_bureau))


def _picture(members, skills, tiers, held_by, composite_of, dependency) -> dict:
    return {
        "holder_level": HOLDER_LEVEL,
        "capacities": list(literacy.CAPACITIES),
        "headcount": headcount(members),
        "literacy": literacy_by_tier(members, tiers, composite_of),
        "skill_coverage": skill_coverage(members, skills),
        "critical": critical_risks(held_by, skills),
        "outsourcing_dependency": dependency,
    }


def bureau_overview(*, units: Mapping[int, frozenset[int]], members: Sequence[Member],
                    skills: Mapping[str, SkillInfo], tiers: Mapping[str, TierTarget],
                    vendor_skills: Sequence[VendorSkill] = ()) -> dict:
    """The bureau's picture, with one summary per department in `units` (a department mapped to the
    ids it covers: itself and its sub-units). Outsourcing dependency is judged per department: a
    critical skill counts when nobody in the department holds it, however many hold it elsewhere."""
    composite_of = composites(members, tiers)
    held_by = holders(members)
    in_bureau = {code: len(who) for code, who in held_by.items()}
    by_department: dict[int, list[Member]] = {}
    for member in members:
        by_department.setdefault(member.department_id, []).append(member)
    held_in: dict[int, dict[str, list[Member]]] = {}  # holders() of each department alone, from the bureau's
    for code, who in held_by.items():
        for member in who:
            held_in.setdefault(member.department_id, {}).setdefault(code, []).append(member)
    summaries, dependency = {}, []
    for department_id, covered in units.items():
        inside = [m for unit in covered for m in by_department.get(unit, ())]
        held_inside: dict[str, list[Member]] = {}
        for unit in covered:
            for code, who in held_in.get(unit, {}).items():
                held_inside.setdefault(code, []).extend(who)
        rows = outsourcing_dependency(held_inside, skills, [vs for vs in vendor_skills if vs.department_id in covered],
                                      in_bureau)
        dependency += rows
        summaries[department_id] = {
            "headcount": headcount(inside),
            "assessed": sum(m.scores is not None for m in inside),
            "composite": _mean([composite_of[m.id] for m in inside if m.id in composite_of]),
            "single_holder": len(critical_risks(held_inside, skills)["single_holder"]),
            "vendor_only": len({s["code"] for row in rows for s in row["skills"]}),
            "against_target": capacities_against_target(inside, tiers),
        }
    return {**_picture(members, skills, tiers, held_by, composite_of, dependency), "summaries": summaries}
