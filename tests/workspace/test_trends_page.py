"""趋势 page: this year against last year per metric, drawn from the stored points; a head sees only the bureau-wide
figures and their own departments; the cockpit links to it."""

import json
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from talent.services import trends
from tests.workspace.conftest import browser_of
from workspace.trends import week_of


@pytest.fixture
def points(bureau):
    today = timezone.localdate()
    last_year = today.replace(year=today.year - 1)
    trends.store([
        ("literacy", "tier:general", today, Decimal("72.5")),
        ("literacy", "tier:general", last_year, Decimal("65.25")),
        ("literacy", f"department:{bureau.it.pk}", today, Decimal("80")),
        ("literacy", f"department:{bureau.finance.pk}", today, Decimal("60")),
        ("plan_gaps", "bureau", today, Decimal("4")),
        ("plan_gaps", "bureau", last_year, Decimal("9")),
    ])
    return today


def chart(html: str, chart_id: str) -> dict:
    found = re.search(rf'<script id="{chart_id}" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_the_page_charts_this_year_against_last(bureau, points):
    response = browser_of(bureau, "leader").get("/trends/")
    html = response.content.decode()
    assert response.status_code == 200
    gaps = chart(html, "trend-plan-gaps")
    this_year, last_year = gaps["series"]
    assert (this_year["name"], last_year["name"]) == (str(points.year), str(points.year - 1))
    week = week_of(points)
    assert (this_year["values"][week], last_year["values"][week_of(points.replace(year=points.year - 1))]) == (4, 9)
    literacy = chart(html, "trend-literacy")
    assert literacy["series"][0]["values"][week] == 72.5  # the first tier with points is shown first
    assert "一般干部" in html and "信息中心" in html  # the scope choice names tiers and departments
    assert "今年最新：72.50" in html  # the caption keeps the metric's decimal places, as the chart's table does


def test_a_head_chooses_among_their_own_departments_only(bureau, points):
    client = browser_of(bureau, "it_head")
    html = client.get("/trends/").content.decode()
    assert "信息中心" in html and "财务处" not in html
    chosen = client.get("/trends/", {"scope": f"department:{bureau.it.pk}"}).content.decode()
    assert chart(chosen, "trend-literacy")["series"][0]["values"][week_of(points)] == 80
    guessed = client.get("/trends/", {"scope": f"department:{bureau.finance.pk}"}).content.decode()
    assert "60.0" not in guessed and chart(guessed, "trend-literacy") == chart(html, "trend-literacy")


def test_the_cockpit_links_to_the_trends_and_others_are_refused(bureau, points):
    assert 'href="/trends/"' in browser_of(bureau, "leader").get("/cockpit/").content.decode()
    assert browser_of(bureau, "auditor").get("/trends/").status_code == 403
