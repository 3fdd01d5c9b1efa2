"""Closes one assessment campaign of many cadres, as the job does, and prints the time and the peak memory.

    python bench/campaign.py                         # 50,000 cadres x 10 raters x 25 items = 12.5 M answers
    python bench/campaign.py --cadres 5000           # a tenth of that
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/talent_bench python bench/campaign.py --cadres 5000

It seeds its own bench cadres (department BENCH-CAMP, one login each), one open campaign of tier `general`
with 25 items (five per capacity, one of them a scored question) and, per cadre, ten submitted forms: self,
supervisor and eight peers, every item answered (PostgreSQL: COPY). Then, in a fresh process so that the
memory figure is the closing's alone, it times services.campaign_close: the job (run at once by the test
task backend) streams the answers in chunks of 200,000 into the numpy tally, scores every cadre, writes their
assessments and the campaign's results. Goal: <= 60 s and <= 1 GB at full size.
"""

import argparse
import io
import resource
import subprocess
import sys
import time

from _setup import setup

ITEMS = 25
RATERS = 10  # self, supervisor, eight peers
GOAL_SECONDS = 60.0
GOAL_MB = 1024


def seed(cadres: int) -> int:
    import numpy as np
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from talent.literacy import CAPACITIES
    from talent.models import AssessmentCampaign, Cadre, CampaignItem, CampaignRater, Department

    User = get_user_model()
    AssessmentCampaign.objects.filter(name__startswith="bench").delete()
    Cadre.objects.filter(department__code="BENCH-CAMP").delete()
    User.objects.filter(username__startswith="benchc").delete()
    department, _created = Department.objects.get_or_create(code="BENCH-CAMP", defaults={"name": "测评压测处"})
    with transaction.atomic():
        User.objects.bulk_create([User(username=f"benchc{i}", password="!") for i in range(cadres)], batch_size=5000)
        users = dict(User.objects.filter(username__startswith="benchc").values_list("username", "id"))
        user_ids = [users[f"benchc{i}"] for i in range(cadres)]
        Cadre.objects.bulk_create([
            Cadre(staff_number=f"BC{i:07d}", name=f"压测{i}", gender="F", department=department, post_title="科员",
                  rank="clerk_1", tier="general", education="bachelor", hire_date="2015-07-01",
                  national_id="", mobile="", user_id=user_ids[i]) for i in range(cadres)], batch_size=5000)
        cadre_ids = list(Cadre.objects.filter(department=department).order_by("staff_number").values_list("id",
                                                                                                        flat=True))
        campaign = AssessmentCampaign.objects.create(
            name="bench campaign", period="2099", tier="general", status="open", self_weight="0.20",
            supervisor_weight="0.40", peer_weight="0.40", min_peers=3, opened_at=timezone.now())
        CampaignItem.objects.bulk_create([
            CampaignItem(campaign=campaign, capacity=CAPACITIES[n % 5], text_zh=f"题{n}", position=n,
                         scale="scored" if n == 24 else "likert", max_score=10 if n == 24 else 5)
            for n in range(ITEMS)])
        items = list(campaign.items.order_by("position").values_list("id", flat=True))
        now = timezone.now()
        forms = []
        for i, cadre in enumerate(cadre_ids):
            forms.append(CampaignRater(campaign=campaign, ratee_id=cadre, rater_id=user_ids[i], kind="self",
                                       submitted_at=now))
            for k in range(1, RATERS):
                forms.append(CampaignRater(campaign=campaign, ratee_id=cadre, rater_id=user_ids[(i + k) % cadres],
                                           kind="supervisor" if k == 1 else "peer", submitted_at=now))
        CampaignRater.objects.bulk_create(forms, batch_size=10000)
        form_ids = np.array(campaign.raters.order_by("id").values_list("id", flat=True), dtype=np.int64)
        rng = np.random.default_rng(7)
        item_ids = np.array(items, dtype=np.int64)
        for start in range(0, len(form_ids), 20000):
            chunk = form_ids[start:start + 20000]
            values = rng.integers(1, 6, size=(len(chunk), ITEMS))
            values[:, 24] = rng.integers(0, 11, size=len(chunk))
            rows = np.column_stack([np.repeat(chunk, ITEMS), np.tile(item_ids, len(chunk)), values.ravel()])
            if connection.vendor == "postgresql":
                text = io.StringIO("\n".join(f"{f}\t{i}\t{v}" for f, i, v in rows.tolist()) + "\n")
                with connection.cursor() as cursor, cursor.connection.cursor().copy(
                        "COPY talent_campaignanswer (form_id, item_id, value) FROM STDIN") as copy:
                    copy.write(text.getvalue())
            else:
                with connection.cursor() as cursor:
                    cursor.executemany("INSERT INTO talent_campaignanswer (form_id, item_id, value) "
                                       "VALUES (%s, %s, %s)", rows.tolist())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE talent_campaignanswer; ANALYZE talent_campaignrater")
    return campaign.pk


def high_water_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not carried over from the parent)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def close(campaign_id: int) -> None:
    from django.contrib.auth import get_user_model

    from talent.models import AssessmentCampaign, CampaignAnswer, LiteracyAssessment
    from talent.services import campaigns as services

    campaign = AssessmentCampaign.objects.get(pk=campaign_id)
    answers = CampaignAnswer.objects.filter(form__campaign=campaign).count()  # before timing: a full scan
    user, _created = get_user_model().objects.get_or_create(username="bench_hr")
    before = high_water_mb()
    started = time.perf_counter()
    job = services.campaign_close(campaign=campaign, user=user)
    seconds = time.perf_counter() - started
    peak = high_water_mb()
    job.refresh_from_db()
    scored = LiteracyAssessment.objects.filter(campaign=campaign).count()
    campaign.refresh_from_db()
    print(f"job {job.status}: {answers:,} answers, {scored:,} cadres scored in {seconds:.1f} s "
          f"(goal <= {GOAL_SECONDS:.0f} s at 12.5 M); peak memory {peak:.0f} MB (before closing {before:.0f} MB; "
          f"goal <= {GOAL_MB} MB); {answers / seconds / 1e6:.2f} M answers/s")
    print(f"alpha: {campaign.results['alpha']}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cadres", type=int, default=50_000)
    parser.add_argument("--close", type=int, help=argparse.SUPPRESS)  # the timing process: the campaign's id
    options = parser.parse_args()
    vendor = setup()
    if options.close:
        close(options.close)
        return
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    campaign_id = seed(options.cadres)
    print(f"{vendor}: seeded {options.cadres:,} cadres x {RATERS} raters x {ITEMS} items in "
          f"{time.perf_counter() - started:.0f} s")
    subprocess.run([sys.executable, __file__, "--close", str(campaign_id)], check=True)


if __name__ == "__main__":
    main()
