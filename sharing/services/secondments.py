"""Writes for cross-department sharing: expert requests, the global allocation and the secondment workflow.

    proposed --accept (home head)--> accepted --approve (HR, leadership)--> approved --start date--> active
        --complete with rating (host head)--> completed
    proposed --decline with reason (home head)--> declined
    proposed, accepted --consent (the cadre)--> the same status, agreed (SECONDMENT_NEEDS_CONSENT: approval
        waits for it); --refuse (the cadre)--> refused, and they are not proposed for that request again
    proposed, accepted, approved, active --cancel with reason (HR, leadership, host head)--> cancelled
Any other move is a Conflict (409). Locks are taken in one order, secondment -> request -> cadre, so two
actions never wait on each other in a circle.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext

from core import bulk
from core.errors import Conflict, DomainError, Forbidden
from sharing import allocation, rules, scoring
from sharing import notices as sharing_notices
from sharing.models import (
    HOLDING,
    AllocationRun,
    RequestStatus,
    RequiredSkill,
    Secondment,
    SecondmentStatus,
    ShareRequest,
)
from sharing.selectors import secondments as selectors
from talent import roles
from talent.access import Actor
from talent.models import Cadre, CadreStatus, Department
from talent.services import pool as talent_services

REQUEST_FIELDS = ("department", "title", "justification", "headcount", "start_date", "end_date")
FILLED = (SecondmentStatus.APPROVED, SecondmentStatus.ACTIVE, SecondmentStatus.COMPLETED)
REFUSALS = {
    scoring.Reason.BUSY: _lazy("already proposed or seconded for overlapping dates"),
    scoring.Reason.SOLE_CRITICAL_HOLDER: _lazy("the only holder of a critical skill in their department"),
    scoring.Reason.LENDING_CAP_REACHED: _lazy("their department already lends as many people as it may"),
    scoring.Reason.TOO_LONG: _lazy("the request runs longer than their department's sharing rule allows"),
    scoring.Reason.SHORT_NOTICE: _lazy("the request starts sooner than their department's notice period"),
}


def _today() -> date:
    return timezone.localdate()


def _require(allowed: bool) -> None:
    if not allowed:
        raise Forbidden(_("You may not do this for this department."))


def _illegal(record, action: str) -> Conflict:
    return Conflict(_("Cannot %(action)s: the record is %(status)s.")
                    % {"action": action, "status": record.get_status_display()}, code="illegal_transition")


def _set_skills(share_request: ShareRequest, skills: list[dict]) -> None:
    if len({s["skill"].pk for s in skills}) != len(skills):
        raise DomainError(_("Each skill may be asked for once."), fields={"skills": _("A skill appears twice.")})
    share_request.required_skills.all().delete()
    for row in skills:
        required = RequiredSkill(request=share_request, skill=row["skill"], min_level=row["min_level"],
                                 weight=row.get("weight", 1))
        required.full_clean()
        required.save()


@transaction.atomic
def share_request_create(*, actor: Actor, skills: list[dict], **data) -> ShareRequest:
    """A draft request; the skills are dicts of skill, min_level and weight."""
    share_request = ShareRequest(requested_by=actor.user)
    for key in REQUEST_FIELDS:
        if key in data:
            setattr(share_request, key, data[key])
    _require(selectors.may_manage_request(actor, share_request.department_id))
    share_request.full_clean()
    share_request.save()
    _set_skills(share_request, skills)
    return share_request


@transaction.atomic
def share_request_update(*, actor: Actor, share_request: ShareRequest, skills: list[dict] | None = None,
                         **data) -> ShareRequest:
    share_request = ShareRequest.objects.select_for_update().get(pk=share_request.pk)
    _require(selectors.may_manage_request(actor, share_request.department_id))
    if share_request.status != RequestStatus.DRAFT:
        raise Conflict(_("Only a draft request can be changed."), code="illegal_transition")
    changed = [key for key in REQUEST_FIELDS if key in data]
    for key in changed:
        setattr(share_request, key, data[key])
    _require(selectors.may_manage_request(actor, share_request.department_id))
    share_request.full_clean()
    share_request.save(update_fields=[*changed, "updated_at"])
    if skills is not None:
        _set_skills(share_request, skills)
    return share_request


def _set_status(record, status: str, **fields) -> None:
    record.status = status
    for key, value in fields.items():
        setattr(record, key, value)
    record.full_clean()
    record.save(update_fields=["status", *fields, "updated_at"])


@transaction.atomic
def share_request_open(*, actor: Actor, share_request: ShareRequest) -> ShareRequest:
    """Publish a draft: from now on the allocation proposes people for it."""
    share_request = ShareRequest.objects.select_for_update().get(pk=share_request.pk)
    _require(selectors.may_manage_request(actor, share_request.department_id))
    if share_request.status != RequestStatus.DRAFT:
        raise _illegal(share_request, pgettext("action", "open"))
    if not share_request.required_skills.exists():
        raise DomainError(_("Name at least one required skill."), fields={"skills": _("This list is empty.")})
    if share_request.start_date < _today():
        raise DomainError(_("The start date has passed."), fields={"start_date": _("Choose a later date.")})
    _set_status(share_request, RequestStatus.OPEN)
    return share_request


def _cancel_pending(share_request: ShareRequest, *, statuses, actor: Actor, reason: str) -> None:
    for secondment in share_request.secondments.select_for_update().filter(status__in=statuses):
        _set_status(secondment, SecondmentStatus.CANCELLED, cancel_reason=reason, cancelled_by=actor.user)


@transaction.atomic
def share_request_cancel(*, actor: Actor, share_request: ShareRequest, reason: str) -> ShareRequest:
    """Withdraw a request; its secondments not yet under way are cancelled with the same reason."""
    share_request = ShareRequest.objects.select_for_update().get(pk=share_request.pk)
    _require(selectors.may_manage_request(actor, share_request.department_id))
    if share_request.status not in (RequestStatus.DRAFT, RequestStatus.OPEN, RequestStatus.FULFILLED):
        raise _illegal(share_request, pgettext("action", "cancel"))
    if share_request.secondments.filter(status=SecondmentStatus.ACTIVE).exists():
        raise Conflict(_("Someone is already seconded for this request; complete or cancel that secondment first."),
                       code="secondment_active")
    _cancel_pending(share_request, statuses=[SecondmentStatus.PROPOSED, SecondmentStatus.ACCEPTED,
                                             SecondmentStatus.APPROVED], actor=actor, reason=reason)
    _set_status(share_request, RequestStatus.CANCELLED, cancel_reason=reason)
    return share_request


@transaction.atomic
def share_request_close(*, actor: Actor, share_request: ShareRequest) -> ShareRequest:
    """Nothing more is needed: proposals not yet approved are withdrawn; approved ones go ahead."""
    share_request = ShareRequest.objects.select_for_update().get(pk=share_request.pk)
    _require(selectors.may_manage_request(actor, share_request.department_id))
    if share_request.status not in (RequestStatus.OPEN, RequestStatus.FULFILLED):
        raise _illegal(share_request, pgettext("action", "close"))
    _cancel_pending(share_request, statuses=[SecondmentStatus.PROPOSED, SecondmentStatus.ACCEPTED], actor=actor,
                    reason=_("The request was closed."))
    _set_status(share_request, RequestStatus.CLOSED)
    return share_request


@dataclass(frozen=True)
class Outcome:
    """What an allocation found: the proposals (stored unless it was a dry run) and its totals."""

    proposals: list[dict]
    total_score: Decimal
    requests: int
    places: int
    run: AllocationRun | None


def request_candidates(*, share_request: ShareRequest, limit: int) -> tuple[list[dict], list[dict]]:
    """One request's best candidates with their score breakdown, and the people left out with the reason."""
    specs = selectors.scoring_requests([share_request])
    pool = selectors.scoring_pool(requests=specs, today=_today())
    scored = pool.score(specs)
    best = scored.top(limit)
    explained = [pool.explain(best, row) for row in range(len(best))]
    left_out = scored.exclusions(0)
    names = selectors.Names.load(
        cadres=[e["cadre"] for e in explained] + [x.cadre for x in left_out],
        departments=[e["department"] for e in explained] + [x.department for x in left_out],
        skills=[r.skill for r in specs[0].requirements])
    exclusions = [{"cadre": x.cadre, "name": names.cadres[x.cadre][0], "staff_number": names.cadres[x.cadre][1],
                   "department": x.department, "department_name": names.departments[x.department],
                   "reason": x.reason.value, "skill": x.skill,
                   "skill_name": names.skills[x.skill][1] if x.skill else ""} for x in left_out]
    return [selectors.describe(e, names) for e in explained], exclusions


