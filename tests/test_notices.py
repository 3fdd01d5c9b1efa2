"""Notices (core.notices): each workflow step that waits on someone tells exactly the right people once, in words
that name people but never their ID numbers or phones, with a link each recipient may open; the daily checks tell
each thing once; the digest mails each user their notices once; the API shows each user only their own.

The bureau (tests/conftest.py): 孙会 (accounting, under finance) has a login ("cadre"); finance and IT have heads
(芳, 伟); accounting has none, so finance's head answers for it; the office has no head at all.
"""

import datetime
from collections import Counter

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from core import notices
from core.models import Notice
from talent.access import department_heads, heads_of_departments
from talent.models import Cadre, Credential, CredentialStatus, Department
from tests.factories import (
    CadreSkillFactory,
    IncentiveCycleFactory,
    RequiredSkillFactory,
    SecondmentFactory,
    ShareRequestFactory,
    SkillFactory,
)
from tests.factories_planning import VendorStaffFactory
from tests.helpers import assert_error, job_outcome


@pytest.fixture(autouse=True)
def generous_caps(settings):
    settings.SECONDMENT_LENDING_PERCENT = 100  # departments of one or two people may lend them


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what a step leaves for after its commit (the notices), as a real request's commit would."""

    def run(step):
        with django_capture_on_commit_callbacks(execute=True):
            return step()

    return run


def propose(bureau):
    """HR's allocation run proposes 孙会 (the only Python expert) to IT's request."""
    python = SkillFactory(code="PY", name="Python 开发")
    CadreSkillFactory(cadre=bureau.accountant, skill=python, level=4, source="certified")
    RequiredSkillFactory(request=ShareRequestFactory(department=bureau.it, title="数据中台开发"), skill=python)
    client = bureau.client("hr_officer")
    outcome = job_outcome(client, client.post("/api/v1/allocation/", {"dry_run": False}, format="json"))
    assert outcome.status_code == 201, outcome.content


def move(bureau, persona, status, action):
    secondment = SecondmentFactory(request=ShareRequestFactory(department=bureau.it, title="数据中台开发"),
                                   cadre=bureau.accountant, status=status)
    response = bureau.client(persona).post(f"/api/v1/secondments/{secondment.pk}/{action}/", {}, format="json")
    assert response.status_code == 200, response.content


def accept(bureau):
    move(bureau, "finance_head", "proposed", "accept")


def agree_after_the_head(bureau):
    """The home head accepted before the cadre agreed: the cadre's agreement puts it on HR's desk."""
    secondment = SecondmentFactory(request=ShareRequestFactory(department=bureau.it, title="数据中台开发"),
                                   cadre=bureau.accountant, status="accepted", consented_at=None)
    response = bureau.client("cadre").post(f"/api/v1/me/secondments/{secondment.pk}/consent/", {"agree": True},
                                           format="json")
    assert response.status_code == 200, response.content


def accept_before_the_cadre_agrees(bureau):
    secondment = SecondmentFactory(request=ShareRequestFactory(department=bureau.it, title="数据中台开发"),
                                   cadre=bureau.accountant, status="proposed", consented_at=None)
    response = bureau.client("finance_head").post(f"/api/v1/secondments/{secondment.pk}/accept/", {}, format="json")
    assert response.status_code == 200, response.content


def propose_by_hand(bureau):
    python = SkillFactory(code="PY", name="Python 开发")
    CadreSkillFactory(cadre=bureau.accountant, skill=python, level=4, source="certified")
    share_request = ShareRequestFactory(department=bureau.it, title="数据中台开发")
    RequiredSkillFactory(request=share_request, skill=python)
    response = bureau.client("hr_officer").post(f"/api/v1/share-requests/{share_request.pk}/propose/",
                                                {"cadre": bureau.accountant.pk}, format="json")
    assert response.status_code == 201, response.content


def approve(bureau):
    move(bureau, "leader", "accepted", "approve")


def completion_due(bureau):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    share_request = ShareRequestFactory(department=bureau.it, start_date=yesterday - datetime.timedelta(days=30),
                                        end_date=yesterday)
    SecondmentFactory(request=share_request, cadre=bureau.accountant, status="active")
    # Still running, and another already completed: neither is due.
    SecondmentFactory(request=ShareRequestFactory(department=bureau.it), cadre=bureau.finance_officer,
                      status="active")
    SecondmentFactory(request=ShareRequestFactory(department=bureau.finance, start_date=share_request.start_date,
                                                  end_date=yesterday), cadre=bureau.it_engineer, status="completed")
    call_command("notify_due", stdout=open("/dev/null", "w"))  # noqa: SIM115


