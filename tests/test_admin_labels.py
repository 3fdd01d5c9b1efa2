"""The back office speaks Chinese and offers only what the services allow: the audit pages, the labels people
read in lists, and the incentive cycles' delete, which is offered only where it would succeed."""

import re

import pytest
from auditlog.models import LogEntry
from django.test import Client

from incentives.models import CycleStatus, IncentiveCycle
from tests.factories import IncentiveCycleFactory, ShareRequestFactory


def back_office(bureau, persona: str) -> Client:
    user = bureau.users[persona]
    user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user)
    return client


def column_heads(page) -> list[str]:
    table = page.content.decode().split('id="result_list"', 1)[1]
    heads = re.findall(r'<th scope="col"[^>]*>.*?</th>', table, flags=re.S)
    return [re.sub(r"<[^>]+>|\s+", "", head) for head in heads]


def test_the_audit_pages_are_in_chinese(bureau):
    bureau.client("hr_officer").patch(f"/api/v1/cadres/{bureau.accountant.pk}/", {"post_title": "会计主管"},
                                      format="json")
    entry = LogEntry.objects.filter(action=LogEntry.Action.UPDATE).latest("id")
    auditor = back_office(bureau, "auditor")

    listed = auditor.get("/admin/auditlog/logentry/")
    opened = auditor.get(f"/admin/auditlog/logentry/{entry.pk}/change/")

    heads = [head for head in column_heads(listed) if head]
    assert heads == ["时间", "对象", "操作", "变更", "操作人", "关联编号"], heads
    text = listed.content.decode() + opened.content.decode()
    for english in ["Resource", "Correlation ID", "Changes", "log entr", ">update<", "Created", ">Field<"]:
        assert english not in text, english
    assert "更新" in listed.content.decode()
    assert "岗位" in opened.content.decode()  # the changed field by its verbose name


def test_a_sign_in_reads_as_one_in_the_audit_list(bureau):
    bureau.client("anonymous").post("/api/v1/auth/token/", {"username": "leader", "password": "wrong"},
                                    format="json")

    listed = back_office(bureau, "auditor").get("/admin/auditlog/logentry/")

    assert "登录失败" in listed.content.decode()


def test_the_cadre_list_heads_the_name_column_with_a_persons_name(bureau):
    heads = column_heads(back_office(bureau, "hr_officer").get("/admin/talent/cadre/"))

    assert "姓名" in heads and "名称" not in heads, heads


def test_an_open_request_reads_as_published(bureau):
    ShareRequestFactory(department=bureau.it, requested_by=bureau.users["it_head"])

    page = back_office(bureau, "hr_officer").get("/admin/sharing/sharerequest/")

    assert "已发布" in page.content.decode()


@pytest.mark.parametrize("persona, status, offered", [
    ("hr_officer", CycleStatus.DRAFT, True),
    ("hr_officer", CycleStatus.APPROVED, False),
    ("leader", CycleStatus.DRAFT, False),
    ("superuser", CycleStatus.DRAFT, False),  # Django lets a superuser do anything; the service wants HR
])
def test_a_cycle_offers_delete_only_where_the_service_allows_it(bureau, persona, status, offered):
    cycle = IncentiveCycleFactory(status=status)
    if persona == "superuser":
        bureau.users["outsider"].is_superuser = True
        persona = "outsider"
    client = back_office(bureau, persona)

    page = client.get(f"/admin/incentives/incentivecycle/{cycle.pk}/change/")
    confirm = client.get(f"/admin/incentives/incentivecycle/{cycle.pk}/delete/")

    assert page.status_code == 200
    assert (f"/{cycle.pk}/delete/" in page.content.decode()) is offered
    assert (confirm.status_code == 200) is offered


def test_a_refused_bulk_delete_is_an_admin_message_not_json(bureau):
    draft, approved = IncentiveCycleFactory(), IncentiveCycleFactory(status=CycleStatus.APPROVED)
    client = back_office(bureau, "hr_officer")

    response = client.post("/admin/incentives/incentivecycle/", {
        "action": "delete_selected", "_selected_action": [draft.pk, approved.pk], "post": "yes"}, follow=True)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert not response.content.lstrip().startswith(b"{")
    assert list(IncentiveCycle.objects.values_list("pk", flat=True)) == [approved.pk]
    assert any(approved.name in str(m) and "不能删除" in str(m) for m in response.context["messages"])
