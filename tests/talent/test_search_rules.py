"""How a search requirement is written and how a cadre's match is explained and scored (pure)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talent.search import Requirement, explain, merge, parse_requirement, qualifies, score

CODES = ["SQL", "GIS", "SEC", "PY", "OFFICE"]


@pytest.mark.parametrize(("text", "expected"), [
    ("SQL:3", Requirement("SQL", 3)),
    (" gis : 5 ", Requirement("GIS", 5)),
    ("DATA-GOV.1", Requirement("DATA-GOV.1", 1)),
])
def test_requirements_are_read_as_code_and_level(text, expected):
    assert parse_requirement(text) == expected


@pytest.mark.parametrize("text", ["", "SQL:0", "SQL:6", "SQL:high", ":3", "SQL:3:4", "数据:2", "A" * 33])
def test_malformed_requirements_are_refused(text):
    with pytest.raises(ValueError):
        parse_requirement(text)


def test_asking_twice_for_a_skill_keeps_the_higher_level():
    assert merge([Requirement("SQL", 2), Requirement("GIS", 1), Requirement("SQL", 4)]) == (
        Requirement("SQL", 4), Requirement("GIS", 1))


def test_all_required_skills_must_be_held_at_their_level():
    required = [Requirement("SQL", 3), Requirement("GIS", 2)]
    assert qualifies(required, [], {"SQL": 3, "GIS": 2})
    assert not qualifies(required, [], {"SQL": 5})
    assert not qualifies(required, [], {"SQL": 2, "GIS": 5})


def test_any_of_needs_one_of_them():
    any_of = [Requirement("PY", 3), Requirement("SEC", 2)]
    assert qualifies([], any_of, {"SEC": 2})
    assert not qualifies([], any_of, {"PY": 2, "SEC": 1})


def test_explanation_names_each_matched_skill_and_its_margin():
    matches = explain([Requirement("SQL", 3)], [Requirement("PY", 2), Requirement("SEC", 4)],
                      {"SQL": 5, "PY": 2, "SEC": 3})
    assert [(m.code, m.required, m.minimum, m.level, m.margin) for m in matches] == [
        ("SQL", True, 3, 5, 2), ("PY", False, 2, 2, 0)]
    assert score(matches) == (1 + 2) + (1 + 0)


requirements = st.lists(st.builds(Requirement, st.sampled_from(CODES), st.integers(1, 5)), max_size=3)
holdings = st.dictionaries(st.sampled_from(CODES), st.integers(1, 5))


@given(required=requirements, any_of=requirements, held=holdings, extra=st.sampled_from(CODES))
def test_raising_a_level_never_lowers_the_score_or_loses_the_match(required, any_of, held, extra):
    required, any_of = merge(required), merge(any_of)
    before_ok = qualifies(required, any_of, held)
    before = score(explain(required, any_of, held))
    raised = {**held, extra: min(held.get(extra, 0) + 1, 5)}
    assert score(explain(required, any_of, raised)) >= before
    assert qualifies(required, any_of, raised) or not before_ok
