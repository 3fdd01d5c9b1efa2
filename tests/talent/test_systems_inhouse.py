"""From outsourcing back to in-house: each system's maintainer, deputy, state and critical skills; each
contract's rationale and knowledge-transfer clause; each vendor role's successor; and the registry's health
checks on them."""

import datetime

import pytest
from django.utils import timezone

from talent.models import CadreStatus, SystemSkill
from tests.factories import CadreFactory, CadreSkillFactory, SkillFactory
from tests.factories_planning import InformationSystemFactory, VendorFactory, VendorStaffFactory
from tests.helpers import assert_error
from tests.talent.test_leadership_report import needs_poppler, run


@pytest.fixture
def systems(bureau):
    """One system and contract passing every check, and one failing each, hand-made."""
    today = timezone.localdate()
    sql = SkillFactory(code="SQL", name="数据库")
    CadreSkillFactory(cadre=bureau.it_engineer, skill=sql, level=3)
    weak = CadreFactory(name="王弱", department=bureau.it)
    CadreSkillFactory(cadre=weak, skill=sql, level=2)
    gone = CadreFactory(name="钱走", department=bureau.it, status=CadreStatus.LEFT)
    kept = {"maintainer": bureau.it_engineer, "deputy": weak, "maintained": True, "department": bureau.it}
    made = {
        "healthy": InformationSystemFactory(name="健全系统", critical=True, **kept),
        "orphan": InformationSystemFactory(name="无人维护", critical=True, maintainer=gone, department=bureau.it),
        "paper": InformationSystemFactory(name="挂名维护", **{**kept, "maintained": False}),
        "weak": InformationSystemFactory(name="技能不足", **{**kept, "maintainer": weak, "deputy": None}),
        "unused": InformationSystemFactory(name="建而不用", in_use=False, department=bureau.it),
        "retired": InformationSystemFactory(name="已下线", active=False, department=bureau.it),
    }
    for system in made.values():
        SystemSkill.objects.create(system=system, skill=sql)  # the minimum level: 3 unless set
    clause = {"transfer_what": "运维手册与源代码", "transfer_to": bureau.it_engineer}
    VendorFactory(name="逾期移交", transfer_due=today - datetime.timedelta(days=1), **clause)
    VendorFactory(name="已移交", transfer_due=today - datetime.timedelta(days=1),
                  transfer_done_on=today - datetime.timedelta(days=5), **clause)
    VendorFactory(name="未到期", transfer_due=today, **clause)
    return made


def test_each_system_and_contract_check_fires_on_its_case_and_not_otherwise(bureau, systems):
    health = bureau.client("leader").get("/api/v1/registry-health/").json()

    found = {check["code"]: [item["name"] for key in ("staff", "vendors", "systems") for item in check.get(key, [])]
             for check in health["checks"]}
    assert found == {
        "no_responsible_cadre": [], "access_beyond_contract": [], "no_confidentiality_agreement": [],
        "reconfirmation_overdue": [], "expired_contract": [],
        "knowledge_transfer_overdue": ["逾期移交"],
        "no_maintainer": ["无人维护", "建而不用"],
        "maintainer_lacks_skills": ["技能不足"],
        "built_but_not_maintained": ["无人维护", "挂名维护"],
    }
    lacking = next(c for c in health["checks"] if c["code"] == "maintainer_lacks_skills")["systems"][0]
    assert (lacking["maintainer"], lacking["lacking"]) == ("王弱", ["数据库"])
    # The critical system whose maintainer has left and which has no deputy: nobody in the bureau holds it.
    assert [s["name"] for s in health["critical_unheld"]] == ["无人维护"]
    assert health["systems"] == 5 and health["healthy"] is False


def test_hr_names_a_maintainer_deputy_state_and_critical_skills(bureau, hr, systems):
    system = systems["orphan"]
    SkillFactory(code="LINUX", name="Linux运维")

    response = hr.patch(f"/api/v1/information-systems/{system.pk}/", {
        "maintainer": bureau.it_engineer.pk, "deputy": bureau.office_clerk.pk, "maintained": True,
        "data_analysed": True, "critical_skills": [{"skill": "SQL", "min_level": 4}, {"skill": "LINUX"}],
    }, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["maintainer_name"], body["deputy_name"], body["in_use"], body["maintained"],
            body["data_analysed"], body["critical"]) == ("李码", "赵文", True, True, True, True)
    assert [(s["skill"], s["min_level"]) for s in body["critical_skills"]] == [("LINUX", 3), ("SQL", 4)]
    listed = hr.get("/api/v1/information-systems/", {"maintainer": bureau.it_engineer.pk}).json()["results"]
    assert system.pk in [s["id"] for s in listed]


