"""HR computes the year's incentive list, leadership approves it, and everyone can see why each person
got what they got."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from core import jobs
from core.models import JobRecord
from incentives.models import IncentiveCycle, IncentiveLine
from incentives.selectors import cycles as selectors
from sharing.services import groups as services_groups
from talent.access import Actor
from tests.factories import AppraisalGradeFactory, CadreFactory, SecondmentFactory, ShareRequestFactory
from tests.helpers import assert_error
from tests.incentives.flows import lines_of, run


def computed(hr, cycle) -> dict[str, dict]:
    response = run(hr, cycle, "compute")
    assert response.status_code == 200, response.content
    return lines_of(hr, cycle)


def submitted(hr, cycle) -> dict[str, dict]:
    lines = computed(hr, cycle)
    assert run(hr, cycle, "submit").status_code == 200
    return lines


def test_hr_computes_a_list_that_adds_up_to_the_budget_to_the_fen(hr, incentive_round):
    lines = computed(hr, incentive_round.cycle)
    cycle = hr.get(f"/api/v1/incentive-cycles/{incentive_round.cycle.pk}/").json()

    assert cycle["status"] == "computed"
    assert sum(Decimal(line["final"]) for line in lines.values()) == Decimal("100000.00")
    assert Decimal(cycle["total_recommended"]) == Decimal("100000.00")
    assert Decimal(cycle["unallocated"]) == 0
    assert [line["staff_number"] for line in sorted(lines.values(), key=lambda line: line["position"])][:3] == \
        ["OF001", "FI001", "AC001"]


def test_the_incompetent_are_excluded_with_their_reason_and_get_nothing(hr, incentive_round):
    lines = computed(hr, incentive_round.cycle)

    out = lines["IT001"]
    assert out["eligible"] is False
    assert out["exclusion"] == "incompetent" and out["exclusion_label"]
    assert Decimal(out["final"]) == 0 and out["standing"] is None


def test_a_cadre_too_new_in_post_is_excluded_and_told_how_many_months_they_had(hr, bureau, incentive_round):
    newcomer = CadreFactory(staff_number="NEW01", department=bureau.it, hire_date=datetime.date(2025, 9, 1))
    AppraisalGradeFactory(cadre=newcomer, grade="excellent")
    lines = computed(hr, incentive_round.cycle)

    assert lines["NEW01"]["exclusion"] == "too_new"
    explanation = hr.get(f"/api/v1/incentive-cycles/{incentive_round.cycle.pk}/lines/{lines['NEW01']['id']}/",
                         HTTP_ACCEPT_LANGUAGE="en").json()["explanation"]
    assert explanation == ["Excluded: 3 months in post, fewer than the 6 required. No amount."]


def test_a_cadre_without_a_grade_for_the_year_is_excluded(hr, bureau, incentive_round):
    CadreFactory(staff_number="NOG01", department=bureau.office)

    assert computed(hr, incentive_round.cycle)["NOG01"]["exclusion"] == "no_grade"


def test_rated_secondments_completed_in_the_year_count_and_others_do_not(hr, bureau, incentive_round):
    def secondment(cadre, completed_on, rating):
        request = ShareRequestFactory(department=bureau.it, start_date=datetime.date(2025, 3, 1),
                                      end_date=datetime.date(2025, 5, 31), status="closed")
        SecondmentFactory(request=request, cadre=cadre, status="completed", completed_on=completed_on,
                          rating=rating)

    secondment(bureau.accountant, datetime.date(2025, 6, 1), 5)
    secondment(bureau.accountant, datetime.date(2025, 9, 1), 4)
    secondment(bureau.finance_officer, datetime.date(2024, 12, 31), 5)  # another year
    secondment(bureau.office_clerk, datetime.date(2025, 6, 1), None)  # never rated
    lines = computed(hr, incentive_round.cycle)

    assert lines["AC001"]["breakdown"]["secondment_ratings"] == [5, 4]
    assert lines["AC001"]["breakdown"]["components"]["secondments"]["normalised"] == "1.0000"
    assert lines["FI001"]["breakdown"]["secondment_ratings"] == []
    assert lines["OF001"]["breakdown"]["secondment_ratings"] == []


def test_only_verified_contributions_count(hr, incentive_round):
    lines = computed(hr, incentive_round.cycle)

    assert lines["FI001"]["breakdown"]["contributions"] == [3]
    assert lines["OF001"]["breakdown"]["contributions"] == [4, 5]


def test_learning_activities_of_the_cycles_year_count_in_the_contributions(hr, incentive_round, learning_group):
    lines = computed(hr, incentive_round.cycle)

    def learning(number):
        breakdown = lines[number]["breakdown"]
        return (breakdown["activities_led"], breakdown["activities_attended"],
                breakdown["components"]["contributions"]["value"])

    # Policy points: 1.00 per activity led, 0.25 per activity attended (the defaults).
    assert learning("AC001") == (1, 0, "1.00")  # led the 2025 study week; listed there too, but leading counts once
    assert learning("FI001") == (1, 1, "4.25")  # impact 3 + gave the lecture + attended the study week
    assert learning("OF001") == (0, 1, "9.25")  # impacts 4 + 5 + attended the lecture
    assert learning("IT001") == (0, 0, "0.00")


def test_a_line_computed_before_learning_activities_counted_is_still_explained(hr, incentive_round):
    line = IncentiveLine.objects.get(pk=computed(hr, incentive_round.cycle)["FI001"]["id"])
    line.breakdown = {key: value for key, value in line.breakdown.items() if not key.startswith("activities_")}
    line.save()

    detail = hr.get(f"/api/v1/incentive-cycles/{incentive_round.cycle.pk}/lines/{line.pk}/",
                    HTTP_ACCEPT_LANGUAGE="en").json()

    assert "verified contributions and learning groups: impact 3 = 3.00;" in "\n".join(detail["explanation"])


def test_more_learning_activities_take_no_more_queries(bureau, incentive_round, learning_group):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.cycle_inputs(year=2025)
        return len(captured)

    before = queries()
    for day in (datetime.date(2025, 9, 1), datetime.date(2025, 10, 1)):
        services_groups.learning_activity_record(
            actor=Actor(bureau.users["hr_officer"]), group=learning_group, kind="exchange_meeting", title=f"交流 {day}",
            start_date=day, end_date=day, hours=Decimal(1), attendees=[bureau.finance_officer, bureau.office_clerk])

    assert queries() == before
    assert {p.staff_number: p.activities_attended for p in selectors.cycle_inputs(year=2025).people}["OF001"] == 3


def test_the_previous_years_cycle_counts_only_that_years_activity(hr, bureau, incentive_round, learning_group):
    for cadre in (bureau.accountant, bureau.finance_officer):
        AppraisalGradeFactory(cadre=cadre, year=2024, grade="competent")
    body = {"name": "2024年度数字化激励", "year": 2024, "budget": "1000.00", "policy": incentive_round.policy.pk}
    cycle = IncentiveCycle.objects.get(pk=hr.post("/api/v1/incentive-cycles/", body, format="json").json()["id"])

    lines = computed(hr, cycle)

    assert lines["AC001"]["breakdown"]["activities_led"] == 1  # 报表入门, 2024
    assert lines["AC001"]["breakdown"]["components"]["contributions"]["value"] == "1.00"
    assert (lines["FI001"]["breakdown"]["activities_led"], lines["FI001"]["breakdown"]["activities_attended"]) == (0, 1)
    assert lines["OF001"]["breakdown"]["activities_attended"] == 0


def test_a_line_explains_the_learning_credit_with_the_policys_points(hr, incentive_round, learning_group):
    policy = incentive_round.policy
    policy.points_per_activity_led, policy.points_per_activity_attended = Decimal("2.00"), Decimal("0.50")
    policy.save()
    lines = computed(hr, incentive_round.cycle)

    detail = hr.get(f"/api/v1/incentive-cycles/{incentive_round.cycle.pk}/lines/{lines['FI001']['id']}/",
                    HTTP_ACCEPT_LANGUAGE="en").json()
    cycle = hr.get(f"/api/v1/incentive-cycles/{incentive_round.cycle.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()

    # 3 + 1 × 2.00 + 1 × 0.50 = 5.50; the best is 赵文's 4 + 5 + 1 × 0.50 = 9.50.
    assert ("verified contributions and learning groups: impact 3 + 1 learning activities led × 2.00 + 1 attended "
            "× 0.50 = 5.50; ÷ best in the cycle 9.50 = 0.5789") in "\n".join(detail["explanation"])
    assert "每主持一次学习活动计 2.00 分" in cycle["summary"]["policy"]["learning_rule"]  # computed in Chinese


def test_the_digital_backbone_is_tilted_up_and_the_rule_is_shown(hr, incentive_round):
    lines = computed(hr, incentive_round.cycle)
    cycle = hr.get(f"/api/v1/incentive-cycles/{incentive_round.cycle.pk}/").json()

    assert lines["OF001"]["backbone"] is True
    assert lines["OF001"]["breakdown"]["tilt"] == "1.20"
    assert lines["OF001"]["breakdown"]["backbone_skills"] == ["DATA"]
    assert lines["FI001"]["backbone"] is False and lines["FI001"]["breakdown"]["tilt"] == "1"
    assert cycle["summary"]["policy"]["backbone_rule"] == incentive_round.policy.backbone_rule()
    detail = hr.get(f"/api/v1/incentive-cycles/{incentive_round.cycle.pk}/lines/{lines['OF001']['id']}/",
                    HTTP_ACCEPT_LANGUAGE="en").json()
    backbone = next(step for step in detail["explanation"] if step.startswith("Digital backbone"))
    assert "critical skills 数据分析)" in backbone  # the skill's name, not its code


def test_a_person_can_recompute_their_amount_from_the_line(hr, incentive_round):
    lines = computed(hr, incentive_round.cycle)
    summary = hr.get(f"/api/v1/incentive-cycles/{incentive_round.cycle.pk}/").json()["summary"]

    for line in lines.values():
        if not line["eligible"]:
            continue
        parts = line["breakdown"]["components"]
        for name, part in parts.items():
            best = Decimal(summary["best"][name])
            normalised = (Decimal(part["value"]) / best).quantize(Decimal("0.0001"), ROUND_HALF_UP) if best else 0
            assert Decimal(part["normalised"]) == normalised
        weights = summary["policy"]["weights"]
        score = sum(Decimal(weights[name]) * Decimal(p["normalised"]) * 100 for name, p in parts.items())
        assert Decimal(line["score"]) == score.quantize(Decimal("0.01"), ROUND_HALF_UP)
        weight = Decimal(line["score"]) * Decimal(line["breakdown"]["coefficient"]) * Decimal(line["breakdown"]["tilt"])
        assert Decimal(line["weight"]) == weight
        share = Decimal(summary["pool"]) * weight / Decimal(summary["pool_weight"])
        assert abs(Decimal(line["recommended"]) - share) < Decimal("0.01")


def test_a_line_explains_its_amount_in_words(hr, incentive_round):
    lines = computed(hr, incentive_round.cycle)
    line = lines["FI001"]

    detail = hr.get(f"/api/v1/incentive-cycles/{incentive_round.cycle.pk}/lines/{line['id']}/",
                    HTTP_ACCEPT_LANGUAGE="en").json()

    text = "\n".join(detail["explanation"])
    assert "competent = 85 points" in text
    assert f"= {line['score']}" in text
    assert "Not in the digital backbone" in text
    # Money reads as yuan with two decimals and thousands separators, never as a count of fen.
    assert f"Share = pool {Decimal(incentive_round.cycle.budget):,.2f} yuan" in text
    assert "fen and" not in text and f"{Decimal(line['recommended']):,.2f} yuan" in text
    top = hr.get(f"/api/v1/incentive-cycles/{incentive_round.cycle.pk}/lines/{lines['OF001']['id']}/").json()
    assert "= 40 " in "\n".join(top["explanation"])  # 0.40 × 1.0000 × 100, written out, not as 4E+1


def test_recomputing_the_same_inputs_gives_the_same_list(hr, incentive_round):
    first = computed(hr, incentive_round.cycle)
    again = computed(hr, incentive_round.cycle)

    def comparable(lines):
        return {number: {k: v for k, v in line.items() if k != "id"} for number, line in lines.items()}

    assert comparable(again) == comparable(first)
    assert IncentiveCycle.objects.get(pk=incentive_round.cycle.pk).changes["changed"] == []


def test_a_recomputation_lists_what_changed_since_the_last_one(hr, bureau, incentive_round):
    first = computed(hr, incentive_round.cycle)
    AppraisalGradeFactory(cadre=bureau.accountant).delete()
    AppraisalGradeFactory(cadre=bureau.accountant, grade="excellent")

    again = computed(hr, incentive_round.cycle)
    changes = hr.get(f"/api/v1/incentive-cycles/{incentive_round.cycle.pk}/").json()["changes"]

    by_number = {entry["staff_number"]: entry for entry in changes["changed"]}
    assert by_number["AC001"]["before"] == first["AC001"]["recommended"]
    assert by_number["AC001"]["after"] == again["AC001"]["recommended"]
    assert Decimal(again["AC001"]["recommended"]) > Decimal(first["AC001"]["recommended"])


def test_a_recomputation_lists_each_changed_new_and_removed_person_and_not_the_unchanged(hr, bureau,
                                                                                         incentive_round):
    CadreFactory(staff_number="NOG01", department=bureau.it)  # no grade: excluded, and unchanged
    first = computed(hr, incentive_round.cycle)
    AppraisalGradeFactory(cadre=bureau.accountant).delete()
    AppraisalGradeFactory(cadre=bureau.accountant, grade="excellent")
    newcomer = CadreFactory(staff_number="NEW01", name="新人", department=bureau.it)
    AppraisalGradeFactory(cadre=newcomer, grade="competent")
    bureau.it_engineer.status = "left"
    bureau.it_engineer.save()

    again = computed(hr, incentive_round.cycle)
    changes = hr.get(f"/api/v1/incentive-cycles/{incentive_round.cycle.pk}/").json()["changes"]

    def entry(number, before):
        return {"cadre": again[number]["cadre"], "staff_number": number, "name": again[number]["name"],
                "before": before and before["recommended"], "after": again[number]["recommended"],
                "score_before": before and before["score"], "score_after": again[number]["score"]}

    # In the new list's order, everyone whose amount or score moved and everyone new; nobody else.
    moved = [number for number in sorted(again, key=lambda n: again[n]["position"])
             if number not in first or (first[number]["recommended"], first[number]["score"])
             != (again[number]["recommended"], again[number]["score"])]
    assert "AC001" in moved and "NEW01" in moved and "NOG01" in again and "NOG01" not in moved
    assert changes["changed"] == [entry(number, first.get(number)) for number in moved]
    assert changes["removed"] == [{"cadre": first["IT001"]["cadre"], "staff_number": "IT001",
                                   "name": first["IT001"]["name"], "before": first["IT001"]["recommended"]}]
    # A line that stays keeps its address (a bookmarked line opens the new figures); the removed one is gone.
    assert [number for number in again if number in first and again[number]["id"] != first[number]["id"]] == []
    assert not IncentiveLine.objects.filter(pk=first["IT001"]["id"]).exists()
    assert IncentiveLine.objects.get(pk=again["AC001"]["id"]).recommended == Decimal(again["AC001"]["recommended"])


def test_hr_submits_and_leadership_approves_with_a_comment(hr, leader, incentive_round):
    submitted(hr, incentive_round.cycle)

    response = run(leader, incentive_round.cycle, "approve", {"comment": "同意"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "approved" and body["decision_comment"] == "同意" and body["decided_by"] == "leader"


@pytest.mark.parametrize("persona", ["hr_officer", "hr_clerk", "finance_head", "it_head", "auditor", "outsider"])
def test_only_leadership_can_approve_or_reject(bureau, hr, incentive_round, persona):
    submitted(hr, incentive_round.cycle)
    client = bureau.client(persona)

    assert_error(run(client, incentive_round.cycle, "approve"), 403)
    assert_error(run(client, incentive_round.cycle, "reject", {"comment": "不同意"}), 403)
    assert IncentiveCycle.objects.get(pk=incentive_round.cycle.pk).status == "submitted"


def test_a_submitted_list_cannot_be_recomputed(hr, incentive_round):
    submitted(hr, incentive_round.cycle)
    queued = JobRecord.objects.count()

    assert_error(run(hr, incentive_round.cycle, "compute"), 409)
    assert JobRecord.objects.count() == queued  # refused at once, not by a job that fails


def test_a_draft_cannot_be_submitted(hr, incentive_round):
    assert_error(run(hr, incentive_round.cycle, "submit"), 409)


def adjust(client, cycle, line_id, body):
    return client.post(f"/api/v1/incentive-cycles/{cycle.pk}/lines/{line_id}/adjust/", body, format="json")


FROZEN_CHANGES = {
    "edit the budget": ("hr_officer", lambda c, cycle, line: c.patch(f"/api/v1/incentive-cycles/{cycle.pk}/",
                                                                     {"budget": "1.00"}, format="json")),
    "rename": ("hr_officer", lambda c, cycle, line: c.patch(f"/api/v1/incentive-cycles/{cycle.pk}/",
                                                            {"name": "改名"}, format="json")),
    "delete": ("hr_officer", lambda c, cycle, line: c.delete(f"/api/v1/incentive-cycles/{cycle.pk}/")),
    "recompute": ("hr_officer", lambda c, cycle, line: run(c, cycle, "compute")),
    "submit again": ("hr_officer", lambda c, cycle, line: run(c, cycle, "submit")),
    "reopen": ("hr_officer", lambda c, cycle, line: run(c, cycle, "reopen")),
    "approve again": ("leader", lambda c, cycle, line: run(c, cycle, "approve")),
    "reject": ("leader", lambda c, cycle, line: run(c, cycle, "reject", {"comment": "撤回"})),
    "adjust a line": ("leader", lambda c, cycle, line: adjust(c, cycle, line, {"final": "1.00", "reason": "改"})),
}


@pytest.mark.parametrize("change", FROZEN_CHANGES)
def test_an_approved_list_is_frozen_against_every_change(bureau, hr, leader, incentive_round, change):
    lines = submitted(hr, incentive_round.cycle)
    assert run(leader, incentive_round.cycle, "approve").status_code == 200
    before = list(IncentiveLine.objects.filter(cycle=incentive_round.cycle).values_list("final", "adjustment"))
    persona, attempt = FROZEN_CHANGES[change]

    error = assert_error(attempt(bureau.client(persona), incentive_round.cycle, lines["FI001"]["id"]), 409)

    assert error["code"] == "cycle_frozen"
    cycle = IncentiveCycle.objects.get(pk=incentive_round.cycle.pk)
    assert cycle.status == "approved" and cycle.budget == Decimal("100000.00")
    assert list(IncentiveLine.objects.filter(cycle=cycle).values_list("final", "adjustment")) == before


def test_leadership_adjusts_a_line_with_a_reason_and_the_trail_keeps_it(hr, leader, incentive_round):
    lines = submitted(hr, incentive_round.cycle)
    line = lines["FI001"]
    lowered = Decimal(line["recommended"]) - Decimal("500.00")

    response = adjust(leader, incentive_round.cycle, line["id"], {"final": str(lowered), "reason": "考核扣减"})

    assert response.status_code == 200, response.content
    assert Decimal(response.json()["adjustment"]) == Decimal("-500.00")
    cycle = IncentiveCycle.objects.get(pk=incentive_round.cycle.pk)
    assert cycle.total_final == Decimal("99500.00")
    assert cycle.unallocated == Decimal("500.00")  # what the cut freed is budget left over, not lost
    entry = LogEntry.objects.filter(content_type__model="incentiveline", object_pk=str(line["id"])).get()
    assert entry.actor.username == "leader"
    assert entry.changes_dict["adjustment_reason"] == ["", "考核扣减"]
    assert entry.changes_dict["final"] == [line["recommended"], str(lowered)]


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_an_adjustment_without_a_reason_is_refused(hr, leader, incentive_round, reason):
    lines = submitted(hr, incentive_round.cycle)
    body = {"final": "100.00"} if reason is None else {"final": "100.00", "reason": reason}

    assert_error(adjust(leader, incentive_round.cycle, lines["FI001"]["id"], body), 400, field="reason")
    assert IncentiveLine.objects.get(pk=lines["FI001"]["id"]).adjustment == 0


def test_an_adjustment_that_breaks_the_budget_is_refused_with_the_amount_over(hr, leader, incentive_round):
    lines = submitted(hr, incentive_round.cycle)
    line = lines["FI001"]
    raised = Decimal(line["recommended"]) + Decimal("0.01")

    error = assert_error(adjust(leader, incentive_round.cycle, line["id"], {"final": str(raised), "reason": "奖励"}),
                         400, field="final")

    assert error["code"] == "over_budget"
    assert "0.01" in error["message"] and "100000.00" in error["message"]


def test_money_taken_from_one_line_may_be_given_to_another(hr, leader, incentive_round):
    lines = submitted(hr, incentive_round.cycle)
    cut = adjust(leader, incentive_round.cycle, lines["OF001"]["id"],
                 {"final": str(Decimal(lines["OF001"]["recommended"]) - 1000), "reason": "平衡"})
    given = adjust(leader, incentive_round.cycle, lines["AC001"]["id"],
                   {"final": str(Decimal(lines["AC001"]["recommended"]) + 1000), "reason": "表现突出"})

    assert cut.status_code == given.status_code == 200
    assert IncentiveCycle.objects.get(pk=incentive_round.cycle.pk).total_final == Decimal("100000.00")


def test_an_excluded_person_cannot_be_given_money(hr, leader, incentive_round):
    lines = submitted(hr, incentive_round.cycle)

    error = assert_error(adjust(leader, incentive_round.cycle, lines["IT001"]["id"],
                                {"final": "100.00", "reason": "照顾"}), 400)

    assert error["code"] == "not_eligible"


def test_only_leadership_adjusts_and_only_a_submitted_list(hr, leader, incentive_round):
    lines = computed(hr, incentive_round.cycle)

    assert_error(adjust(hr, incentive_round.cycle, lines["FI001"]["id"], {"final": "1.00", "reason": "改"}), 403)
    assert_error(adjust(leader, incentive_round.cycle, lines["FI001"]["id"], {"final": "1.00", "reason": "改"}), 409)


def test_a_rejection_needs_a_reason_and_hr_can_take_the_list_back(hr, leader, incentive_round):
    submitted(hr, incentive_round.cycle)

    assert_error(run(leader, incentive_round.cycle, "reject", {"comment": " "}), 400, field="comment")
    rejected = run(leader, incentive_round.cycle, "reject", {"comment": "请复核信息中心人员等次"})
    assert rejected.json()["status"] == "rejected"

    assert run(hr, incentive_round.cycle, "reopen").json()["status"] == "computed"
    assert run(hr, incentive_round.cycle, "compute").status_code == 200


def test_a_recomputation_of_a_rejected_list_drops_leaderships_adjustments(hr, leader, incentive_round):
    line = submitted(hr, incentive_round.cycle)["FI001"]
    lowered = Decimal(line["recommended"]) - Decimal("500.00")
    cut = adjust(leader, incentive_round.cycle, line["id"], {"final": str(lowered), "reason": "考核扣减"})
    assert cut.status_code == 200
    run(leader, incentive_round.cycle, "reject", {"comment": "请复核"})
    run(hr, incentive_round.cycle, "reopen")

    again = computed(hr, incentive_round.cycle)["FI001"]

    assert again["id"] == line["id"] and again["final"] == again["recommended"] == line["recommended"]
    assert Decimal(again["adjustment"]) == 0 and again["adjustment_reason"] == ""
    assert IncentiveCycle.objects.get(pk=incentive_round.cycle.pk).total_final == Decimal("100000.00")


def test_changing_the_budget_of_a_computed_cycle_sends_it_back_to_draft(hr, incentive_round):
    computed(hr, incentive_round.cycle)

    response = hr.patch(f"/api/v1/incentive-cycles/{incentive_round.cycle.pk}/", {"budget": "80000.00"},
                        format="json")

    assert response.json()["status"] == "draft"
    assert_error(run(hr, incentive_round.cycle, "submit"), 409)
    assert sum(Decimal(line["final"]) for line in computed(hr, incentive_round.cycle).values()) == Decimal("80000.00")


def test_the_cap_holds_and_what_it_removes_goes_to_the_others(hr, incentive_round):
    policy = incentive_round.policy
    policy.cap = Decimal("40000.00")
    policy.save()

    lines = computed(hr, incentive_round.cycle)

    assert Decimal(lines["OF001"]["final"]) == Decimal("40000.00") and lines["OF001"]["breakdown"]["capped"]
    assert sum(Decimal(line["final"]) for line in lines.values()) == Decimal("100000.00")


@pytest.mark.parametrize("budget", ["-1", "0", "abc", "1e400", "123456789012345.00", "1.001"])
def test_a_cycle_needs_a_sane_budget(hr, incentive_round, budget):
    body = {"name": "补充激励", "year": 2025, "budget": budget, "policy": incentive_round.policy.pk}

    assert_error(hr.post("/api/v1/incentive-cycles/", body, format="json"), 400, field="budget")


def test_hr_creates_a_cycle(hr, incentive_round):
    body = {"name": "补充激励", "year": 2025, "budget": "5000.00", "policy": incentive_round.policy.pk}

    response = hr.post("/api/v1/incentive-cycles/", body, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["status"] == "draft" and response.json()["created_by"] == "hr_officer"


def test_a_cycle_under_decision_cannot_be_deleted_but_a_draft_can(hr, incentive_round):
    submitted(hr, incentive_round.cycle)
    assert_error(hr.delete(f"/api/v1/incentive-cycles/{incentive_round.cycle.pk}/"), 409)

    draft = hr.post("/api/v1/incentive-cycles/", {"name": "试算", "year": 2025, "budget": "10.00",
                                                   "policy": incentive_round.policy.pk}, format="json").json()
    assert hr.delete(f"/api/v1/incentive-cycles/{draft['id']}/").status_code == 204


def test_lines_filter_by_department_and_honour(hr, bureau, incentive_round):
    computed(hr, incentive_round.cycle)

    finance = hr.get(f"/api/v1/incentive-cycles/{incentive_round.cycle.pk}/lines/",
                     {"department": bureau.finance.pk}).json()["results"]
    excluded = hr.get(f"/api/v1/incentive-cycles/{incentive_round.cycle.pk}/lines/", {"eligible": "false"}).json()

    assert {line["staff_number"] for line in finance} == {"FI001", "AC001"}
    assert [line["staff_number"] for line in excluded["results"]] == ["IT001"]
    assert_error(hr.get(f"/api/v1/incentive-cycles/{incentive_round.cycle.pk}/lines/", {"eligible": "maybe"}), 400)


def test_a_second_list_of_the_same_policy_and_year_cannot_go_to_leadership(hr, leader, incentive_round):
    """A policy's honour is given once a year: a second 2025 list with the same policy would hand the same
    people a second 2025 honour and certificate. Trial computations are fine; submitting one is a 409."""
    submitted(hr, incentive_round.cycle)
    body = {"name": "2025年度补充激励", "year": 2025, "budget": "5000.00", "policy": incentive_round.policy.pk}
    second = IncentiveCycle.objects.get(pk=hr.post("/api/v1/incentive-cycles/", body, format="json").json()["id"])
    computed(hr, second)

    error = assert_error(hr.post(f"/api/v1/incentive-cycles/{second.pk}/submit/"), 409)

    assert error["code"] == "cycle_duplicate"
    assert incentive_round.cycle.name in error["message"]
    assert IncentiveCycle.objects.get(pk=second.pk).status == "computed"
    leader.post(f"/api/v1/incentive-cycles/{incentive_round.cycle.pk}/reject/", {"comment": "重算"}, format="json")
    assert hr.post(f"/api/v1/incentive-cycles/{second.pk}/submit/").status_code == 200


@override_settings(JOBS_TASK_BACKEND="database")  # the job waits in the queue: no worker here
def test_a_second_computation_of_a_cycle_while_one_is_queued_is_409(hr, incentive_round):
    first = hr.post(f"/api/v1/incentive-cycles/{incentive_round.cycle.pk}/compute/")
    assert first.status_code == 202 and hr.get(first["Location"]).json()["status"] == "queued"

    assert assert_error(hr.post(f"/api/v1/incentive-cycles/{incentive_round.cycle.pk}/compute/"), 409)["code"] \
        == "job_running"
    assert jobs.run_job.call(first.json()["id"]) == "succeeded"
    assert hr.post(f"/api/v1/incentive-cycles/{incentive_round.cycle.pk}/compute/").status_code == 202


def test_a_head_whose_departments_lend_gets_the_policys_points_per_person_lent_explained(hr, bureau, incentive_round):
    """钱进 (FI001) heads finance with his own login; 孙会 of accounting (under finance) was lent twice in 2025:
    one person lent. Off by default; at 2 points per person, his contributions gain 2."""
    bureau.finance_officer.user = bureau.users["finance_head"]
    bureau.finance_officer.save()
    for month in (4, 8):
        request = ShareRequestFactory(department=bureau.it, start_date=datetime.date(2025, month, 1),
                                      end_date=datetime.date(2025, month, 28), status="closed")
        SecondmentFactory(request=request, cadre=bureau.accountant, status="completed",
                          completed_on=datetime.date(2025, month, 28), rating=4)

    off = computed(hr, incentive_round.cycle)["FI001"]
    assert (off["breakdown"]["people_lent"], off["breakdown"]["components"]["contributions"]["value"]) == (1, "3.00")

    incentive_round.policy.points_per_person_lent = Decimal("2.00")
    incentive_round.policy.save()
    on = computed(hr, incentive_round.cycle)["FI001"]
    assert on["breakdown"]["components"]["contributions"]["value"] == "5.00"
    detail = hr.get(f"/api/v1/incentive-cycles/{incentive_round.cycle.pk}/lines/{on['id']}/",
                    HTTP_ACCEPT_LANGUAGE="en").json()
    assert ("impact 3 + 0 learning activities led × 1.00 + 0 attended × 0.25 + 1 people lent by the departments "
            "they head × 2.00 = 5.00") in "\n".join(detail["explanation"])
    assert computed(hr, incentive_round.cycle)["AC001"]["breakdown"]["people_lent"] == 0  # not a head
