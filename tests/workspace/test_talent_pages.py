"""/talent/ and /cadres/<id>/ for every persona: who gets them, that they find and mask what the API finds and
masks, that revealing personal data is an audited act, and that the export is the API's."""

import io
import re

import pytest
from auditlog.models import LogEntry
from openpyxl import load_workbook

from talent.models import Cadre
from tests.factories import (
    AssessmentFactory,
    CadreFactory,
    CadreSkillFactory,
    ContributionFactory,
    SkillFactory,
    TrainingRecordFactory,
)
from tests.helpers import PERSONAS, masked_id, masked_mobile
from tests.workspace.conftest import browser_of

READERS = ["hr_officer", "hr_clerk", "finance_head", "it_head", "leader"]


@pytest.fixture
def pool(bureau):
    """Two skills asked by name; holders in four departments, so each head sees some in full and some not."""
    sql = SkillFactory(code="SQL", name="数据库与SQL")
    gis = SkillFactory(code="GIS", name="地理信息系统")
    SkillFactory(code="PY", name="Python")
    for cadre, levels in ((bureau.it_engineer, (5, 3)), (bureau.finance_officer, (4, 4)),
                          (bureau.accountant, (3, 2)), (bureau.office_clerk, (3, 5))):
        CadreSkillFactory(cadre=cadre, skill=sql, level=levels[0], source="certified")
        CadreSkillFactory(cadre=cadre, skill=gis, level=levels[1])
    for number in range(30):  # enough for a second page
        extra = CadreFactory(staff_number=f"X{number:03d}", name=f"候选{number}", department=bureau.archive)
        CadreSkillFactory(cadre=extra, skill=sql, level=3 + number % 3)
        CadreSkillFactory(cadre=extra, skill=gis, level=2 + number % 4)
    AssessmentFactory(cadre=bureau.finance_officer, perception=62, execution=81, decision=55, creativity=73,
                      development=90)
    TrainingRecordFactory(cadre=bureau.finance_officer, program__name="数据分析入门")
    ContributionFactory(cadre=bureau.finance_officer, title="预算一体化系统上线")
    return bureau


TWO_SKILLS = {"skill_name": ["数据库与SQL", "地理信息系统"], "skill_level": ["3", "2"], "skill_mode": ["all", "all"]}


def api_names(bureau, persona, params) -> list[str]:
    """Every result's name, page after page, as the API lists them."""
    names, page = [], 1
    while True:
        answer = bureau.client(persona).get("/api/v1/talent-search/", {**params, "page": page, "page_size": 25}).json()
        names += [hit["name"] for hit in answer["results"]]
        if not answer["next"]:
            return names
        page += 1


def page_names(html: str) -> list[str]:
    """The results' names in the order the page lists them (the first cell of each row; names here are unique)."""
    results = html.split('aria-labelledby="results"', 1)
    if len(results) != 2:
        return []
    return re.findall(r'<tr><td(?! colspan)[^>]*>(?:<a href="[^"]*">)?([^<]+)<', results[1])


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_the_pages_their_role_allows(pool, persona):
    client = browser_of(pool, persona)
    expected = {"/talent/": 200, f"/cadres/{pool.finance_officer.pk}/": 200, f"/cadres/{pool.office_clerk.pk}/": 200}
    if persona in ("finance_head", "it_head"):
        # The office is no head's here: as in the API, its cadre is not there for them.
        expected[f"/cadres/{pool.office_clerk.pk}/"] = 404
        if persona == "it_head":
            expected[f"/cadres/{pool.finance_officer.pk}/"] = 404
    if persona in ("auditor", "outsider"):
        expected = dict.fromkeys(expected, 403)

    for url, status in expected.items():
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 302 and response["Location"] == f"/login/?next={url}"
        else:
            assert response.status_code == status, (url, response.status_code)


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_shows_a_citizen_id_or_mobile_number_in_full_without_the_reveal(pool, persona):
    client = browser_of(pool, persona)
    cadres = (pool.office_clerk, pool.finance_officer, pool.accountant, pool.it_engineer)
    secrets = [value for cadre in cadres for value in (cadre.national_id, cadre.mobile)]
    urls = ["/talent/?" + "&".join(f"skill_name={n}" for n in TWO_SKILLS["skill_name"]),
            *[f"/cadres/{cadre.pk}/" for cadre in cadres]]

    for url in urls:
        html = client.get(url, follow=True).content.decode()
        assert not [secret for secret in secrets if secret in html], url


