"""My record (/me/): the signed-in cadre's own record, as the /api/v1/me/ endpoints give it, with what they write
themselves: their mobility preference, their interest in matching open requests and their answer to a proposal
(the API's serializers check the forms; its services write)."""

from auditlog.signals import accessed
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError, Forbidden
from incentives.selectors.certificates import certificate_list
from incentives.selectors.nominations import own_decided_nominations
from sharing.models import Secondment, SecondmentInterest
from sharing.selectors import mobility as mobility_selectors
from sharing.selectors import secondments as sharing_selectors
from sharing.serializers.mobility import ConsentSerializer, MobilityPreferenceSerializer
from sharing.services import mobility as mobility_services
from sharing.services import secondments as sharing_services
from talent.access import actor_of
from talent.models import CAPACITIES, Capacity
from talent.selectors import credentials as credential_selectors
from talent.selectors import pool as selectors
from talent.selectors import posts as post_selectors
from talent.selectors import training as training_selectors
from talent.serializers.study import SelfStudyLogSerializer
from talent.services import study as study_services
from workspace.forms import MobilityForm, RefusalForm, StudyForm, checked
from workspace.pages import Cell, Column, fixed_table, page
from workspace.views.cadres import VALIDITY_LABELS, training_credential_link
from workspace.views.requests import refused


def _literacy_table(cadre):
    picture = selectors.literacy_of(cadre_ids=[cadre.pk]).get(cadre.pk)
    if picture is None:
        return None, None
    labels = dict(Capacity.choices)
    columns = [Column(_("capacity")), Column(_("score"), numeric=True), Column(_("target"), numeric=True),
               Column(_("gap"), numeric=True)]
    rows = [(labels[c], picture.scores[c], picture.targets[c], picture.gaps[c]) for c in CAPACITIES]
    return picture, fixed_table(columns, rows)


def _own(request):
    cadre = getattr(request.user, "cadre", None)
    if cadre is None:
        raise Http404
    return cadre


def _mobility_form(cadre, data=None) -> MobilityForm:
    if data is not None:
        return MobilityForm(data, prefix="mobility")
    preference = mobility_selectors.preference_of(cadre)
    return MobilityForm(prefix="mobility", initial={
        "open_to_secondment": preference.open_to_secondment, "months": preference.months,
        "available_from": preference.available_from, "note": preference.note,
        "skills": [s.pk for s in preference.skills.all()] if preference.pk else []})


@page()
def own_record(request):
    """Everything the pool holds about me, and nothing about anyone else: the record is the one my login is
    linked to, never one named in the request. A login with no cadre record has no such page (404)."""
    return _render(request, _own(request))


