"""The incentive list review in the workspace: HR computes and submits, leadership reads the calculation,
adjusts a line with a reason and approves through a page that restates the total and the count.

The round is tests/incentives/conftest.py's (赵文, 钱进, 孙会 paid; 李码 excluded), submitted."""

import pytest

from core.models import JobRecord
from incentives.models import CycleStatus
from incentives.services import cycles as services
from talent.access import Actor
from tests.helpers import PERSONAS
from tests.incentives.conftest import incentive_round  # noqa: F401 (the fixture)
from tests.workspace.conftest import browser_of


@pytest.fixture
def submitted(bureau, incentive_round):  # noqa: F811
    hr = Actor(bureau.users["hr_officer"])
    services.cycle_compute(cycle=incentive_round.cycle, actor=hr)
    return services.cycle_submit(cycle=incentive_round.cycle, actor=hr)


def line_of(cycle, cadre):
    return cycle.lines.get(cadre=cadre)


@pytest.mark.parametrize("persona, status", [
    ("hr_officer", 200), ("hr_clerk", 200), ("leader", 200), ("finance_head", 403), ("it_head", 403),
    ("auditor", 403), ("outsider", 403)])
def test_hr_and_leadership_open_the_lists_and_nobody_else(bureau, submitted, persona, status):
    client = browser_of(bureau, persona)
    line = line_of(submitted, bureau.office_clerk)

    for url in ["/cycles/", f"/cycles/{submitted.pk}/", f"/cycles/{submitted.pk}/lines/{line.pk}/"]:
        assert client.get(url).status_code == status, url


def test_anonymous_is_sent_to_sign_in(bureau, submitted):
    response = browser_of(bureau, "anonymous").get(f"/cycles/{submitted.pk}/")

    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_review_shows_totals_rules_in_chinese_subtotals_and_names(bureau, submitted):
    page = browser_of(bureau, "leader").get(f"/cycles/{submitted.pk}/").content.decode()

    assert "100,000.00" in page  # the budget, with thousands separators
    assert "年度考核等次 0.40" in page and "二级科员 1.00" in page and "不设上限" in page
    assert "每个部门至多 2 人" in page
    for text in ["赵文", "钱进", "孙会", "李码", "办公室", "财务处", "按部门小计", "合计"]:
        assert text in page, text
    assert "批准…" in page and "退回…" in page
    assert "测算名单" not in page  # HR's button is not leadership's


def test_the_leader_filters_by_department_and_honour_and_sorts_by_amount(bureau, submitted):
    client = browser_of(bureau, "leader")

    finance = client.get(f"/cycles/{submitted.pk}/?department={bureau.finance.pk}").content.decode()
    by_amount = client.get(f"/cycles/{submitted.pk}/?sort=-final").content.decode()
    nonsense = client.get(f"/cycles/{submitted.pk}/?tier=nonsense&sort=nonsense")

    assert "钱进" in finance and "赵文" not in finance
    assert by_amount.index("赵文") < by_amount.index("李码")
    assert nonsense.status_code == 200


def test_a_line_shows_its_calculation_in_readable_decimals(bureau, submitted):
    line = line_of(submitted, bureau.office_clerk)

    page = browser_of(bureau, "hr_officer").get(f"/cycles/{submitted.pk}/lines/{line.pk}/").content.decode()

    assert "数据分析" in page  # the critical skill by name, not its code
    assert "调整金额" not in page  # HR may not adjust


def test_an_adjustment_without_a_reason_is_refused_beside_the_field(bureau, submitted):
    line = line_of(submitted, bureau.office_clerk)
    url = f"/cycles/{submitted.pk}/lines/{line.pk}/"

    response = browser_of(bureau, "leader").post(url, {"final": "1000.00", "reason": "  "})

    line.refresh_from_db()
    assert response.status_code == 200
    assert "该字段为必填项" in response.content.decode()
    assert line.adjustment == 0


def test_an_adjustment_with_a_reason_changes_the_line_and_the_unallocated_figure(bureau, submitted):
    line = line_of(submitted, bureau.office_clerk)
    client = browser_of(bureau, "leader")

    response = client.post(f"/cycles/{submitted.pk}/lines/{line.pk}/",
                           {"final": "1000.00", "reason": "承担重大专项"}, follow=True)

    line.refresh_from_db()
    submitted.refresh_from_db()
    page = response.content.decode()
    assert line.final == 1000 and line.adjustment_reason == "承担重大专项"
    assert submitted.unallocated == submitted.budget - submitted.total_final
    assert "承担重大专项" in page and "1,000.00" in page


def test_an_adjustment_over_the_budget_is_refused_with_the_reason(bureau, submitted):
    line = line_of(submitted, bureau.office_clerk)

    response = browser_of(bureau, "leader").post(f"/cycles/{submitted.pk}/lines/{line.pk}/",
                                                 {"final": "99999999.00", "reason": "试试"})

    line.refresh_from_db()
    assert response.status_code == 200 and "超出预算" in response.content.decode()
    assert line.adjustment == 0


