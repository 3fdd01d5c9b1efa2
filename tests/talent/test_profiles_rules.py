"""Talent-profile figures on a small hand-computed group."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from talent import literacy
from talent.profiles import (
    HOLDER_LEVEL,
    Member,
    SkillInfo,
    TierTarget,
    VendorSkill,
    bureau_overview,
    composites,
    profile,
)

SKILLS = {
    "SEC": SkillInfo("SEC", "网络安全", True),
    "DB": SkillInfo("DB", "数据库", True),
    "GIS": SkillInfo("GIS", "地理信息", True),
    "XLS": SkillInfo("XLS", "办公软件", False),
}
EVEN = {c: Decimal("0.20") for c in ("perception", "execution", "decision", "creativity", "development")}
TIERS = {
    "general": TierTarget(EVEN, dict.fromkeys(EVEN, 70)),
    "specialist": TierTarget(EVEN, dict.fromkeys(EVEN, 80)),
}


def scores(p, e, d, c, v):
    return {"perception": p, "execution": e, "decision": d, "creativity": c, "development": v}


MEMBERS = [
    Member(1, "甲", 10, "general", {"SEC": 3, "XLS": 2}, scores(60, 70, 80, 50, 90)),
    Member(2, "乙", 10, "general", {"XLS": 4, "DB": 2}, scores(80, 70, 60, 70, 70)),
    Member(3, "丙", 11, "specialist", {"DB": 4, "XLS": 1}, scores(90, 90, 70, 85, 75)),
    Member(4, "丁", 11, "specialist", {"DB": 3}, None),
]


def test_headcount_is_split_by_tier():
    assert profile(members=MEMBERS, skills=SKILLS, tiers=TIERS)["headcount"] == {
        "total": 4, "leader": 0, "general": 2, "specialist": 2}


def test_literacy_averages_each_capacity_per_tier_against_its_target():
    rows = {row["tier"]: row for row in profile(members=MEMBERS, skills=SKILLS, tiers=TIERS)["literacy"]}
    general = rows["general"]
    assert (general["headcount"], general["assessed"]) == (2, 2)
    assert general["average"] == [Decimal("70.00"), Decimal("70.00"), Decimal("70.00"), Decimal("60.00"),
                                  Decimal("80.00")]
    assert general["target"] == [70] * 5
    assert general["gap"] == [0, 0, 0, Decimal("10.00"), 0]
    # composites 70 (甲: 350/5) and 70 (乙: 350/5)
    assert general["composite"] == Decimal("70.00")
    specialist = rows["specialist"]
    assert (specialist["assessed"], specialist["composite"]) == (1, Decimal("82.00"))
    assert rows["leader"]["average"] is None and rows["leader"]["target"] is None


def test_skill_coverage_counts_cadres_per_level_and_holders_from_the_holder_level():
    coverage = {row["code"]: row for row in profile(members=MEMBERS, skills=SKILLS, tiers=TIERS)["skill_coverage"]}
    assert HOLDER_LEVEL == 3
    assert coverage["DB"]["levels"] == [0, 1, 1, 1, 0] and coverage["DB"]["holders"] == 2
    assert coverage["XLS"]["levels"] == [1, 1, 0, 1, 0] and coverage["XLS"]["holders"] == 1
    assert coverage["GIS"]["levels"] == [0] * 5  # critical: listed even though nobody holds it
    assert [row["code"] for row in profile(members=MEMBERS, skills=SKILLS, tiers=TIERS)["skill_coverage"]] == [
        "DB", "GIS", "SEC", "XLS"]


def test_critical_skills_held_by_one_cadre_or_none_are_flagged():
    critical = profile(members=MEMBERS, skills=SKILLS, tiers=TIERS)["critical"]
    assert critical["single_holder"] == [{"code": "SEC", "name": "网络安全", "holder": {"id": 1, "name": "甲"}}]
    assert critical["no_holder"] == [{"code": "GIS", "name": "地理信息"}]


def test_critical_skills_only_vendor_staff_hold_are_listed_per_department_and_system():
    vendor_skills = [
        VendorSkill(100, "CAR", "公务用车平台", 10, "GIS"),
        VendorSkill(101, "CAR", "公务用车平台", 10, "GIS"),
        VendorSkill(101, "CAR", "公务用车平台", 10, "DB"),  # cadres hold DB: no dependency
        VendorSkill(102, "ENERGY", "能耗监测", 11, "XLS"),  # not critical
    ]
    rows = profile(members=MEMBERS, skills=SKILLS, tiers=TIERS, vendor_skills=vendor_skills,
                   holders_in_bureau={"GIS": 4})["outsourcing_dependency"]
    assert rows == [{"department_id": 10, "system_code": "CAR", "system_name": "公务用车平台", "vendor_staff": 2,
                     "skills": [{"code": "GIS", "name": "地理信息", "vendor_staff": 2, "cadres_elsewhere": 4}]}]


def test_the_bureau_overview_sums_each_unit_with_its_sub_units():
    vendor_skills = [VendorSkill(100, "CAR", "公务用车平台", 11, "SEC")]
    overview = bureau_overview(units={1: frozenset({10, 11}), 2: frozenset({11})}, members=MEMBERS,
                               skills=SKILLS, tiers=TIERS, vendor_skills=vendor_skills)
    summaries = overview["summaries"]
    assert overview["headcount"]["total"] == 4
    assert summaries[1]["headcount"]["total"] == 4
    assert summaries[1]["assessed"] == 3
    assert summaries[1]["composite"] == Decimal("74.00")  # (70 + 70 + 82) / 3
    assert summaries[1]["vendor_only"] == 0  # 甲 in the parent department holds SEC
    assert summaries[2]["headcount"] == {"total": 2, "leader": 0, "general": 0, "specialist": 2}
    assert summaries[2]["single_holder"] == 0  # DB has two holders there
    assert summaries[2]["vendor_only"] == 1  # nobody in unit 11 holds SEC...
    # ...so the overview lists it for unit 11, though a cadre elsewhere (甲) holds it.
    assert overview["outsourcing_dependency"] == [
        {"department_id": 11, "system_code": "CAR", "system_name": "公务用车平台", "vendor_staff": 1,
         "skills": [{"code": "SEC", "name": "网络安全", "vendor_staff": 1, "cadres_elsewhere": 1}]}]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["leader", "general"]),
                          st.one_of(st.none(), st.lists(st.integers(0, 100), min_size=5, max_size=5))), max_size=20),
       st.lists(st.integers(0, 100), min_size=5, max_size=5), st.lists(st.integers(0, 1000), min_size=5, max_size=5))
def test_composites_are_the_literacy_rules_weighted_scores_to_the_cent(spec, two_places, three_places):
    def weights(parts, scale):
        return dict(zip(literacy.CAPACITIES, (Decimal(p).scaleb(-scale) for p in parts), strict=True))

    tiers = {"leader": TierTarget(weights(two_places, 2), {}), "general": TierTarget(weights(three_places, 3), {})}
    members = [Member(id=i, name=f"M{i}", department_id=1, tier=tier, skills={},
                      scores=None if scores is None else dict(zip(literacy.CAPACITIES, scores, strict=True)))
               for i, (tier, scores) in enumerate(spec)]

    found = composites(members, tiers)

    expected = {m.id: literacy.composite(m.scores, tiers[m.tier].weights) for m in members if m.scores is not None}
    assert found == expected
    assert [str(v) for v in found.values()] == [str(v) for v in expected.values()]