def _allocate(requests: list[ShareRequest], today: date) -> tuple[list[dict], int, int]:
    specs = [s for s in selectors.scoring_requests(requests) if s.places > 0]
    pool = selectors.scoring_pool(requests=specs, today=today)
    candidates = pool.score(specs, best=settings.ALLOCATION_CANDIDATES_PER_REQUEST)
    solution = allocation.solve(candidates.arcs(), {s.id: s.places for s in specs}, pool.capacity())
    # Explanations only for the proposals chosen, not for every candidate scored.
    explained = [{**pool.explain(candidates, row), "request": request_id} for row, request_id in zip(
        candidates.rows_of(solution.chosen.requests, solution.chosen.cadres).tolist(),
        solution.chosen.requests.tolist(), strict=True)]
    names = selectors.Names.load(cadres=[e["cadre"] for e in explained],
                                 departments=[e["department"] for e in explained],
                                 skills={r.skill for s in specs for r in s.requirements})
    return [selectors.describe(e, names) for e in explained], solution.total, sum(s.places for s in specs)


def allocation_run(*, actor: Actor, dry_run: bool) -> Outcome:
    """Propose people for every open request at once, maximising the total score (sharing.allocation).

    A dry run only shows the proposals. Otherwise the open requests are locked first, so two runs (or a run
    and an approval) take turns, and the proposals are stored with their score and explanation.
    """
    _require(actor.has(roles.HR))
    today = _today()
    with transaction.atomic():
        requests = ShareRequest.objects.filter(status=RequestStatus.OPEN).order_by("id")
        if not dry_run:
            requests = requests.select_for_update()
        requests = list(requests)
        proposals, total, places = _allocate(requests, today)
        total_score = Decimal(total) / 100
        if dry_run:
            return Outcome(proposals, total_score, len(requests), places, None)
        run = AllocationRun(run_by=actor.user, requests=len(requests), proposals=len(proposals),
                            places_left_open=places - len(proposals), total_score=total_score,
                            lending_percent=settings.SECONDMENT_LENDING_PERCENT)
        run.full_clean()
        run.save()
        by_id = {r.id: r for r in requests}
        # Created in bulk (one insert for a thousand proposals); the run record above is their audit entry.
        stored = [
            Secondment(request_id=p["request"], cadre_id=p["cadre"], home_department_id=p["department"],
                       host_department_id=by_id[p["request"]].department_id,
                       start_date=by_id[p["request"]].start_date, end_date=by_id[p["request"]].end_date,
                       score=Decimal(round(p["score"] * 100)) / 100, explanation=p, allocation_run=run)
            for p in proposals]
        # By COPY on PostgreSQL (core.bulk): a national run's 17,000 explanations took 7 s as INSERTs, psycopg
        # quoting their JSON in Python. The ids are set on them; the caller can follow each proposal.
        bulk.insert(Secondment, stored)
        proposals = [{**p, "secondment": s.pk} for p, s in zip(proposals, stored, strict=True)]
        sharing_notices.proposed(stored, subject=f"allocation-run:{run.pk}")  # told once the run commits
        return Outcome(proposals, total_score, len(requests), places, run)


