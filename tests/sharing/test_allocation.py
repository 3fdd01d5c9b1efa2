"""The global allocation (pure): constraints hold, the total is NetworkX's min-cost-flow optimum, and the
answer does not depend on the order the candidates came in."""

from collections import Counter

import numpy as np
import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from sharing.allocation import HIGHS, MATCHING, Arcs, solve, solve_lp, solve_network_simplex


@st.composite
def instances(draw, departments=3):
    """A few requests competing for a few cadres in a few departments, with random scores and caps."""
    n_requests = draw(st.integers(1, 5))
    n_cadres = draw(st.integers(1, 9))
    n_departments = draw(st.integers(1, departments))
    department_of = [draw(st.integers(0, n_departments - 1)) for _ in range(n_cadres)]
    pairs = draw(st.sets(st.tuples(st.integers(0, n_requests - 1), st.integers(0, n_cadres - 1)), max_size=30))
    rows = [(100 + r, 500 + c, 900 + department_of[c], draw(st.integers(1, 10_000))) for r, c in sorted(pairs)]
    places = {100 + r: draw(st.integers(0, 3)) for r in range(n_requests)}
    capacity = {900 + d: draw(st.integers(0, 3)) for d in range(n_departments)}
    return Arcs.of(rows), places, capacity


@st.composite
def loose_caps(draw, departments=3):
    """Instances where every department may lend all its candidates: the caps never bind."""
    arcs, places, _capacity = draw(instances(departments))
    return arcs, places, {d: len(arcs) for d in set(arcs.departments.tolist())}


@st.composite
def binding_caps(draw):
    """Instances where the best allocation without caps lends one department a person too many. (The cap
    stays above 0: a department that may lend no one has its arcs dropped before solving.)"""
    arcs, places, _capacity = draw(loose_caps(departments=2))
    uncapped = solve(arcs, places, {d: len(arcs) for d in set(arcs.departments.tolist())})
    lent = Counter(uncapped.chosen.departments.tolist())
    assume(max(lent.values(), default=0) >= 2)
    department = draw(st.sampled_from(sorted(d for d, n in lent.items() if n >= 2)))
    capacity = {d: len(arcs) for d in set(arcs.departments.tolist())} | {department: lent[department] - 1}
    return arcs, places, capacity


def assert_feasible(allocation, arcs, places, capacity):
    pairs = allocation.pairs()
    offered = set(zip(arcs.requests.tolist(), arcs.cadres.tolist(), strict=True))
    assert set(pairs) <= offered
    department_of = dict(zip(arcs.cadres.tolist(), arcs.departments.tolist(), strict=True))
    assert max(Counter(c for _r, c in pairs).values(), default=0) <= 1
    for request, taken in Counter(r for r, _c in pairs).items():
        assert taken <= places[request]
    for department, lent in Counter(department_of[c] for _r, c in pairs).items():
        assert lent <= capacity[department]
    score_of = {(r, c): s for r, c, s in zip(arcs.requests.tolist(), arcs.cadres.tolist(), arcs.scores.tolist(),
                                             strict=True)}
    assert allocation.total == sum(score_of[p] for p in pairs)


def assert_optimal(solver, instance):
    """The solver's allocation is feasible and as good as NetworkX's min-cost flow; returns it."""
    arcs, places, capacity = instance
    found = solver(arcs, places, capacity)
    assert_feasible(found, arcs, places, capacity)
    assert found.total == solve_network_simplex(arcs, places, capacity).total
    return found


@settings(max_examples=300, deadline=None)
@given(instances())
def test_total_equals_the_networkx_min_cost_flow_optimum(instance):
    event(f"solved by {assert_optimal(solve, instance).method}")


@settings(max_examples=150, deadline=None)
@given(loose_caps())
def test_when_no_cap_binds_the_assignment_alone_gives_the_optimum(instance):
    assert assert_optimal(solve, instance).method == MATCHING


@settings(max_examples=150, deadline=None)
@given(binding_caps())
def test_when_the_assignment_breaks_a_cap_highs_gives_the_capped_optimum(instance):
    assert assert_optimal(solve, instance).method == HIGHS


@settings(max_examples=200, deadline=None)
@given(instances())
def test_highs_alone_gives_the_same_optimum(instance):
    assert assert_optimal(solve_lp, instance).method == HIGHS


@settings(max_examples=100, deadline=None)
@given(instances(), st.randoms(use_true_random=False))
def test_the_same_candidates_in_any_order_give_the_same_allocation(instance, rnd):
    arcs, places, capacity = instance
    order = list(range(len(arcs)))
    rnd.shuffle(order)
    assert solve(arcs.take(np.array(order, dtype=np.int64)), places, capacity).pairs() == \
        solve(arcs, places, capacity).pairs()


def test_two_requests_wanting_the_same_expert_are_served_better_together_than_first_come():
    # Request 1 would take Wang (90) first; the optimum gives Wang to request 2 (80) and Li to request 1 (70):
    # 150 beats greedy's 90 + nothing.
    arcs = Arcs.of([(1, 10, 7, 90), (1, 11, 7, 70), (2, 10, 7, 80)])
    allocation = solve(arcs, {1: 1, 2: 1}, {7: 5})
    assert sorted(allocation.pairs()) == [(1, 11), (2, 10)]
    assert allocation.total == 150


def test_a_department_lends_no_more_than_its_cap():
    arcs = Arcs.of([(1, 10, 7, 90), (1, 11, 7, 80), (1, 12, 8, 10)])
    allocation = solve(arcs, {1: 3}, {7: 1, 8: 1})
    assert sorted(allocation.pairs()) == [(1, 10), (1, 12)]
    assert allocation.method == HIGHS


def test_a_department_that_may_not_lend_and_a_full_request_get_nothing():
    arcs = Arcs.of([(1, 10, 7, 90), (2, 11, 8, 80)])
    assert solve(arcs, {1: 1, 2: 0}, {7: 0, 8: 1}).pairs() == []


def test_a_cadre_given_two_departments_is_refused():
    with pytest.raises(ValueError, match="two departments"):
        solve(Arcs.of([(1, 10, 7, 90), (2, 10, 8, 80)]), {1: 1, 2: 1}, {7: 1, 8: 1})


def test_nothing_to_allocate_gives_an_empty_allocation():
    assert solve(Arcs.of([]), {}, {}).total == 0
