"""Secondments racing each other on PostgreSQL, with two real connections (tests.helpers.race).

What is guaranteed: a cadre is never in two live secondments (proposed, accepted, approved or active) with
overlapping dates, and a request never gets more live proposals than its places. Two approvals for one cadre
take turns on the cadre's row; an allocation run locks every open request first, so two runs, or a run and an
approval (which locks its request), take turns and the later one sees what the earlier one wrote.
"""

from collections import defaultdict

import pytest

from core.errors import Conflict
from sharing.models import HOLDING, Secondment
from sharing.services import secondments as services
from talent.access import Actor
from tests.factories import RequiredSkillFactory, SecondmentFactory, ShareRequestFactory
from tests.helpers import ON_TWO_CONNECTIONS, race, race_in_order

pytestmark = ON_TWO_CONNECTIONS


def assert_nobody_is_booked_twice() -> None:
    spans = defaultdict(list)
    for cadre, start, end in Secondment.objects.filter(status__in=HOLDING).values_list("cadre_id", "start_date",
                                                                                       "end_date"):
        spans[cadre].append((start, end))
    for cadre, dates in spans.items():
        dates.sort()
        for (_start, end), (next_start, _end) in zip(dates, dates[1:], strict=False):
            assert next_start > end, f"cadre {cadre} is in two secondments at once: {dates}"


@pytest.fixture
def archive_request(skilled, python):
    """The archive's request for a Python hand (level 3+), for the same June 2030 as the IT head's."""
    share_request = ShareRequestFactory(department=skilled.archive, title="档案数字化")
    RequiredSkillFactory(request=share_request, skill=python, min_level=3)
    return share_request


def test_two_approvals_for_the_same_cadre_and_overlapping_dates_never_both_succeed(bureau):
    hr = Actor(bureau.users["hr_officer"])
    first = SecondmentFactory(cadre=bureau.finance_officer, status="accepted", request__department=bureau.it)
    second = SecondmentFactory(cadre=bureau.finance_officer, status="accepted", request__department=bureau.office,
                               request__start_date=first.end_date, request__end_date=first.end_date)

    approved, refused = race(lambda: services.secondment_approve(actor=hr, secondment=first),
                             lambda: services.secondment_approve(actor=hr, secondment=second))

    assert isinstance(approved, Secondment), approved
    assert isinstance(refused, Conflict) and refused.code == "cadre_already_seconded", refused
    assert sorted(Secondment.objects.values_list("status", flat=True)) == ["accepted", "approved"]


def test_two_allocation_runs_at_once_propose_each_place_and_each_cadre_once(skilled, python_request,
                                                                           archive_request):
    hr = Actor(skilled.users["hr_officer"])

    first, second = race(lambda: services.allocation_run(actor=hr, dry_run=False),
                         lambda: services.allocation_run(actor=hr, dry_run=False))

    assert not isinstance(first, Exception) and not isinstance(second, Exception), (first, second)
    assert len(first.proposals) == 2
    assert second.proposals == [], "the second run proposed again for places the first had filled"
    proposed = Secondment.objects.filter(status="proposed")
    assert sorted(proposed.values_list("request_id", flat=True)) == sorted([python_request.pk, archive_request.pk])
    assert proposed.values("cadre_id").distinct().count() == 2
    assert_nobody_is_booked_twice()


@pytest.mark.parametrize("first", ["approval", "allocation run"])
def test_an_allocation_run_and_an_approval_at_once_never_book_the_approved_cadre_again(skilled, python_request,
                                                                                      archive_request, first):
    hr = Actor(skilled.users["hr_officer"])
    accepted = SecondmentFactory(request=python_request, cadre=skilled.office_clerk, status="accepted")
    writes = {"approval": lambda: services.secondment_approve(actor=hr, secondment=accepted),
              "allocation run": lambda: services.allocation_run(actor=hr, dry_run=False)}


    outcome = race_in_order(writes, first)

    assert isinstance(outcome["approval"], Secondment) and outcome["approval"].status == "approved", outcome
    [proposal] = outcome["allocation run"].proposals
    # The office clerk, the best Python hand, is taken for June: the archive gets the next best.
    assert (proposal["request"], proposal["cadre"]) == (archive_request.pk, skilled.finance_officer.pk)
    assert_nobody_is_booked_twice()
