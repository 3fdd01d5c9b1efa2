"""Loads the demo sharing (fixtures/demo_sharing.json) through the services: past secondments with the hosts'
ratings, expert requests from several departments, one global allocation over the open ones, and the demo
heads' answers to the proposals for their own people, and the demo cadres' mobility: a preference and a proposal
awaiting their own agreement on /me/; then a department that declines a lot (its record of sharing) and the
sharing rules HR set. Run after load_demo and load_demo_skills; idempotent."""

import json
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from sharing.models import Secondment, ShareRequest
from sharing.services import departments as department_services
from sharing.services import mobility as mobility_services
from sharing.services import secondments as services
from talent.access import Actor
from talent.models import Cadre, CadreSkill, Department, Skill

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo_sharing.json"


class Command(BaseCommand):
    help = "Load the demo secondments: past ones with ratings, open expert requests, and proposals for them."

    def handle(self, *args, **options):
        if ShareRequest.objects.exists():
            self.stdout.write("Expert requests are already loaded; the demo sharing was not loaded again.")
            return
        if not CadreSkill.objects.exists():
            raise CommandError("Load the demo bureau and its skills first (manage.py load_demo, load_demo_skills).")
        data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        with transaction.atomic():
            outcome = self._load(data)
        self.stdout.write(self.style.SUCCESS(
            f"Loaded {len(data['history'])} past secondments and {len(data['requests'])} expert requests; "
            f"the allocation proposed {len(outcome.proposals)} people for {outcome.places} places."
        ))

    def _load(self, data) -> services.Outcome:
        names = {row["head"] for row in data["responses"]} | {row["filed_by"] for row in data["requests"]} | {
            "hr", data["declines"]["head"]}
        users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
        if names - set(users):
            raise CommandError(f"The demo logins are missing ({', '.join(sorted(names - set(users)))}): "
                               "load the demo bureau first (manage.py load_demo).")
        hr = Actor(users["hr"])
        today = timezone.localdate()
        departments = {d.code: d for d in Department.objects.all()}
        cadres = {c.staff_number: c for c in Cadre.objects.filter(
            staff_number__in=[row["cadre"] for row in data["history"]])}
        skills = {s.code: s for s in Skill.objects.all()}

        for row in data["history"]:
            services.secondment_record_past(
                actor=hr, cadre=cadres[row["cadre"]], host_department=departments[row["host"]], title=row["title"],
                start_date=today - timedelta(days=row["start_days_ago"]),
                end_date=today - timedelta(days=row["end_days_ago"]), rating=row["rating"], comment=row["comment"])

        def file_request(row) -> None:
            filer = Actor(users[row["filed_by"]])
            share_request = services.share_request_create(
                actor=filer, department=departments[row["department"]], title=row["title"],
                justification=row["justification"], headcount=row["headcount"],
                start_date=today + timedelta(days=row["start_in_days"]),
                end_date=today + timedelta(days=row["end_in_days"]),
                skills=[{"skill": skills[s["skill"]], "min_level": s["min_level"], "weight": s["weight"]}
                        for s in row["skills"]])
            if row["open"]:
                services.share_request_open(actor=filer, share_request=share_request)

        # The current secondment: allocated alone, accepted by its home head, approved, so active today.
        file_request(data["current"])
        [current] = Secondment.objects.filter(allocation_run=services.allocation_run(actor=hr, dry_run=False).run)
        services.secondment_accept(actor=self._head_of(current.home_department_id), secondment=current)
        self._agreed(current)
        services.secondment_approve(actor=hr, secondment=current)

        for row in data["requests"]:
            file_request(row)
        outcome = services.allocation_run(actor=hr, dry_run=False)
        accepted = []
        for row in data["responses"]:
            head = Actor(users[row["head"]])
            mine = list(Secondment.objects.filter(allocation_run=outcome.run,
                                                  home_department_id__in=head.scope_department_ids)
                        .order_by("request_id", "cadre__staff_number"))
            accepted += [services.secondment_accept(actor=head, secondment=s) for s in mine[:row["accept"]]]
            for secondment in mine[row["accept"]:row["accept"] + row["decline"]]:
                services.secondment_decline(actor=head, secondment=secondment, reason=row["decline_reason"])
        # A demo cadre who answers on /me/ (data["mobility"]) is left to agree; HR approves the others.
        own_say = self._mobility(data, today, skills)
        for secondment in [s for s in accepted if s.cadre_id not in own_say][:data["approvals"]]:
            self._agreed(secondment)
            services.secondment_approve(actor=hr, secondment=secondment)
        self._declines(data["declines"], hr, Actor(users[data["declines"]["head"]]), departments, skills, today)
        for row in data["rules"]:
            department_services.sharing_rule_set(
                actor=hr, department=departments[row.pop("department")], **row)
        return outcome

    @staticmethod
    def _declines(declines, hr: Actor, head: Actor, departments, skills, today) -> None:
        """Requests of other departments for which HR proposed one of the head's people, declined weeks later
        with a reason, then closed: the history of a department that declines a lot (its record of sharing)."""
        now = timezone.now()
        for row in declines["rows"]:
            share_request = services.share_request_create(
                actor=hr, department=departments[row["host"]], title=row["title"], headcount=1,
                justification=row["title"], start_date=today + timedelta(days=60),
                end_date=today + timedelta(days=119),
                skills=[{"skill": skills[row["skill"]], "min_level": row["min_level"], "weight": 1}])
            services.share_request_open(actor=hr, share_request=share_request)
            candidates, _left_out = services.request_candidates(share_request=share_request, limit=200)
            theirs = [c for c in candidates if c["department"] in head.scope_department_ids]
            if not theirs:
                raise CommandError(f"Nobody of the declining department is a candidate for {row['title']}.")
            secondment = services.secondment_propose(actor=hr, share_request=share_request,
                                                     cadre=Cadre.objects.get(pk=theirs[0]["cadre"]))
            services.secondment_decline(actor=head, secondment=secondment, reason=row["reason"])
            # The demo's history: asked weeks ago, answered slowly.
            asked = now - timedelta(days=row["asked_days_ago"])
            Secondment.objects.filter(pk=secondment.pk).update(
                created_at=asked, accepted_at=asked + timedelta(days=row["answered_after_days"]))
            services.share_request_close(actor=hr, share_request=share_request)

    @staticmethod
    def _agreed(secondment: Secondment) -> None:
        """The demo's history: these cadres (most without a login) agreed in person before HR approved."""
        if settings.SECONDMENT_NEEDS_CONSENT:
            Secondment.objects.filter(pk=secondment.pk).update(consented_at=timezone.now())

    @staticmethod
    def _mobility(data, today, skills) -> set[int]:
        """Each demo cadre's preference, as they would set it on /me/; returns their ids."""
        found = set()
        for row in data.get("mobility", []):
            cadre = Cadre.objects.get(staff_number=row["cadre"])
            mobility_services.preference_set(
                cadre=cadre, open_to_secondment=True, months=row["months"],
                available_from=today + timedelta(days=row["available_in_days"]),
                skills=[skills[code] for code in row["skills"]], note=row["note"])
            found.add(cadre.pk)
        return found

    @staticmethod
    def _head_of(department_id: int) -> Actor:
        for user in get_user_model().objects.filter(headed_departments__isnull=False).distinct().order_by("pk"):
            actor = Actor(user)
            if department_id in actor.scope_department_ids:
                return actor
        raise CommandError("A department that lends in the demo has no head with a login (fixtures/demo_bureau.json).")