def submit_list(bureau):
    cycle = IncentiveCycleFactory(status="computed")
    response = bureau.client("hr_officer").post(f"/api/v1/incentive-cycles/{cycle.pk}/submit/", {}, format="json")
    assert response.status_code == 200, response.content


def reconfirm_own(bureau):
    """An entry 孙会 (who has a login) answers for, never confirmed; another confirmed just now (not due)."""
    VendorStaffFactory(responsible_cadre=bureau.accountant, last_confirmed_at=None, name="外包张三")
    VendorStaffFactory(responsible_cadre=bureau.accountant, name="外包李四")
    call_command("notify_due", stdout=open("/dev/null", "w"))  # noqa: SIM115


def reconfirm_without_login(bureau):
    """An entry 赵文 (no login) answers for, confirmed 100 days ago (the interval is 90): HR are told."""
    VendorStaffFactory(responsible_cadre=bureau.office_clerk, name="外包王五",
                       last_confirmed_at=timezone.now() - datetime.timedelta(days=100))
    call_command("notify_due", stdout=open("/dev/null", "w"))  # noqa: SIM115


def log_study(bureau):
    response = bureau.client("cadre").post("/api/v1/me/study/", {
        "topic": "数据治理公开课", "hours": "2.5", "studied_on": timezone.localdate().isoformat()}, format="json")
    assert response.status_code == 201, response.content


def credential_expiring(bureau):
    """孙会's certificate (she has a login) enters its last 90 days; 李码's (no login) expired yesterday."""
    today = timezone.localdate()
    for cadre, expires_on in ((bureau.accountant, today + datetime.timedelta(days=60)),
                              (bureau.it_engineer, today - datetime.timedelta(days=1))):
        Credential.objects.create(cadre=cadre, name="注册信息安全专业人员（CISP）", issuer="中国信息安全测评中心",
                                  number="CISP-2024-0012345", issued_on=today - datetime.timedelta(days=1000),
                                  expires_on=expires_on, status=CredentialStatus.VERIFIED)
    call_command("notify_due", stdout=open("/dev/null", "w"))  # noqa: SIM115


STEPS = {
    "proposal: the home head (finance answers for accounting) and the cadre": (propose, {"finance_head", "cadre"}),
    "a proposal by HR's hand: the home head and the cadre": (propose_by_hand, {"finance_head", "cadre"}),
    "accepted: HR": (accept, {"hr_officer", "hr_clerk"}),
    "accepted before the cadre agrees: nobody yet": (accept_before_the_cadre_agrees, set()),
    "the cadre agrees after the head accepted: HR": (agree_after_the_head, {"hr_officer", "hr_clerk"}),
    "approved: home head, host head and the cadre": (approve, {"finance_head", "it_head", "cadre"}),
    "completion due: the host head": (completion_due, {"it_head"}),
    "list submitted: leadership": (submit_list, {"leader"}),
    "reconfirmation due: the responsible cadre": (reconfirm_own, {"cadre"}),
    "reconfirmation due, responsible cadre without a login: HR": (reconfirm_without_login, {"hr_officer", "hr_clerk"}),
    "study to confirm: the cadre's head": (log_study, {"finance_head"}),
    "credential expiring and expired: the cadre with a login, HR once each": (
        credential_expiring, {"cadre": 1, "hr_officer": 2, "hr_clerk": 2}),
}


@pytest.mark.parametrize("step", STEPS)
def test_each_step_tells_each_intended_person_once_and_nobody_else(bureau, committed, step):
    act, expected = STEPS[step]

    committed(lambda: act(bureau))

    told = Counter(Notice.objects.values_list("recipient__username", flat=True))
    assert told == Counter(expected if isinstance(expected, dict) else dict.fromkeys(expected, 1))


@pytest.mark.parametrize("step", STEPS)
def test_a_notice_names_people_but_never_their_id_or_phone_and_its_link_opens_for_its_recipient(
        bureau, committed, step):
    act, _expected = STEPS[step]
    bureau.users["hr_officer"].is_staff = True  # may enter the back office, where HR reconfirm vendor staff
    bureau.users["hr_officer"].save()
    committed(lambda: act(bureau))
    secrets = [value for cadre in Cadre.objects.all() for value in (cadre.national_id, cadre.mobile)]

    for notice in Notice.objects.select_related("recipient"):
        assert notice.title and notice.text
        assert not any(secret in notice.title + notice.text for secret in secrets)
        assert "\u4e00" <= notice.title[0] <= "\u9fff" or notice.title[0].isdigit()  # in Chinese, whoever acted
        if notice.link:
            browser = Client()
            browser.force_login(notice.recipient)
            assert browser.get(notice.link).status_code == 200, (notice.recipient.username, notice.link)