def _render(request, cadre, *, mobility_form=None, study_form=None, refusal=None, error: str = "",
            status: int = 200):
    accessed.send(sender=type(cadre), instance=cadre)  # my own ID and phone, in full: audited like any such read
    actor = actor_of(request)
    year = timezone.localdate().year
    picture, literacy = _literacy_table(cadre)
    skills = cadre.skills.select_related("skill").order_by("skill__code")
    history = selectors.cadre_skill_history(cadre=cadre)[:20]
    records = cadre.training_records.select_related("program").order_by("-completed_on", "-id")
    secondments = list(Secondment.objects.filter(cadre=cadre).select_related(
        "request", "host_department", "home_department").order_by("-start_date", "-id"))
    to_answer = [(s, sharing_selectors.secondment_moves(actor=actor, secondment=s)) for s in secondments]
    to_answer = [(s, moves) for s, moves in to_answer if moves & {"consent", "refuse"}]
    preference = mobility_selectors.preference_of(cadre)
    contributions = cadre.contributions.order_by("-year", "-created_at")
    certificates = certificate_list().filter(cadre=cadre).order_by("-issued_on", "-id")
    standing = training_selectors.standings(cadres=[cadre], year=year)[cadre.pk]
    names = training_selectors.program_names(standing.missing)
    credentials = cadre.credentials.select_related("skill").defer("evidence").order_by("expires_on", "id")
    return render(request, "workspace/own_record.html", {
        "title": _("My record"),
        "cadre": cadre,
        "error": error,
        "to_answer": to_answer,
        "refusal": refusal or (None, RefusalForm(prefix="refuse")),
        "preference": preference,
        "mobility_form": mobility_form or _mobility_form(cadre),
        "study_form": study_form or StudyForm(prefix="study", initial={"studied_on": timezone.localdate()}),
        "study": fixed_table(
            [Column(_("training program or topic")), Column(_("hours"), numeric=True), Column(_("studied on")),
             Column(_("status"))],
            [(s.program.name if s.program_id else s.topic, s.hours, s.studied_on.isoformat(), s.get_status_display())
             for s in cadre.self_study.select_related("program").order_by("-studied_on", "-id")[:20]]),
        "opportunities": mobility_selectors.opportunities_for(cadre=cadre),
        "consent_needed": sharing_selectors.consent_needed(),
        "literacy": picture,
        "gaps": literacy,
        "recommendations": selectors.cadre_recommendations(cadre=cadre),
        "year": year,
        "hours_this_year": standing.total,
        "ledger": {"year": year, "standing": standing, "missing": [names[p].name for p in standing.missing]},
        # My own numbers in full: this page is mine alone.
        "credentials": fixed_table(
            [Column(_("certificate or licence")), Column(_("issuer")), Column(_("certificate number")),
             Column(_("expires on")), Column(_("certifies skill")), Column(_("status"))],
            [(c.name, c.issuer, c.number, c.expires_on.isoformat() if c.expires_on else _("does not expire"),
              f"{c.skill.name} · {c.get_level_display()}" if c.skill_id else "—",
              VALIDITY_LABELS[credential_selectors.validity(c)]) for c in credentials]),
        "skills": fixed_table(
            [Column(_("skill")), Column(_("level")), Column(_("source")), Column(_("verified"))],
            [(s.skill.name, s.get_level_display(), s.get_source_display(),
              _("yes") if s.verified_at else _("awaiting verification")) for s in skills]),
        "history": fixed_table(
            [Column(_("skill")), Column(_("level")), Column(_("source")), Column(_("until"))],
            [(h.skill.name, h.get_level_display(), h.get_source_display(),
              timezone.localtime(h.archived_at).strftime("%Y-%m-%d")) for h in history]),
        "training": fixed_table(
            [Column(_("training program")), Column(_("hours"), numeric=True), Column(_("result")),
             Column(_("completed on")), Column(_("signed credential"))],
            [(r.program.name, r.hours, r.get_result_display(), r.completed_on.isoformat() if r.completed_on else "",
              training_credential_link(r, "own-training-credential")) for r in records]),
        "secondments": fixed_table(
            [Column(_("expert request")), Column(_("host department")), Column(_("dates")), Column(_("status"))],
            [(s.request.title, s.host_department.name, f"{s.start_date:%Y-%m-%d} – {s.end_date:%Y-%m-%d}",
              s.get_status_display()) for s in secondments]),
        "contributions": fixed_table(
            [Column(_("year")), Column(_("title")), Column(_("kind")), Column(_("status"))],
            [(c.year, c.title, c.get_kind_display(), c.get_status_display()) for c in contributions]),
        "posts": post_selectors.post_history(cadre_ids=[cadre.pk])[cadre.pk],
        "nominations": fixed_table(
            [Column(_("nominated as")), Column(_("post or honour")), Column(_("status")), Column(_("decided at")),
             Column(_("decision note"))],
            [(n.get_kind_display(), n.target or "—", n.get_status_display(),
              timezone.localtime(n.decided_at).strftime("%Y-%m-%d"), n.decision_note or "—")
             for n in own_decided_nominations(cadre=cadre)]),
        "certificates": fixed_table(
            [Column(_("honour")), Column(_("date of issue")), Column(_("status")), Column(_("signed credential"))],
            [(c.honour, c.issued_on.isoformat(), _("revoked") if c.revoked else _("valid"),
              Cell(_("Download (JSON)"), url=reverse("own-credential", args=[c.pk]))) for c in certificates]),
    }, status=status)


