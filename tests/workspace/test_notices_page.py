"""/notices/: my notices, newest first, a page at a time; open one, mark one or all read; the top bar's unread count
on every page. Scoped like the API: another user's notice is a 404 here too."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Notice
from tests.workspace.conftest import browser_of


def tell(user, title, *, link="", minutes_ago=0, read=False):
    notice = Notice.objects.create(recipient=user, kind="secondment_accepted", title=title, text=f"{title}的说明",
                                   link=link, read_at=timezone.now() if read else None)
    Notice.objects.filter(pk=notice.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago))
    return notice


def unread_badge(html: str) -> str | None:
    found = re.search(r'<span class="count" id="unread-count"><span class="offscreen">未读：</span>(\d+)</span>', html)
    return found.group(1) if found else None


@pytest.fixture
def mine(bureau):
    head = bureau.users["it_head"]
    return {
        "old": tell(head, "较早的通知", minutes_ago=60, read=True),
        "new": tell(head, "借调待审批", link="/", minutes_ago=1),
        "other": tell(bureau.users["finance_head"], "别人的通知"),
    }


def test_the_list_shows_my_notices_newest_first_and_not_anyone_elses(bureau, mine):
    html = browser_of(bureau, "it_head").get("/notices/").content.decode()

    assert html.index("借调待审批") < html.index("较早的通知")
    assert "别人的通知" not in html
    assert "1 条未读" in html and "全部标为已读" in html


def test_the_list_is_paginated(bureau):
    for number in range(30):
        tell(bureau.users["it_head"], f"通知{number:02d}", minutes_ago=number)
    client = browser_of(bureau, "it_head")

    first, second = client.get("/notices/").content.decode(), client.get("/notices/?page=2").content.decode()

    assert "通知00" in first and "通知24" in first and "通知25" not in first
    assert "通知25" in second and "通知29" in second and "第 2 / 2 页（共 30 条）" in second


def test_opening_a_notice_marks_it_read_and_goes_where_it_points(bureau, mine):
    response = browser_of(bureau, "it_head").post(f"/notices/{mine['new'].pk}/open/")

    assert response.status_code == 302 and response["Location"] == "/"
    mine["new"].refresh_from_db()
    assert mine["new"].read_at is not None


def test_marking_one_and_all_read(bureau, mine):
    client = browser_of(bureau, "it_head")
    tell(bureau.users["it_head"], "又一条")

    assert client.post(f"/notices/{mine['new'].pk}/read/", {"page": "1"})["Location"] == "/notices/?page=1"
    assert Notice.objects.filter(recipient=bureau.users["it_head"], read_at__isnull=True).count() == 1
    client.post("/notices/read-all/")
    assert not Notice.objects.filter(recipient=bureau.users["it_head"], read_at__isnull=True).exists()
    assert Notice.objects.get(pk=mine["other"].pk).read_at is None


@pytest.mark.parametrize("action", ["open", "read"])
def test_another_users_notice_is_404_and_stays_unread(bureau, mine, action):
    response = browser_of(bureau, "it_head").post(f"/notices/{mine['other'].pk}/{action}/")

    assert response.status_code == 404
    assert Notice.objects.get(pk=mine["other"].pk).read_at is None


def test_marking_needs_a_post(bureau, mine):
    assert browser_of(bureau, "it_head").get(f"/notices/{mine['new'].pk}/read/").status_code == 405
    assert Notice.objects.get(pk=mine["new"].pk).read_at is None


def test_anonymous_visitors_are_sent_to_sign_in(bureau):
    assert browser_of(bureau, "anonymous").get("/notices/")["Location"].startswith("/login/")


@pytest.mark.parametrize("path", ["/", "/notices/", "/requests/", "/cycles/"])
def test_the_top_bar_counts_my_unread_notices_on_every_page(bureau, mine, path):
    client = browser_of(bureau, "leader")
    tell(bureau.users["leader"], "激励名单待审批")
    tell(bureau.users["leader"], "另一条")

    assert unread_badge(client.get(path).content.decode()) == "2"
    client.post("/notices/read-all/")
    html = client.get(path).content.decode()
    assert unread_badge(html) is None and 'href="/notices/"' in html


def test_the_count_costs_one_query(bureau, mine):
    client = browser_of(bureau, "it_head")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    on_notices = [q["sql"] for q in queries.captured_queries if "core_notice" in q["sql"]]
    assert len(on_notices) == 1 and "COUNT(" in on_notices[0].upper()
