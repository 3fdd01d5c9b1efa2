"""The sharing stories' cast, on top of the bureau (tests/conftest.py):

Skills: Python and SQL. 钱进 (finance) holds Python 4 certified and SQL 3; 孙会 (accounting, under
finance) Python 3 self-declared; 赵文 (office) Python 5 certified.
The IT head (伟) asks for one Python expert at level 3 or above.
Departments here have one or two people, so every department may lend all of them unless a test says otherwise.
"""

import pytest

from tests.factories import CadreSkillFactory, RequiredSkillFactory, ShareRequestFactory, SkillFactory


@pytest.fixture(autouse=True)
def generous_caps(settings):
    settings.SECONDMENT_LENDING_PERCENT = 100


@pytest.fixture
def python(db):
    return SkillFactory(code="PY", name="Python 开发")


@pytest.fixture
def sql(db):
    return SkillFactory(code="SQL", name="数据库查询")


@pytest.fixture
def skilled(bureau, python, sql):
    CadreSkillFactory(cadre=bureau.finance_officer, skill=python, level=4, source="certified")
    CadreSkillFactory(cadre=bureau.finance_officer, skill=sql, level=3, source="assessed")
    CadreSkillFactory(cadre=bureau.accountant, skill=python, level=3, source="self_declared")
    CadreSkillFactory(cadre=bureau.office_clerk, skill=python, level=5, source="certified")
    return bureau


@pytest.fixture
def python_request(skilled, python):
    """The IT head's open request for one Python expert (level 3+) in June 2030."""
    share_request = ShareRequestFactory(department=skilled.it, title="数据中台开发",
                                        requested_by=skilled.users["it_head"])
    RequiredSkillFactory(request=share_request, skill=python, min_level=3, weight=2)
    return share_request
