"""The bureau's 2025 incentive round, on top of the shared bureau (tests/conftest.py).

    赵文 OF001 office       优秀, literacy 80, two verified contributions (impact 4 and 5), a critical skill at 4
    钱进 FI001 finance      称职, literacy 70, one verified and one still submitted contribution
    孙会 AC001 accounting   称职, never assessed
    李码 IT001 it           不称职: excluded
    The policy: appraisal 0.4, literacy 0.3, contributions 0.2, secondments 0.1, backbone tilt 1.20.
    The cycle: 2025, budget 100,000.00 yuan, still a draft.
"""

from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from incentives.models import IncentiveCycle, IncentivePolicy
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
    CadreSkillFactory(cadre=bureau.office_clerk, skill=SkillFactory(code="DATA", critical=True), level=4)
    policy = IncentivePolicyFactory()
    return Round(policy=policy, cycle=IncentiveCycleFactory(policy=policy))


@pytest.fixture
def leader(bureau) -> APIClient:
    return bureau.client("leader")