def _locked(secondment: Secondment) -> Secondment:
    # of=self: lock only the secondment here; the request and the cadre are locked explicitly, in order.
    return Secondment.objects.select_for_update(of=("self",)).select_related("cadre", "request").get(pk=secondment.pk)


@transaction.atomic
def secondment_accept(*, actor: Actor, secondment: Secondment) -> Secondment:
    """The home department's head agrees to lend the cadre."""
    secondment = _locked(secondment)
    _require(selectors.may_move_secondment(actor, secondment, "accept"))
    if secondment.status != SecondmentStatus.PROPOSED:
        raise _illegal(secondment, pgettext("action", "accept"))
    _set_status(secondment, SecondmentStatus.ACCEPTED, accepted_by=actor.user, accepted_at=timezone.now())
    if not selectors.consent_needed() or secondment.consented_at is not None:
        sharing_notices.accepted(secondment)  # else HR are told when the cadre agrees
    return secondment


@transaction.atomic
def secondment_decline(*, actor: Actor, secondment: Secondment, reason: str) -> Secondment:
    """The home department's head keeps the cadre, saying why; the cadre is not proposed for this request again."""
    secondment = _locked(secondment)
    _require(selectors.may_move_secondment(actor, secondment, "decline"))
    if secondment.status != SecondmentStatus.PROPOSED:
        raise _illegal(secondment, pgettext("action", "decline"))
    if not reason.strip():
        raise DomainError(_("Say why."), fields={"reason": _("This field may not be blank.")})
    _set_status(secondment, SecondmentStatus.DECLINED, decline_reason=reason, accepted_by=actor.user,
                accepted_at=timezone.now())
    return secondment