@require_POST
@page()
def own_mobility(request):
    """Save my mobility preference; a refusal is shown beside the fields, as the API words it."""
    cadre = _own(request)
    form = _mobility_form(cadre, request.POST)
    data = checked(form, MobilityPreferenceSerializer(data=form.api_data()))
    if data is None:
        return _render(request, cadre, mobility_form=form, status=400)
    try:
        mobility_services.preference_set(cadre=cadre, **data)
    except DomainError as error:
        refused(form, error)
        return _render(request, cadre, mobility_form=form, status=error.status)
    messages.success(request, _("Your mobility preference is saved."))
    return redirect("/me/#mobility")


@require_POST
@page()
def own_study(request):
    """Log study I did on my own; my head or HR confirms it (talent.services.study)."""
    cadre = _own(request)
    form = StudyForm(request.POST, prefix="study")
    data = checked(form, SelfStudyLogSerializer(data=form.api_data()))
    if data is None:
        return _render(request, cadre, study_form=form, status=400)
    try:
        study_services.self_study_log(cadre=cadre, **data)
    except DomainError as error:
        refused(form, error)
        return _render(request, cadre, study_form=form, status=error.status)
    except ValidationError as error:  # the record's own rule: a program or a topic
        for field, found in error.message_dict.items():
            form.add_error(field if field in form.fields else None, found)
        return _render(request, cadre, study_form=form, status=400)
    messages.success(request, _("Your study is logged; your head or HR confirms it."))
    return redirect("/me/#study")


@require_POST
@page()
def own_interest(request, request_id: int, move: str):
    """Say I am interested in a matching open request, or take it back; anything else is a 404, as in the API."""
    cadre = _own(request)
    if move == "withdraw":
        mobility_services.interest_withdraw(
            interest=get_object_or_404(SecondmentInterest, cadre=cadre, request_id=request_id))
        messages.success(request, _("Your interest is withdrawn."))
        return redirect("/me/#opportunities")
    if move != "express":
        raise Http404
    share_request = mobility_selectors.opportunity(cadre=cadre, request_id=request_id)
    if share_request is None:
        raise Http404
    try:
        mobility_services.interest_express(cadre=cadre, share_request=share_request)
    except DomainError as error:
        return _render(request, cadre, error=str(error.message), status=error.status)
    messages.success(request, _("Your interest is noted: the requesting department sees it on its candidate list."))
    return redirect("/me/#opportunities")


@require_POST
@page()
def own_answer(request, pk: int, move: str):
    """Agree to a secondment proposed for me, or decline it; only my own (404 otherwise)."""
    cadre = _own(request)
    if move not in ("consent", "refuse"):
        raise Http404
    secondment = get_object_or_404(Secondment, pk=pk, cadre=cadre)
    form = RefusalForm(request.POST if move == "refuse" else None, prefix="refuse")
    reason = ""
    if move == "refuse":
        data = checked(form, ConsentSerializer(data={"agree": False, "reason": form["reason"].value() or ""}))
        if data is None:
            return _render(request, cadre, refusal=(secondment.pk, form), status=400)
        reason = data["reason"]
    try:
        if move == "consent":
            sharing_services.secondment_consent(actor=actor_of(request), secondment=secondment)
        else:
            sharing_services.secondment_refuse(actor=actor_of(request), secondment=secondment, reason=reason)
    except Forbidden as error:
        raise PermissionDenied from error
    except DomainError as error:
        return _render(request, cadre, error=str(error.message), status=error.status)
    messages.success(request, _("You agreed: HR or leadership approve it once your home department has accepted.")
                     if move == "consent" else _("You declined: you are not proposed for this request again."))
    return redirect("/me/#answer")
