"""workspace.forms.Checkboxes: Django's CheckboxSelectMultiple written without its widget templates, the same HTML
in every state a form gives it."""

from itertools import combinations

import pytest
from django import forms
from django.utils.translation import override

from talent.models import CadreStatus, Tier
from workspace.forms import Checkboxes


@pytest.mark.parametrize("choices", [Tier.choices, CadreStatus.choices, [("a<b", "x & “y”"), (1, "one"), ("", "none")]])
def test_the_boxes_are_djangos_in_every_state(choices):
    values = [str(value) for value, _label in choices]
    states = [list(chosen) for k in range(len(values) + 1) for chosen in combinations(values, k)]
    attributes = [{"id": "id_tier"}, {}, {"aria-invalid": "true", "id": "id_tier"},
                  {"class": "wide", "disabled": True, "required": False, "data-x": "<q>"}]
    for language in ("zh-hans", "en"):
        with override(language):
            for chosen in [*states, None, "left"]:
                for attrs in attributes:
                    ours = Checkboxes(choices=choices).render("tier", chosen, attrs)
                    assert ours == forms.CheckboxSelectMultiple(choices=choices).render("tier", chosen, attrs)


def test_grouped_choices_are_left_to_django():
    grouped = [("地区", [("n", "北"), ("s", "南")]), ("x", "其他")]

    ours = Checkboxes(choices=grouped).render("area", ["s"], {"id": "id_area"})

    assert ours == forms.CheckboxSelectMultiple(choices=grouped).render("area", ["s"], {"id": "id_area"})
    assert "<label>地区</label>" in ours
