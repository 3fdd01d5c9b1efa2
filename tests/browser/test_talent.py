"""HR finds the cadres holding two skills, picked by name, and opens a profile."""

from tests.browser.conftest import DESKTOP, PHONE, screenshot, sign_in
from tests.factories import AssessmentFactory, CadreSkillFactory, SkillFactory, TrainingRecordFactory


def test_hr_finds_cadres_with_two_skills_by_name_and_opens_a_profile(bureau, browser_page, live_server):
    sql = SkillFactory(code="SQL", name="数据库与SQL")
    gis = SkillFactory(code="GIS", name="地理信息系统")
    SkillFactory(code="PY", name="Python")
    CadreSkillFactory(cadre=bureau.finance_officer, skill=sql, level=4, source="certified")
    CadreSkillFactory(cadre=bureau.finance_officer, skill=gis, level=3)
    CadreSkillFactory(cadre=bureau.it_engineer, skill=sql, level=5)  # no GIS: not found
    AssessmentFactory(cadre=bureau.finance_officer, perception=62, execution=81, decision=55, creativity=73,
                      development=90)
    TrainingRecordFactory(cadre=bureau.finance_officer, program__name="数据分析入门", result="passed")

    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = browser_page(viewport)
        sign_in(page, live_server, "hr_officer")

        page.get_by_role("navigation", name="主导航").get_by_role("link", name="人才检索").click()
        page.get_by_label("技能 1", exact=True).fill("数据库与SQL")
        page.get_by_label("最低等级").first.select_option("3")
        page.get_by_role("button", name="添加技能").click()
        assert page.get_by_label("技能 1", exact=True).input_value() == "数据库与SQL"  # kept across the new row
        page.get_by_label("技能 2", exact=True).fill("地理信息系统")
        page.get_by_label("最低等级").nth(1).select_option("2")
        page.get_by_role("button", name="检索", exact=True).last.click()

        results = page.get_by_role("region", name="检索结果")
        assert results.get_by_role("link", name="钱进").is_visible()
        assert results.get_by_text("数据库与SQL 4（要求 ≥3） · 证书认证", exact=False).is_visible()
        assert results.get_by_text("李码").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]  # no sideways scroll
        screenshot(page, f"talent-{name}")

        results.get_by_role("link", name="钱进").click()
        page.wait_for_url(f"{live_server.url}/cadres/{bureau.finance_officer.pk}/")
        assert page.get_by_role("heading", name="钱进").is_visible()
        assert page.get_by_role("img", name="五项能力与层级目标对比", exact=False).is_visible()
        assert page.get_by_text("数据分析入门").is_visible()
        assert bureau.finance_officer.national_id not in page.content()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        screenshot(page, f"cadre-{name}")

        page.get_by_role("button", name="显示").click()
        assert page.get_by_text(bureau.finance_officer.national_id).is_visible()
        page.watch.assert_clean()
