"""The back office for skills, literacy and training: in Chinese, and writing through the same rules."""

import pytest
from django.test import Client

from talent.models import CadreSkillHistory, LiteracyAssessment
from tests.factories import AssessmentFactory, CadreSkillFactory, SkillFactory, TrainingProgramFactory


@pytest.fixture
def hr_admin(bureau) -> Client:
    user = bureau.users["hr_officer"]
    user.is_staff = True
    user.save()
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


@pytest.mark.parametrize(("model", "title"), [
    ("skillcategory", "技能类别"), ("skill", "技能"), ("cadreskill", "干部技能"), ("cadreskillhistory", "技能历史"),
    ("literacyassessment", "数字素养测评"), ("tierprofile", "层级画像"), ("trainingprogram", "培训项目"),
    ("trainingrecord", "培训记录"),
])
def test_hr_sees_each_list_in_chinese(bureau, hr_admin, model, title):
    CadreSkillFactory(cadre=bureau.it_engineer, skill=SkillFactory(code="SQL"))
    AssessmentFactory(cadre=bureau.it_engineer)
    TrainingProgramFactory()

    response = hr_admin.get(f"/admin/talent/{model}/")

    assert response.status_code == 200
    assert title in response.content.decode()


def test_changing_a_level_in_the_admin_archives_the_old_one(bureau, hr_admin):
    held = CadreSkillFactory(cadre=bureau.it_engineer, skill=SkillFactory(code="SQL"), level=2)

    response = hr_admin.post(f"/admin/talent/cadreskill/{held.pk}/change/",
                             {"level": 4, "source": "assessed", "evidence": "年度测评"})

    assert response.status_code == 302, response.content.decode()[:2000]
    held.refresh_from_db()
    assert held.level == 4
    assert list(CadreSkillHistory.objects.values_list("level", "archived_by__username")) == [(2, "hr_officer")]


def test_an_assessment_added_in_the_admin_becomes_the_latest(bureau, hr_admin):
    AssessmentFactory(cadre=bureau.it_engineer, period="2024", assessed_on="2024-12-01")

    response = hr_admin.post("/admin/talent/literacyassessment/add/", {
        "cadre": bureau.it_engineer.pk, "period": "2025", "assessed_on": "2025-12-01", "method": "test",
        "perception": 70, "execution": 80, "decision": 60, "creativity": 65, "development": 75, "notes": ""})

    assert response.status_code == 302, response.content.decode()[:2000]
    latest = LiteracyAssessment.objects.get(cadre=bureau.it_engineer, is_latest=True)
    assert (latest.period, latest.assessor.username) == ("2025", "hr_officer")
