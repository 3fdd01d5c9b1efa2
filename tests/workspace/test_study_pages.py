"""Confirming self-study in the workspace: on the cadre's page, HR or the cadre's department head (their subtree)
sees the pending entries with 确认 / 退回, which are the service's moves (talent.services.study): the same 403s,
404s and 409s as /api/v1/self-study/; the 待办 lists what the user may answer and links to the cadre's page."""

import datetime

import pytest
from django.utils import timezone

from talent.models import SelfStudy, StudyStatus
from talent.services import study as services
from tests.factories import TrainingProgramFactory
from tests.workspace.conftest import browser_of

pytestmark = pytest.mark.django_db

CONFIRM, REJECT = "确认</button>", "退回</button>"


def logged(cadre, topic="数据治理公开课", hours="2.5"):
    return services.self_study_log(cadre=cadre, topic=topic, hours=hours,
                                   studied_on=timezone.localdate() - datetime.timedelta(days=3))


def answer(bureau, persona, study, move):
    return browser_of(bureau, persona).post(f"/cadres/{study.cadre_id}/study/{study.pk}/{move}/")


def test_the_head_sees_pending_study_with_both_buttons_and_confirms_it(bureau):
    study = logged(bureau.accountant)  # accounting sits under finance: finance's head answers for it
    services.self_study_log(cadre=bureau.accountant, program=TrainingProgramFactory(name="网络安全必修课"), hours="4",
                            studied_on=timezone.localdate())
    head = browser_of(bureau, "finance_head")

    page = head.get(f"/cadres/{bureau.accountant.pk}/").content.decode()
    assert "待确认的自学" in page and "数据治理公开课" in page and "网络安全必修课" in page
    assert page.count(CONFIRM) == 2 and page.count(REJECT) == 2

    done = answer(bureau, "finance_head", study, "confirm")
    assert done.status_code == 302 and done["Location"] == f"/cadres/{bureau.accountant.pk}/#study"
    study.refresh_from_db()
    assert study.status == StudyStatus.CONFIRMED and study.confirmed_by == bureau.users["finance_head"]
    page = head.get(f"/cadres/{bureau.accountant.pk}/").content.decode()
    assert "数据治理公开课" not in page and page.count(CONFIRM) == 1


def test_hr_turns_study_down_and_a_second_answer_is_409_shown_on_the_page(bureau):
    study = logged(bureau.it_engineer)
    assert answer(bureau, "hr_officer", study, "reject").status_code == 302
    assert SelfStudy.objects.get(pk=study.pk).status == StudyStatus.REJECTED

    again = answer(bureau, "hr_clerk", study, "confirm")
    assert again.status_code == 409 and "该学习记录已处理" in again.content.decode()
    assert SelfStudy.objects.get(pk=study.pk).status == StudyStatus.REJECTED


@pytest.mark.parametrize(("persona", "expected"), [
    ("it_head", 404), ("leader", 403), ("auditor", 403), ("cadre", 403), ("outsider", 403)])
def test_others_cannot_answer(bureau, persona, expected):
    study = logged(bureau.accountant)
    assert answer(bureau, persona, study, "confirm").status_code == expected
    assert SelfStudy.objects.get(pk=study.pk).status == StudyStatus.PENDING


def test_a_head_of_another_department_and_leadership_see_no_pending_study(bureau):
    logged(bureau.accountant)
    assert browser_of(bureau, "it_head").get(f"/cadres/{bureau.accountant.pk}/").status_code == 404
    page = browser_of(bureau, "leader").get(f"/cadres/{bureau.accountant.pk}/")
    assert page.status_code == 200 and "待确认的自学" not in page.content.decode()


def test_a_heads_own_study_shows_without_buttons_and_not_in_their_todo(bureau):
    bureau.finance_officer.user = bureau.users["finance_head"]
    bureau.finance_officer.save()
    logged(bureau.finance_officer, topic="读书笔记")
    page = browser_of(bureau, "finance_head").get(f"/cadres/{bureau.finance_officer.pk}/").content.decode()
    assert "读书笔记" in page and CONFIRM not in page
    assert "读书笔记" not in browser_of(bureau, "finance_head").get("/").content.decode()
    assert answer(bureau, "finance_head", SelfStudy.objects.get(topic="读书笔记"), "confirm").status_code == 403


def test_the_todo_lists_study_to_answer_linking_to_the_cadre_page(bureau):
    logged(bureau.accountant)
    home = browser_of(bureau, "finance_head").get("/").content.decode()
    assert "待确认的自学" in home and "孙会（会计科）：数据治理公开课" in home
    assert f'href="/cadres/{bureau.accountant.pk}/#study"' in home
    assert "数据治理公开课" not in browser_of(bureau, "it_head").get("/").content.decode()
    assert "数据治理公开课" in browser_of(bureau, "hr_officer").get("/").content.decode()


def test_an_unknown_move_is_404(bureau):
    study = logged(bureau.accountant)
    assert answer(bureau, "hr_officer", study, "approve").status_code == 404
