"""Seeds the demo's unmet demand by running talent searches, as HR and the heads might have over the past year,
for skills nobody in the demo bureau holds at the level asked (RPA and OCR nobody holds; 大模型应用 and the
critical 能耗监测平台 nobody above level 3): each search goes through the search and is counted as a real one
would be (talent.services.demand), on the day given. Run after load_demo_skills; idempotent."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from talent.access import Actor
from talent.models import UnmetDemand
from talent.selectors import pool as selectors
from talent.serializers.skills import TalentSearchSerializer
from talent.services import demand as services

# (who searched, what they asked, days ago)
SEARCHES = [
    ("hr", {"skill": ["RPA:2"]}, 200), ("head_it", {"skill": ["RPA:3"]}, 90), ("hr", {"skill": ["RPA:1"]}, 30),
    ("head_it", {"skill": ["OCR:2"], "any_skill": ["RPA:2", "OCR:3"]}, 60), ("hr", {"skill": ["LLM:4"]}, 45),
    ("head_car", {"skill": ["LLM:4", "JAVA:3"]}, 12), ("hr", {"skill": ["EMS:4"]}, 5),
]


class Command(BaseCommand):
    help = "Seed the demo's unmet demand from a few talent searches for skills nobody holds (demo only)."

    def handle(self, *args, **options):
        if UnmetDemand.objects.exists():
            self.stdout.write("Unmet demand is already recorded; the demo searches were not run again.")
            return
        users = get_user_model().objects.in_bulk(list({who for who, _asked, _ago in SEARCHES}), field_name="username")
        if len(users) < len({who for who, _asked, _ago in SEARCHES}):
            raise CommandError("Load the demo bureau first (manage.py load_demo).")
        today = timezone.localdate()
        counted = 0
        with transaction.atomic():
            for who, asked, ago in SEARCHES:
                form = TalentSearchSerializer(data=asked)
                form.is_valid(raise_exception=True)
                query = form.query()
                cadres, skills = selectors.talent_search(query=query, actor=Actor(users[who]))
                counted += len(services.count_search(query=query, skills=skills, found_anyone=cadres.exists(),
                                                     day=today - timedelta(days=ago)))
        self.stdout.write(self.style.SUCCESS(f"Ran {len(SEARCHES)} searches; {counted} unmet skills counted."))
