"""Expiring credentials (the daily `notify_due`): the cadre (if they have a login) and HR are told once per
credential when it enters its last 90 days and once when it has expired; nobody else, never the number."""

import datetime

import pytest
from django.utils import timezone

from core import notices
from core.models import Notice
from talent.models import Credential, CredentialStatus

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NUMBER = "CISP-2024-0012345"


def credential(cadre, expires_in: int | None, status=CredentialStatus.VERIFIED):
    return Credential.objects.create(
        cadre=cadre, name="注册信息安全专业人员（CISP）", issuer="中国信息安全测评中心", number=NUMBER,
        issued_on=TODAY - datetime.timedelta(days=1000), status=status,
        expires_on=None if expires_in is None else TODAY + datetime.timedelta(days=expires_in))


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def on(day):
        with django_capture_on_commit_callbacks(execute=True):
            notices.run_due(day)
    return on


def told(kind=None):
    found = Notice.objects.filter(kind__startswith="credential")
    if kind:
        found = found.filter(kind=kind)
    return sorted(found.values_list("recipient__username", flat=True))


def test_told_once_on_entering_the_window_and_once_on_expiring(bureau, run):
    held = credential(bureau.accountant, expires_in=100)
    run(TODAY)
    assert told() == []  # 100 days out: not yet

    for days in (10, 11, 40):  # enters the window on day 10 (90 days left); later days tell nothing new
        run(TODAY + datetime.timedelta(days=days))
    assert told("credential_expiring") == ["cadre", "hr_clerk", "hr_officer"]

    for days in (100, 101, 150):  # the last valid day, then expired: told once
        run(TODAY + datetime.timedelta(days=days))
    assert told("credential_expired") == ["cadre", "hr_clerk", "hr_officer"]
    assert Notice.objects.count() == 6

    mine = Notice.objects.get(recipient__username="cadre", kind="credential_expiring")
    assert mine.title == "证书即将到期"
    expiry = held.expires_on.isoformat()
    assert f"您的证书将于 {expiry} 到期" in mine.text and "注册信息安全专业人员（CISP）" in mine.text
    lapsed = Notice.objects.get(recipient__username="cadre", kind="credential_expired")
    assert lapsed.title == "证书已过期" and f"已于 {expiry} 到期" in lapsed.text
    assert mine.link == "/me/"
    hr = Notice.objects.get(recipient__username="hr_officer", kind="credential_expiring")
    assert "孙会" in hr.text and "会计科" in hr.text and hr.link == f"/cadres/{bureau.accountant.pk}/"
    assert not any(NUMBER in n.text + n.title for n in Notice.objects.all())


def test_a_cadre_without_a_login_leaves_hr_told_and_a_renewed_credential_is_told_anew(bureau, run):
    held = credential(bureau.it_engineer, expires_in=30)
    run(TODAY)
    assert told() == ["hr_clerk", "hr_officer"]
    held.expires_on = TODAY + datetime.timedelta(days=60)  # renewed, and again due one day
    held.save()
    run(TODAY)
    assert told() == ["hr_clerk", "hr_clerk", "hr_officer", "hr_officer"]


def test_none_for_others(bureau, run):
    credential(bureau.accountant, expires_in=30, status=CredentialStatus.PENDING)
    credential(bureau.accountant, expires_in=-3, status=CredentialStatus.REJECTED)
    credential(bureau.accountant, expires_in=None)
    credential(bureau.accountant, expires_in=200)
    credential(bureau.accountant, expires_in=-400)  # lapsed long ago: a first run does not dig it up
    run(TODAY)
    assert told() == []
