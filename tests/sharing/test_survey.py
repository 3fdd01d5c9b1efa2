"""The talent-demand survey's arithmetic: periods, and demand beside supply, worked out by hand."""

from datetime import date

import pytest

from sharing import survey
from sharing.survey import Demand, Holding

IT, IT_DATA, FINANCE, OFFICE = 1, 2, 3, 4
UNITS = {IT: frozenset({IT, IT_DATA}), IT_DATA: frozenset({IT_DATA}), FINANCE: frozenset({FINANCE}),
         OFFICE: frozenset({OFFICE})}


@pytest.mark.parametrize(("period", "first", "last"), [
    ("2026", date(2026, 1, 1), date(2026, 12, 31)), ("2026-H1", date(2026, 1, 1), date(2026, 6, 30)),
    ("2026-H2", date(2026, 7, 1), date(2026, 12, 31)), ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
    ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)), ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
])
def test_a_period_runs_from_its_first_to_its_last_day(period, first, last):
    assert survey.period_range(period) == (first, last)


def test_a_quarter_is_covered_by_its_half_and_its_year():
    assert survey.covering_periods("2026-Q3") == ["2026-Q3", "2026-H2", "2026"]
    assert survey.covering_periods("2026-H1") == ["2026-H1", "2026"]
    assert survey.covering_periods("2026") == ["2026"]


HOLDINGS = [Holding(IT, "SQL", 4), Holding(IT_DATA, "SQL", 3), Holding(FINANCE, "SQL", 5), Holding(OFFICE, "SQL", 2),
            Holding(FINANCE, "PY", 4)]


def test_a_departments_demand_counts_holders_at_home_with_its_sub_units_and_elsewhere():
    demands = [Demand(IT, "SQL", 3, 2, survey.REQUEST), Demand(IT, "SQL", 3, 1, survey.PLAN),
               Demand(IT, "PY", 4, 2, survey.PLAN)]

    found = survey.department_demand(demands, HOLDINGS, UNITS)[IT]

    sql, py = found
    assert (sql.skill, sql.people, sql.sources) == ("SQL", 3, ("plan", "request"))
    # SQL 3+: IT's own and its data unit's (held here), finance's (elsewhere); the office's level 2 is too low.
    assert (sql.held_here, sql.held_elsewhere, sql.held_in_bureau, sql.scarce) == (2, 1, 3, False)
    assert (py.people, py.held_here, py.held_elsewhere, py.scarce) == (2, 0, 1, True)


def test_the_bureau_summary_adds_up_each_skill_and_level_over_the_departments():
    demands = [Demand(IT, "SQL", 3, 2, survey.REQUEST), Demand(OFFICE, "SQL", 3, 2, survey.PLAN),
               Demand(OFFICE, "SQL", 5, 1, survey.PLAN)]

    sql3, sql5 = survey.bureau_demand(demands, HOLDINGS, UNITS)

    assert (sql3.people, sql3.departments, sql3.held_in_bureau, sql3.held_here, sql3.scarce) == (4, (IT, OFFICE), 3, 2,
                                                                                                  True)
    assert (sql5.people, sql5.held_in_bureau, sql5.held_here, sql5.scarce) == (1, 1, 0, False)