def test_hr_cannot_adjust_by_posting(bureau, submitted):
    line = line_of(submitted, bureau.office_clerk)

    browser_of(bureau, "hr_officer").post(f"/cycles/{submitted.pk}/lines/{line.pk}/",
                                          {"final": "1000.00", "reason": "越权"})

    line.refresh_from_db()
    assert line.adjustment == 0


def test_approving_goes_through_a_confirmation_that_restates_the_total_and_the_count(bureau, submitted):
    client = browser_of(bureau, "leader")
    url = f"/cycles/{submitted.pk}/approve/"

    confirmation = client.get(url).content.decode()
    submitted.refresh_from_db()
    assert submitted.status == CycleStatus.SUBMITTED  # looking at the confirmation decides nothing
    total = f"{submitted.total_final:,.2f}"
    assert total in confirmation and "3 人" in confirmation

    client.post(url, {"comment": ""})

    submitted.refresh_from_db()
    assert submitted.status == CycleStatus.APPROVED


def test_rejecting_needs_a_comment(bureau, submitted):
    client = browser_of(bureau, "leader")

    refused = client.post(f"/cycles/{submitted.pk}/reject/", {"comment": ""})
    submitted.refresh_from_db()
    assert refused.status_code == 200 and submitted.status == CycleStatus.SUBMITTED

    client.post(f"/cycles/{submitted.pk}/reject/", {"comment": "标准需再议"})
    submitted.refresh_from_db()
    assert submitted.status == CycleStatus.REJECTED and submitted.decision_comment == "标准需再议"


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in ("leader", "anonymous")])
def test_only_leadership_may_decide(bureau, submitted, persona):
    client = browser_of(bureau, persona)

    client.post(f"/cycles/{submitted.pk}/approve/", {"comment": ""})

    submitted.refresh_from_db()
    assert submitted.status == CycleStatus.SUBMITTED


def test_the_approved_list_downloads_as_xlsx_and_pdf(bureau, submitted):
    leader = Actor(bureau.users["leader"])
    services.cycle_approve(cycle=submitted, actor=leader)
    client = browser_of(bureau, "leader")

    page = client.get(f"/cycles/{submitted.pk}/").content.decode()
    xlsx = client.get(f"/cycles/{submitted.pk}/list.xlsx")
    pdf = client.get(f"/cycles/{submitted.pk}/list.pdf")

    assert f"/cycles/{submitted.pk}/list.xlsx" in page and f"/cycles/{submitted.pk}/list.pdf" in page
    assert "批准…" not in page
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"


def test_a_list_not_yet_approved_has_no_download(bureau, submitted):
    client = browser_of(bureau, "leader")

    page = client.get(f"/cycles/{submitted.pk}/").content.decode()
    response = client.get(f"/cycles/{submitted.pk}/list.pdf", follow=True)

    assert "list.pdf" not in page
    assert response.redirect_chain == [(f"/cycles/{submitted.pk}/", 302)]
    assert "只有已批准的名单可以导出" in response.content.decode()


def test_hr_computes_and_submits_from_the_page(bureau, incentive_round):  # noqa: F811
    client = browser_of(bureau, "hr_officer")
    url = f"/cycles/{incentive_round.cycle.pk}/"

    assert "测算名单" in client.get(url).content.decode()
    client.post(url, {"step": "compute"})
    assert "报送局领导" in client.get(url).content.decode()
    client.post(url, {"step": "submit"})

    incentive_round.cycle.refresh_from_db()
    assert incentive_round.cycle.status == CycleStatus.SUBMITTED
    assert "批准…" not in client.get(url).content.decode()  # deciding is leadership's


def test_leadership_cannot_compute(bureau, incentive_round):  # noqa: F811
    response = browser_of(bureau, "leader").post(f"/cycles/{incentive_round.cycle.pk}/", {"step": "compute"},
                                                  follow=True)

    incentive_round.cycle.refresh_from_db()
    assert incentive_round.cycle.status == CycleStatus.DRAFT
    assert "您的角色无权执行此操作" in response.content.decode()
    assert not JobRecord.objects.exists()


def test_computing_runs_as_a_job_whose_page_leads_back_to_the_list(bureau, incentive_round):  # noqa: F811
    client = browser_of(bureau, "hr_officer")
    url = f"/cycles/{incentive_round.cycle.pk}/"

    response = client.post(url, {"step": "compute"})

    job = JobRecord.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "已完成" in page and f'href="{url}"' in page and "查看结果" in page
    incentive_round.cycle.refresh_from_db()
    assert incentive_round.cycle.status == CycleStatus.COMPUTED


def test_a_list_before_leadership_is_not_recomputed_and_no_job_is_queued(bureau, submitted):
    response = browser_of(bureau, "hr_officer").post(f"/cycles/{submitted.pk}/", {"step": "compute"}, follow=True)

    assert response.redirect_chain == [(f"/cycles/{submitted.pk}/", 302)]
    assert "只有草稿或已测算的批次可以测算" in response.content.decode()
    assert not JobRecord.objects.exists()


def test_the_todo_item_for_a_submitted_list_links_to_its_review(bureau, submitted):
    home = browser_of(bureau, "leader").get("/").content.decode()

    assert f'href="/cycles/{submitted.pk}/"' in home
