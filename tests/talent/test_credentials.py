"""Credentials: recorded by HR or the cadre, verified by HR; while valid they certify a skill, which drops back when
they expire (applied at verification and by the daily `apply_credentials`); numbers masked but for HR with the
personal-data permission and the cadre; `?expiring_within=`; skills due for re-verification."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from talent.access import Actor
from talent.models import CadreSkill, Credential, CredentialStatus, SkillSource
from talent.selectors import credentials as selectors
from talent.services import credentials as services
from tests.factories import CadreSkillFactory, SkillCategoryFactory, SkillFactory
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PDF = b"%PDF-1.4\n%evidence\n"


def add(client, cadre, **fields):
    body = {
        "cadre": cadre.pk,
        "name": "注册信息安全专业人员（CISP）",
        "issuer": "中国信息安全测评中心",
        "number": "CISP-2024-0012345",
        "issued_on": (TODAY - datetime.timedelta(days=400)).isoformat(),
        "expires_on": (TODAY + datetime.timedelta(days=60)).isoformat(),
        **fields,
    }
    return client.post("/api/v1/credentials/", body, format="multipart")


@pytest.fixture
def security():
    return SkillFactory(
        code="SECAW", name="网络安全意识", category=SkillCategoryFactory(code="SEC", name="网络与数据安全")
    )


def test_a_verified_credential_certifies_the_skill_until_it_expires_then_it_drops_back(bureau, hr, security):
    CadreSkillFactory(cadre=bureau.it_engineer, skill=security, level=2, source=SkillSource.ASSESSED)
    added = add(
        hr,
        bureau.it_engineer,
        skill=security.pk,
        level=4,
        evidence=SimpleUploadedFile("证书.pdf", PDF, content_type="application/pdf"),
    )
    assert added.status_code == 201, added.content
    credential = added.json()
    assert credential["status"] == "pending" and credential["has_evidence"]
    assert CadreSkill.objects.get(cadre=bureau.it_engineer, skill=security).source == SkillSource.ASSESSED

    verified = hr.post(f"/api/v1/credentials/{credential['id']}/verify/", {}, format="json")
    assert verified.status_code == 200 and verified.json()["validity"] == "expiring"
    held = CadreSkill.objects.get(cadre=bureau.it_engineer, skill=security)
    assert (held.level, held.source, held.verified_by) == (4, SkillSource.CERTIFIED, bureau.users["hr_officer"])

    expiry = TODAY + datetime.timedelta(days=60)
    call_command("apply_credentials", date=expiry.isoformat())  # the last valid day: nothing changes
    assert CadreSkill.objects.get(cadre=bureau.it_engineer, skill=security).source == SkillSource.CERTIFIED
    call_command("apply_credentials", date=(expiry + datetime.timedelta(days=1)).isoformat())
    held = CadreSkill.objects.get(cadre=bureau.it_engineer, skill=security)
    assert (held.level, held.source) == (2, SkillSource.ASSESSED)
    assert Credential.objects.get(pk=credential["id"]).certifying is False
    assert bureau.it_engineer.skill_history.filter(skill=security, source=SkillSource.CERTIFIED, level=4).exists()
    call_command("apply_credentials", date=(expiry + datetime.timedelta(days=2)).isoformat())  # idempotent
    assert bureau.it_engineer.skill_history.filter(skill=security).count() == 2


def test_a_skill_the_cadre_did_not_hold_stays_as_their_claim_after_expiry_and_renewal_certifies_again(
    bureau, hr, security
):
    first = Credential.objects.create(
        cadre=bureau.it_engineer,
        name="CISP",
        issuer="测评中心",
        number="A1",
        issued_on=datetime.date(2020, 1, 1),
        expires_on=datetime.date(2023, 1, 1),
        skill=security,
        level=3,
    )
    # Verified back then: valid in 2021, so it certified the skill.
    services.credential_verify(
        credential=first, actor=Actor(bureau.users["hr_officer"]), today=datetime.date(2021, 6, 1)
    )
    assert CadreSkill.objects.get(cadre=bureau.it_engineer, skill=security).source == SkillSource.CERTIFIED
    services.credentials_apply(today=datetime.date(2023, 1, 2))
    held = CadreSkill.objects.get(cadre=bureau.it_engineer, skill=security)
    assert (held.level, held.source, held.verified_at) == (3, SkillSource.SELF_DECLARED, None)
    renewed = Credential.objects.create(
        cadre=bureau.it_engineer,
        name="CISP",
        issuer="测评中心",
        number="A2",
        issued_on=datetime.date(2023, 3, 1),
        expires_on=datetime.date(2026, 3, 1),
        skill=security,
        level=3,
        status=CredentialStatus.VERIFIED,
    )
    assert services.credentials_apply(today=datetime.date(2023, 3, 1)) == {"certified": 1, "lapsed": 0}
    assert CadreSkill.objects.get(cadre=bureau.it_engineer, skill=security).source == SkillSource.CERTIFIED
    assert Credential.objects.get(pk=renewed.pk).certifying


def test_verifying_is_hrs_once_and_never_ones_own(bureau, hr):
    credential = add(hr, bureau.finance_officer).json()
    assert (
        bureau.client("finance_head")
        .post(f"/api/v1/credentials/{credential['id']}/verify/", {}, format="json")
        .status_code
        == 403
    )
    assert (
        hr.post(f"/api/v1/credentials/{credential['id']}/verify/", {"verify": False}, format="json").json()["status"]
        == "rejected"
    )
    assert_error(hr.post(f"/api/v1/credentials/{credential['id']}/verify/", {}, format="json"), 409)


def test_bad_input_names_the_field(bureau, hr, security):
    assert_error(add(hr, bureau.accountant, expires_on="2000-01-01"), 400, field="expires_on")
    assert_error(add(hr, bureau.accountant, skill=security.pk), 400, field="level")
    assert_error(add(hr, bureau.accountant, evidence=SimpleUploadedFile("a.exe", b"MZ\x90")), 400, field="evidence")
    assert not Credential.objects.exists()


def test_expiring_within_lists_what_is_about_to_lapse_soonest_first(bureau, hr):
    def verified(days, number):
        return Credential.objects.create(
            cadre=bureau.accountant,
            name="会计专业技术资格",
            issuer="财政部",
            number=number,
            issued_on=TODAY - datetime.timedelta(days=900),
            expires_on=None if days is None else TODAY + datetime.timedelta(days=days),
            status=CredentialStatus.VERIFIED,
        )

    verified(10, "N10")
    verified(89, "N89")
    verified(90, "N90")
    verified(91, "N91")
    verified(-1, "GONE")
    verified(None, "FOREVER")
    Credential.objects.create(
        cadre=bureau.accountant,
        name="未核",
        issuer="某机构",
        number="P5",
        issued_on=TODAY,
        expires_on=TODAY + datetime.timedelta(days=5),
    )
    listed = hr.get("/api/v1/credentials/?expiring_within=90").json()["results"]
    assert [c["expires_on"] for c in listed] == [(TODAY + datetime.timedelta(days=d)).isoformat() for d in (10, 89, 90)]
    assert [c.number for c in selectors.expiring_credentials(within_days=30)] == ["N10"]
    assert_error(hr.get("/api/v1/credentials/?expiring_within=soon"), 400, field="expiring_within")


def test_numbers_are_masked_but_for_hr_with_the_permission_on_one_credential_and_the_cadre(bureau, hr):
    credential = add(hr, bureau.accountant).json()
    number = "CISP-2024-0012345"
    assert credential["number"] != number  # the list/create answer is masked
    assert hr.get(f"/api/v1/credentials/{credential['id']}/").json()["number"] == number
    assert bureau.client("hr_clerk").get(f"/api/v1/credentials/{credential['id']}/").json()["number"] != number
    head = bureau.client("finance_head").get(f"/api/v1/credentials/{credential['id']}/").json()
    assert head["number"] == "CI" + "*" * (len(number) - 4) + "45"
    assert bureau.client("cadre").get("/api/v1/me/credentials/").json()[0]["number"] == number
    assert_error(hr.get(f"/api/v1/credentials/{credential['id']}/evidence/"), 404)  # none attached


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("hr_officer", {"OF001", "AC001", "IT001"}),
        ("leader", {"OF001", "AC001", "IT001"}),
        ("finance_head", {"AC001"}),
        ("it_head", {"IT001"}),
    ],
)
def test_a_head_sees_only_their_subtrees_credentials(bureau, hr, persona, expected):
    for cadre in (bureau.office_clerk, bureau.accountant, bureau.it_engineer):
        add(hr, cadre)
    listed = bureau.client(persona).get("/api/v1/credentials/").json()["results"]
    assert {c["cadre"] for c in listed} == {
        c.pk for c in (bureau.office_clerk, bureau.accountant, bureau.it_engineer) if c.staff_number in expected
    }


def test_the_cadre_sees_and_adds_only_their_own(bureau, hr):
    add(hr, bureau.office_clerk)
    cadre = bureau.client("cadre")
    assert cadre.get("/api/v1/me/credentials/").json() == []
    assert cadre.get("/api/v1/credentials/").status_code == 403
    mine = cadre.post(
        "/api/v1/me/credentials/",
        {
            "name": "初级会计",
            "issuer": "财政部",
            "number": "KJ-1",
            "issued_on": "2019-05-01",
            "cadre": bureau.office_clerk.pk,
            "evidence": SimpleUploadedFile("c.png", b"\x89PNG\r\n"),
        },
        format="multipart",
    )
    assert mine.status_code == 201 and mine.json()["cadre"] == bureau.accountant.pk  # never someone else's
    assert cadre.get(f"/api/v1/me/credentials/{mine.json()['id']}/evidence/")["Content-Type"] == "image/png"
    other = Credential.objects.get(cadre=bureau.office_clerk)
    assert cadre.get(f"/api/v1/me/credentials/{other.pk}/evidence/").status_code == 404
    assert bureau.client("it_head").get(f"/api/v1/credentials/{mine.json()['id']}/evidence/").status_code == 404


# ---- stale skills -----------------------------------------------------------------------------------------


def test_a_skill_verified_longer_ago_than_its_category_allows_is_flagged(bureau, security):
    office = SkillFactory(
        code="WPS", category=SkillCategoryFactory(code="OFFICE", name="办公", reverify_after_years=None)
    )
    now = timezone.now()
    old = CadreSkillFactory(
        cadre=bureau.it_engineer, skill=security, verified_at=now - datetime.timedelta(days=3 * 366)
    )
    CadreSkillFactory(
        cadre=bureau.it_engineer,
        skill=SkillFactory(code="PY", category=security.category),
        verified_at=now - datetime.timedelta(days=2 * 365),
    )
    CadreSkillFactory(cadre=bureau.it_engineer, skill=office, verified_at=now - datetime.timedelta(days=20 * 365))
    CadreSkillFactory(cadre=bureau.accountant, skill=security, verified_at=now - datetime.timedelta(days=4 * 365))
    hr = Actor(bureau.users["hr_officer"])
    assert list(selectors.stale_skills(actor=hr, cadre_ids=[bureau.it_engineer.pk])) == [old]
    # A head's list never reaches beyond their departments, whatever ids are asked for.
    it_head = Actor(bureau.users["it_head"])
    assert list(selectors.stale_skills(actor=it_head, cadre_ids=[bureau.it_engineer.pk, bureau.accountant.pk])) == [old]
    # Two years on, the two-year-old one is due too.
    later = selectors.stale_skills(
        actor=hr, cadre_ids=[bureau.it_engineer.pk], now=now + datetime.timedelta(days=2 * 365)
    )
    assert len(later) == 2
