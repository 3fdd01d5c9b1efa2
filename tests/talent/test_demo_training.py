"""The demo's training ledger: a year of hours for everyone on the books, some short; credentials, one expiring
within 90 days and one expired whose skill dropped back; skills due for re-verification. Loading twice changes
nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from talent.access import Actor
from talent.models import CadreSkill, Credential, PlatformStudy, SkillSource
from talent.selectors import credentials, training


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=None)
        call_command("load_demo_skills", stdout=None)
        call_command("load_demo_training", stdout=None)
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db
def test_the_demo_ledger_credentials_and_stale_skills(demo):
    hr = Actor(get_user_model().objects.get(username="hr"))
    figure = training.hours_met_figure(actor=hr, year=timezone.localdate().year)
    assert figure["headcount"] > 100 and 0 < figure["hours_met"] < figure["headcount"]
    assert [c.name for c in credentials.expiring_credentials(within_days=90)] == ["注册信息安全专业人员（CISP）"]
    expired = Credential.objects.get(name="注册数据安全官（CDSO）")
    assert not expired.certifying
    assert CadreSkill.objects.get(cadre=expired.cadre, skill=expired.skill).source != SkillSource.CERTIFIED
    assert Credential.objects.filter(certifying=True).count() == 4
    cadres = list(CadreSkill.objects.values_list("cadre_id", flat=True).distinct())
    assert credentials.stale_skills(actor=hr, cadre_ids=cadres).count() == 8
    rows = PlatformStudy.objects.count()
    call_command("load_demo_training", stdout=None)
    assert PlatformStudy.objects.count() == rows
