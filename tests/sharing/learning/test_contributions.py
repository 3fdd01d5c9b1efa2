"""What the incentives count from sharing: groups led, activities attended and secondments completed, per
cadre and period (sharing.selectors.secondments; incentives reads these, sharing never imports incentives)."""

from datetime import timedelta
from decimal import Decimal

import pytest

from sharing.selectors import secondments as selectors
from sharing.services import groups as services_groups
from sharing.services import secondments as services


@pytest.fixture
def activities(bureau, data_group, hr_actor, today):
    """A study week 李码 led twenty days ago (钱进, 赵文 there) and a lecture 钱进 gave ten days ago (赵文 there)."""
    week = services_groups.learning_activity_record(
        actor=hr_actor, group=data_group, kind="study_week", title="SQL 学习周", start_date=today - timedelta(20),
        end_date=today - timedelta(16), hours=Decimal(3), attendees=[bureau.finance_officer, bureau.office_clerk])
    lecture = services_groups.learning_activity_record(
        actor=hr_actor, group=data_group, kind="lecture", title="财务数据里的 SQL", start_date=today - timedelta(10),
        end_date=today - timedelta(10), hours=Decimal(2), led_by=bureau.finance_officer,
        attendees=[bureau.office_clerk])
    return week, lecture


def test_each_leader_is_credited_with_the_activities_they_led_in_the_period(bureau, data_group, activities, today):
    led = selectors.learning_groups_led_by_cadre(start=today - timedelta(25), end=today)

    [by_li] = led[bureau.it_engineer.pk]
    assert (by_li.group, by_li.group_name, by_li.activities, by_li.attendances) == (data_group.pk, "数据分析学习小组",
                                                                                   1, 2)
    assert by_li.learning_hours == 6
    [by_qian] = led[bureau.finance_officer.pk]
    assert (by_qian.activities, by_qian.attendances, by_qian.learning_hours) == (1, 1, 2)
    assert bureau.office_clerk.pk not in led


def test_an_activity_counts_in_the_period_it_started(bureau, activities, today):
    led = selectors.learning_groups_led_by_cadre(start=today - timedelta(15), end=today)
    assert bureau.it_engineer.pk not in led
    assert bureau.finance_officer.pk in led


def test_attendance_lists_each_activity_attended(bureau, activities, today):
    attended = selectors.learning_attendance_by_cadre(start=today - timedelta(25), end=today)

    assert [a.title for a in attended[bureau.office_clerk.pk]] == ["SQL 学习周", "财务数据里的 SQL"]
    assert [a.led_by for a in attended[bureau.office_clerk.pk]] == [bureau.it_engineer.pk, bureau.finance_officer.pk]
    assert [(a.kind, a.hours) for a in attended[bureau.finance_officer.pk]] == [("study_week", 3)]
    assert bureau.it_engineer.pk not in attended


def test_completed_secondments_come_with_the_hosts_rating(bureau, accountant_seconded_to_it, today):
    completed = selectors.completed_secondments_by_cadre(start=today - timedelta(90), end=today)
    assert [s.rating for s in completed[bureau.accountant.pk]] == [5]


def test_a_learning_group_makes_its_departments_closer_in_the_candidate_score(skilled, python_request, data_group):
    # 钱进 (finance) and 赵文 (office) share the group with 李码 of IT, which asks for a Python expert; accounting
    # (孙会) has no tie with IT.
    found, _excluded = services.request_candidates(share_request=python_request, limit=10)
    affinity = {c["name"]: c["affinity"] for c in found}
    assert affinity["钱进"] > 0 and affinity["赵文"] > 0
    assert affinity["孙会"] == 0
