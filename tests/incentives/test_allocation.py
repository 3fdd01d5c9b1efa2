"""The incentive arithmetic: the money adds up to the fen, the cap holds, the excluded get nothing,
and the same people always give the same list."""

import random
from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from incentives import allocation
from incentives.allocation import Person, Policy

RANKS = ["researcher_1", "principal_2", "clerk_1", "clerk_2"]


def policy(**overrides) -> Policy:
    values = {
        "weights": {"appraisal": Decimal("0.40"), "literacy": Decimal("0.30"),
                    "contributions": Decimal("0.20"), "secondments": Decimal("0.10")},
        "grade_points": {"excellent": Decimal(100), "competent": Decimal(80), "basic": Decimal(60)},
        "rank_coefficients": {"researcher_1": Decimal("1.60"), "principal_2": Decimal("1.20"),
                              "clerk_1": Decimal("1.00")},
        "backbone_min_contributions": 2, "backbone_min_skill_level": 4, "backbone_min_critical_skills": 1,
        "backbone_tilt": Decimal("1.20"), "cap": None, "min_months_in_post": 6,
        "honour_percent": Decimal("10"), "honour_max_per_department": 2,
        "points_per_activity_led": Decimal("1.00"), "points_per_activity_attended": Decimal("0.25"),
    }
    values.update(overrides)
    return Policy(**values)


def person(n: int, **overrides) -> Person:
    values = {"cadre_id": n, "staff_number": f"S{n:05d}", "department_id": 1, "rank": "clerk_1",
              "months_in_post": 24, "grade": "competent", "literacy": Decimal("70.00")}
    values.update(overrides)
    return Person(**values)


def by_staff_number(result):
    return {line.staff_number: line for line in result.lines}


# Hypothesis strategies: populations, policies and budgets as HR could really enter them.
two_places = st.integers(min_value=0, max_value=100).map(lambda n: Decimal(n).scaleb(-2))


@st.composite
def weights(draw):
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=3, max_size=3)))
    parts = [cuts[0], cuts[1] - cuts[0], cuts[2] - cuts[1], 100 - cuts[2]]
    return {name: Decimal(part).scaleb(-2) for name, part in zip(allocation.COMPONENTS, parts, strict=True)}


@st.composite
def policies(draw):
    return policy(
        weights=draw(weights()),
        grade_points={"excellent": Decimal(draw(st.integers(50, 100))), "competent": Decimal(draw(st.integers(0, 80))),
                      "basic": Decimal(draw(st.integers(0, 60)))},
        rank_coefficients={rank: Decimal(draw(st.integers(50, 300))).scaleb(-2) for rank in RANKS},
        backbone_min_contributions=draw(st.integers(0, 4)),
        backbone_min_skill_level=draw(st.integers(1, 5)),
        backbone_min_critical_skills=draw(st.integers(0, 2)),
        backbone_tilt=Decimal(draw(st.integers(100, 200))).scaleb(-2),
        cap=draw(st.none() | st.integers(1, 5_000_000).map(lambda fen: Decimal(fen).scaleb(-2))),
        min_months_in_post=draw(st.integers(0, 24)),
        honour_percent=Decimal(draw(st.integers(0, 100))),
        honour_max_per_department=draw(st.integers(0, 5)),
        points_per_activity_led=Decimal(draw(st.integers(0, 500))).scaleb(-2),
        points_per_activity_attended=Decimal(draw(st.integers(0, 500))).scaleb(-2),
    )


def _numbered(found: list[Person]) -> list[Person]:
    return [replace(p, cadre_id=n, staff_number=f"{p.staff_number}-{n}")
            for n, p in enumerate(found, start=1)]