@pytest.mark.parametrize("needs_consent", [True, False])
def test_a_proposed_cadre_is_asked_for_their_agreement_where_the_bureau_needs_it(bureau, committed, settings,
                                                                                needs_consent):
    settings.SECONDMENT_NEEDS_CONSENT = needs_consent
    committed(lambda: propose_by_hand(bureau))

    assert ("是否同意" in Notice.objects.get(recipient__username="cadre").text) is needs_consent


def test_a_refused_step_tells_nobody(bureau, committed):
    secondment = SecondmentFactory(request=ShareRequestFactory(department=bureau.it), cadre=bureau.accountant,
                                   status="accepted")
    committed(lambda: assert_error(
        bureau.client("finance_head").post(f"/api/v1/secondments/{secondment.pk}/accept/", {}, format="json"), 409))
    assert not Notice.objects.exists()


def test_the_texts_say_who_and_what(bureau, committed):
    committed(lambda: approve(bureau))
    for_cadre = Notice.objects.get(recipient__username="cadre")
    assert for_cadre.title == "您的借调已获批准"
    assert "信息中心" in for_cadre.text and "数据中台开发" in for_cadre.text
    assert for_cadre.link == "/me/"
    for_head = Notice.objects.get(recipient__username="it_head")
    assert "孙会" in for_head.text and for_head.link.startswith("/secondments/")


def test_the_daily_checks_tell_each_thing_once(bureau, committed):
    committed(lambda: completion_due(bureau))
    committed(lambda: reconfirm_own(bureau))
    before = Notice.objects.count()
    assert before == 2

    committed(lambda: call_command("notify_due", stdout=open("/dev/null", "w")))  # noqa: SIM115
    assert Notice.objects.count() == before


def test_a_reconfirmed_entry_falling_due_again_is_told_again(bureau, committed):
    staff = VendorStaffFactory(responsible_cadre=bureau.accountant, last_confirmed_at=None)
    committed(lambda: notices.run_due())
    staff.last_confirmed_at = timezone.now() - datetime.timedelta(days=91)
    staff.save()
    committed(lambda: notices.run_due())
    assert Notice.objects.filter(recipient__username="cadre").count() == 2


def test_an_inactive_user_is_not_told(bureau, committed):
    bureau.users["hr_clerk"].is_active = False
    bureau.users["hr_clerk"].save()
    committed(lambda: accept(bureau))
    assert list(Notice.objects.values_list("recipient__username", flat=True)) == ["hr_officer"]


# --- the digest --------------------------------------------------------------------------------------------

