"""The leadership report's trends summary: each metric's latest point this year beside the same date last year
(or the nearest stored in the week before it), in the scope the reader sees; and the report prints it."""

import datetime
import shutil
import subprocess
from decimal import Decimal

import pytest

from talent.access import Actor
from talent.models import TrendPoint
from talent.selectors import trends

TODAY = datetime.date(2026, 6, 15)


def point(metric, scope, day, value):
    TrendPoint.objects.create(metric=metric, scope=scope, day=day, value=Decimal(value))


@pytest.fixture
def stored(bureau):
    point("plan_gaps", "bureau", datetime.date(2026, 6, 1), 9)
    point("plan_gaps", "bureau", datetime.date(2026, 6, 14), 7)  # the latest this year
    point("plan_gaps", "bureau", datetime.date(2026, 6, 16), 1)  # after today: not read
    point("plan_gaps", "bureau", datetime.date(2025, 6, 10), 12)  # within the week before 2025-06-15
    point("plan_gaps", "bureau", datetime.date(2025, 6, 7), 20)  # a point earlier still is not the one
    point("literacy", "tier:general", datetime.date(2026, 6, 15), "71.5")
    point("literacy", "tier:general", datetime.date(2025, 6, 1), "60")  # more than a week before: no pair
    point("literacy", f"department:{bureau.finance.pk}", datetime.date(2026, 6, 15), "75.25")
    point("literacy", f"department:{bureau.it.pk}", datetime.date(2026, 6, 15), "64")
    return bureau


def summary(bureau, persona):
    return [(row["metric"], row["scope_label"], row["value"], row["year_before"])
            for row in trends.year_on_year(actor=Actor(bureau.users[persona]), today=TODAY)]


def test_each_metric_this_year_beside_the_same_date_last_year(stored):
    assert summary(stored, "leader") == [
        ("literacy", "一般干部", Decimal("71.5"), None),
        ("literacy", "信息中心", Decimal("64"), None),
        ("literacy", "财务处", Decimal("75.25"), None),
        ("plan_gaps", "全局", Decimal("7"), Decimal("12")),
    ]


def test_a_head_reads_the_bureau_figures_and_their_own_departments(stored):
    assert [label for _metric, label, _now, _before in summary(stored, "it_head")] == ["一般干部", "信息中心", "全局"]


def test_the_same_date_last_year_of_29_february_is_the_28th():
    assert trends.year_before(datetime.date(2028, 2, 29)) == datetime.date(2027, 2, 28)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_leadership_report_ends_with_the_trends(stored, tmp_path, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)
    response = stored.client("leader").get("/api/v1/reports/leadership/")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout

    flat = text.replace("\n", "").replace(" ", "")
    assert flat.index("五、") < flat.index("趋势：今年与去年同日对比")
    assert "7（06-14）" in flat and "12（2025-06-10）" in flat and "-5" in flat
