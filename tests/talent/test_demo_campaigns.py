"""The demo's campaigns: a closed one whose scores are the six specialists' latest literacy, with creativity
flagged as a weak capacity, and an open one in which gj00099 has forms to answer."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from talent.models import AssessmentCampaign, CampaignRater, LiteracyAssessment


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=None)
        call_command("load_demo_campaigns", stdout=None)
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db
def test_the_demo_has_a_closed_and_an_open_campaign(demo):
    closed = AssessmentCampaign.objects.get(status="closed")
    scored = LiteracyAssessment.objects.filter(campaign=closed)
    assert scored.count() == 6 and all(a.is_latest for a in scored)
    assert closed.results["alpha"]["creativity"] < 0.7 <= closed.results["alpha"]["perception"]
    opened = AssessmentCampaign.objects.get(status="open")
    waiting = CampaignRater.objects.filter(campaign=opened, rater__username="gj00099", submitted_at=None)
    assert waiting.count() == 6
    client = APIClient()
    client.force_authenticate(waiting.first().rater)
    assert len(client.get("/api/v1/assessment-campaigns/forms/").json()["results"]) == 6


@pytest.mark.django_db
def test_loading_again_changes_nothing(demo):
    call_command("load_demo_campaigns", stdout=None)
    assert AssessmentCampaign.objects.count() == 2
