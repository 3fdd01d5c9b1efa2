"""The demo: the bureau's past secondments, open expert requests and the proposals the allocation made for
them, as HR and the heads see them after bin/demo."""

from collections import Counter, defaultdict

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from sharing.models import HOLDING, Secondment, ShareRequest
from sharing.selectors import secondments as sharing_selectors
from talent.models import Cadre, CadreSkill, Department


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo bureau with its skills and sharing, loaded once for this module and removed afterwards."""
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=None)
        call_command("load_demo_skills", stdout=None)
        call_command("load_demo_sharing", stdout=None)
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def generous_caps():
    """The demo keeps the default lending cap (this replaces the sharing tests' generous one)."""


def client_of(username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username=username))
    return client


@pytest.mark.django_db
def test_the_demo_has_rated_history_open_requests_of_several_departments_and_proposals_in_each_state(demo):
    completed = Secondment.objects.filter(status="completed")
    assert completed.count() >= 5 and not completed.filter(rating__isnull=True).exists()
    assert ShareRequest.objects.filter(status="open").values("department").distinct().count() >= 5
    assert ShareRequest.objects.filter(status="draft").exists()
    states = Counter(Secondment.objects.exclude(status="completed").values_list("status", flat=True))
    assert {"proposed", "accepted", "approved", "declined"} <= set(states)
    assert states["proposed"] >= 3


@pytest.mark.django_db
def test_every_demo_proposal_meets_every_minimum_and_respects_the_caps(demo):
    live = Secondment.objects.filter(status__in=HOLDING).select_related("request")
    held = {(c, s): level for c, s, level in CadreSkill.objects.values_list("cadre_id", "skill_id", "level")}
    for secondment in live:
        assert secondment.home_department_id != secondment.host_department_id
        for required in secondment.request.required_skills.all():
            assert held.get((secondment.cadre_id, required.skill_id), 0) >= required.min_level
    assert max(Counter(s.cadre_id for s in live).values()) == 1
    # Each lending unit (a department, or one counting its sub-units) has at most its cap of people out.
    units = sharing_selectors.lending_units()
    people = defaultdict(set)
    for secondment in live:
        people[units.unit_of[secondment.home_department_id]].add(secondment.cadre_id)
    for unit, cadres in people.items():
        assert len(cadres) <= units.cap[unit]


@pytest.mark.django_db
def test_the_open_requests_show_ranked_candidates_and_every_kind_of_reason_for_leaving_people_out(demo):
    hr = client_of("hr")
    found, reasons = [], set()
    for share_request in ShareRequest.objects.filter(status__in=["open", "fulfilled"]):
        body = hr.get(f"/api/v1/share-requests/{share_request.pk}/candidates/").json()
        found += body["candidates"]
        reasons |= {x["reason"] for x in body["exclusions"]}
    assert len(found) >= 3
    assert any(c["terms"]["affinity"] > 0 for c in found)  # departments that worked together before
    # short notice: the request that started today, for the people of departments asking for notice (their rules).
    assert reasons == {"busy", "declined", "sole_critical_holder", "lending_cap_reached", "short_notice"}


@pytest.mark.django_db
def test_the_car_head_sees_why_no_one_else_is_free_for_their_request(demo):
    own = ShareRequest.objects.get(title="公务用车调度平台数据治理")
    response = client_of("head_car").get(f"/api/v1/share-requests/{own.pk}/candidates/")
    assert response.status_code == 200, response.content
    left_out = response.json()["exclusions"]
    assert left_out and all(x["name"] and x["department_name"] for x in left_out)


@pytest.mark.django_db
def test_loading_the_demo_sharing_twice_changes_nothing(demo):
    before = (ShareRequest.objects.count(), Secondment.objects.count())

    call_command("load_demo_sharing", stdout=None)

    assert (ShareRequest.objects.count(), Secondment.objects.count()) == before


def heads_with_a_login(department_id: int) -> list[str]:
    from talent.access import Actor

    return [user.username for user in get_user_model().objects.filter(headed_departments__isnull=False).distinct()
            if department_id in Actor(user).scope_department_ids]


@pytest.mark.django_db
def test_every_department_with_cadres_has_a_head_with_a_login_to_answer_its_proposals(demo):
    lending = set(Cadre.objects.values_list("department_id", flat=True))
    assert lending >= set(Secondment.objects.values_list("home_department_id", flat=True))

    assert [d for d in lending if not heads_with_a_login(d)] == []
    for secondment in Secondment.objects.filter(status="proposed"):
        [head] = heads_with_a_login(secondment.home_department_id)
        response = client_of(head).post(f"/api/v1/secondments/{secondment.pk}/accept/", {}, format="json")
        assert response.status_code == 200, (head, response.content)


@pytest.mark.django_db
def test_a_host_head_completes_and_rates_the_demos_active_secondment_today(demo):
    [active] = Secondment.objects.filter(status="active")
    [host_head] = heads_with_a_login(active.host_department_id)

    response = client_of(host_head).post(f"/api/v1/secondments/{active.pk}/complete/",
                                         {"rating": 5, "comment": "驻场保障到位"}, format="json")

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["rating"]) == ("completed", 5)


@pytest.mark.django_db
def test_the_demo_has_a_department_that_declines_a_lot_and_slowly_on_its_page_and_in_the_cockpit(demo):
    it = Department.objects.get(code="XXZX")
    record = client_of("leader").get(f"/api/v1/departments/{it.pk}/sharing-record/").json()
    assert record["declined"] >= 5 and record["decline_percent"] >= 50
    assert record["median_days_to_answer"] >= 14
    assert all(decline["reason"] for decline in record["declines"])
    browser = Client()
    browser.force_login(get_user_model().objects.get(username="leader"))
    page = browser.get(f"/departments/{it.pk}/").content.decode()
    assert "政务云迁移任务繁重" in page
    cockpit = browser.get(f"/cockpit/?year={timezone.localdate().year}").content.decode()
    first = cockpit.split('id="sharing-records"')[1].split('<th scope="row">')[1]
    assert it.name in first  # the department declining most comes first


@pytest.mark.django_db
def test_the_demo_sets_sharing_rules_one_counting_its_sub_units(demo):
    hr = client_of("hr")
    property_office = Department.objects.get(code="FWZX-WY")
    rule = hr.get(f"/api/v1/departments/{property_office.pk}/sharing-rule/").json()
    assert rule["lending_unit"]["name"] == Department.objects.get(code="FWZX").name
    assert (rule["cap_percent"], rule["max_months"], rule["notice_days"]) == (20, 4, 7)
    it = Department.objects.get(code="XXZX")
    assert hr.get(f"/api/v1/departments/{it.pk}/sharing-rule/").json()["notice_days"] == 14
