"""The global allocation (pure): constraints hold, the total is NetworkX's min-cost-flow optimum, and the
answer does not depend on the order the candidates came in."""

from collections import Counter
from datetime import date

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sharing import rules
from sharing.allocation import Arcs, solve, solve_network_simplex
from sharing.scoring import SOURCE_CONFIDENCE, Pool, Request, Requirement


@st.composite
def instances(draw, departments=3, counting_out=True):
    """A few requests competing for a few cadres in a few departments, with random scores and per-department
    caps; some cadres are out already (proposed or seconded elsewhere), so lending them again is not counted."""
    n_requests = draw(st.integers(1, 5))
    n_cadres = draw(st.integers(1, 9))
    n_departments = draw(st.integers(1, departments))
    department_of = [draw(st.integers(0, n_departments - 1)) for _ in range(n_cadres)]
    out = [draw(st.booleans()) if counting_out else False for _ in range(n_cadres)]
    pairs = draw(st.sets(st.tuples(st.integers(0, n_requests - 1), st.integers(0, n_cadres - 1)), max_size=30))
    rows = [(100 + r, 500 + c, 900 + department_of[c], draw(st.integers(1, 10_000))) for r, c in sorted(pairs)]
    places = {100 + r: draw(st.integers(0, 3)) for r in range(n_requests)}
    capacity = {900 + d: draw(st.integers(0, 3)) for d in range(n_departments)}
    return Arcs.of(rows, counted=[not out[c] for _r, c in sorted(pairs)]), places, capacity


@st.composite
def loose_caps(draw, departments=3):
    """Instances where every department may lend all its candidates: the caps never bind."""
    arcs, places, _capacity = draw(instances(departments, counting_out=False))
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
    # The caps count people not out already: those out are counted in the department's people already.
    counted = dict(zip(arcs.cadres.tolist(), arcs.counted.tolist(), strict=True))
    for department, lent in Counter(department_of[c] for _r, c in pairs if counted[c]).items():
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
    assert_optimal(solve, instance)


@settings(max_examples=150, deadline=None)
@given(loose_caps())
def test_when_no_cap_binds_the_optimum_is_networkx_s(instance):
    assert_optimal(solve, instance)


@settings(max_examples=150, deadline=None)
@given(binding_caps())
def test_when_the_best_allocation_without_caps_breaks_one_the_cap_is_kept_at_networkx_s_optimum(instance):
    assert_optimal(solve, instance)


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


def test_someone_out_already_is_lent_again_without_taking_the_cap():
    # Department 7 may lend one more person. Wang (10) is out already (proposed for another window): giving
    # him request 1 lends no one more, so Li (11) still goes to request 2. Counted as proposals, only one of
    # them could be proposed.
    arcs = Arcs.of([(1, 10, 7, 90), (2, 11, 7, 80)], counted=[False, True])
    allocation = solve(arcs, {1: 1, 2: 1}, {7: 1})
    assert sorted(allocation.pairs()) == [(1, 10), (2, 11)]
    assert solve_network_simplex(arcs, {1: 1, 2: 1}, {7: 1}).total == allocation.total == 170
    assert solve(Arcs.of([(1, 10, 7, 90), (2, 11, 7, 80)]), {1: 1, 2: 1}, {7: 1}).pairs() == [(1, 10)]


def test_someone_out_already_is_lent_again_by_a_department_at_its_cap():
    arcs = Arcs.of([(1, 10, 7, 90), (1, 11, 7, 95)], counted=[False, True])
    assert solve(arcs, {1: 1}, {7: 0}).pairs() == [(1, 10)]


def test_a_department_that_may_not_lend_and_a_full_request_get_nothing():
    arcs = Arcs.of([(1, 10, 7, 90), (2, 11, 8, 80)])
    assert solve(arcs, {1: 1, 2: 0}, {7: 0, 8: 1}).pairs() == []


def test_a_cadre_given_two_departments_is_refused():
    with pytest.raises(ValueError, match="two departments"):
        solve(Arcs.of([(1, 10, 7, 90), (2, 10, 8, 80)]), {1: 1, 2: 1}, {7: 1, 8: 1})


def test_nothing_to_allocate_gives_an_empty_allocation():
    assert solve(Arcs.of([]), {}, {}).total == 0


# --- the per-department rules, through the scoring pool: a unit's people out never pass its cap ---------

PARENTS = {1: None, 2: 1, 3: 1, 4: 2}  # 4 is a sub-unit of 2
SKILL = 50


@st.composite
def bureaus(draw):
    """Cadres in four departments holding one skill, some out already, each department with a random rule
    (a cap in people or percent, counting its sub-units or not) or none; requests from outside the bureau."""
    n_cadres = draw(st.integers(1, 12))
    home = {100 + c: draw(st.sampled_from(sorted(PARENTS))) for c in range(n_cadres)}
    out = {c for c in home if draw(st.booleans())} if draw(st.booleans()) else set()
    department_rules = {}
    for department in PARENTS:
        if draw(st.booleans()):
            people = draw(st.none() | st.integers(0, 3))
            department_rules[department] = rules.Rule(
                cap_people=people, cap_percent=None if people is not None else draw(st.none() | st.integers(0, 100)),
                includes_sub_units=draw(st.booleans()))
    size = Counter(home.values())
    lending = rules.units(parents=PARENTS, rules=department_rules, size=size,
                          out=[(c, home[c]) for c in out], default_percent=draw(st.integers(0, 100)))
    pool = Pool(cadres=list(home), departments=list(home.values()),
                skills=[(c, SKILL, 3, SOURCE_CONFIDENCE["assessed"]) for c in home], busy=[], recent={},
                lending=lending, out=out,
                affinity=lambda hosts, departments: np.zeros((len(hosts), len(departments))))
    n_requests = draw(st.integers(1, 4))
    requests = [Request(id=900 + i, department=99, start=date(2030, 1, 1), end=date(2030, 1, 31),
                        places=draw(st.integers(1, 4)), requirements=(Requirement(SKILL, 1, 1),),
                        excluded_departments=frozenset({99})) for i in range(n_requests)]
    return pool, requests, lending, home, out


@settings(max_examples=200, deadline=None)
@given(bureaus())
def test_each_lending_unit_keeps_to_its_cap_counting_people_and_matches_networkx(bureau):
    pool, requests, lending, home, out = bureau
    arcs = pool.score(requests).arcs()
    places, capacity = {r.id: r.places for r in requests}, pool.capacity()
    found = solve(arcs, places, capacity)
    assert found.total == solve_network_simplex(arcs, places, capacity).total
    chosen = {c for _r, c in found.pairs()}
    for unit, cap in lending.cap.items():
        members = {c for c, d in home.items() if lending.unit_of[d] == unit}
        # The people out afterwards: those out before and those newly lent, each once.
        assert len((out | chosen) & members) <= max(cap, len(out & members))
