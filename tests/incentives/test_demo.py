"""The demo shows a list waiting for leadership, and loading it twice changes nothing; loaded after the demo's
learning groups, as bin/demo loads it, the list credits their leaders and attendees."""

import io
from collections import Counter

from django.core.management import call_command

from incentives.models import AppraisalGrade, Contribution, IncentiveCycle, IncentiveLine
from sharing.models import LearningActivity


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


def test_the_demo_cycle_credits_the_learning_groups_of_its_year(db):
    for command in ("load_demo", "load_demo_skills", "load_demo_groups", "load_demo_incentives"):
        call_command(command, stdout=io.StringIO())
    led_in_2025 = Counter(LearningActivity.objects.filter(start_date__year=2025).values_list("led_by__staff_number",
                                                                                             flat=True))

    lines = {line.cadre.staff_number: line.breakdown for line in IncentiveLine.objects.select_related("cadre")}

    assert led_in_2025
    assert {number: lines[number]["activities_led"] for number in led_in_2025} == dict(led_in_2025)
    assert sum(breakdown["activities_attended"] for breakdown in lines.values()) > 0
