"""Leadership reviews and decides the list in the back office, in Chinese."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from core.models import JobRecord
from incentives.models import IncentiveCycle
from talent.access import Actor
from tests.factories import AppraisalGradeFactory


@pytest.fixture
def submitted(bureau, incentive_round):
    from incentives.services import cycles as services

    hr = Actor(bureau.users["hr_officer"])
    services.cycle_compute(cycle=incentive_round.cycle, actor=hr)
    AppraisalGradeFactory(cadre=bureau.accountant).delete()
    AppraisalGradeFactory(cadre=bureau.accountant, grade="excellent")
    services.cycle_compute(cycle=incentive_round.cycle, actor=hr)
    return services.cycle_submit(cycle=incentive_round.cycle, actor=hr)


def back_office(bureau, persona) -> Client:
    user = bureau.users[persona]
    user.is_staff = True
    user.save()
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def review_url(cycle) -> str:
    return reverse("admin:incentives_incentivecycle_review", args=[cycle.pk])


def test_leadership_sees_totals_breakdown_and_changes_since_the_last_computation(bureau, submitted):
    page = back_office(bureau, "leader").get(review_url(submitted))

    assert page.status_code == 200
    html = page.content.decode()
    assert "合计" in html and "100000.00" in html
    assert "与上次测算相比的变化" in html and "孙会" in html  # the accountant's grade changed
    assert "计算过程" in html and "最终合计" in html
    assert "本人主持的活动只按主持计分" in html  # the learning-group rule applied
    assert "批准名单" in html and "退回名单" in html


def test_leadership_approves_in_the_back_office(bureau, submitted):
    back_office(bureau, "leader").post(review_url(submitted), {"step": "approve", "comment": "同意"})

    cycle = IncentiveCycle.objects.get(pk=submitted.pk)
    assert cycle.status == "approved" and cycle.decision_comment == "同意"


def test_hr_cannot_approve_in_the_back_office_either(bureau, submitted):
    client = back_office(bureau, "hr_officer")

    page = client.get(review_url(submitted)).content.decode()
    response = client.post(review_url(submitted), {"step": "approve"}, follow=True)

    assert "批准名单" not in page
    assert "您的角色无权执行此操作" in response.content.decode()
    assert IncentiveCycle.objects.get(pk=submitted.pk).status == "submitted"


def test_an_adjustment_in_the_back_office_needs_a_reason_and_stays_within_budget(bureau, submitted):
    client = back_office(bureau, "leader")
    line = submitted.lines.get(cadre=bureau.finance_officer)

    no_reason = client.post(review_url(submitted), {"step": "adjust", "line": line.pk, "final": "1.00"}, follow=True)
    too_much = client.post(review_url(submitted), {"step": "adjust", "line": line.pk, "final": "100000.00",
                                                   "reason": "奖励"}, follow=True)
    fine = client.post(review_url(submitted), {"step": "adjust", "line": line.pk, "final": "1.00", "reason": "核减"},
                       follow=True)

    assert "调整须说明理由" in no_reason.content.decode()
    assert "超出预算" in too_much.content.decode()
    assert "金额已调整" in fine.content.decode()
    assert submitted.lines.get(pk=line.pk).final == Decimal("1.00")


def test_an_approved_cycle_cannot_be_edited_in_the_back_office(bureau, submitted):
    back_office(bureau, "leader").post(review_url(submitted), {"step": "approve"})
    client = back_office(bureau, "hr_officer")

    response = client.post(reverse("admin:incentives_incentivecycle_change", args=[submitted.pk]),
                           {"name": "改名", "year": 2025, "budget": "1.00", "policy": submitted.policy.pk})

    assert response.status_code == 403
    assert IncentiveCycle.objects.get(pk=submitted.pk).budget == Decimal("100000.00")


def test_the_admin_lists_speak_chinese(bureau, submitted):
    client = back_office(bureau, "hr_officer")

    for model in ("contribution", "appraisalgrade", "incentivepolicy", "incentivecycle", "incentiveline"):
        page = client.get(reverse(f"admin:incentives_{model}_changelist"))
        assert page.status_code == 200, model
    assert "激励批次" in client.get(reverse("admin:incentives_incentivecycle_changelist")).content.decode()


def test_hr_computes_in_the_back_office_by_a_job_whose_page_is_linked(bureau, incentive_round):
    client = back_office(bureau, "hr_officer")

    page = client.post(review_url(incentive_round.cycle), {"step": "compute"}, follow=True).content.decode()

    job = JobRecord.objects.get(kind="cycle-compute")
    assert "名单正在后台测算" in page and f'href="/jobs/{job.pk}/"' in page
    assert IncentiveCycle.objects.get(pk=incentive_round.cycle.pk).status == "computed"
    assert f'href="{review_url(incentive_round.cycle)}"' in client.get(f"/jobs/{job.pk}/").content.decode()
