"""The demo shows a list waiting for leadership, and loading it twice changes nothing."""

import io

from django.core.management import call_command

from incentives.models import AppraisalGrade, Contribution, IncentiveCycle


def test_the_demo_bureau_gets_a_cycle_ready_for_approval(db):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo_incentives", stdout=io.StringIO())
    counts = (AppraisalGrade.objects.count(), Contribution.objects.count())

    call_command("load_demo_incentives", stdout=io.StringIO())

    cycle = IncentiveCycle.objects.get()
    assert cycle.status == "submitted"
    assert cycle.total_recommended == cycle.budget
    assert cycle.summary["honours"] > 0 and cycle.summary["eligible"] < cycle.summary["people"]
    assert (AppraisalGrade.objects.count(), Contribution.objects.count()) == counts
    assert Contribution.objects.filter(status="verified").exists() and Contribution.objects.filter(
        status="submitted", cadre__user__username="hr").exists()
