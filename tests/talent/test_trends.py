"""Trends: the nightly snapshot stores the overview's figures once per metric, scope and day; the API reads
back what was stored, a head only the bureau-wide figures and their own departments; bad input is a 400."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.models import JobRecord, JobStatus
from talent.models import TrendPoint
from talent.services import trends
from tests.factories import AssessmentFactory, SkillFactory
from tests.factories_planning import WorkforcePlanFactory, plan_line
from tests.helpers import assert_error


@pytest.fixture
def assessed(bureau):
    AssessmentFactory(cadre=bureau.finance_officer, perception=60, execution=80, decision=70, creativity=50,
                      development=90)
    AssessmentFactory(cadre=bureau.it_engineer, perception=80, execution=85, decision=60, creativity=75,
                      development=70)
    gis = SkillFactory(code="GIS", name="地理信息系统", critical=True)
    plan_line(WorkforcePlanFactory(department=bureau.it, period="2026"), {gis: 3}, post="GIS 工程师", headcount=2)


def stored(day):
    return {(p.metric, p.scope): p.value for p in TrendPoint.objects.filter(day=day)}


def test_the_snapshot_stores_the_overviews_figures_once_a_day(bureau, assessed):
    today = timezone.localdate()
    call_command("snapshot_trends")
    first = stored(today)
    assert JobRecord.objects.get(kind="trend-snapshot").status == JobStatus.SUCCEEDED

    assert first[("plan_gaps", "bureau")] == 2  # two GIS engineers planned, none held
    assert ("literacy", "tier:general") in first and ("literacy", "tier:specialist") in first
    assert ("literacy", f"department:{bureau.finance.pk}") in first
    assert ("literacy", f"department:{bureau.office.pk}") not in first  # nobody assessed there
    assert ("sharing_density", "bureau") in first  # registered by the sharing app
    assert first[("registry_failing", "bureau")] == 0

    AssessmentFactory(cadre=bureau.office_clerk, perception=90, execution=90, decision=90, creativity=90,
                      development=90)
    call_command("snapshot_trends")
    second = stored(today)
    assert TrendPoint.objects.filter(day=today).count() == len(second) == len(first) + 1
    assert ("literacy", f"department:{bureau.office.pk}") in second
    assert second[("literacy", "tier:general")] > first[("literacy", "tier:general")]


def test_a_scope_without_a_figure_today_loses_its_row_for_the_day(bureau, assessed):
    today = timezone.localdate()
    trends.store([("literacy", f"department:{bureau.archive.pk}", today, Decimal("50"))])
    trends.snapshot(day=today)
    assert ("literacy", f"department:{bureau.archive.pk}") not in stored(today)


@pytest.fixture
def history(bureau):
    day = datetime.date(2026, 3, 1)
    trends.store([
        ("literacy", "tier:general", day, Decimal("70.25")),
        ("literacy", "tier:general", day + datetime.timedelta(days=7), Decimal("71.5")),
        ("literacy", f"department:{bureau.finance.pk}", day, Decimal("68")),
        ("literacy", f"department:{bureau.it.pk}", day, Decimal("77")),
        ("plan_gaps", "bureau", day, Decimal("5")),
    ])
    return day


def test_the_api_reads_back_what_was_stored(bureau, history):
    points = bureau.client("leader").get("/api/v1/trends/", {"metric": "literacy", "from": "2026-03-01",
                                                              "to": "2026-03-01"}).json()
    assert [(p["scope"], p["scope_label"], p["day"], p["value"]) for p in points] == [
        (f"department:{bureau.finance.pk}", "财务处", "2026-03-01", "68.0000"),
        (f"department:{bureau.it.pk}", "信息中心", "2026-03-01", "77.0000"),
        ("tier:general", "一般干部", "2026-03-01", "70.2500"),
    ]
    week = bureau.client("hr_officer").get("/api/v1/trends/", {"metric": "literacy", "from": "2026-03-02"}).json()
    assert [(p["scope"], p["value"]) for p in week] == [("tier:general", "71.5000")]


def test_a_head_sees_the_bureau_wide_figures_and_their_departments_only(bureau, history):
    points = bureau.client("finance_head").get("/api/v1/trends/", {"metric": "literacy"}).json()
    assert {p["scope"] for p in points} == {f"department:{bureau.finance.pk}", "tier:general"}
    gaps = bureau.client("it_head").get("/api/v1/trends/", {"metric": "plan_gaps"}).json()
    assert [p["value"] for p in gaps] == ["5.0000"]


@pytest.mark.parametrize("persona, status", [("auditor", 403), ("cadre", 403), ("anonymous", 401)])
def test_others_do_not_read_trends(bureau, history, persona, status):
    response = bureau.client(persona).get("/api/v1/trends/", {"metric": "literacy"})
    assert_error(response, status)


@pytest.mark.parametrize("query, field", [
    ({}, "metric"),
    ({"metric": "happiness"}, "metric"),
    ({"metric": "literacy", "from": "2026-02-30"}, "from"),
    ({"metric": "literacy", "to": "yesterday"}, "to"),
    ({"metric": "literacy", "from": "2026-03-02", "to": "2026-03-01"}, "to"),
])
def test_bad_parameters_are_a_400_naming_the_field(bureau, history, query, field):
    assert_error(bureau.client("leader").get("/api/v1/trends/", query), 400, field=field)


def test_the_demo_history_is_a_year_and_more_of_weekly_points(bureau, assessed):
    call_command("load_demo_trends")
    today = timezone.localdate()
    days = sorted(set(TrendPoint.objects.filter(metric="plan_gaps").values_list("day", flat=True)))
    assert days[0] == datetime.date(today.year - 1, 1, 1) and days[-1] == today
    assert all((b - a).days <= 7 for a, b in zip(days, days[1:], strict=False))
    count = TrendPoint.objects.count()
    call_command("load_demo_trends")  # idempotent
    assert TrendPoint.objects.count() == count
