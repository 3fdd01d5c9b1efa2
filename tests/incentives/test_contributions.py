"""Heads and HR record digital contributions; HR verifies them, never their own."""

import pytest

from incentives.models import Contribution
from talent.services import pool as talent_services
from tests.factories import ContributionFactory
from tests.helpers import assert_error


def contribution(cadre, **overrides) -> dict:
    return {"cadre": cadre.pk, "year": 2025, "kind": "analysis_adopted", "title": "公车使用数据分析报告被局务会采纳",
            "impact": 4, "evidence": "局务会纪要第12期", **overrides}


def test_a_head_records_a_contribution_for_their_own_people(bureau):
    head = bureau.client("finance_head")

    response = head.post("/api/v1/contributions/", contribution(bureau.accountant), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "submitted" and body["submitted_by"] == "finance_head"
    assert body["department_name"] == "会计科"


def test_a_head_cannot_record_contributions_for_another_department(bureau):
    assert_error(bureau.client("it_head").post("/api/v1/contributions/", contribution(bureau.accountant),
                                               format="json"), 403)
    assert not Contribution.objects.exists()


def test_a_head_sees_only_their_departments_contributions(bureau):
    ContributionFactory(cadre=bureau.accountant)
    ContributionFactory(cadre=bureau.it_engineer)

    seen = bureau.client("finance_head").get("/api/v1/contributions/").json()["results"]

    assert [c["staff_number"] for c in seen] == ["AC001"]


def test_hr_verifies_a_contribution(bureau, hr):
    submitted = ContributionFactory(cadre=bureau.accountant, status="submitted")

    response = hr.post(f"/api/v1/contributions/{submitted.pk}/verify/", {"comment": "材料齐全"}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "verified" and response.json()["reviewed_by"] == "hr_officer"


def test_nobody_verifies_their_own_contribution(bureau, hr):
    talent_services.cadre_update(cadre=bureau.office_clerk, user=bureau.users["hr_officer"])
    own = ContributionFactory(cadre=bureau.office_clerk, status="submitted")

    error = assert_error(hr.post(f"/api/v1/contributions/{own.pk}/verify/", {}, format="json"), 403)

    assert error["code"] == "own_contribution"
    assert Contribution.objects.get(pk=own.pk).status == "submitted"


@pytest.mark.parametrize("persona", ["finance_head", "leader"])
def test_only_hr_verifies(bureau, persona):
    submitted = ContributionFactory(cadre=bureau.accountant, status="submitted")

    assert_error(bureau.client(persona).post(f"/api/v1/contributions/{submitted.pk}/verify/", {}, format="json"), 403)


def test_a_rejection_says_why(bureau, hr):
    submitted = ContributionFactory(cadre=bureau.accountant, status="submitted")

    assert_error(hr.post(f"/api/v1/contributions/{submitted.pk}/reject/", {}, format="json"), 400, field="comment")
    response = hr.post(f"/api/v1/contributions/{submitted.pk}/reject/", {"comment": "缺少佐证"}, format="json")
    assert response.json()["status"] == "rejected"


def test_a_reviewed_contribution_is_not_reviewed_or_edited_again(bureau, hr):
    verified = ContributionFactory(cadre=bureau.accountant, status="verified")

    assert_error(hr.post(f"/api/v1/contributions/{verified.pk}/reject/", {"comment": "重审"}, format="json"), 409)
    assert_error(hr.patch(f"/api/v1/contributions/{verified.pk}/", {"impact": 5}, format="json"), 409)


@pytest.mark.parametrize("field,value", [("impact", 6), ("impact", 0), ("impact", "高"), ("kind", "party"),
                                         ("year", 1999), ("title", "")])
def test_a_contribution_needs_valid_fields(bureau, hr, field, value):
    response = hr.post("/api/v1/contributions/", contribution(bureau.accountant, **{field: value}), format="json")

    assert_error(response, 400, field=field)
