"""Loads the demo assessment campaigns (fixtures/demo_campaigns.json) through the services: a closed 2025
campaign of the data-resources section's specialists, computed into literacy assessments, and an open 2026 one in
which the demo cadre gj00099 has forms to answer. Peers without a login get one with a random password (they
are raters no one signs in as). Run after load_demo; idempotent."""

import json
from datetime import date, datetime, time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from talent import roles
from talent.models import AssessmentCampaign, Cadre, CampaignRater, LiteracyAssessment
from talent.services import campaigns as services
from talent.services import logins
from talent.services.pool import assessments_lock, assessments_mark_latest

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo_campaigns.json"
CAMPAIGN_FIELDS = ("name", "period", "tier", "self_weight", "supervisor_weight", "peer_weight", "min_peers")


class Command(BaseCommand):
    help = "Load the demo assessment campaigns: one closed (with its computed scores) and one open."

    def handle(self, *args, **options):
        if AssessmentCampaign.objects.exists():
            self.stdout.write("Assessment campaigns are already loaded; the demo campaigns were not loaded again.")
            return
        users = get_user_model().objects
        hr = users.filter(groups__name=roles.HR).order_by("id").first()
        if hr is None:
            raise CommandError("Load the demo bureau first (manage.py load_demo).")
        data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        numbers = {f["ratee"] for c in data["campaigns"] for f in c["forms"]}
        cadres = {c.staff_number: c for c in Cadre.objects.filter(staff_number__in=numbers)}
        logins.cadre_logins_create(cadres=[c for c in cadres.values() if c.user_id is None])
        cadres = {c.staff_number: c for c in Cadre.objects.filter(staff_number__in=numbers)}
        for row in data["campaigns"]:
            self._load(row, hr, cadres)
        self.stdout.write(self.style.SUCCESS(
            f"Loaded {AssessmentCampaign.objects.count()} assessment campaigns; "
            f"{LiteracyAssessment.objects.filter(campaign__isnull=False).count()} assessments computed."))

    def _rater(self, key, cadres):
        return cadres[key].user if key in cadres else get_user_model().objects.get(username=key)

    def _load(self, row, hr, cadres):
        with transaction.atomic():
            campaign = services.campaign_create(by=hr, items=row["items"], **{k: row[k] for k in CAMPAIGN_FIELDS})
            forms = []
            for entry in row["forms"]:
                form = services.rater_add(campaign=campaign, ratee=cadres[entry["ratee"]],
                                          rater=self._rater(entry["rater"], cadres), kind=entry["kind"])
                forms.append((form, entry["answers"]))
            services.campaign_open(campaign=campaign)
            items = list(campaign.items.order_by("position").values_list("pk", flat=True))
            for form, answers in forms:
                if answers:
                    services.form_submit(form=form, user=form.rater, answers=dict(zip(items, answers, strict=True)))
        if row["status"] == "closed":
            services.campaign_close(campaign=campaign, user=hr, in_background=False)
            services.campaign_compute(campaign_id=campaign.pk)  # here: no worker may run yet
            self._backdate(campaign, date.fromisoformat(row["closed_on"]))

    @transaction.atomic
    def _backdate(self, campaign, closed_on):
        """The demo's closed campaign closed in the past: its assessments and its closing carry that date."""
        ratees = list(campaign.assessments.values_list("cadre_id", flat=True))
        assessments_lock(ratees)
        campaign.assessments.update(assessed_on=closed_on)
        assessments_mark_latest(ratees)
        AssessmentCampaign.objects.filter(pk=campaign.pk).update(
            closed_at=timezone.make_aware(datetime.combine(closed_on, time(17, 30))))
        CampaignRater.objects.filter(campaign=campaign).update(
            submitted_at=timezone.make_aware(datetime.combine(closed_on, time(9))))
