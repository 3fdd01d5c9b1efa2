"""This year against last year, week by week, for the trends page (pure: points in, a chart spec out)."""

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

WEEKS = 53


def week_of(day: date) -> int:
    return min((day - date(day.year, 1, 1)).days // 7, WEEKS - 1)


def year_against_year(points: Iterable[tuple[date, Decimal]], *, today: date, places: int) -> dict:
    """A line chart spec (workspace/static/workspace/cockpit.js, kind "line") of this year's and last year's
    points, one value per week (the week's last point; null where none), x labelled by this year's week starts;
    and the latest value this year beside last year's in the same week."""
    years = {today.year: [None] * WEEKS, today.year - 1: [None] * WEEKS}
    for day, value in sorted(points):
        if day.year in years and day <= today:
            years[day.year][week_of(day)] = round(float(value), places) if places else int(value)
    this, last = years[today.year], years[today.year - 1]
    week = week_of(today)
    latest = next((i for i in range(week, -1, -1) if this[i] is not None), None)
    start = date(today.year, 1, 1)
    return {
        "kind": "line", "labels": False, "legend": True, "scale": True,
        "x": [(start + timedelta(weeks=i)).strftime("%m-%d") for i in range(WEEKS)],
        "series": [{"name": str(today.year), "values": this}, {"name": str(today.year - 1), "values": last}],
        "latest": None if latest is None else this[latest],
        "year_before": None if latest is None else last[latest],
        "has_data": any(v is not None for v in this + last),
    }
