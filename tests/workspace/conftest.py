"""The workspace's stories: the bureau (tests/conftest.py) with something waiting for each role.

    a proposal:   钱进 (finance) for the IT head's request — the finance head accepts or declines it
    accepted:     孙会 (accounting) for the IT head's second request — HR or leadership approve it
    active:       赵文 (office) hosted by IT — the IT head completes and rates it
    elsewhere:    赵文 proposed to the archive, a department no head here heads — outside both heads' scope
    a list:       an incentive cycle submitted — leadership approves it
    vendor staff: one never confirmed (HR reconfirms), one confirmed today (not due)

and, for the department pages, a `picture` of skills, literacy, outsourcing and a plan (below).
"""

from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from sharing.models import Secondment
from talent.models import CadreStatus
from tests.factories import (
    AssessmentFactory,
    CadreFactory,
    CadreSkillFactory,
    IncentiveCycleFactory,
    SecondmentFactory,
    ShareRequestFactory,
    SkillFactory,
)
from tests.factories_planning import InformationSystemFactory, VendorStaffFactory, WorkforcePlanFactory, plan_line


@dataclass
class Waiting:
    proposal: Secondment
    accepted: Secondment
    active: Secondment
    elsewhere: Secondment
    cycle: object
    due_staff: object
    confirmed_staff: object


@pytest.fixture
def waiting(bureau) -> Waiting:
    asked = ShareRequestFactory(department=bureau.it, title="数据治理专家")
    asked_again = ShareRequestFactory(department=bureau.it, title="网络安全专家")
    return Waiting(
        proposal=SecondmentFactory(request=asked, cadre=bureau.finance_officer),
        accepted=SecondmentFactory(request=asked_again, cadre=bureau.accountant, status="accepted"),
        active=SecondmentFactory(request=asked, cadre=bureau.office_clerk, status="active"),
        elsewhere=SecondmentFactory(request=ShareRequestFactory(department=bureau.archive, title="档案数字化"),
                                    cadre=bureau.office_clerk),
        cycle=IncentiveCycleFactory(status="submitted", submitted_at=timezone.now()),
        due_staff=VendorStaffFactory(name="赵外包", responsible_cadre=bureau.it_engineer, last_confirmed_at=None),
        confirmed_staff=VendorStaffFactory(name="钱外包", responsible_cadre=bureau.it_engineer,
                                           last_confirmed_at=timezone.now()),
    )


@pytest.fixture
def picture(bureau, waiting):
    """Finance (accounting below it) holds the only database skill, in one person; IT's car system is run by a
    vendor whose staff bring the GIS skill no cadre holds; finance plans two database administrators."""
    sql = SkillFactory(code="SQL", name="数据库", critical=True)
    gis = SkillFactory(code="GIS", name="地理信息", critical=True)
    CadreSkillFactory(cadre=bureau.accountant, skill=sql, level=4)
    CadreSkillFactory(cadre=bureau.finance_officer, skill=sql, level=2)
    AssessmentFactory(cadre=bureau.finance_officer, perception=60, execution=80, decision=70, creativity=50,
                      development=90)
    AssessmentFactory(cadre=bureau.accountant, perception=80, execution=60, decision=70, creativity=70,
                      development=70)
    CadreFactory(department=bureau.finance, name="离职者", status=CadreStatus.LEFT)
    system = InformationSystemFactory(code="CAR", name="公务用车平台", department=bureau.it)
    VendorStaffFactory(name="周外包", systems=[system], skills=[gis], responsible_cadre=bureau.it_engineer)
    plan = WorkforcePlanFactory(department=bureau.finance, period="2026")
    plan_line(plan, {sql: 3}, post="数据库管理员", headcount=2)
    WorkforcePlanFactory(department=bureau.finance, period="2025")  # older: not the one shown
    return {"sql": sql, "gis": gis}


def browser_of(bureau, persona: str) -> Client:
    """A browser's session for the persona (none for anonymous), as after signing in at /login/."""
    client = Client()
    if persona != "anonymous":
        client.force_login(bureau.users[persona])
    return client
