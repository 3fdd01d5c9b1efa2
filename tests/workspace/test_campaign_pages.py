"""The workspace's campaign pages: a rater answers a form once (a partial form is refused, nothing is kept),
HR runs the campaign from its page and reads the results, heads see their own departments' progress."""

import pytest
from django.test import Client

from talent.models import CampaignAnswer, CampaignRater, CampaignStatus
from talent.services import campaigns as services
from tests.factories_campaigns import finance_campaign

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_rater_answers_a_form_once(bureau):
    campaign = finance_campaign(bureau)
    rater = signed_in(bureau.users["cadre"])  # 孙会, rating themselves
    listing = rater.get("/assessments/").content.decode()
    form = CampaignRater.objects.get(campaign=campaign, rater=bureau.users["cadre"])
    assert f"/assessments/{form.pk}/" in listing and "孙会" in listing
    page = rater.get(f"/assessments/{form.pk}/").content.decode()
    items = list(campaign.items.all())
    assert all(item.text_zh in page for item in items) and "完全符合" in page

    partial = {f"item_{items[0].pk}": "4"}
    refused = rater.post(f"/assessments/{form.pk}/", partial)
    assert refused.status_code == 200 and "请在量表范围内回答每一题" in refused.content.decode()
    assert 'value="4" checked' in refused.content.decode()  # what was chosen stays chosen
    assert not CampaignAnswer.objects.exists()

    full = {f"item_{item.pk}": str(item.highest) for item in items}
    done = rater.post(f"/assessments/{form.pk}/", full, follow=True)
    assert done.redirect_chain[-1][0] == "/assessments/"
    assert CampaignAnswer.objects.filter(form=form).count() == len(items)
    again = rater.get(f"/assessments/{form.pk}/").content.decode()
    assert "checked" not in again and "不再显示" in again  # answered: nothing shown back
    rater.post(f"/assessments/{form.pk}/", {f"item_{item.pk}": "1" for item in items})
    assert set(CampaignAnswer.objects.filter(form=form).values_list("value", flat=True)) != {1}


def test_the_form_shows_each_question_in_the_readers_language_only(bureau):
    campaign = finance_campaign(bureau)
    form = CampaignRater.objects.get(campaign=campaign, rater=bureau.users["cadre"])
    item = campaign.items.exclude(text_en="").first()
    rater = signed_in(bureau.users["cadre"])
    chinese = rater.get(f"/assessments/{form.pk}/").content.decode()
    assert item.text_zh in chinese and item.text_en not in chinese
    rater.cookies["django_language"] = "en"
    english = rater.get(f"/assessments/{form.pk}/").content.decode()
    assert item.text_en in english and item.text_zh not in english


def test_no_one_opens_anothers_form(bureau):
    campaign = finance_campaign(bureau)
    for persona in ("cadre", "hr_officer", "finance_head", "leader", "peer0"):
        other = CampaignRater.objects.filter(campaign=campaign).exclude(rater=bureau.users[persona]).first()
        assert signed_in(bureau.users[persona]).get(f"/assessments/{other.pk}/").status_code in (403, 404)


def test_hr_runs_the_campaign_from_its_page(bureau):
    campaign = finance_campaign(bureau, opened=False)
    hr = signed_in(bureau.users["hr_officer"])
    page = hr.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert "开启测评" in page and "财务处" in page
    hr.post(f"/campaigns/{campaign.pk}/", {"step": "open"})
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN
    for form in CampaignRater.objects.filter(campaign=campaign):
        answers = {item.pk: item.highest if form.kind == "self" else item.lowest for item in campaign.items.all()}
        services.form_submit(form=form, user=form.rater, answers=answers)
    closed = hr.post(f"/campaigns/{campaign.pk}/", {"step": "close"})
    assert closed.status_code == 302 and closed["Location"].startswith("/jobs/")
    page = hr.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert "克隆巴赫" in page and "钱进" in page  # reliability and the scores
    # Self-assessments all highest, the others all lowest: each capacity's items move together, alpha 1, and
    # nothing is flagged weak.
    assert '<td class="num">1.00</td>' in page and "偏弱" not in page
    assert "开启测评" not in page and "结束并计算得分" not in page


def test_heads_follow_their_departments_and_cadres_have_no_campaign_pages(bureau):
    campaign = finance_campaign(bureau)
    assert "财务处" in signed_in(bureau.users["finance_head"]).get(f"/campaigns/{campaign.pk}/").content.decode()
    it_page = signed_in(bureau.users["it_head"]).get(f"/campaigns/{campaign.pk}/").content.decode()
    assert "财务处" not in it_page and "会计科" not in it_page
    head = signed_in(bureau.users["finance_head"])
    assert head.post(f"/campaigns/{campaign.pk}/", {"step": "close"}).status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN  # a head cannot close it
    assert signed_in(bureau.users["cadre"]).get("/campaigns/").status_code == 403


def test_the_home_page_lists_forms_waiting(bureau):
    finance_campaign(bureau)
    home = signed_in(bureau.users["finance_head"]).get("/").content.decode()
    assert "待评价" in home or "Assessments to answer" in home
