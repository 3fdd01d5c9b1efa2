"""The bureau every story is told in, built once per test.

Departments:
    办公室 (office)
    财务处 (finance)            headed by Fang (芳), the finance head
        会计科 (accounting)     a sub-unit of finance
    信息中心 (it)               headed by Wei (伟), the IT head
    档案室 (archive)            nobody works here yet

Cadres: 赵文 OF001 (office), 钱进 FI001 (finance), 孙会 AC001 (accounting), 李码 IT001 (it, a specialist).

People who log in (personas):
    hr_officer   HR planning staff who may see personal data
    hr_clerk     HR planning staff without that permission
    finance_head head of finance (and so of accounting)
    it_head      head of the information centre
    leader       bureau leadership
    auditor      reads the audit trail
    outsider     has an account but no role
    cadre        孙会 (the accountant) signed in to their own record, in the cadre role
    anonymous    no credentials at all
"""

from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from talent import roles
from talent.models import Cadre, Department
from tests.factories import CadreFactory, DepartmentFactory, UserFactory


@dataclass
class Bureau:
    office: Department
    finance: Department
    accounting: Department
    it: Department
    archive: Department
    office_clerk: Cadre
    finance_officer: Cadre
    accountant: Cadre
    it_engineer: Cadre
    users: dict = field(default_factory=dict)

    def client(self, persona: str) -> APIClient:
        """An API client holding the persona's token (none for anonymous)."""
        api = APIClient()
        if persona != "anonymous":
            token, _created = Token.objects.get_or_create(user=self.users[persona])
            api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return api


@pytest.fixture
def bureau(db) -> Bureau:
    office = DepartmentFactory(code="OFFICE", name="办公室")
    finance = DepartmentFactory(code="FIN", name="财务处")
    accounting = DepartmentFactory(code="FIN-ACC", name="会计科", parent=finance)
    it = DepartmentFactory(code="IT", name="信息中心")
    archive = DepartmentFactory(code="ARCH", name="档案室")

    hr_officer = UserFactory(username="hr_officer", groups=[roles.HR])
    hr_officer.user_permissions.add(Permission.objects.get(codename="view_cadre_personal_data"))
    finance_head = UserFactory(username="finance_head", first_name="芳", groups=[roles.HEAD])
    it_head = UserFactory(username="it_head", first_name="伟", groups=[roles.HEAD])
    finance.heads.add(finance_head)
    it.heads.add(it_head)
    own_login = UserFactory(username="cadre", first_name="孙会", groups=[roles.CADRE])

    return Bureau(
        office=office, finance=finance, accounting=accounting, it=it, archive=archive,
        office_clerk=CadreFactory(staff_number="OF001", name="赵文", department=office),
        finance_officer=CadreFactory(staff_number="FI001", name="钱进", department=finance),
        accountant=CadreFactory(staff_number="AC001", name="孙会", department=accounting, user=own_login),
        it_engineer=CadreFactory(staff_number="IT001", name="李码", department=it, tier="specialist"),
        users={
            "hr_officer": hr_officer,
            "hr_clerk": UserFactory(username="hr_clerk", groups=[roles.HR]),
            "finance_head": finance_head,
            "it_head": it_head,
            "leader": UserFactory(username="leader", groups=[roles.LEADERSHIP]),
            "auditor": UserFactory(username="auditor", groups=[roles.AUDITOR]),
            "outsider": UserFactory(username="outsider"),
            "cadre": own_login,
        },
    )


@pytest.fixture
def hr(bureau) -> APIClient:
    """The HR officer's client: the usual writer in these stories."""
    return bureau.client("hr_officer")

