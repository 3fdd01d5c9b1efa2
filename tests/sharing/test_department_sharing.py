"""A department's sharing rule (HR sets it) and its record of sharing, through the API, in the scope of the
department page: HR and leadership every department, a head the departments they head."""

import datetime

import pytest
from django.utils import timezone

from sharing.models import Secondment, SharingRule
from tests.factories import CadreFactory, SecondmentFactory, ShareRequestFactory
from tests.helpers import assert_error


def rule_url(department):
    return f"/api/v1/departments/{department.pk}/sharing-rule/"


def record_url(department):
    return f"/api/v1/departments/{department.pk}/sharing-record/"


def test_hr_sets_a_cap_in_people_and_the_head_reads_it_with_what_is_lent(skilled, settings):
    settings.SECONDMENT_LENDING_PERCENT = 20
    before = skilled.client("finance_head").get(rule_url(skilled.finance)).json()
    assert (before["own_rule"], before["cap_percent"], before["default_percent"]) == (None, None, 20)
    response = skilled.client("hr_officer").put(rule_url(skilled.finance), {
        "cap_people": 1, "includes_sub_units": True, "max_months": 6, "notice_days": 14}, format="json")
    assert response.status_code == 200, response.content
    body = skilled.client("finance_head").get(rule_url(skilled.accounting)).json()
    # Accounting lends under finance, which counts its sub-units.
    assert body["lending_unit"]["name"] == skilled.finance.name
    assert (body["own_rule"], body["cap_people"], body["max_months"], body["notice_days"], body["cap"]) == (
        None, 1, 6, 14, 1)
    assert SharingRule.objects.get().updated_by == skilled.users["hr_officer"]
    assert skilled.client("hr_officer").delete(rule_url(skilled.finance)).status_code == 204
    assert skilled.client("hr_officer").get(rule_url(skilled.finance)).json()["own_rule"] is None


@pytest.mark.parametrize(("data", "field"), [
    ({"cap_people": 2, "cap_percent": 10}, "cap_percent"),
    ({"cap_percent": 101}, "cap_percent"),
    ({"max_months": 0}, "max_months"),
    ({"notice_days": -1}, "notice_days"),
    ({"notice_days": "soon"}, "notice_days"),
])
def test_a_bad_rule_is_refused_naming_the_field_and_changes_nothing(skilled, data, field):
    assert_error(skilled.client("hr_officer").put(rule_url(skilled.finance), data, format="json"), 400, field=field)
    assert not SharingRule.objects.exists()


def test_only_hr_sets_rules_and_a_head_sees_only_their_departments(skilled):
    assert_error(skilled.client("finance_head").put(rule_url(skilled.finance), {"cap_people": 3}, format="json"),
                 403)
    assert_error(skilled.client("leader").delete(rule_url(skilled.finance)), 403)
    assert_error(skilled.client("it_head").get(rule_url(skilled.finance)), 404)
    assert_error(skilled.client("it_head").get(record_url(skilled.finance)), 404)
    assert skilled.client("leader").get(record_url(skilled.finance)).status_code == 200
    assert not SharingRule.objects.exists()


def proposed(request, cadre, *, days_ago, answered_after=None, status="proposed", reason=""):
    """A proposal made `days_ago`, answered `answered_after` days later (None: not yet)."""
    secondment = SecondmentFactory(request=request, cadre=cadre, status=status, decline_reason=reason)
    made = timezone.now() - datetime.timedelta(days=days_ago)
    Secondment.objects.filter(pk=secondment.pk).update(
        created_at=made, accepted_at=None if answered_after is None else made + datetime.timedelta(days=answered_after))
    return secondment


def test_the_record_counts_answers_reasons_days_and_people_each_once(skilled):
    it_request = ShareRequestFactory(department=skilled.it, title="数据中台开发")
    later = ShareRequestFactory(department=skilled.it, title="数据中台运维", start_date=datetime.date(2031, 1, 1),
                                end_date=datetime.date(2031, 1, 31))
    office_request = ShareRequestFactory(department=skilled.office, title="公文系统")
    extra = CadreFactory(department=skilled.finance, name="钱多")
    proposed(it_request, extra, days_ago=30, answered_after=9, status="declined", reason="年底决算，离不开")
    proposed(office_request, extra, days_ago=20, answered_after=3, status="declined", reason="人手不足")
    # 孙会 (accounting, under finance) lent twice, to two windows: one person lent.
    proposed(it_request, skilled.accountant, days_ago=15, answered_after=1, status="approved")
    proposed(later, skilled.accountant, days_ago=10, answered_after=5, status="approved")
    proposed(office_request, skilled.finance_officer, days_ago=2)  # waiting
    SecondmentFactory(request=ShareRequestFactory(department=skilled.finance), cadre=skilled.it_engineer,
                      status="completed")  # hosted

    body = skilled.client("finance_head").get(record_url(skilled.finance)).json()
    assert (body["received"], body["accepted"], body["declined"], body["waiting"]) == (5, 2, 2, 1)
    assert body["decline_percent"] == 50
    assert body["median_days_to_answer"] == 4.0  # 1, 3, 5, 9
    assert (body["people_lent"], body["people_hosted"]) == (1, 1)
    assert [(d["title"], d["reason"]) for d in body["declines"]] == [
        ("公文系统", "人手不足"), ("数据中台开发", "年底决算，离不开")]
    # Only accounting's own proposals for accounting; the period keeps the proposals made in it.
    assert skilled.client("hr_officer").get(record_url(skilled.accounting)).json()["received"] == 2
    since = (timezone.localdate() - datetime.timedelta(days=12)).isoformat()
    assert skilled.client("hr_officer").get(record_url(skilled.finance), {"start": since}).json()["received"] == 2


@pytest.mark.parametrize("query", [{"start": "yesterday"}, {"start": "2026-05-01", "end": "2026-04-01"},
                                   {"end": "1899-12-31"}])
def test_a_bad_period_for_the_record_is_a_400(skilled, query):
    assert_error(skilled.client("hr_officer").get(record_url(skilled.finance), query), 400)
