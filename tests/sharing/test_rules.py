"""A department's sharing rules (pure): caps in people or percent, lending units, length and notice."""

from datetime import date

from sharing import rules
from sharing.rules import DEFAULT, SHORT_NOTICE, TOO_LONG, Rule

BUREAU, IT, IT_OPS, IT_DEV, FINANCE = 1, 2, 3, 4, 5
PARENTS = {BUREAU: None, IT: BUREAU, IT_OPS: IT, IT_DEV: IT, FINANCE: BUREAU}


def test_the_cap_is_a_number_of_people_a_percent_of_the_size_or_the_bureau_default():
    assert rules.cap(Rule(cap_people=3), 100, 20) == 3
    assert rules.cap(Rule(cap_percent=15), 19, 20) == 2  # 2.85, rounded down
    assert rules.cap(DEFAULT, 19, 20) == 3
    assert rules.cap(Rule(cap_percent=0), 50, 20) == 0


def test_a_department_counting_its_sub_units_is_their_lending_unit():
    units = rules.lending_units(PARENTS, {IT: Rule(includes_sub_units=True)})
    assert units == {BUREAU: BUREAU, IT: IT, IT_OPS: IT, IT_DEV: IT, FINANCE: FINANCE}
    # The highest department counting its sub-units wins.
    units = rules.lending_units(PARENTS, {IT: Rule(includes_sub_units=True), BUREAU: Rule(includes_sub_units=True)})
    assert set(units.values()) == {BUREAU}


def test_a_unit_counts_the_people_of_all_its_departments_and_each_person_once():
    found = rules.units(parents=PARENTS, rules={IT: Rule(cap_percent=10, includes_sub_units=True)},
                        size={IT: 5, IT_OPS: 10, IT_DEV: 5, FINANCE: 9},
                        # 7 is out twice (two secondments in turn): one person lent.
                        out=[(7, IT_OPS), (7, IT_OPS), (8, IT), (9, FINANCE)], default_percent=20)
    assert found.cap[IT] == 2 and found.lent[IT] == 2
    assert found.cap[FINANCE] == 1 and found.lent[FINANCE] == 1
    assert IT_OPS not in found.cap


def test_a_rule_says_how_long_and_how_soon():
    six_months = Rule(max_months=6, notice_days=10)
    assert rules.latest_end(date(2026, 3, 1), 6) == date(2026, 8, 31)
    assert rules.latest_end(date(2026, 8, 31), 6) == date(2027, 2, 27)  # 28 Feb 2027 is the same day 6 later
    assert rules.breaches(six_months, start=date(2026, 3, 1), end=date(2026, 8, 31),
                          proposed_on=date(2026, 2, 19)) == []
    assert rules.breaches(six_months, start=date(2026, 3, 1), end=date(2026, 9, 1),
                          proposed_on=date(2026, 2, 20)) == [TOO_LONG, SHORT_NOTICE]
    assert rules.breaches(DEFAULT, start=date(2026, 3, 1), end=date(2029, 3, 1), proposed_on=date(2026, 3, 1)) == []