def _answerable(secondment: Secondment, move: str, action: str) -> None:
    """The cadre may answer a live proposal once, while the bureau asks for their agreement."""
    if secondment.status not in selectors.SECONDMENT_MOVES[move]:
        raise _illegal(secondment, action)
    if not selectors.consent_needed():
        raise Conflict(_("This bureau does not ask for the cadre's agreement."), code="consent_not_needed")
    if secondment.consented_at is not None:
        raise Conflict(_("You have already agreed to this secondment; ask HR to cancel it if you cannot go."),
                       code="consent_given")


@transaction.atomic
def secondment_consent(*, actor: Actor, secondment: Secondment) -> Secondment:
    """The cadre agrees to go; with the home head's acceptance, HR or leadership may then approve."""
    secondment = _locked(secondment)
    _require(selectors.may_move_secondment(actor, secondment, "consent"))
    _answerable(secondment, "consent", pgettext("action", "agree"))
    secondment.consented_at = timezone.now()
    secondment.full_clean()
    secondment.save(update_fields=["consented_at", "updated_at"])
    if secondment.status == SecondmentStatus.ACCEPTED:
        sharing_notices.accepted(secondment)  # the home head had answered: it waits for HR now
    return secondment


@transaction.atomic
def secondment_refuse(*, actor: Actor, secondment: Secondment, reason: str = "") -> Secondment:
    """The cadre declines to go; they are not proposed for this request again."""
    secondment = _locked(secondment)
    _require(selectors.may_move_secondment(actor, secondment, "refuse"))
    _answerable(secondment, "refuse", pgettext("action", "decline"))
    _set_status(secondment, SecondmentStatus.REFUSED, refusal_reason=reason)
    return secondment


@transaction.atomic
def secondment_propose(*, actor: Actor, share_request: ShareRequest, cadre: Cadre) -> Secondment:
    """HR proposes one candidate for an open request by hand, as the allocation would: with the score and its
    explanation. Someone who is not a candidate now (busy, declined by their department or by themselves for
    this request, their department at its cap) is refused with the reason (409)."""
    _require(actor.has(roles.HR))
    share_request = ShareRequest.objects.select_for_update().get(pk=share_request.pk)
    if share_request.status != RequestStatus.OPEN:
        raise _illegal(share_request, pgettext("action", "propose"))
    cadre = Cadre.objects.select_for_update().get(pk=cadre.pk)
    specs = selectors.scoring_requests([share_request])
    if specs[0].places <= 0:
        raise Conflict(_("The request already has all the people it asked for."), code="request_full")
    pool = selectors.scoring_pool(requests=specs, today=_today())
    scored = pool.score(specs)
    left_out = {x.cadre: x.reason for x in scored.exclusions(0)}
    if cadre.pk in left_out:
        reason = left_out[cadre.pk]
        if reason in (scoring.Reason.DECLINED, scoring.Reason.REFUSED):
            raise Conflict(_("This person was declined for this request and is not proposed for it again."),
                           code="declined_for_request")
        raise Conflict(_("This person cannot be proposed now: %(reason)s.") % {"reason": REFUSALS[reason]},
                       code="not_a_candidate")
    rows = [row for row, found in enumerate(scored.cadres.tolist()) if found == cadre.pk]
    if not rows:
        raise DomainError(_("This person is not a candidate: they must hold every required skill at its level "
                            "and work outside the requesting department."),
                          fields={"cadre": [_("Choose one of the request's candidates.")]})
    explained = pool.explain(scored, rows[0])
    names = selectors.Names.load(cadres=[cadre.pk], departments=[explained["department"]],
                                 skills=[r.skill for r in specs[0].requirements])
    described = {**selectors.describe(explained, names), "request": share_request.pk}
    secondment = Secondment(request=share_request, cadre=cadre, home_department_id=cadre.department_id,
                            host_department_id=share_request.department_id, start_date=share_request.start_date,
                            end_date=share_request.end_date, score=Decimal(explained["score"]) / 100,
                            explanation=described)
    secondment.full_clean()
    secondment.save()
    sharing_notices.proposed([secondment], subject=f"secondment:{secondment.pk}")
    return secondment


