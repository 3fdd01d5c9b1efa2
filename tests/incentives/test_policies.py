"""HR sets the rules of the incentive: weights, coefficients by rank, the backbone tilt, cap, honours."""

from decimal import Decimal

import pytest

from incentives.models import IncentivePolicy
from tests.factories import IncentivePolicyFactory
from tests.helpers import assert_error


def policy(**overrides) -> dict:
    return {"name": "2025年度数字化激励办法", "weight_appraisal": "0.35", "weight_literacy": "0.25",
            "weight_contributions": "0.30", "weight_secondments": "0.10", "honour_title": "数字化先进个人",
            "cap": "30000.00", **overrides}


def test_hr_sets_a_policy_and_the_backbone_rule_reads_in_plain_words(hr):
    response = hr.post("/api/v1/incentive-policies/", policy(backbone_min_contributions=3, backbone_tilt="1.30"),
                       format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["backbone_rule"] == ("Digital backbone: at least 3 verified contributions in the year and at least "
                                     "1 critical skills at level 4 or above; their allocation weight is multiplied "
                                     "by 1.30.")
    assert body["rank_coefficients"]["clerk_2"] == "1.00"
    assert (body["points_per_activity_led"], body["points_per_activity_attended"]) == ("1.00", "0.25")
    assert body["learning_rule"] == ("Learning groups: each learning activity led in the year adds 1.00 points and "
                                     "each one attended 0.25 to the verified contributions' impacts; an activity "
                                     "one led counts as led only.")


def test_hr_sets_the_points_of_learning_activities(hr):
    existing = IncentivePolicyFactory()

    response = hr.patch(f"/api/v1/incentive-policies/{existing.pk}/",
                        {"points_per_activity_led": "2.50", "points_per_activity_attended": "0"}, format="json")

    assert response.status_code == 200, response.content
    existing.refresh_from_db()
    assert (existing.points_per_activity_led, existing.points_per_activity_attended) == (Decimal("2.50"), 0)


def test_weights_that_do_not_add_up_to_one_are_refused(hr):
    error = assert_error(hr.post("/api/v1/incentive-policies/", policy(weight_secondments="0.20"), format="json"),
                         400)

    assert "1.10" in error["message"]
    assert not IncentivePolicy.objects.exists()


def test_changing_a_weight_so_they_no_longer_add_up_is_refused(hr):
    existing = IncentivePolicyFactory()

    assert_error(hr.patch(f"/api/v1/incentive-policies/{existing.pk}/", {"weight_literacy": "0.50"}, format="json"),
                 400)


@pytest.mark.parametrize("coefficients", [{"general_secretary": "1.2"}, {"clerk_1": "abc"}, {"clerk_1": "0"},
                                          {"clerk_1": "11"}, {"clerk_1": "1.234"}, ["clerk_1"], {"clerk_1": None}])
def test_rank_coefficients_must_name_real_ranks_with_sane_numbers(hr, coefficients):
    assert_error(hr.post("/api/v1/incentive-policies/", policy(rank_coefficients=coefficients), format="json"),
                 400, field="rank_coefficients")


@pytest.mark.parametrize("field,value", [("backbone_tilt", "0.5"), ("backbone_tilt", "9"), ("cap", "-1"),
                                         ("honour_percent", "101"), ("weight_appraisal", "1e9"),
                                         ("min_months_in_post", -1), ("points_excellent", 101),
                                         ("points_per_activity_led", "5.01"), ("points_per_activity_led", "abc"),
                                         ("points_per_activity_attended", "-0.25"),
                                         ("points_per_activity_attended", "0.125")])
def test_out_of_range_rules_are_refused(hr, field, value):
    assert_error(hr.post("/api/v1/incentive-policies/", policy(**{field: value}), format="json"), 400, field=field)


@pytest.mark.parametrize("persona,status", [("leader", 200), ("finance_head", 403), ("auditor", 403)])
def test_leadership_reads_the_policies_and_heads_do_not(bureau, persona, status):
    IncentivePolicyFactory()

    assert bureau.client(persona).get("/api/v1/incentive-policies/").status_code == status



def test_a_policy_without_rank_coefficients_counts_every_rank_one(hr):
    """The help says a rank not listed counts 1.00, so listing none is a valid choice, not a blank field."""
    response = hr.post("/api/v1/incentive-policies/", policy(rank_coefficients={}), format="json")

    assert response.status_code == 201, response.content
    assert response.json()["rank_coefficients"] == {}
    assert IncentivePolicy.objects.get(pk=response.json()["id"]).coefficients() == {}
