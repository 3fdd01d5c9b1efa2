"""A rater answers an assessment form on a phone; HR reads the closed campaign's results on a desktop."""

from talent.models import CampaignAnswer, CampaignRater
from talent.services import campaigns as services
from tests.browser.conftest import DESKTOP, PHONE, screenshot, sign_in
from tests.factories_campaigns import finance_campaign


def test_a_rater_answers_on_a_phone(bureau, browser_page, live_server):
    campaign = finance_campaign(bureau)
    page = browser_page(PHONE)
    sign_in(page, live_server, "peer0", next_url="/assessments/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "assessments-list-phone")
    page.get_by_role("link", name="钱进").click()
    page.wait_for_url("**/assessments/*/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Send with one question left open: refused, the choices made so far kept.
    questions = page.locator("fieldset.question")
    for index in range(questions.count() - 1):
        question = questions.nth(index)
        if question.locator("input[type=radio]").count():
            question.get_by_text("比较符合").click()
        else:
            question.locator("input[type=number]").fill("8")
    page.evaluate("document.querySelector('form.assessment').noValidate = true")
    page.get_by_role("button", name="提交评价").click()
    assert page.get_by_role("alert").first.is_visible()
    assert not CampaignAnswer.objects.exists()
    screenshot(page, "assessment-form-refused-phone")
    last = questions.nth(questions.count() - 1)
    if last.locator("input[type=radio]").count():
        last.get_by_text("完全符合").click()
    else:
        last.locator("input[type=number]").fill("9")
    screenshot(page, "assessment-form-phone")
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_url(f"{live_server.url}/assessments/")
    assert page.get_by_text("谢谢，您对 钱进 的评价已提交。").is_visible()
    form = CampaignRater.objects.get(campaign=campaign, rater=bureau.users["peer0"], ratee=bureau.finance_officer)
    assert form.submitted_at is not None and form.answers.count() == campaign.items.count()
    screenshot(page, "assessments-done-phone")
    page.watch.assert_clean()


def test_hr_reads_a_closed_campaigns_results(bureau, browser_page, live_server):
    campaign = finance_campaign(bureau)
    for n, form in enumerate(CampaignRater.objects.filter(campaign=campaign).order_by("pk")):
        answers = {item.pk: (item.lowest + (n + item.pk) % (item.highest - item.lowest + 1))
                   for item in campaign.items.all()}
        services.form_submit(form=form, user=form.rater, answers=answers)
    services.campaign_close(campaign=campaign, user=bureau.users["hr_officer"])
    for viewport, name in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page = browser_page(viewport)
        sign_in(page, live_server, "hr_officer", next_url=f"/campaigns/{campaign.pk}/")
        assert page.get_by_role("heading", name="测评工具质量").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        screenshot(page, f"campaign-results-{name}")
        page.watch.assert_clean()