@pytest.mark.parametrize("change, field", [
    ({"deputy": "maintainer"}, "deputy"),  # the same cadre twice
    ({"maintainer": "gone"}, "maintainer"),  # a cadre who has left the bureau
    ({"critical_skills": [{"skill": "SQL"}, {"skill": "SQL"}]}, "critical_skills"),
    ({"critical_skills": [{"skill": "SQL", "min_level": 6}]}, "critical_skills"),
    ({"maintained": "perhaps"}, "maintained"),
])
def test_a_bad_system_write_is_a_400_and_changes_nothing(bureau, hr, systems, change, field):
    system = systems["healthy"]
    ids = {"maintainer": system.maintainer_id, "gone": systems["orphan"].maintainer_id}
    change = {key: ids.get(value, value) if isinstance(value, str) else value for key, value in change.items()}

    assert_error(hr.patch(f"/api/v1/information-systems/{system.pk}/", change, format="json"), 400, field=field)
    system.refresh_from_db()
    assert (system.maintainer_id, system.deputy_id, system.maintained) == (bureau.it_engineer.pk,
                                                                         systems["weak"].maintainer_id, True)


def test_only_hr_writes_systems_and_every_reader_sees_who_maintains_them(bureau, systems):
    system = systems["healthy"]
    head = bureau.client("finance_head")

    assert_error(head.patch(f"/api/v1/information-systems/{system.pk}/", {"maintained": False}, format="json"), 403)
    assert_error(bureau.client("leader").patch(f"/api/v1/information-systems/{system.pk}/", {"maintained": False},
                                               format="json"), 403)
    assert head.get(f"/api/v1/information-systems/{system.pk}/").json()["maintainer_name"] == "李码"
    assert_error(bureau.client("finance_head").get("/api/v1/registry-health/"), 403)


@pytest.mark.parametrize("change, field", [
    ({"transfer_what": "源代码"}, "transfer_to"),  # half a clause
    ({"transfer_due": "2026-06-30"}, "transfer_what"),
    ({"transfer_done_on": "2099-01-01"}, "transfer_done_on"),
])
def test_a_knowledge_transfer_clause_is_whole_or_a_400(bureau, hr, change, field):
    vendor = VendorFactory()
    whole = {"transfer_what": "运维手册", "transfer_to": bureau.it_engineer.pk, "transfer_due": "2026-06-30"}
    if field == "transfer_done_on":
        change = {**whole, **change}

    assert_error(hr.patch(f"/api/v1/vendors/{vendor.pk}/", change, format="json"), 400, field=field)


def test_hr_records_a_contract_clause_and_each_role_successor(bureau, hr):
    vendor = VendorFactory()
    staff = VendorStaffFactory(vendor=vendor, responsible_cadre=bureau.it_engineer)

    response = hr.patch(f"/api/v1/vendors/{vendor.pk}/", {
        "rationale": "局内暂无云平台运维人员", "transfer_what": "运维手册与部署脚本",
        "transfer_to": bureau.it_engineer.pk, "transfer_due": "2026-06-30", "transfer_done_on": "2026-06-01",
    }, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["transfer_to_name"], response.json()["rationale"]) == ("李码", "局内暂无云平台运维人员")

    response = hr.patch(f"/api/v1/vendor-staff/{staff.pk}/", {"successor": bureau.it_engineer.pk}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["successor_name"] == "李码"


@needs_poppler
def test_the_leadership_report_shows_the_new_checks_and_the_unheld_systems(bureau, systems, tmp_path):
    text = run("pdftotext", bureau.client("leader").get("/api/v1/reports/leadership/").content, tmp_path)
    flat = " ".join(text.split())

    for expected in ("知识转移逾期 1 逾期移交", "系统无局内维护人员 2 无人维护，建而不用",
                     "维护人员缺少系统关键技能 1 技能不足", "建而不维 2 无人维护，挂名维护",
                     "无局内人员掌握的关键系统：1 个。无人维护（信息中心）"):
        assert expected in flat, expected