def _cadre_seconded(cadre: Cadre, seconded: bool) -> None:
    """The cadre's status follows their secondments: seconded while one is active."""
    if seconded and cadre.status == CadreStatus.ACTIVE:
        talent_services.cadre_update(cadre=cadre, status=CadreStatus.SECONDED)
    elif not seconded and cadre.status == CadreStatus.SECONDED and not cadre.secondments.filter(
            status=SecondmentStatus.ACTIVE).exists():
        talent_services.cadre_update(cadre=cadre, status=CadreStatus.ACTIVE)


def _activate(secondment: Secondment, cadre: Cadre) -> None:
    _set_status(secondment, SecondmentStatus.ACTIVE)
    _cadre_seconded(cadre, True)


@transaction.atomic
def secondment_approve(*, actor: Actor, secondment: Secondment) -> Secondment:
    """HR or leadership approve an accepted secondment; it starts at once if its start date has come."""
    _require(selectors.may_move_secondment(actor, secondment, "approve"))
    secondment = _locked(secondment)
    if secondment.status != SecondmentStatus.ACCEPTED:
        raise _illegal(secondment, pgettext("action", "approve"))
    if not selectors.state_allows(secondment, "approve"):
        raise Conflict(_("The cadre has not agreed to this secondment yet: it can be approved once they agree "
                         "on their own page (我的档案)."), code="consent_needed")
    share_request = ShareRequest.objects.select_for_update().get(pk=secondment.request_id)
    # Locking the cadre serialises approvals for the same person: a second approval waits here until the
    # first commits, then sees it below and is refused.
    cadre = Cadre.objects.select_for_update().get(pk=secondment.cadre_id)
    if cadre.status == CadreStatus.LEFT:
        raise Conflict(_("This cadre has left."), code="cadre_left")
    if cadre.secondments.filter(status__in=[SecondmentStatus.APPROVED, SecondmentStatus.ACTIVE],
                                start_date__lte=secondment.end_date, end_date__gte=secondment.start_date
                                ).exclude(pk=secondment.pk).exists():
        raise Conflict(_("This cadre is already seconded for overlapping dates."), code="cadre_already_seconded")
    _keeps_to_rules(secondment)
    filled = share_request.secondments.filter(status__in=FILLED).count()
    if filled >= share_request.headcount:
        raise Conflict(_("The request already has all the people it asked for."), code="request_full")
    _set_status(secondment, SecondmentStatus.APPROVED, approved_by=actor.user, approved_at=timezone.now())
    if filled + 1 == share_request.headcount and share_request.status == RequestStatus.OPEN:
        _set_status(share_request, RequestStatus.FULFILLED)
    if secondment.start_date <= _today():
        _activate(secondment, cadre)
    sharing_notices.approved(secondment)
    return secondment


def _keeps_to_rules(secondment: Secondment) -> None:
    """The home department's sharing rule as it stands now (HR may have changed it since the proposal): the
    secondment no longer than its longest, proposed at least its notice before the start (409 otherwise)."""
    units = selectors.lending_units()
    rule = units.rule[units.unit_of[secondment.home_department_id]]
    proposed_on = timezone.localdate(secondment.created_at)
    broken = rules.breaches(rule, start=secondment.start_date, end=secondment.end_date, proposed_on=proposed_on)
    if rules.TOO_LONG in broken:
        raise Conflict(_("The home department lends people for at most %(months)s months; this secondment runs "
                         "from %(start)s to %(end)s.") % {"months": rule.max_months, "start": secondment.start_date,
                                                          "end": secondment.end_date}, code="secondment_too_long")
    if rules.SHORT_NOTICE in broken:
        raise Conflict(_("The home department asks for %(days)s days' notice; this secondment was proposed on "
                         "%(proposed)s to start on %(start)s.") % {"days": rule.notice_days, "proposed": proposed_on,
                                                                  "start": secondment.start_date},
                       code="short_notice")