def test_hr_with_the_permission_reveals_personal_data_and_the_read_is_audited(pool):
    cadre = pool.finance_officer
    client = browser_of(pool, "hr_officer")
    reads = LogEntry.objects.get_for_model(Cadre).filter(action=LogEntry.Action.ACCESS, object_pk=str(cadre.pk))

    masked = client.get(f"/cadres/{cadre.pk}/").content.decode()
    assert reads.count() == 0
    assert masked_id(cadre.national_id) in masked and masked_mobile(cadre.mobile) in masked
    assert cadre.national_id not in masked and "显示" in masked

    shown = client.get(f"/cadres/{cadre.pk}/", {"show": "personal"}).content.decode()

    assert cadre.national_id in shown and cadre.mobile in shown
    (read,) = reads
    assert read.actor == pool.users["hr_officer"]


@pytest.mark.parametrize("persona", ["hr_clerk", "finance_head", "leader"])
def test_who_may_not_see_personal_data_cannot_reveal_it_and_leaves_no_read(pool, persona):
    cadre = pool.finance_officer

    html = browser_of(pool, persona).get(f"/cadres/{cadre.pk}/", {"show": "personal"}).content.decode()

    assert cadre.national_id not in html and cadre.mobile not in html
    assert masked_id(cadre.national_id) in html
    assert 'name="show"' not in html
    assert not LogEntry.objects.get_for_model(Cadre).filter(action=LogEntry.Action.ACCESS).exists()


@pytest.mark.parametrize("persona", READERS)
@pytest.mark.parametrize("sort", ["match", "composite"])
def test_the_search_finds_what_the_api_finds_in_the_same_order(pool, persona, sort):
    client = browser_of(pool, persona)
    shown = []
    for number in (1, 2):
        html = client.get("/talent/", {**TWO_SKILLS, "sort": sort, "page": number}).content.decode()
        shown += page_names(html)

    assert shown == api_names(pool, persona, {"skill": ["SQL:3", "GIS:2"], "sort": sort})
    assert len(shown) > 25


def test_any_of_rows_and_filters_are_the_apis_any_skill_and_filters(pool):
    client = browser_of(pool, "hr_officer")
    params = {"skill_name": ["数据库与SQL", "地理信息系统", "Python"], "skill_level": ["4", "5", "1"],
              "skill_mode": ["all", "any", "any"], "department": str(pool.finance.pk), "tier": "general"}

    html = client.get("/talent/", params).content.decode()

    expected = api_names(pool, "hr_officer", {"skill": "SQL:4", "any_skill": ["GIS:5", "PY:1"],
                                            "department": pool.finance.pk, "tier": "general"})
    assert page_names(html) == expected == []
    html = client.get("/talent/", {**params, "skill_level": ["4", "4", "1"]}).content.decode()
    assert page_names(html) == ["钱进"]  # 会计科 is a sub-unit: its 孙会 holds SQL 3 only


def test_each_result_explains_its_match_per_skill_and_links_to_the_profile(pool):
    html = browser_of(pool, "hr_officer").get("/talent/", TWO_SKILLS).content.decode()

    assert f'href="/cadres/{pool.it_engineer.pk}/"' in html
    assert "数据库与SQL 5（要求 ≥3） · 证书认证" in html and "地理信息系统 3（要求 ≥2） · 自评申报" in html


def test_a_head_sees_others_as_summaries_unlinked_and_without_sources(pool):
    html = browser_of(pool, "finance_head").get("/talent/", TWO_SKILLS).content.decode()

    assert f'href="/cadres/{pool.finance_officer.pk}/"' in html  # their own
    assert f'href="/cadres/{pool.it_engineer.pk}/"' not in html and "李码" in html
    assert "仅摘要" in html
    assert "数据库与SQL 5（要求 ≥3）；" in html  # 李码's match, with no source


def test_rows_are_added_and_removed_keeping_what_was_typed(pool):
    client = browser_of(pool, "hr_officer")

    added = client.get("/talent/", {"skill_name": "数据库与SQL", "skill_level": "4", "skill_mode": "all",
                                    "add": "1", "department": str(pool.it.pk)}).content.decode()
    assert added.count('name="skill_name"') == 2
    assert 'value="数据库与SQL"' in added and '<option value="4" selected>' in added
    assert f'<option value="{pool.it.pk}" selected>' in added

    removed = client.get("/talent/", {**TWO_SKILLS, "remove": "0"}).content.decode()
    assert removed.count('name="skill_name"') == 1 and 'value="地理信息系统"' in removed


def test_the_form_offers_the_departments_and_skills_as_they_are_now(pool):
    """The form's lists are kept between requests (core.table_cache): a change to either table shows at once."""
    client = browser_of(pool, "hr_officer")

    before = client.get("/talent/").content.decode()
    assert '<option value="" selected>' in before and f'<option value="{pool.it.pk}">' in before
    assert '<option value="Python"></option>' in before
    chosen = client.get("/talent/", {"department": str(pool.it.pk)}).content.decode()
    assert f'<option value="{pool.it.pk}" selected>' in chosen and '<option value="">' in chosen

    SkillFactory(code="R", name="R语言")
    pool.it.name = "数字化处"
    pool.it.save()
    after = client.get("/talent/").content.decode()
    assert '<option value="R语言"></option>' in after
    assert re.search(f'<option value="{pool.it.pk}">\u3000*数字化处</option>', after)


