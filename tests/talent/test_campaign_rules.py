"""The campaign scoring rule (talent.campaigns) worked by hand on a small campaign, its reliability and
agreement figures, and Cronbach's alpha against a published example."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talent.campaigns import Form, Item, Tally, cronbach_alpha, score

ITEMS = [
    Item(1, "perception", weight=1), Item(2, "perception", weight=3),
    Item(3, "execution", lowest=0, highest=10),
    Item(4, "decision"), Item(5, "creativity"), Item(6, "development"),
]
WEIGHTS = {"self": 0.2, "supervisor": 0.5, "peer": 0.3}
# Ratee 100 has every kind; 200 only self and one peer (fewer than the two needed); 300 no self-assessment.
FORMS = [Form(1, 100, "self"), Form(2, 100, "supervisor"), Form(3, 100, "peer"), Form(4, 100, "peer"),
         Form(5, 200, "self"), Form(6, 200, "peer"),
         Form(7, 300, "supervisor"), Form(8, 300, "peer"), Form(9, 300, "peer")]


def answers(form, perception, execution, rest=3):
    return [(form, 1, perception[0]), (form, 2, perception[1]), (form, 3, execution),
            *[(form, item, rest) for item in (4, 5, 6)]]


ANSWERS = [
    *answers(1, (5, 4), 8), *answers(2, (3, 3), 6), *answers(3, (4, 2), 7), *answers(4, (2, 4), 9),
    *answers(5, (1, 2), 5), *answers(6, (5, 5), 10, rest=5),
    *answers(7, (4, 4), 10), *answers(8, (5, 5), 0), *answers(9, (3, 3), 5),
]


def outcome(rows=ANSWERS, min_peers=2):
    return score(items=ITEMS, forms=FORMS, answers=rows, kind_weights=WEIGHTS, min_peers=min_peers)


def test_scores_worked_by_hand():
    result = outcome()
    # 100, perception: self (100x1 + 75x3)/4 = 81.25, supervisor 50, peers (37.5 + 62.5)/2 = 50:
    # 0.2x81.25 + 0.5x50 + 0.3x50 = 56.25 -> 56. Execution: 0.2x80 + 0.5x60 + 0.3x(70+90)/2 = 70.
    assert result.scores[100] == {"perception": 56, "execution": 70, "decision": 50, "creativity": 50,
                                  "development": 50}
    assert result.kinds_counted[100] == ("self", "supervisor", "peer")
    # 200: one peer is fewer than two, so only self counts (its weight renormalised to 1):
    # perception (0 + 25x3)/4 = 18.75 -> 19; the lone peer's fives change nothing.
    assert result.scores[200] == {"perception": 19, "execution": 50, "decision": 50, "creativity": 50,
                                  "development": 50}
    assert result.kinds_counted[200] == ("self",)
    # 300: no self; supervisor 0.5 and peers 0.3 renormalised over 0.8. Perception (0.5x75 + 0.3x75)/0.8 = 75;
    # execution (0.5x100 + 0.3x(0+50)/2)/0.8 = 71.875 -> 72.
    assert result.scores[300] == {"perception": 75, "execution": 72, "decision": 50, "creativity": 50,
                                  "development": 50}
    assert result.kinds_counted[300] == ("supervisor", "peer")
    assert result.forms == 9 and result.answers == 54


def test_enough_peers_when_the_minimum_is_one():
    result = outcome(min_peers=1)
    # 200's lone peer now counts: perception (0.2x18.75 + 0.3x100)/0.5 = 67.5 -> 68.
    assert result.scores[200]["perception"] == 68
    assert result.kinds_counted[200] == ("self", "peer")


def test_agreement_is_self_against_the_others():
    result = outcome()
    # Only 100 has both self and others: perception |81.25 - 50| = 31.25; execution others (0.5x60 + 0.3x80)/0.8
    # = 67.5 against self 80: 12.5.
    assert result.agreement["perception"] == {"mean_abs_diff": 31.25, "cadres": 1}
    assert result.agreement["execution"] == {"mean_abs_diff": 12.5, "cadres": 1}


def test_a_cadre_whose_only_kind_weighs_nothing_gets_no_score():
    result = score(items=ITEMS, forms=[Form(1, 100, "self")], answers=answers(1, (5, 5), 10),
                   kind_weights={"self": 0, "supervisor": 0.6, "peer": 0.4}, min_peers=2)
    assert result.scores == {} and result.unscored == [100]


def test_same_answers_same_scores_in_any_order_and_chunking():
    first = outcome()
    shuffled = ANSWERS[:]
    random.Random(7).shuffle(shuffled)
    tally = Tally(items=ITEMS, forms=FORMS)
    for start in range(0, len(shuffled), 5):
        chunk = shuffled[start:start + 5]
        tally.add(*zip(*chunk, strict=True))
    second = tally.finish(kind_weights=WEIGHTS, min_peers=2)
    assert second.scores == first.scores and second.alpha == first.alpha and second.agreement == first.agreement


def test_an_answer_to_an_unknown_form_is_refused():
    with pytest.raises(ValueError, match="form"):
        score(items=ITEMS, forms=FORMS, answers=[(99, 1, 3)], kind_weights=WEIGHTS, min_peers=2)


# mtcars' cyl, gear, carb and hp (R's datasets package, 32 cars in its order).
MTCARS = [(6, 4, 4, 110), (6, 4, 4, 110), (4, 4, 1, 93), (6, 3, 1, 110), (8, 3, 2, 175), (6, 3, 1, 105),
          (8, 3, 4, 245), (4, 4, 2, 62), (4, 4, 2, 95), (6, 4, 4, 123), (6, 4, 4, 123), (8, 3, 3, 180),
          (8, 3, 3, 180), (8, 3, 3, 180), (8, 3, 4, 205), (8, 3, 4, 215), (8, 3, 4, 230), (4, 4, 1, 66),
          (4, 4, 2, 52), (4, 4, 1, 65), (4, 3, 1, 97), (8, 3, 2, 150), (8, 3, 2, 150), (8, 3, 4, 245),
          (8, 3, 2, 175), (4, 4, 1, 66), (4, 5, 2, 91), (4, 5, 2, 113), (8, 5, 4, 264), (6, 5, 6, 175),
          (8, 5, 8, 335), (4, 4, 2, 109)]


def test_alpha_matches_the_published_mtcars_example():
    # easystats/performance documents cronbachs_alpha(mtcars[, c("cyl", "gear", "carb", "hp")]) = 0.09463206.
    assert sum(row[3] for row in MTCARS) == 4694  # the data typed in right: mean hp 146.6875
    assert cronbach_alpha(MTCARS) == pytest.approx(0.09463206, abs=1e-8)


def test_streamed_alpha_equals_the_matrix_formula():
    # Four forms answering one capacity's three scored items (0-100, so the values are the 0-100 values).
    rows = [(90, 80, 85), (40, 50, 45), (70, 60, 75), (20, 35, 30)]
    items = [Item(i, "decision", lowest=0, highest=100) for i in (1, 2, 3)]
    forms = [Form(f, f, "supervisor") for f in range(1, 5)]
    triples = [(f, i, rows[f - 1][i - 1]) for f in range(1, 5) for i in (1, 2, 3)]
    result = score(items=items, forms=forms, answers=triples, kind_weights=WEIGHTS, min_peers=2)
    assert result.alpha["decision"] == pytest.approx(cronbach_alpha(rows), abs=1e-4)
    assert result.alpha["decision"] > 0.9  # items that move together: a reliable scale
    assert result.alpha["perception"] is None  # no items


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 9), st.integers(1, 6), st.integers(1, 5)), min_size=1, max_size=60))
def test_scores_stay_within_0_to_100(rows):
    seen = {(form, item): value for form, item, value in rows}
    result = outcome([(form, item, min(value, 10)) for (form, item), value in seen.items()])
    for scores in result.scores.values():
        assert all(0 <= value <= 100 for value in scores.values())
