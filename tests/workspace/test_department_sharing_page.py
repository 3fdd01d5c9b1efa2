"""A department's page shows its sharing rule and its record as the API gives them; HR sets the rule there with
the same checks and messages as the API's PUT; the others read it and may not set it."""

import re

from django.utils import timezone

from sharing.models import Secondment, SharingRule
from tests.factories import SecondmentFactory, ShareRequestFactory
from tests.workspace.conftest import browser_of


def page_of(bureau, persona, department):
    return browser_of(bureau, persona).get(f"/departments/{department.pk}/")


def test_hr_sets_the_rule_on_the_page_and_the_api_reads_it(bureau):
    client = browser_of(bureau, "hr_officer")
    response = client.post(f"/departments/{bureau.finance.pk}/", {
        "rule-cap_people": "0", "rule-includes_sub_units": "on", "rule-max_months": "6", "rule-notice_days": ""})
    assert response.status_code == 302 and response["Location"].endswith("#sharing-heading")
    rule = SharingRule.objects.get(department=bureau.finance)
    assert (rule.cap_people, rule.cap_percent, rule.includes_sub_units, rule.max_months, rule.notice_days) == (
        0, None, True, 6, 0)
    api = bureau.client("hr_officer").get(f"/api/v1/departments/{bureau.finance.pk}/sharing-rule/").json()
    assert (api["cap_people"], api["max_months"]) == (0, 6)
    html = client.get(f"/departments/{bureau.finance.pk}/").content.decode()
    assert 'id="sharing-rule-form"' in html and 'name="rule-max_months" value="6"' in html


def test_a_bad_rule_on_the_page_gets_the_apis_message_beside_the_field_and_saves_nothing(bureau):
    both = {"cap_people": 2, "cap_percent": 10}
    response = browser_of(bureau, "hr_officer").post(f"/departments/{bureau.finance.pk}/",
                                                     {f"rule-{k}": v for k, v in both.items()})
    assert response.status_code == 400
    api = bureau.client("hr_officer").put(f"/api/v1/departments/{bureau.finance.pk}/sharing-rule/", both,
                                          format="json")
    assert api.json()["error"]["fields"]["cap_percent"][0] in response.content.decode()
    assert not SharingRule.objects.exists()


def test_a_head_reads_the_rule_and_record_without_the_form_and_may_not_post(bureau):
    response = page_of(bureau, "finance_head", bureau.finance)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="sharing-heading"' in html and 'id="sharing-record"' in html
    assert 'id="sharing-rule-form"' not in html
    assert browser_of(bureau, "finance_head").post(f"/departments/{bureau.finance.pk}/",
                                                   {"rule-cap_people": "5"}).status_code == 403
    assert not SharingRule.objects.exists()


def test_the_page_shows_the_record_the_api_gives_with_the_reasons(bureau):
    SecondmentFactory(request=ShareRequestFactory(department=bureau.it, title="数据中台开发"),
                      cadre=bureau.finance_officer, status="declined", decline_reason="年底决算，离不开")
    Secondment.objects.update(accepted_at=timezone.now())
    api = bureau.client("leader").get(f"/api/v1/departments/{bureau.finance.pk}/sharing-record/").json()
    html = page_of(bureau, "leader", bureau.finance).content.decode()
    record = re.search(r'id="sharing-record">(.*?)</dl>', html, re.S).group(1)
    numbers = [int(n) for n in re.findall(r"<dd>(\d+)", record)]
    assert numbers[:4] == [api["received"], api["accepted"], api["declined"], api["waiting"]] == [1, 0, 1, 0]
    assert "年底决算，离不开" in html and "数据中台开发" in html