people = st.lists(st.builds(
    Person, cadre_id=st.just(0), staff_number=st.sampled_from(["A", "B", "C"]),
    department_id=st.integers(1, 4), rank=st.sampled_from(RANKS), months_in_post=st.integers(0, 60),
    grade=st.none() | st.sampled_from(allocation.GRADES),
    literacy=st.none() | st.integers(0, 10000).map(lambda n: Decimal(n).scaleb(-2)),
    contributions=st.lists(st.integers(1, 5), max_size=6).map(tuple),
    secondment_ratings=st.lists(st.integers(1, 5), max_size=3).map(tuple),
    critical_skills=st.lists(st.tuples(st.sampled_from(["K1", "K2", "K3"]), st.integers(1, 5)),
                             max_size=3, unique_by=lambda pair: pair[0]).map(tuple),
    activities_led=st.integers(0, 12), activities_attended=st.integers(0, 40),
), max_size=30).map(_numbered)


budgets = st.integers(0, 10**10).map(lambda fen: Decimal(fen).scaleb(-2))


@settings(max_examples=150, deadline=None)
@given(people, policies(), budgets)
def test_amounts_add_up_to_the_budget_to_the_fen_unless_the_cap_leaves_money_over(population, rules, budget):
    result = allocation.compute(people=population, policy=rules, budget=budget)

    paid = sum((line.amount for line in result.lines), Decimal(0))
    assert paid == result.total
    assert paid + result.unallocated == budget
    assert all(line.amount == line.amount.quantize(Decimal("0.01")) and line.amount >= 0 for line in result.lines)
    sharing = [line for line in result.lines if line.eligible and line.weight > 0]
    if rules.cap is None or rules.cap * len(sharing) >= budget:
        if sharing:
            assert result.unallocated == 0
    else:
        assert all(line.amount == rules.cap for line in sharing)


@settings(max_examples=150, deadline=None)
@given(people, policies(), budgets)
def test_no_one_gets_more_than_the_cap(population, rules, budget):
    result = allocation.compute(people=population, policy=rules, budget=budget)

    if rules.cap is not None:
        assert all(line.amount <= rules.cap for line in result.lines)


@settings(max_examples=150, deadline=None)
@given(people, policies(), budgets)
def test_excluded_people_get_nothing_and_keep_their_reason(population, rules, budget):
    result = allocation.compute(people=population, policy=rules, budget=budget)
    given_people = {p.staff_number: p for p in population}

    for line in result.lines:
        who = given_people[line.staff_number]
        should_be_out = who.grade in (None, "incompetent") or who.months_in_post < rules.min_months_in_post
        assert line.eligible is not should_be_out
        if should_be_out:
            assert line.exclusion in {"no_grade", "incompetent", "too_new"}
            assert line.amount == 0 and line.rank is None and not line.honour


@settings(max_examples=200, deadline=None)
@given(people, policies(), budgets, st.randoms(use_true_random=False))
def test_the_same_people_in_any_order_give_the_same_list(population, rules, budget, rng):
    first = allocation.compute(people=population, policy=rules, budget=budget)
    shuffled = list(population)
    rng.shuffle(shuffled)
    again = allocation.compute(people=shuffled, policy=rules, budget=budget)

    assert again == first


@settings(max_examples=200, deadline=None)
@given(people, policies(), budgets)
def test_each_line_can_be_recomputed_by_hand_from_its_breakdown(population, rules, budget):
    result = allocation.compute(people=population, policy=rules, budget=budget)

    for line in result.lines:
        if not line.eligible:
            continue
        points = sum(c.weight * c.normalised * 100 for c in line.components.values())
        assert line.score == points.quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert line.weight == line.score * line.coefficient * line.tilt
        whole, remainder, divisor = line.exact_fen
        if line.capped:
            assert line.amount == rules.cap
        elif line.weight > 0:
            assert whole * divisor + remainder == int(result.pool * 100) * int(line.weight * 10**6)
            assert divisor == int(result.pool_weight * 10**6)
            assert line.amount * 100 == whole + (1 if line.extra_fen else 0)


