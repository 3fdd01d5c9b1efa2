"""/departments/ and /departments/<id>/: the API's talent profile of a department (the same readers and scope:
HR and leadership any department, a head theirs and below, 404 for the rest), with its people, vendor staff,
plan gaps and secondments, in Chinese; never a citizen ID or mobile number."""

import re

import pytest

from tests.factories import CadreFactory
from tests.helpers import PERSONAS
from tests.workspace.conftest import browser_of


def status_of(bureau, department):
    """The status per signed-in persona, as the API's GET /api/v1/talent-profiles/<id>/ answers it."""
    heads = {"finance_head": {bureau.finance, bureau.accounting}, "it_head": {bureau.it}}
    return {"hr_officer": 200, "hr_clerk": 200, "leader": 200, "auditor": 403, "outsider": 403,
            **{head: 200 if department in theirs else 404 for head, theirs in heads.items()}}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_department_page_answers_each_persona_as_the_api_does(bureau, picture, persona):
    client = browser_of(bureau, persona)
    api = bureau.client(persona)

    for department in (bureau.office, bureau.finance, bureau.accounting, bureau.it, bureau.archive):
        url = f"/departments/{department.pk}/"
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 302 and response["Location"] == f"/login/?next={url}"
            continue
        assert response.status_code == status_of(bureau, department)[persona], (url, persona)
        assert response.status_code == api.get(f"/api/v1/talent-profiles/{department.pk}/").status_code
    index = client.get("/departments/")
    expected = {"anonymous": 302, "auditor": 403, "outsider": 403}.get(persona, 200)
    assert index.status_code == expected


@pytest.mark.parametrize("persona", ["hr_officer", "hr_clerk", "leader", "finance_head", "it_head"])
def test_no_department_page_shows_a_citizen_id_or_mobile_number(bureau, picture, persona):
    client = browser_of(bureau, persona)
    cadres = [bureau.office_clerk, bureau.finance_officer, bureau.accountant, bureau.it_engineer]
    secrets = [value for cadre in cadres for value in (cadre.national_id, cadre.mobile)]
    secrets += [staff.national_id for staff in bureau.it_engineer.vendor_staff.all()]

    for department in (bureau.office, bureau.finance, bureau.accounting, bureau.it, bureau.archive):
        html = client.get(f"/departments/{department.pk}/").content.decode()
        assert not [secret for secret in secrets if secret in html], department.name


def test_a_head_cannot_open_another_department_nor_see_its_people(bureau, picture):
    client = browser_of(bureau, "it_head")

    response = client.get(f"/departments/{bureau.finance.pk}/")
    index = client.get("/departments/").content.decode()

    assert response.status_code == 404 and "孙会" not in response.content.decode()
    assert f'href="/departments/{bureau.it.pk}/"' in index
    assert f'href="/departments/{bureau.finance.pk}/"' not in index and "财务处" in index  # named, not a link


def test_the_finance_page_shows_its_people_skills_literacy_plan_and_secondments(bureau, picture, waiting):
    html = browser_of(bureau, "finance_head").get(f"/departments/{bureau.finance.pk}/").content.decode()

    # People of finance and accounting below it, linked to their pages; who left is not one of them. Each cell
    # carries its column's name, so a phone shows each person as a small card of labelled lines.
    assert f'href="/cadres/{bureau.finance_officer.pk}/">钱进</a>' in html
    assert f'href="/cadres/{bureau.accountant.pk}/">孙会</a>' in html
    assert '<td data-label="部门">会计科</td>' in html and "离职者" not in html
    # The single holder of a critical skill, named; the critical skill nobody holds.
    assert f'只有一人持有</span> 数据库：<a href="/cadres/{bureau.accountant.pk}/">孙会</a>' in html
    assert "无人持有</span> 地理信息" in html
    # Literacy by tier against the general tier's targets: execution mean 70.00 under its target 80.
    assert re.search(r'数字执行力</th>\s*<td class="num">70.00</td>\s*<td class="num">80</td>', html)
    assert 'value="70.00" low="80"' in html and "低于目标" in html
    # The latest plan's gap: two database administrators needed, one qualifies; recruit the other.
    assert "规划期 2026：需要 2 人，已到位 1 人，缺 1 人。" in html
    assert re.search(r"数据库管理员</th>\s*<td>数据库 ≥3</td>", html) and "<td>招录<span" in html
    # Secondments: 钱进 proposed to IT (lent), 孙会 accepted for IT (lent).
    assert f'href="/secondments/{waiting.proposal.pk}/"' in html
    assert f'href="/secondments/{waiting.accepted.pk}/"' in html
    assert f"/secondments/{waiting.active.pk}/" not in html  # office lent it to IT: not finance's


def test_the_it_page_shows_the_vendor_staff_its_people_answer_for_and_the_dependency(bureau, picture, waiting):
    html = browser_of(bureau, "it_head").get(f"/departments/{bureau.it.pk}/").content.decode()

    assert "周外包" in html and "公务用车平台" in html and "地理信息" in html
    assert f'href="/secondments/{waiting.active.pk}/"' in html  # hosted


def test_the_people_list_sorts_and_pages(bureau, picture):
    client = browser_of(bureau, "hr_officer")
    for number in range(30):
        CadreFactory(department=bureau.accounting, name=f"会计{number:02d}")

    first = client.get(f"/departments/{bureau.finance.pk}/").content.decode()
    second = client.get(f"/departments/{bureau.finance.pk}/?page=2").content.decode()
    by_name_down = client.get(f"/departments/{bureau.finance.pk}/?sort=-name").content.decode()

    assert "第 1 / 2 页（共 32 条）" in first and 'href="?page=2"' in first
    assert "会计29" in second and "会计29" not in first
    assert "会计29" in by_name_down
    # A second table's page does not move the people list.
    assert client.get(f"/departments/{bureau.finance.pk}/?sec_page=2").content.decode().count("会计00") == 1


def test_the_index_lists_the_tree_with_links_for_hr(bureau):
    html = browser_of(bureau, "hr_officer").get("/departments/").content.decode()

    for department in (bureau.office, bureau.finance, bureau.accounting, bureau.it, bureau.archive):
        assert f'href="/departments/{department.pk}/">{department.name}</a>' in html
    assert html.index("财务处") < html.index("会计科")