def test_the_digest_mails_each_user_their_notices_once_in_chinese(bureau, committed, settings):
    settings.WORKSPACE_BASE_URL = "https://talent.example.gov.cn"
    for persona, email in (("finance_head", "fang@example.gov.cn"), ("it_head", "wei@example.gov.cn"),
                           ("cadre", "")):
        bureau.users[persona].email = email
        bureau.users[persona].save()
    committed(lambda: approve(bureau))
    committed(lambda: log_study(bureau))  # a second notice for the finance head

    call_command("send_notice_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert sorted(message.to[0] for message in mail.outbox) == ["fang@example.gov.cn", "wei@example.gov.cn"]
    [fang] = [message for message in mail.outbox if message.to == ["fang@example.gov.cn"]]
    assert fang.subject.endswith("2 条新通知")
    assert "芳，您好" in fang.body
    assert "您的借调已获批准" not in fang.body  # the cadre's own notice is theirs
    assert "借调已获批准" in fang.body and "自学待确认" in fang.body
    assert "https://talent.example.gov.cn/secondments/" in fang.body
    # The cadre has no address: their notice waits, unmailed.
    assert Notice.objects.filter(emailed_at__isnull=True).values_list("recipient__username", flat=True).get() == "cadre"

    mail.outbox.clear()
    call_command("send_notice_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []


def test_a_refused_message_leaves_its_notices_for_the_next_run(bureau, committed, settings, monkeypatch):
    bureau.users["leader"].email = "leader@example.gov.cn"
    bureau.users["leader"].save()
    committed(lambda: submit_list(bureau))

    def refuse(self, *args, **kwargs):
        raise OSError("the mail server is away")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    assert notices.send_digest() == (0, 0)
    assert Notice.objects.get().emailed_at is None
    monkeypatch.undo()
    assert notices.send_digest() == (1, 1)
    assert Notice.objects.get().emailed_at is not None


# --- the API: mine only ------------------------------------------------------------------------------------

@pytest.fixture
def told(bureau, committed):
    committed(lambda: approve(bureau))
    return {notice.recipient.username: notice for notice in Notice.objects.select_related("recipient")}


def test_the_api_lists_my_notices_only(bureau, told):
    body = bureau.client("it_head").get("/api/v1/notices/").json()
    assert [row["id"] for row in body["results"]] == [told["it_head"].pk]
    assert body["results"][0]["read_at"] is None
    assert bureau.client("hr_officer").get("/api/v1/notices/").json()["results"] == []


def test_another_users_notice_is_404_to_read_and_to_mark(bureau, told):
    other = told["finance_head"].pk
    assert_error(bureau.client("it_head").get(f"/api/v1/notices/{other}/"), 404)
    assert_error(bureau.client("it_head").post(f"/api/v1/notices/{other}/read/"), 404)
    assert Notice.objects.get(pk=other).read_at is None


def test_marking_read_one_and_all(bureau, told):
    client = bureau.client("it_head")
    marked = client.post(f"/api/v1/notices/{told['it_head'].pk}/read/")
    assert marked.status_code == 200 and marked.json()["read_at"] is not None
    assert client.get("/api/v1/notices/", {"unread": "true"}).json()["results"] == []
    assert client.post("/api/v1/notices/read-all/").json() == {"marked": 0}
    assert bureau.client("cadre").post("/api/v1/notices/read-all/").json() == {"marked": 1}
    assert Notice.objects.get(pk=told["finance_head"].pk).read_at is None  # nobody marks another's


def test_the_unread_filter_takes_true_or_false_only(bureau, told):
    assert_error(bureau.client("it_head").get("/api/v1/notices/", {"unread": "perhaps"}), 400, field="unread")
    assert len(bureau.client("it_head").get("/api/v1/notices/", {"unread": "false"}).json()["results"]) == 0


def test_anonymous_and_role_less_users_get_no_notices(bureau):
    assert_error(bureau.client("anonymous").get("/api/v1/notices/"), 401)
    assert_error(bureau.client("outsider").get("/api/v1/notices/"), 403)


def test_one_run_proposing_two_of_a_heads_people_tells_the_head_once_naming_both(bureau, committed):
    python = SkillFactory(code="PY", name="Python 开发")
    for cadre in (bureau.accountant, bureau.finance_officer):
        CadreSkillFactory(cadre=cadre, skill=python, level=4, source="certified")
    for title in ("数据中台开发", "报表平台开发"):
        RequiredSkillFactory(request=ShareRequestFactory(department=bureau.it, title=title), skill=python)
    client = bureau.client("hr_officer")

    committed(lambda: job_outcome(client, client.post("/api/v1/allocation/", {"dry_run": False}, format="json")))

    [for_head] = Notice.objects.filter(recipient__username="finance_head")
    assert for_head.title == "2 项借调提议待答复"
    assert "孙会" in for_head.text and "钱进" in for_head.text and for_head.link == "/"
    assert Notice.objects.filter(recipient__username="cadre").count() == 1


def test_a_heads_own_study_goes_to_hr_not_to_themselves(bureau, committed):
    head = bureau.users["finance_head"]
    head.groups.add(*bureau.users["cadre"].groups.all())  # also in the cadre role, with a record of their own
    Cadre.objects.filter(pk=bureau.finance_officer.pk).update(user=head)

    response = committed(lambda: bureau.client("finance_head").post("/api/v1/me/study/", {
        "topic": "数据治理公开课", "hours": "2", "studied_on": timezone.localdate().isoformat()}, format="json"))

    assert response.status_code == 201, response.content
    assert set(Notice.objects.values_list("recipient__username", flat=True)) == {"hr_officer", "hr_clerk"}


def test_the_heads_of_every_department_are_found_at_once_as_one_by_one(bureau, django_assert_max_num_queries):
    """An allocation proposes people from thousands of departments; their heads are found in three queries."""
    ids = list(Department.objects.values_list("pk", flat=True))

    with django_assert_max_num_queries(3):
        found = heads_of_departments(ids)

    assert found == {department_id: department_heads(department_id) for department_id in ids}
    assert found[bureau.accounting.pk] == [bureau.users["finance_head"]]  # no head of its own: finance's answers