@settings(max_examples=200, deadline=None)
@given(people, policies(), budgets)
def test_honours_respect_the_quota_and_the_department_limit(population, rules, budget):
    result = allocation.compute(people=population, policy=rules, budget=budget)
    honoured = [line for line in result.lines if line.honour]
    eligible = [line for line in result.lines if line.eligible]

    assert len(honoured) <= allocation.honour_count(len(eligible), rules.honour_percent)
    per_department = {}
    for line in honoured:
        per_department[line.department_id] = per_department.get(line.department_id, 0) + 1
    assert all(count <= rules.honour_max_per_department for count in per_department.values())
    if honoured:
        assert min(line.score for line in honoured) > 0


def test_a_higher_score_and_rank_coefficient_earn_more():
    rules = policy()
    result = allocation.compute(people=[
        person(1, grade="excellent", literacy=Decimal("90")),
        person(2, grade="competent", literacy=Decimal("60")),
        person(3, grade="excellent", literacy=Decimal("90"), rank="researcher_1"),
    ], policy=rules, budget=Decimal("10000.00"))
    lines = by_staff_number(result)

    assert lines["S00003"].amount > lines["S00001"].amount > lines["S00002"].amount
    assert lines["S00001"].score == lines["S00003"].score
    assert lines["S00001"].rank == lines["S00003"].rank == 1
    assert lines["S00002"].rank == 3


def test_the_cap_takes_money_from_the_top_and_shares_it_among_the_others():
    rules = policy(cap=Decimal("5000.00"), rank_coefficients={"researcher_1": Decimal("5.00")})
    result = allocation.compute(people=[
        person(1, rank="researcher_1", grade="excellent"),
        person(2), person(3),
    ], policy=rules, budget=Decimal("12000.00"))
    lines = by_staff_number(result)

    assert lines["S00001"].amount == Decimal("5000.00") and lines["S00001"].capped
    assert lines["S00002"].amount == lines["S00003"].amount == Decimal("3500.00")
    assert result.pool == Decimal("7000.00")


def test_a_budget_larger_than_everyone_at_the_cap_leaves_the_rest_unallocated():
    result = allocation.compute(people=[person(1), person(2)], policy=policy(cap=Decimal("100.00")),
                                budget=Decimal("1000.00"))

    assert [line.amount for line in result.lines] == [Decimal("100.00"), Decimal("100.00")]
    assert result.unallocated == Decimal("800.00")


def test_the_left_over_fen_go_to_the_largest_remainders():
    result = allocation.compute(people=[person(1), person(2), person(3)], policy=policy(), budget=Decimal("100.00"))

    amounts = sorted(line.amount for line in result.lines)
    assert amounts == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    assert [line.staff_number for line in result.lines if line.extra_fen] == ["S00001"]


def test_exclusions_name_their_reason():
    rules = policy(min_months_in_post=6)
    result = allocation.compute(people=[
        person(1, grade="incompetent"), person(2, grade=None), person(3, months_in_post=5), person(4),
    ], policy=rules, budget=Decimal("1000.00"))
    lines = by_staff_number(result)

    assert lines["S00001"].exclusion == "incompetent"
    assert lines["S00002"].exclusion == "no_grade"
    assert lines["S00003"].exclusion == "too_new"
    assert lines["S00004"].amount == Decimal("1000.00")


def test_the_excluded_do_not_set_the_best_value_of_a_component():
    result = allocation.compute(people=[
        person(1, grade="incompetent", literacy=Decimal("99")), person(2, literacy=Decimal("66")),
    ], policy=policy(), budget=Decimal("1000.00"))

    assert by_staff_number(result)["S00002"].components["literacy"].normalised == Decimal("1.0000")


