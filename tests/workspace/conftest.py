"""The workspace's stories: the bureau (tests/conftest.py) with something waiting for each role.

    a proposal:   钱进 (finance) for the IT head's request — the finance head accepts or declines it
    accepted:     孙会 (accounting) for the IT head's second request — HR or leadership approve it
    active:       赵文 (office) hosted by IT — the IT head completes and rates it
    elsewhere:    赵文 proposed to the archive, a department no head here heads — outside both heads' scope
    a list:       an incentive cycle submitted — leadership approves it
    vendor staff: one never confirmed (HR reconfirms), one confirmed today (not due)
"""

from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from sharing.models import Secondment
from tests.factories import IncentiveCycleFactory, SecondmentFactory, ShareRequestFactory
from tests.factories_planning import VendorStaffFactory


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


def browser_of(bureau, persona: str) -> Client:
    """A browser's session for the persona (none for anonymous), as after signing in at /login/."""
    client = Client()
    if persona != "anonymous":
        client.force_login(bureau.users[persona])
    return client
