"""/training/: the training ledger as /api/v1/training/compliance/ gives it (the same readers and scope), HR's
upload of the online platform's export; the ledger and credentials on the cadre page and /me/; skills due for
re-verification on the cadre and department pages; the cockpit's figure."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from talent.models import Credential, CredentialStatus, PlatformStudy, TrainingRequirement
from tests.factories import CadreSkillFactory, SkillCategoryFactory, SkillFactory, TrainingProgramFactory
from tests.helpers import PERSONAS
from tests.workspace.conftest import browser_of

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


@pytest.fixture
def ledger(bureau):
    security = TrainingProgramFactory(code="SEC-GOV", name="网络安全治理专题")
    TrainingRequirement.objects.get(tier="general").compulsory_programs.set([security])
    PlatformStudy.objects.create(cadre=bureau.accountant, course="数字政府概论", hours=52,
                                 studied_on=datetime.date(YEAR, 1, 1))
    PlatformStudy.objects.create(cadre=bureau.it_engineer, course="网络安全治理专题", program=security, hours=7,
                                 studied_on=datetime.date(YEAR, 1, 1))
    return security


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_page_answers_each_persona_as_the_api_does(bureau, ledger, persona):
    response = browser_of(bureau, persona).get("/training/")
    if persona == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == bureau.client(persona).get("/api/v1/training/compliance/").status_code
    if response.status_code == 200:
        api = bureau.client(persona).get("/api/v1/training/compliance/").json()["results"]
        page = response.content.decode()
        for cadre in (bureau.office_clerk, bureau.finance_officer, bureau.accountant, bureau.it_engineer):
            assert (f'href="/cadres/{cadre.pk}/"' in page) == any(row["cadre"] == cadre.pk for row in api), cadre


def test_the_page_shows_hours_and_what_is_missing(bureau, ledger):
    page = browser_of(bureau, "finance_head").get(f"/training/?year={YEAR}").content.decode()
    assert "52.0" in page and "50.0" in page and "网络安全治理专题" in page  # 孙会: hours met, security not done
    assert "信息中心" not in page  # not the finance head's
    short = browser_of(bureau, "hr_officer").get(f"/training/?short=true&department={bureau.it.pk}").content.decode()
    assert "李码" in short and "孙会" not in short
    bad = browser_of(bureau, "hr_officer").get("/training/?year=nineteen")
    assert bad.status_code == 200 and "has-error" in bad.content.decode()


def xlsx(rows) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(["工号", "课程名称", "学时", "完成日期"])
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("export.xlsx", out.getvalue())


def test_hr_checks_then_imports_the_platforms_export_as_a_job(bureau, ledger):
    client = browser_of(bureau, "hr_officer")
    rows = [["OF001", "数据安全", 4, f"{YEAR}-03-01"], ["NOBODY", "数据安全", 4, f"{YEAR}-03-01"]]
    checked = client.post("/training/", {"file": xlsx(rows), "dry_run": "on"})
    assert checked.status_code == 200 and "NOBODY" not in checked.content.decode()
    assert "工号" in checked.content.decode() and PlatformStudy.objects.count() == 2
    imported = client.post("/training/", {"file": xlsx(rows[:1])})
    assert imported.status_code == 302 and imported["Location"].startswith("/jobs/")
    assert PlatformStudy.objects.filter(cadre=bureau.office_clerk).count() == 1
    other = xlsx([["AC001", "别的课", 4, f"{YEAR}-03-01"]])
    head = browser_of(bureau, "finance_head").post("/training/", {"file": other})
    assert head.status_code == 200 and 'enctype="multipart/form-data"' not in head.content.decode()
    assert not PlatformStudy.objects.filter(course="别的课").exists()


def test_the_cadre_page_flags_stale_skills_and_lists_credentials_masked(bureau, ledger):
    old = timezone.now() - datetime.timedelta(days=4 * 365)
    skill = SkillFactory(code="K8S", name="容器编排", category=SkillCategoryFactory(code="OPS", name="运维"))
    CadreSkillFactory(cadre=bureau.it_engineer, skill=skill, verified_at=old)
    Credential.objects.create(cadre=bureau.it_engineer, name="CKA", issuer="CNCF", number="LF-12345678",
                              issued_on=datetime.date(2024, 1, 1), status=CredentialStatus.VERIFIED,
                              expires_on=timezone.localdate() + datetime.timedelta(days=30))
    page = browser_of(bureau, "it_head").get(f"/cadres/{bureau.it_engineer.pk}/").content.decode()
    assert "需重新核验" in page or "due for re-verification" in page
    assert "LF-12345678" not in page and "LF*******78" in page
    department = browser_of(bureau, "it_head").get(f"/departments/{bureau.it.pk}/").content.decode()
    assert "容器编排" in department
    finance = browser_of(bureau, "finance_head").get(f"/departments/{bureau.finance.pk}/").content.decode()
    assert "容器编排" not in finance


def test_the_cadre_sees_their_ledger_and_their_own_credential_numbers_on_me(bureau, ledger):
    Credential.objects.create(cadre=bureau.accountant, name="中级会计师", issuer="财政部", number="KJ-2020-77",
                              issued_on=datetime.date(2020, 9, 1))
    Credential.objects.create(cadre=bureau.office_clerk, name="别人的证书", issuer="某机构", number="XX-1",
                              issued_on=datetime.date(2020, 9, 1))
    page = browser_of(bureau, "cadre").get("/me/").content.decode()
    assert "KJ-2020-77" in page and "别人的证书" not in page and "网络安全治理专题" in page


def test_the_cockpit_shows_who_has_done_their_hours(bureau, ledger):
    page = browser_of(bureau, "leader").get(f"/cockpit/?period={YEAR}").content.decode()
    assert 'id="training-ledger"' in page and "25.0%" in page  # one of four: 孙会's 52 hours