def test_a_name_not_in_the_catalogue_is_an_error_beside_its_row_and_kept(pool):
    response = browser_of(pool, "hr_officer").get("/talent/", {"skill_name": ["数据库与SQL", "量子计算"],
                                                               "skill_level": ["3", "2"]})

    html = response.content.decode()
    assert response.status_code == 400
    assert "没有名为“量子计算”的技能" in html and 'value="量子计算"' in html and 'value="数据库与SQL"' in html
    assert page_names(html) == []


def test_a_bad_filter_is_the_apis_error_beside_the_filter(pool):
    response = browser_of(pool, "hr_officer").get("/talent/", {**TWO_SKILLS, "department": "999999"})

    assert response.status_code == 400
    assert 'class="field has-error"' in response.content.decode()


def test_a_department_or_tier_not_offered_is_refused_naming_the_value(pool):
    """The department is checked against the cached list's ids (the field itself holds no choices), with Django's
    message for a choice not offered; a bad tier marks its boxes invalid."""
    client = browser_of(pool, "hr_officer")

    department = client.get("/talent/", {**TWO_SKILLS, "department": "999999"}).content.decode()
    tier = client.get("/talent/", {**TWO_SKILLS, "tier": "boss"}).content.decode()
    offered = client.get("/talent/", {**TWO_SKILLS, "department": str(pool.finance.pk)})

    assert re.search(r'<span class="error" role="alert">[^<]*999999[^<]*</span>', department)
    assert re.search(r'<span class="error" role="alert">[^<]*boss[^<]*</span>', tier)
    assert tier.count('aria-invalid="true"') == 3  # each of the three tier boxes
    assert offered.status_code == 200 and page_names(offered.content.decode()) == ["钱进", "孙会"]


def test_the_ticked_tiers_and_statuses_stay_ticked_in_either_language(pool):
    client = browser_of(pool, "hr_officer")
    params = {**TWO_SKILLS, "tier": "general", "status": ["active", "left"]}

    chinese = client.get("/talent/", params).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/talent/"})
    english = client.get("/talent/", params).content.decode()

    for html in (chinese, english):
        ticked = re.findall(r'<input type="checkbox" name="(\w+)" value="(\w+)" id="[^"]+" checked>', html)
        assert sorted(ticked) == [("status", "active"), ("status", "left"), ("tier", "general")]
        assert html.count('type="checkbox"') == 6
    assert "一般干部" in chinese and "在岗" in chinese
    assert '<html lang="en">' in english and " general cadre</label>" in english and "Talent search" in english
    assert "一般干部" not in english


@pytest.mark.parametrize("persona", ["hr_officer", "finance_head"])
def test_the_export_is_the_apis_export_of_the_same_search(pool, persona):
    page = browser_of(pool, persona).get("/talent/export/", TWO_SKILLS)
    api = pool.client(persona).get("/api/v1/talent-search/export/", {"skill": ["SQL:3", "GIS:2"]})

    def cells(response):
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        return [list(row) for row in sheet.iter_rows(values_only=True)]

    assert page["Content-Type"] == api["Content-Type"]
    assert cells(page) == cells(api)
    assert len(cells(page)) == 1 + 34


def test_the_profile_shows_the_radar_against_the_target_and_the_records(pool):
    html = browser_of(pool, "finance_head").get(f"/cadres/{pool.finance_officer.pk}/").content.decode()

    assert '<svg class="radar"' in html and 'class="target"' in html and "层级目标" in html
    for score in (62, 81, 55, 73, 90):
        assert f">{score}<" in html
    assert "style=" not in html
    assert "数据库与SQL" in html and "证书认证" in html
    assert "数据分析入门" in html and "预算一体化系统上线" in html


def test_certificates_are_shown_to_whom_the_api_shows_them(pool):
    head = browser_of(pool, "finance_head").get(f"/cadres/{pool.finance_officer.pk}/").content.decode()
    hr = browser_of(pool, "hr_officer").get(f"/cadres/{pool.finance_officer.pk}/").content.decode()

    assert "荣誉证书" in hr and "荣誉证书" not in head


def test_talent_search_is_in_the_top_bar_for_the_roles_it_serves(pool):
    assert 'href="/talent/"' in browser_of(pool, "finance_head").get("/").content.decode()
    assert 'href="/talent/"' not in browser_of(pool, "auditor").get("/").content.decode()