def secondments_start_due(*, today: date | None = None) -> int:
    """Start every approved secondment whose start date has come (run daily); returns how many started."""
    today = today or _today()
    started = 0
    for pk in Secondment.objects.filter(status=SecondmentStatus.APPROVED, start_date__lte=today).values_list(
            "pk", flat=True):
        with transaction.atomic():
            secondment = _locked(Secondment(pk=pk))
            if secondment.status == SecondmentStatus.APPROVED:
                _activate(secondment, Cadre.objects.select_for_update().get(pk=secondment.cadre_id))
                started += 1
    return started


@transaction.atomic
def secondment_complete(*, actor: Actor, secondment: Secondment, rating: int, comment: str = "") -> Secondment:
    """The host department's head ends an active secondment with a rating from 1 to 5."""
    secondment = _locked(secondment)
    _require(selectors.may_move_secondment(actor, secondment, "complete"))
    if secondment.status != SecondmentStatus.ACTIVE:
        raise _illegal(secondment, pgettext("action", "complete"))
    _set_status(secondment, SecondmentStatus.COMPLETED, rating=rating, rating_comment=comment,
                rated_by=actor.user, completed_on=_today())
    _cadre_seconded(Cadre.objects.select_for_update().get(pk=secondment.cadre_id), False)
    return secondment


@transaction.atomic
def secondment_cancel(*, actor: Actor, secondment: Secondment, reason: str) -> Secondment:
    """Stop a secondment before it is completed; a fulfilled request opens again for the place freed."""
    secondment = _locked(secondment)
    _require(selectors.may_move_secondment(actor, secondment, "cancel"))
    if secondment.status not in HOLDING:
        raise _illegal(secondment, pgettext("action", "cancel"))
    if not reason.strip():
        raise DomainError(_("Say why."), fields={"reason": _("This field may not be blank.")})
    was_active = secondment.status == SecondmentStatus.ACTIVE
    _set_status(secondment, SecondmentStatus.CANCELLED, cancel_reason=reason, cancelled_by=actor.user)
    share_request = ShareRequest.objects.select_for_update().get(pk=secondment.request_id)
    if share_request.status == RequestStatus.FULFILLED and (
            share_request.secondments.filter(status__in=FILLED).count() < share_request.headcount):
        _set_status(share_request, RequestStatus.OPEN)
    if was_active:
        _cadre_seconded(Cadre.objects.select_for_update().get(pk=secondment.cadre_id), False)
    return secondment



@transaction.atomic
def secondment_record_past(*, actor: Actor, cadre: Cadre, host_department: Department, title: str,
                           start_date: date, end_date: date, rating: int, comment: str = "") -> Secondment:
    """HR records a secondment that ended before the system kept them (历史借调补录), so that the fairness
    term and the sharing graph know of it: a closed request of the host with one completed, rated secondment."""
    _require(actor.has(roles.HR))
    if end_date >= _today():
        raise DomainError(_("Only a secondment that has ended can be recorded."),
                          fields={"end_date": _("Choose a date before today.")})
    cadre = Cadre.objects.select_for_update().get(pk=cadre.pk)
    if cadre.department_id == host_department.pk:
        raise DomainError(_("A cadre is not seconded to their own department."),
                          fields={"host_department": _("Choose another department.")})
    if cadre.secondments.filter(status__in=[*HOLDING, SecondmentStatus.COMPLETED], start_date__lte=end_date,
                                end_date__gte=start_date).exists():
        raise Conflict(_("This cadre is already seconded for overlapping dates."), code="cadre_already_seconded")
    share_request = ShareRequest(department=host_department, title=title, headcount=1, start_date=start_date,
                                 end_date=end_date, status=RequestStatus.CLOSED, requested_by=actor.user,
                                 justification=_("Recorded after the secondment ended."))
    share_request.full_clean()
    share_request.save()
    secondment = Secondment(request=share_request, cadre=cadre, home_department_id=cadre.department_id,
                            host_department=host_department, start_date=start_date, end_date=end_date,
                            status=SecondmentStatus.COMPLETED, score=Decimal("0.00"), completed_on=end_date,
                            rating=rating, rating_comment=comment, rated_by=actor.user, approved_by=actor.user,
                            approved_at=timezone.now())
    secondment.full_clean()
    secondment.save()
    return secondment
