"""/audit/: the auditor's trail in Chinese, the entries /api/v1/audit/ gives for the same filters, personal data
masked as stored."""

import html as html_lib
import re

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from tests.factories import PASSWORD, cadre_payload
from tests.helpers import PERSONAS
from tests.workspace.conftest import browser_of
from workspace.pages import PER_PAGE


@pytest.fixture
def trail(bureau, hr):
    """HR registers 周新 and corrects his mobile number, reads him unmasked; the clerk retitles 孙会; someone
    guesses the finance head's password at the page login; the finance head signs in and out."""
    body = cadre_payload(bureau.it)
    cadre_id = hr.post("/api/v1/cadres/", body, format="json").json()["id"]
    hr.patch(f"/api/v1/cadres/{cadre_id}/", {"mobile": "13600006666"}, format="json")
    hr.get(f"/api/v1/cadres/{cadre_id}/")
    bureau.client("hr_clerk").patch(f"/api/v1/cadres/{bureau.accountant.pk}/", {"post_title": "会计主管"},
                                    format="json")
    visitor = browser_of(bureau, "anonymous")
    visitor.post("/login/", {"username": "finance_head", "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
    head = browser_of(bureau, "anonymous")
    head.post("/login/", {"username": "finance_head", "password": PASSWORD})
    head.post("/logout/")
    return {"cadre_id": cadre_id, "secrets": [body["national_id"], body["mobile"], "13600006666",
                                              bureau.accountant.national_id, bureau.accountant.mobile]}


def rows(page: str) -> list[list[str]]:
    """The trail table's rows as plain text cells."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [[html_lib.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row,
                                                                                           re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S) if 'class="quiet"' not in row]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_auditors_open_the_trail_as_in_the_api(bureau, persona):
    response = browser_of(bureau, persona).get("/audit/")

    expected = {"auditor": 200, "anonymous": 302}.get(persona, 403)
    assert response.status_code == expected
    if persona != "anonymous":
        assert bureau.client(persona).get("/api/v1/audit/").status_code == expected


def test_the_trail_reads_in_chinese_with_who_what_which_when_and_from_where(bureau, trail):
    page = browser_of(bureau, "auditor").get("/audit/").content.decode()
    found = rows(page)

    retitled = next(row for row in found if row[3] == f"干部：{bureau.accountant}")
    clerk = bureau.users["hr_clerk"]
    assert retitled[1] == f"hr_clerk（{clerk.last_name}{clerk.first_name}）" and retitled[2] == "修改"
    assert retitled[5] == "岗位：科员 → 会计主管"
    entry = LogEntry.objects.get(object_pk=str(bureau.accountant.pk), action=LogEntry.Action.UPDATE)
    assert retitled[0] == timezone.localtime(entry.timestamp).strftime("%Y-%m-%d %H:%M:%S")
    assert timezone.localtime(entry.timestamp).utcoffset().total_seconds() == 8 * 3600
    actions = [row[2] for row in found]
    assert {"新建", "修改", "查看个人信息", "登录", "退出", "登录失败"} <= set(actions)
    failed = next(row for row in found if row[2] == "登录失败")
    assert failed[4] == "10.1.2.3" and failed[3].endswith("：finance_head")
    signed_in = next(row for row in found if row[2] == "登录" and row[3] == "用户：finance_head")
    assert signed_in[1] == f"finance_head（{bureau.users['finance_head'].last_name}芳）"


def test_personal_data_stays_masked_as_stored(bureau, trail):
    page = browser_of(bureau, "auditor").get("/audit/").content.decode()

    assert not [secret for secret in trail["secrets"] if secret in page]
    changed = next(row for row in rows(page) if row[2] == "修改" and row[3].startswith("干部：周新"))
    assert changed[5].startswith("手机号码：") and "→" in changed[5] and "*" in changed[5]


@pytest.mark.parametrize("filters", [
    {"model": "cadre"},
    {"model": "user"},
    {"actor": "hr_clerk"},
    {"action": "update"},
    {"action": "access"},
    {"event": "login_failed"},
    {"model": "cadre", "action": "create"},
    {"actor": "nobody-at-all"},
])
def test_each_filter_gives_the_entries_the_api_gives(bureau, trail, filters):
    # The page's session sign-in is itself an entry: the page first, so the API sees it too.
    page = browser_of(bureau, "auditor").get("/audit/", filters).content.decode()
    api = bureau.client("auditor").get("/api/v1/audit/", filters).json()["results"]

    assert [row[3].split("：", 1)[1] for row in rows(page)] == [entry["object_repr"] for entry in api]


def test_the_record_filters_and_the_time_window_match_the_api(bureau, trail):
    entries = list(LogEntry.objects.order_by("timestamp", "id"))
    since = timezone.localtime(entries[2].timestamp).isoformat()
    until = timezone.localtime(entries[-2].timestamp).isoformat()

    for filters in ({"object_pk": str(trail["cadre_id"])}, {"since": since}, {"until": until},
                    {"since": since, "until": until}):
        page = browser_of(bureau, "auditor").get("/audit/", filters).content.decode()
        # Page by page: the page shows PER_PAGE entries, the API its own page size unless asked.
        api = bureau.client("auditor").get("/api/v1/audit/", {**filters, "page_size": PER_PAGE}).json()["results"]
        assert [row[0] for row in rows(page)] == [
            timezone.localtime(entry.timestamp).strftime("%Y-%m-%d %H:%M:%S")
            for entry in LogEntry.objects.filter(pk__in=[e["id"] for e in api]).order_by("-timestamp", "-id")]
        assert len(rows(page)) == len(api) > 0


def test_a_bad_filter_value_is_said_beside_its_field_and_lists_nothing(bureau, trail):
    page = browser_of(bureau, "auditor").get("/audit/", {"action": "steal"}).content.decode()

    assert bureau.client("auditor").get("/api/v1/audit/", {"action": "steal"}).status_code == 400
    assert 'class="error" role="alert"' in page and "steal" in page
    assert rows(page) == []


def test_the_trail_sorts_by_time_and_pages(bureau, trail):
    client = browser_of(bureau, "auditor")
    for number in range(30):
        client.get("/audit/")  # reading the trail writes nothing
        bureau.client("hr_officer").patch(f"/api/v1/departments/{bureau.office.pk}/", {"name": f"办公室{number}"},
                                          format="json")

    newest = rows(client.get("/audit/").content.decode())
    oldest = rows(client.get("/audit/?sort=time").content.decode())
    second = client.get("/audit/?page=2").content.decode()

    assert newest[0][5] == "名称：办公室28 → 办公室29"
    assert oldest[0][0] <= oldest[-1][0] and newest[0][0] >= newest[-1][0]
    pages = -(-LogEntry.objects.count() // PER_PAGE)
    assert pages >= 2 and f"第 2 / {pages} 页" in second


def test_the_filters_offer_their_choices_in_chinese(bureau):
    page = browser_of(bureau, "auditor").get("/audit/").content.decode()

    labels = ("全部", "新建", "修改", "删除", "查看个人信息", "登录", "退出", "登录失败", "干部",
              "仅用于登录、退出记录。")
    for label in labels:
        assert f">{label}<" in page, label
    assert "---------" not in page and "Sign-ins only" not in page


def test_a_many_to_many_change_says_who_was_added_or_removed(bureau):
    bureau.archive.heads.add(bureau.users["it_head"])
    bureau.archive.heads.remove(bureau.users["it_head"])

    found = rows(browser_of(bureau, "auditor").get("/audit/?model=department").content.decode())

    changes = [row[5] for row in found if row[3] == "部门：档案室" and row[2] == "修改"]
    assert changes == ["负责人：移除 it_head", "负责人：添加 it_head"]
