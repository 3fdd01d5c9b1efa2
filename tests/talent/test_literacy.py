"""The literacy arithmetic: composite scores, gaps and training recommendations (pure, no database)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talent import literacy
from talent.literacy import CAPACITIES, Program

LEADER_WEIGHTS = dict(zip(CAPACITIES, map(Decimal, ["0.15", "0.15", "0.30", "0.15", "0.25"]), strict=True))
scores_strategy = st.fixed_dictionaries({c: st.integers(0, 100) for c in CAPACITIES})


@st.composite
def weights_strategy(draw):
    """Five weights in hundredths that add up to exactly 1."""
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=4, max_size=4)))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    return {c: Decimal(p) / 100 for c, p in zip(CAPACITIES, parts, strict=True)}


def test_composite_weighs_each_capacity():
    scores = {"perception": 80, "execution": 60, "decision": 90, "creativity": 50, "development": 70}
    # 80*.15 + 60*.15 + 90*.30 + 50*.15 + 70*.25 = 12 + 9 + 27 + 7.5 + 17.5
    assert literacy.composite(scores, LEADER_WEIGHTS) == Decimal("73.00")


@given(scores=scores_strategy, weights=weights_strategy())
def test_composite_lies_between_the_lowest_and_highest_score(scores, weights):
    value = literacy.composite(scores, weights)
    assert min(scores.values()) <= value <= max(scores.values())
    assert value == value.quantize(Decimal("0.01"))


@given(score=st.integers(0, 100), weights=weights_strategy())
def test_equal_scores_give_that_score_whatever_the_weights(score, weights):
    assert literacy.composite(dict.fromkeys(CAPACITIES, score), weights) == score


@given(weights=weights_strategy())
def test_weights_adding_up_to_one_are_accepted(weights):
    literacy.check_weights(weights)


@pytest.mark.parametrize("weights", [
    dict.fromkeys(CAPACITIES, Decimal("0.2")) | {"decision": Decimal("0.3")},
    dict.fromkeys(CAPACITIES, Decimal("0.19")),
    dict.fromkeys(CAPACITIES, Decimal("0.2")) | {"decision": Decimal("1.2"), "execution": Decimal("-1.0")},
    {c: Decimal("0.25") for c in CAPACITIES[:4]},
])
def test_weights_not_adding_up_to_one_are_refused(weights):
    with pytest.raises(ValueError):
        literacy.check_weights(weights)


def test_gaps_count_only_shortfalls():
    scores = {"perception": 80, "execution": 60, "decision": 90, "creativity": 50, "development": 70}
    targets = {"perception": 75, "execution": 70, "decision": 85, "creativity": 70, "development": 85}
    assert literacy.gaps(scores, targets) == {
        "perception": 0, "execution": 10, "decision": 0, "creativity": 20, "development": 15,
    }


@given(scores=scores_strategy, targets=scores_strategy)
def test_reaching_the_gap_closes_it(scores, targets):
    gaps = literacy.gaps(scores, targets)
    raised = {c: scores[c] + gaps[c] for c in CAPACITIES}
    assert all(gap >= 0 for gap in gaps.values())
    assert literacy.gaps(raised, targets) == dict.fromkeys(CAPACITIES, 0)


SECURITY = Program(1, "网络安全治理", ("development",), ())
DATA_DECISIONS = Program(2, "数据支撑决策", ("decision", "perception"), ("leader",))
PLATFORMS = Program(3, "政务平台实操", ("execution",), ("general", "specialist"))
INNOVATION = Program(4, "数字创新工作坊", ("creativity", "development"), ())
PROGRAMS = [SECURITY, DATA_DECISIONS, PLATFORMS, INNOVATION]


def test_recommendations_put_the_program_closing_the_largest_gaps_first():
    gaps = {"perception": 0, "execution": 5, "decision": 0, "creativity": 20, "development": 15}
    found = literacy.recommend(tier="general", gap_by_capacity=gaps, programs=PROGRAMS)
    assert [r.program_id for r in found] == [INNOVATION.id, SECURITY.id, PLATFORMS.id]
    assert found[0].closes == (("creativity", 20), ("development", 15))


def test_recommendations_respect_tier_and_skip_completed_programs():
    gaps = {"perception": 10, "execution": 30, "decision": 25, "creativity": 0, "development": 5}
    for_general = literacy.recommend(tier="general", gap_by_capacity=gaps, programs=PROGRAMS, completed=[3])
    assert [r.program_id for r in for_general] == [SECURITY.id, INNOVATION.id]
    for_leader = literacy.recommend(tier="leader", gap_by_capacity=gaps, programs=PROGRAMS)
    assert [r.program_id for r in for_leader] == [DATA_DECISIONS.id, SECURITY.id, INNOVATION.id]


def test_a_program_raising_skills_the_cadre_already_holds_at_that_level_is_not_recommended():
    python_analysis = Program(5, "Python 数据分析", ("creativity", "execution"), (), raises=((7, 3),))
    gaps = {"perception": 0, "execution": 10, "decision": 0, "creativity": 20, "development": 0}
    holds_four = literacy.recommend(tier="specialist", gap_by_capacity=gaps, programs=[python_analysis], held={7: 4})
    holds_two = literacy.recommend(tier="specialist", gap_by_capacity=gaps, programs=[python_analysis], held={7: 2})
    assert holds_four == []
    assert [r.program_id for r in holds_two] == [5]


def test_no_gaps_no_recommendations():
    assert literacy.recommend(tier="leader", gap_by_capacity=dict.fromkeys(CAPACITIES, 0), programs=PROGRAMS) == []


@given(gaps=scores_strategy, completed=st.sets(st.sampled_from([1, 2, 3, 4])),
       tier=st.sampled_from(["leader", "general", "specialist"]))
def test_every_recommendation_closes_a_real_gap_for_the_tier(gaps, completed, tier):
    for rec in literacy.recommend(tier=tier, gap_by_capacity=gaps, programs=PROGRAMS, completed=completed):
        program = next(p for p in PROGRAMS if p.id == rec.program_id)
        assert rec.program_id not in completed
        assert not program.tiers or tier in program.tiers
        assert rec.closes and all(gaps[c] == g > 0 and c in program.capacities for c, g in rec.closes)
