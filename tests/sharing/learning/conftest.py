"""The learning-group stories' cast, on top of the bureau (tests/conftest.py) and the sharing cast
(tests/sharing/conftest.py, whose skills Python and SQL are used here).

李码 (IT, a specialist) leads 数据分析学习小组, on SQL, building decision-making; 钱进 (finance) and 赵文 (office)
are its learners. It started thirty days ago: dates are relative to today, as attendance is recorded only for
activities that have started.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from sharing.services import groups as services_groups
from talent.access import Actor
from tests.factories import CadreFactory, DepartmentFactory, SecondmentFactory, ShareRequestFactory


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def hr_actor(bureau):
    return Actor(bureau.users["hr_officer"])


@pytest.fixture
def data_group(bureau, sql, hr_actor, today):
    return services_groups.learning_group_create(
        actor=hr_actor, name="数据分析学习小组", topic="用 SQL 分析公车与能耗数据", capacity="decision", skills=[sql],
        leader=bureau.it_engineer, started_on=today - timedelta(days=30),
        members=[{"cadre": bureau.finance_officer, "role": "learner"},
                 {"cadre": bureau.office_clerk, "role": "learner"}])


@pytest.fixture
def cars(bureau):
    """公务用车管理处, with one driver-dispatcher, which has never shared with anyone."""
    department = DepartmentFactory(code="CAR", name="公务用车管理处")
    CadreFactory(staff_number="CA001", name="车明", department=department)
    return department


@pytest.fixture
def accountant_seconded_to_it(bureau, today):
    """孙会 (accounting) was seconded to the IT centre and came back two months ago, rated 5."""
    return SecondmentFactory(cadre=bureau.accountant, request=ShareRequestFactory(department=bureau.it,
                                                                                  status="closed"),
                             start_date=today - timedelta(days=150), end_date=today - timedelta(days=60),
                             status="completed", completed_on=today - timedelta(days=60), rating=5)
