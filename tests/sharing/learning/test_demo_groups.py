"""The demo, loaded as bin/demo loads it: its learning groups and past secondments make the sharing graph
and its analytics worth looking at, and its requests and plans fill the talent-demand survey."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.test import APIClient

from sharing.models import LearningActivity, LearningGroup


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The whole demo, loaded once for this module and removed afterwards."""
    with django_db_blocker.unblock():
        for command in ("load_demo", "load_demo_skills", "load_demo_planning", "load_demo_sharing",
                        "load_demo_groups"):
            call_command(command, stdout=None)
        yield
        call_command("flush", interactive=False, verbosity=0)


def client_of(username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username=username))
    return client


@pytest.mark.django_db
def test_the_demo_graph_has_brokers_silos_communities_and_bridging_cadres(demo):
    picture = client_of("leader").get("/api/v1/sharing-graph/").json()

    assert picture["brokers"] and picture["bridging_cadres"] and picture["communities"]
    assert "机关纪委" in {d["name"] for d in picture["silos"]}
    assert picture["density"][-1]["pairs"] > 0
    assert len({point["pairs"] for point in picture["density"]}) > 1  # it changed over time


@pytest.mark.django_db
def test_the_demo_groups_have_activities_and_a_second_load_adds_nothing(demo):
    groups = client_of("head_it").get("/api/v1/learning-groups/").json()["results"]
    assert len(groups) == 5
    assert all(g["departments"] >= 3 and g["activity_count"] >= 3 for g in groups)
    assert sum(g["ended_on"] is not None for g in groups) == 2

    before = LearningActivity.objects.count()
    call_command("load_demo_groups", stdout=None)
    assert (LearningGroup.objects.count(), LearningActivity.objects.count()) == (5, before)


@pytest.mark.django_db
def test_the_demo_suggests_a_group_for_a_topic(demo):
    found = client_of("hr").get("/api/v1/learning-groups/suggest/",
                                {"skill": ["DG", "SHARE"], "capacity": "decision"}).json()
    assert found["leader"] is not None and len(found["learners"]) == 6
    assert len(found["departments"]) >= 3


@pytest.mark.django_db
def test_the_demo_survey_names_what_departments_ask_for(demo):
    survey = client_of("leader").get("/api/v1/talent-demand/", {"period": "2026"}).json()
    assert survey["summary"]["departments_asking"] >= 3
    assert survey["summary"]["skills"] and survey["summary"]["plan"]["gap"] > 0