def test_the_digital_backbone_is_tilted_up_and_the_rule_names_the_skills():
    rules = policy(backbone_min_contributions=2, backbone_min_skill_level=4, backbone_min_critical_skills=1)
    backbone = person(1, contributions=(3, 4), critical_skills=(("DATA", 4), ("GIS", 2)))
    not_enough_skill = person(2, contributions=(3, 4), critical_skills=(("DATA", 3),))
    not_enough_work = person(3, contributions=(5,), critical_skills=(("DATA", 5),))
    result = allocation.compute(people=[backbone, not_enough_skill, not_enough_work], policy=rules,
                                budget=Decimal("1000.00"))
    lines = by_staff_number(result)

    assert lines["S00001"].backbone and lines["S00001"].tilt == Decimal("1.20")
    assert lines["S00001"].backbone_skills == ("DATA",)
    assert not lines["S00002"].backbone and not lines["S00003"].backbone


def test_learning_activities_raise_the_contributions_by_exactly_the_policys_points():
    rules = policy(points_per_activity_led=Decimal("1.50"), points_per_activity_attended=Decimal("0.25"))
    result = allocation.compute(people=[
        person(1, contributions=(3, 4)),
        person(2, contributions=(3, 4), activities_led=2, activities_attended=3),
    ], policy=rules, budget=Decimal("1000.00"))
    lines = by_staff_number(result)

    assert lines["S00001"].components["contributions"].value == 7
    assert lines["S00002"].components["contributions"].value == Decimal("10.75")  # 7 + 2 × 1.50 + 3 × 0.25
    assert lines["S00001"].components["contributions"].normalised == Decimal("0.6512")  # 7 ÷ 10.75
    assert lines["S00002"].amount > lines["S00001"].amount


def test_learning_activities_alone_do_not_make_the_digital_backbone():
    rules = policy(backbone_min_contributions=1, backbone_min_critical_skills=1)
    result = allocation.compute(people=[person(1, activities_led=5, critical_skills=(("DATA", 5),))], policy=rules,
                                budget=Decimal("1000.00"))

    assert not result.lines[0].backbone
    assert result.lines[0].components["contributions"].value == 5


def test_honours_skip_a_department_that_has_its_quota():
    rules = policy(honour_percent=Decimal("50"), honour_max_per_department=1)
    people = [person(n, department_id=1 if n <= 3 else 2, grade="excellent" if n <= 3 else "basic")
              for n in range(1, 7)]
    result = allocation.compute(people=people, policy=rules, budget=Decimal("6000.00"))

    assert sorted(line.staff_number for line in result.lines if line.honour) == ["S00001", "S00004"]


def test_months_in_post_count_whole_months():
    assert allocation.months_between(date(2024, 3, 15), date(2024, 9, 14)) == 5
    assert allocation.months_between(date(2024, 3, 15), date(2024, 9, 15)) == 6
    assert allocation.months_between(date(2025, 1, 1), date(2024, 12, 31)) == 0


def test_weights_must_add_up_to_one():
    good = {"appraisal": Decimal("0.4"), "literacy": Decimal("0.3"), "contributions": Decimal("0.2"),
            "secondments": Decimal("0.1")}
    allocation.check_weights(good)
    for bad in ({**good, "secondments": Decimal("0.2")}, {**good, "appraisal": Decimal("-0.1"),
                                                          "secondments": Decimal("0.6")}):
        try:
            allocation.check_weights(bad)
        except ValueError as exc:
            assert exc.args[1] == sum(bad.values())
        else:
            raise AssertionError(f"{bad} was accepted")


def test_a_large_population_adds_up_exactly():
    rng = random.Random(7)
    population = [person(n, grade=rng.choice(["excellent", "competent", "basic"]),
                         literacy=Decimal(rng.randrange(4000, 10000)).scaleb(-2), rank=rng.choice(RANKS),
                         contributions=tuple(rng.randrange(1, 6) for _ in range(rng.randrange(0, 4))))
                  for n in range(5000)]
    result = allocation.compute(people=population, policy=policy(cap=Decimal("3000.00")),
                                budget=Decimal("9876543.21"))

    assert sum(line.amount for line in result.lines) == Decimal("9876543.21")
    assert max(line.amount for line in result.lines) <= Decimal("3000.00")
