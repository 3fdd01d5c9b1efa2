"""What keeps the heavy pages fast at province scale (bench/pages.py, bench/bench_cockpit.py): a page that shows
several cached results reads each table's fingerprint once, and a department's page runs the same number of
queries however many people the department has."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from talent.access import department_children
from tests.factories import AssessmentFactory, CadreFactory, CadreSkillFactory, TrainingRecordFactory
from tests.factories_planning import VendorStaffFactory
from tests.workspace.conftest import browser_of
from tests.workspace.test_cockpit import figures  # noqa: F401 (a fixture)

# The statement that reads the cadre skills' state for a fingerprint (core.table_cache), whatever its form: their
# count (SQLite) or their counted changes (PostgreSQL).
COUNTS_CADRE_SKILLS = re.compile(r'COUNT\((\*|"talent_cadreskill"\."id")\) AS "_?n"[^,]* FROM "talent_cadreskill"\)?'
                                 r"(?! WHERE| INNER)|core_tablechange WHERE table_name = 'talent_cadreskill'")


def _statements(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in queries.captured_queries]


def _skill_counts(statements: list[str]) -> int:
    return sum(1 for sql in statements if COUNTS_CADRE_SKILLS.search(sql))


def test_the_department_page_counts_the_skill_table_once_for_its_profile_and_its_plan_gaps(bureau, picture):
    client = browser_of(bureau, "leader")
    url = f"/departments/{bureau.finance.pk}/"

    cold, warm = _statements(client, url), _statements(client, url)

    assert "数据库管理员" in client.get(url).content.decode()  # the plan's gaps are on the page
    assert _skill_counts(cold) == 1
    assert _skill_counts(warm) == 1


def test_the_cockpit_counts_the_skill_table_once_for_its_overview_and_its_plan_roll_up(bureau, figures):  # noqa: F811
    client = browser_of(bureau, "leader")

    cold, warm = _statements(client, "/cockpit/?year=2026"), _statements(client, "/cockpit/?year=2026")

    assert _skill_counts(cold) == 1
    assert _skill_counts(warm) == 1


def test_the_department_page_runs_as_many_queries_for_thirty_more_people(bureau, picture):
    client = browser_of(bureau, "leader")
    url = f"/departments/{bureau.finance.pk}/"
    department_children()  # the tree, which a process reads once until a department changes, read beforehand
    small_cold, small_warm = len(_statements(client, url)), len(_statements(client, url))

    for number in range(30):
        cadre = CadreFactory(department=bureau.accounting if number % 2 else bureau.finance, name=f"新人{number}")
        CadreSkillFactory(cadre=cadre, skill=picture["sql"], level=1 + number % 5)
        AssessmentFactory(cadre=cadre)
    large_cold, large_warm = len(_statements(client, url)), len(_statements(client, url))
    page = client.get(url).content.decode()

    assert "新人0" in page and "新人1" in page  # the new people are there (the first page, by name)
    assert (large_cold, large_warm) == (small_cold, small_warm)
    assert large_warm < large_cold  # warm: the profile and the gap report come from the cache


def test_a_warm_department_page_reads_neither_its_plans_lines_nor_each_secondment_count_apart(bureau, picture):
    client = browser_of(bureau, "leader")
    url = f"/departments/{bureau.finance.pk}/"
    client.get(url)

    warm = _statements(client, url)

    assert "数据库管理员" in client.get(url).content.decode()  # the plan's gaps, from the cache
    # The lines are read only to compute the gaps (the fingerprint of the cached gaps counts them: not a read).
    assert not [sql for sql in warm if 'FROM "talent_planline' in sql and "_last" not in sql]
    assert len([sql for sql in warm if 'FROM "sharing_secondment"' in sql and "COUNT(" in sql]) == 2  # counts, page
# A statement that reads the cadre skill rows themselves (not a fingerprint's count or last change).
READS_CADRE_SKILLS = re.compile(r'^SELECT (?!\(SELECT COUNT).*FROM "talent_cadreskill"')


def test_a_cold_cockpit_reads_the_skill_rows_once_for_its_overview_and_its_plan_roll_up(bureau, figures):  # noqa: F811
    client = browser_of(bureau, "leader")

    cold = _statements(client, "/cockpit/?year=2026")

    assert "信息中心 1 项关键技能仅 1 人掌握" in client.get("/cockpit/?year=2026").content.decode()
    assert sum(1 for sql in cold if READS_CADRE_SKILLS.search(sql)) == 1


def test_a_warm_cockpit_runs_the_same_statements_with_more_people_trained_and_vendor_staff(bureau, figures):  # noqa: F811
    client = browser_of(bureau, "leader")
    _statements(client, "/cockpit/?year=2026")
    small = _statements(client, "/cockpit/?year=2026")

    for number in range(30):
        cadre = CadreFactory(department=bureau.it, name=f"新人{number}")
        TrainingRecordFactory(cadre=cadre, hours=40)
        VendorStaffFactory(responsible_cadre=cadre)
    _statements(client, "/cockpit/?year=2026")
    large = _statements(client, "/cockpit/?year=2026")

    assert len(large) == len(small)
    # From the cache: the hours figure (a statement over every cadre on the books and their training) ...
    assert not any(re.search(r'FROM "talent_trainingrecord"\s+WHERE', sql) for sql in large)
    # ... and the registry's health from plain values: no vendor staff's citizen ID decrypted.
    assert not any('"talent_vendorstaff"."national_id"' in sql for sql in large)
