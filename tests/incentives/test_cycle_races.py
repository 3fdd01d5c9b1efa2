"""The incentive list's workflow racing itself on PostgreSQL, with two real connections (tests.helpers.race).

Every step of a cycle (compute, submit, approve, reject) first locks the cycle's row and then checks its
status, so two steps on one cycle take turns: the later one sees what the earlier one did and is refused
(409) if the list is no longer in a state it may act on. Lines are written only inside such a step, so an
approved list is always one whole computation, the one leadership had before it.
"""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from core.errors import Conflict
from incentives.models import IncentiveCycle
from incentives.services import cycles as services
from talent import roles
from talent.access import Actor
from tests.factories import ContributionFactory, UserFactory
from tests.helpers import ON_TWO_CONNECTIONS, race, race_in_order

pytestmark = ON_TWO_CONNECTIONS


@pytest.fixture
def hr(bureau) -> Actor:
    return Actor(bureau.users["hr_officer"])


@pytest.fixture
def leaders(bureau) -> tuple[Actor, Actor]:
    """The bureau's leader and a deputy, each with the right to decide."""
    return Actor(bureau.users["leader"]), Actor(UserFactory(username="deputy", groups=[roles.LEADERSHIP]))


def lines_of(cycle: IncentiveCycle) -> dict[int, tuple]:
    return {cadre: rest for cadre, *rest in cycle.lines.values_list("cadre_id", "recommended", "final", "score")}


def assert_one_whole_list(cycle: IncentiveCycle) -> None:
    """One line per person, adding up to the figures on the cycle and, with what is left over, to the budget."""
    cycle.refresh_from_db()
    lines = list(cycle.lines.values_list("cadre_id", "recommended", "final"))
    assert len(lines) == len({cadre for cadre, _r, _f in lines}) == cycle.summary["people"]
    assert sum(recommended for _c, recommended, _f in lines) == cycle.total_recommended
    assert cycle.total_recommended + cycle.unallocated == cycle.budget
    assert sum(final for _c, _r, final in lines) == cycle.total_final


DECISIONS = {"approve": (lambda cycle, actor: services.cycle_approve(cycle=cycle, actor=actor, comment="同意"),
                         "approved", "cycle_frozen"),
             "reject": (lambda cycle, actor: services.cycle_reject(cycle=cycle, actor=actor, comment="再议"),
                        "rejected", "cycle_state")}


@pytest.mark.parametrize(("first", "second"), [("approve", "approve"), ("approve", "reject"),
                                               ("reject", "approve")])
def test_two_leaders_deciding_one_list_at_once_decide_it_once(incentive_round, hr, leaders, first, second):
    cycle = services.cycle_compute(cycle=incentive_round.cycle, actor=hr)
    services.cycle_submit(cycle=cycle, actor=hr)
    (decide_first, status, refusal), (decide_second, _status, _refusal) = DECISIONS[first], DECISIONS[second]
    leader, deputy = leaders

    decided, refused = race(lambda: decide_first(cycle, leader), lambda: decide_second(cycle, deputy))

    assert isinstance(decided, IncentiveCycle), decided
    assert isinstance(refused, Conflict) and refused.status == 409 and refused.code == refusal, refused
    cycle.refresh_from_db()
    assert (cycle.status, cycle.decided_by) == (status, leader.user)
    decisions = [entry.changes_dict for entry in LogEntry.objects.get_for_object(cycle)
                 if entry.action == LogEntry.Action.UPDATE and "decided_by" in entry.changes_dict]
    assert [entry["status"][1] for entry in decisions] == [status]


@pytest.mark.parametrize("first", ["recompute", "submit"])
def test_a_recompute_racing_the_submission_leaves_leadership_one_whole_list(incentive_round, bureau, hr, leaders,
                                                                            first):
    cycle = services.cycle_compute(cycle=incentive_round.cycle, actor=hr)
    computed = lines_of(cycle)
    ContributionFactory(cadre=bureau.accountant, impact=5)  # verified since: a recompute raises his amount
    steps = {"recompute": lambda: services.cycle_compute(cycle=cycle, actor=hr),
             "submit": lambda: services.cycle_submit(cycle=cycle, actor=hr)}

    outcome = race_in_order(steps, first)

    assert isinstance(outcome["submit"], IncentiveCycle), outcome
    submitted = lines_of(cycle)
    if first == "recompute":
        assert submitted[bureau.accountant.pk][0] > computed[bureau.accountant.pk][0]
    else:
        assert isinstance(outcome["recompute"], Conflict) and outcome["recompute"].code == "cycle_state"
        assert submitted == computed
    services.cycle_approve(cycle=cycle, actor=leaders[0])
    assert lines_of(cycle) == submitted
    assert_one_whole_list(cycle)


@pytest.mark.parametrize("first", ["recompute", "approve"])
def test_a_recompute_racing_the_approval_is_refused_and_the_list_approved_is_the_one_submitted(
        incentive_round, bureau, hr, leaders, first):
    cycle = services.cycle_compute(cycle=incentive_round.cycle, actor=hr)
    services.cycle_submit(cycle=cycle, actor=hr)
    submitted = lines_of(cycle)
    ContributionFactory(cadre=bureau.accountant, impact=5)
    steps = {"recompute": lambda: services.cycle_compute(cycle=cycle, actor=hr),
             "approve": lambda: services.cycle_approve(cycle=cycle, actor=leaders[0])}

    outcome = race_in_order(steps, first)

    assert isinstance(outcome["approve"], IncentiveCycle), outcome
    assert isinstance(outcome["recompute"], Conflict), outcome
    assert outcome["recompute"].code == ("cycle_state" if first == "recompute" else "cycle_frozen")
    assert lines_of(cycle) == submitted
    assert_one_whole_list(cycle)


def test_two_computations_at_once_leave_one_whole_list_within_the_budget(incentive_round, bureau, hr):
    cycle = incentive_round.cycle

    first, second = race(lambda: services.cycle_compute(cycle=cycle, actor=hr),
                         lambda: services.cycle_compute(cycle=cycle, actor=hr))

    assert isinstance(first, IncentiveCycle) and isinstance(second, IncentiveCycle), (first, second)
    # The second saw the first's list whole, replaced it, and found nothing to change in it.
    assert (second.changes["changed"], second.changes["removed"]) == ([], [])
    assert_one_whole_list(cycle)
    assert cycle.lines.count() == 4 and cycle.total_final == Decimal("100000.00")
