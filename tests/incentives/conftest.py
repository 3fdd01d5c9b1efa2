"""The bureau's 2025 incentive round, on top of the shared bureau (tests/conftest.py).

    赵文 OF001 office       优秀, literacy 80, two verified contributions (impact 4 and 5), a critical skill at 4
    钱进 FI001 finance      称职, literacy 70, one verified and one still submitted contribution
    孙会 AC001 accounting   称职, never assessed
    李码 IT001 it           不称职: excluded
    The policy: appraisal 0.4, literacy 0.3, contributions 0.2, secondments 0.1, backbone tilt 1.20.
    The cycle: 2025, budget 100,000.00 yuan, still a draft.

learning_group adds 财务数据学习小组, led by 孙会 since 2024, with 钱进 and 赵文 as learners (below).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from incentives.models import IncentiveCycle, IncentivePolicy
from sharing.services import groups as services_groups
from talent.access import Actor
from tests.factories import (
    AppraisalGradeFactory,
    AssessmentFactory,
    CadreSkillFactory,
    ContributionFactory,
    IncentiveCycleFactory,
    IncentivePolicyFactory,
    SkillFactory,
)


@dataclass
class Round:
    policy: IncentivePolicy
    cycle: IncentiveCycle


@pytest.fixture
def incentive_round(bureau) -> Round:
    AppraisalGradeFactory(cadre=bureau.office_clerk, grade="excellent")
    AppraisalGradeFactory(cadre=bureau.finance_officer, grade="competent")
    AppraisalGradeFactory(cadre=bureau.accountant, grade="competent")
    AppraisalGradeFactory(cadre=bureau.it_engineer, grade="incompetent")
    AssessmentFactory(cadre=bureau.office_clerk, perception=80, execution=80, decision=80, creativity=80,
                      development=80)
    AssessmentFactory(cadre=bureau.finance_officer)
    ContributionFactory(cadre=bureau.office_clerk, impact=4)
    ContributionFactory(cadre=bureau.office_clerk, impact=5)
    ContributionFactory(cadre=bureau.finance_officer, impact=3)
    ContributionFactory(cadre=bureau.finance_officer, impact=5, status="submitted")
    CadreSkillFactory(cadre=bureau.office_clerk, skill=SkillFactory(code="DATA", name="数据分析", critical=True),
                      level=4)
    policy = IncentivePolicyFactory()
    return Round(policy=policy, cycle=IncentiveCycleFactory(policy=policy))


@pytest.fixture
def leader(bureau) -> APIClient:
    return bureau.client("leader")


@pytest.fixture
def learning_group(bureau):
    """Three activities of 财务数据学习小组: one in 2024 (孙会 led it, 钱进 attended) and two in 2025: a study
    week 孙会 led with 钱进 and 孙会 himself listed as attending, and a lecture 钱进 gave that 赵文 attended."""
    hr = Actor(bureau.users["hr_officer"])
    group = services_groups.learning_group_create(
        actor=hr, name="财务数据学习小组", topic="用报表工具分析经费数据", capacity="execution",
        skills=[SkillFactory(code="REPORT")], leader=bureau.accountant, started_on=date(2024, 3, 1),
        members=[{"cadre": bureau.finance_officer, "role": "learner"},
                 {"cadre": bureau.office_clerk, "role": "learner"}])
    for title, kind, day, led_by, attendees in (
            ("报表入门", "study_week", date(2024, 11, 4), bureau.accountant, [bureau.finance_officer]),
            ("经费数据学习周", "study_week", date(2025, 4, 7), bureau.accountant,
             [bureau.finance_officer, bureau.accountant]),
            ("用报表讲清经费", "lecture", date(2025, 6, 20), bureau.finance_officer, [bureau.office_clerk])):
        services_groups.learning_activity_record(
            actor=hr, group=group, kind=kind, title=title, start_date=day, end_date=day, hours=Decimal(2),
            led_by=led_by, attendees=attendees)
    return group
