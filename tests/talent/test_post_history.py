"""Post history (任职经历): imported once from HR's spreadsheet, kept by the pool's services afterwards, and read as a
timeline with the secondments."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from talent.models import PostRecord
from tests.factories import SecondmentFactory, ShareRequestFactory
from tests.helpers import assert_error
from tests.talent.test_imports import upload, xlsx

HEADERS = ["工号", "部门", "职务", "起始日期", "终止日期"]
HISTORY = [
    ["AC001", "办公室", "科员", "2012-07-01", "2016-03-31"],
    ["AC001", "FIN", "主任科员", "2016-04-01", "2020-12-31"],
    ["AC001", "会计科", "副科长", "2021-01-01", ""],
    ["IT001", "信息中心", "工程师", "2018-09-01", ""],
]


def lines(client, cadre):
    return [(line["department_name"], line["post_title"], line["started_on"], line["ended_on"], line["kind"])
            for line in client.get(f"/api/v1/cadres/{cadre.pk}/posts/").json()]


def test_hr_imports_post_histories_and_the_timeline_reads_newest_first(bureau, hr):
    response = upload(hr, "post-history", xlsx(HEADERS, HISTORY))

    assert response.status_code == 200, response.content
    assert response.json()["created"] == 4
    assert lines(hr, bureau.accountant) == [
        ("会计科", "副科长", "2021-01-01", None, "post"),
        ("财务处", "主任科员", "2016-04-01", "2020-12-31", "post"),
        ("办公室", "科员", "2012-07-01", "2016-03-31", "post"),
    ]
    assert LogEntry.objects.filter(content_type__model="postrecord").count() == 4


def test_the_same_file_twice_changes_nothing_and_a_corrected_row_updates_its_line(bureau, hr):
    upload(hr, "post-history", xlsx(HEADERS, HISTORY))

    again = upload(hr, "post-history", xlsx(HEADERS, HISTORY)).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 4)

    corrected = [row[:] for row in HISTORY]
    corrected[1][2] = "一级主任科员"
    body = upload(hr, "post-history", xlsx(HEADERS, corrected)).json()
    assert (body["created"], body["updated"], body["unchanged"]) == (0, 1, 3)
    assert PostRecord.objects.count() == 4


def test_a_dry_run_checks_without_writing(bureau, hr):
    body = upload(hr, "post-history", xlsx(HEADERS, HISTORY), dry_run=True).json()

    assert (body["valid"], body["created"]) == (True, 4)
    assert PostRecord.objects.count() == 0


def test_one_bad_row_and_nothing_is_written_each_bad_row_named(bureau, hr):
    bad = [*HISTORY,
           ["ZZ999", "办公室", "科员", "2010-01-01", "2011-01-01"],
           ["OF001", "不存在的处", "科员", "2010-01-01", ""],
           ["OF001", "办公室", "科员", "2015-01-01", "2014-01-01"],
           ["FI001", "财务处", "科员", "2019-13-01", ""],
           ["AC001", "会计科", "科长", "2024-01-01", ""]]  # a second post held now

    response = upload(hr, "post-history", xlsx(HEADERS, bad))

    error = assert_error(response, 400, field="rows")
    assert [(row["row"], row["column"]) for row in error["fields"]["rows"]] == [
        (4, "终止日期"), (6, "工号"), (7, "部门"), (8, "终止日期"), (9, "起始日期"), (10, "终止日期")]
    assert PostRecord.objects.count() == 0


def test_a_second_post_held_now_is_refused_against_the_stored_one_too(bureau, hr):
    upload(hr, "post-history", xlsx(HEADERS, HISTORY))

    body = upload(hr, "post-history", xlsx(HEADERS, [["IT001", "信息中心", "高级工程师", "2023-01-01", ""]]),
                  dry_run=True).json()

    assert [(e["row"], "2018-09-01" in e["message"]) for e in body["errors"]] == [(2, True)]


def test_only_hr_imports(bureau):
    for persona in ("finance_head", "leader"):
        response = bureau.client(persona).post("/api/v1/imports/post-history/",
                                               {"file": xlsx(HEADERS, HISTORY)}, format="multipart")
        assert_error(response, 403)


def test_moving_a_cadre_closes_the_open_line_and_opens_a_new_one(bureau, hr):
    upload(hr, "post-history", xlsx(HEADERS, HISTORY))
    today = timezone.localdate()

    response = hr.patch(f"/api/v1/cadres/{bureau.accountant.pk}/",
                        {"department": bureau.it.pk, "post_title": "数据分析师"}, format="json")

    assert response.status_code == 200, response.content
    assert lines(hr, bureau.accountant)[:2] == [
        ("信息中心", "数据分析师", today.isoformat(), None, "post"),
        ("会计科", "副科长", "2021-01-01", (today - datetime.timedelta(days=1)).isoformat(), "post"),
    ]


def test_two_changes_on_one_day_are_one_move_and_other_edits_are_none(bureau, hr):
    upload(hr, "post-history", xlsx(HEADERS, HISTORY))
    url = f"/api/v1/cadres/{bureau.accountant.pk}/"
    hr.patch(url, {"department": bureau.finance.pk}, format="json")
    hr.patch(url, {"post_title": "科长"}, format="json")
    hr.patch(url, {"name": "孙慧"}, format="json")

    assert PostRecord.objects.filter(cadre=bureau.accountant).count() == 4
    current = PostRecord.objects.get(cadre=bureau.accountant, ended_on__isnull=True)
    assert (current.department_name, current.post_title) == ("财务处", "科长")


def test_a_cadre_moved_before_any_history_keeps_the_post_they_leave_from_their_hire_date(bureau, hr):
    cadre = bureau.office_clerk
    old_post = cadre.post_title

    hr.patch(f"/api/v1/cadres/{cadre.pk}/", {"department": bureau.finance.pk}, format="json")

    found = lines(hr, cadre)
    assert [(d, p, s) for d, p, s, _e, _k in found] == [
        ("财务处", old_post, timezone.localdate().isoformat()), ("办公室", old_post, cadre.hire_date.isoformat())]


def test_secondments_show_in_the_timeline_as_they_stand(bureau, hr):
    approved = SecondmentFactory(cadre=bureau.it_engineer, request=ShareRequestFactory(department=bureau.finance,
                                                                                        title="财务系统升级"),
                                 status="approved")
    SecondmentFactory(cadre=bureau.it_engineer, status="cancelled")
    SecondmentFactory(cadre=bureau.it_engineer, status="proposed")

    found = lines(hr, bureau.it_engineer)

    assert found == [("财务处", "借调：财务系统升级", approved.start_date.isoformat(), approved.end_date.isoformat(),
                      "secondment")]


@pytest.mark.parametrize("persona, sees", [("finance_head", True), ("it_head", False), ("leader", True),
                                           ("hr_clerk", True)])
def test_a_post_history_is_scoped_like_the_cadre(bureau, hr, persona, sees):
    upload(hr, "post-history", xlsx(HEADERS, HISTORY))

    response = bureau.client(persona).get(f"/api/v1/cadres/{bureau.accountant.pk}/posts/")

    if sees:
        assert len(response.json()) == 3
    else:
        assert_error(response, 404)


def test_my_own_post_history(bureau, hr):
    upload(hr, "post-history", xlsx(HEADERS, HISTORY))

    mine = bureau.client("cadre").get("/api/v1/me/posts/").json()

    assert [line["post_title"] for line in mine] == ["副科长", "主任科员", "科员"]
    assert_error(bureau.client("leader").get("/api/v1/me/posts/"), 403)


def test_the_cadre_import_keeps_the_post_history_of_those_it_moves(bureau, hr):
    upload(hr, "post-history", xlsx(HEADERS, HISTORY))

    moved = upload(hr, "cadres", xlsx(["工号", "部门", "岗位"], [["AC001", "信息中心", "数据分析师"],
                                                                 ["IT001", "信息中心", bureau.it_engineer.post_title]]))

    assert moved.status_code == 200, moved.content
    assert lines(hr, bureau.accountant)[0] == ("信息中心", "数据分析师", timezone.localdate().isoformat(), None, "post")
    assert PostRecord.objects.filter(cadre=bureau.it_engineer).count() == 1  # post unchanged: no new line
