"""Nominations: the list (leadership's pending ones to decide, a head's own), one nomination with its decision or
withdrawal, and the form from a cadre's page. Reads are the API's selectors, writes its services, rules its
serializers'; a cadre or nomination outside the caller's scope is a 404, as in the API."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.errors import DomainError, Forbidden
from incentives.models import NominationKind, NominationStatus
from incentives.selectors import nominations as selectors
from incentives.serializers.nominations import DecisionSerializer, NominationCreateSerializer
from incentives.services import nominations as services
from talent import roles
from talent.access import actor_of
from talent.selectors import pool as talent_selectors
from workspace.forms import DecisionForm, NominationForm, checked, typed
from workspace.pages import Cell, Column, page, sorted_table

READERS = (roles.HR, roles.HEAD, roles.LEADERSHIP, roles.AUDITOR)
NOMINATORS = (roles.HR, roles.HEAD)
COLUMNS = {
    "cadre": Column(gettext_lazy("cadre"), "cadre__name"),
    "department": Column(gettext_lazy("department"), "cadre__department__name"),
    "kind": Column(gettext_lazy("nominated as"), "kind"),
    "target": Column(gettext_lazy("post or honour"), "target"),
    "status": Column(gettext_lazy("status"), "status"),
    "nominated": Column(gettext_lazy("nominated at"), "created_at"),
    "decided": Column(gettext_lazy("decided at"), "decided_at"),
}


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "Y-m-d H:i") if moment else ""


def _crumbs(*more):
    return [(_("Workspace"), reverse("workspace:home")), (_("Nominations"), reverse("workspace:nominations")), *more]


def _refused(form, error: DomainError) -> None:
    for field, found in (error.fields or {}).items():
        for message in found if isinstance(found, list) else [found]:
            form.add_error(field if field in form.fields else None, str(message))
    if not error.fields:
        form.add_error(None, str(error.message))


def nomination_row(nomination) -> list:
    return [Cell(nomination.cadre.name, reverse("workspace:nomination", args=[nomination.pk])),
            nomination.cadre.department.name, nomination.get_kind_display(), nomination.target or "—",
            nomination.get_status_display(), _when(nomination.created_at), _when(nomination.decided_at)]


@page(*READERS)
def nomination_list(request):
    """Leadership opens on the nominations awaiting their decision, a head on the ones they made; anyone may widen
    the list to every nomination they may see."""
    actor = actor_of(request)
    found = selectors.nomination_list(actor=actor)
    default_status = NominationStatus.PENDING if actor.has(roles.LEADERSHIP) else ""
    status = request.GET.get("status", default_status)
    if status in NominationStatus.values:
        found = found.filter(status=status)
    may_nominate = actor.has(*NOMINATORS)
    mine = may_nominate and request.GET.get("mine", "1" if actor.has(roles.HEAD) and not actor.has(roles.HR) else "")
    if mine == "1":
        found = found.filter(nominated_by=request.user)
    table = sorted_table(request, found, columns=COLUMNS, default="-nominated", row=nomination_row)
    return render(request, "workspace/nominations.html", {
        "title": _("Nominations"), "breadcrumbs": [(_("Workspace"), reverse("workspace:home")), (_("Nominations"), "")],
        "table": table, "statuses": NominationStatus.choices, "status": status, "mine": mine == "1",
        "may_nominate": may_nominate,
    })


def _visible(request, pk: int):
    return get_object_or_404(selectors.nomination_list(actor=actor_of(request)), pk=pk)


def _decision_forms(data=None, move: str = "") -> dict:
    return {
        "approve": DecisionForm(data if move == "approve" else None, prefix="approve", label=_("note")),
        "decline": DecisionForm(data if move == "decline" else None, prefix="decline", label=_("reason for declining"),
                                required=True),
    }


def _detail(request, nomination, *, forms=None, error: str = "", status: int = 200):
    actor = actor_of(request)
    cadre_url = (reverse("workspace:cadre", args=[nomination.cadre_id])
                 if actor.has(roles.HR, roles.HEAD, roles.LEADERSHIP) else "")
    return render(request, "workspace/nomination.html", {
        "title": _("Nomination of %(name)s") % {"name": nomination.cadre.name},
        "breadcrumbs": _crumbs((nomination.cadre.name, "")),
        "nomination": nomination, "cadre_url": cadre_url,
        "moves": selectors.nomination_moves(actor=actor, nomination=nomination),
        "forms": forms or _decision_forms(), "error": error,
    }, status=status)


@page(*READERS)
def nomination_detail(request, pk: int):
    return _detail(request, _visible(request, pk))


MOVES = {
    "approve": lambda actor, n, data: services.nomination_decide(actor=actor, nomination=n, approve=True,
                                                                 note=data["note"]),
    "decline": lambda actor, n, data: services.nomination_decide(actor=actor, nomination=n, approve=False,
                                                                 note=data["note"]),
    "withdraw": lambda actor, n, data: services.nomination_withdraw(actor=actor, nomination=n),
}
DONE = {"approve": gettext_lazy("Approved: the nomination is kept on the cadre's record."),
        "decline": gettext_lazy("Declined: the nomination is kept with your reason."),
        "withdraw": gettext_lazy("The nomination is withdrawn.")}


@require_POST
@page(roles.LEADERSHIP, *NOMINATORS)
def nomination_move(request, pk: int, move: str):
    """Approve, decline (with a reason) or withdraw: the service decides; a refusal is shown on the page with the
    API's status (403, or 409 once the nomination is decided)."""
    if move not in MOVES:
        raise Http404
    nomination = _visible(request, pk)
    forms = _decision_forms(request.POST, move)
    data = {}
    if move in forms:
        data = checked(forms[move], DecisionSerializer(data=typed(forms[move])))
        if data is None:
            return _detail(request, nomination, forms=forms, status=400)
    try:
        MOVES[move](actor_of(request), nomination, data)
    except Forbidden as error:
        raise PermissionDenied from error
    except DomainError as error:
        if move in forms and error.fields:
            _refused(forms[move], error)
        return _detail(request, nomination, forms=forms, error=str(error.message), status=error.status)
    messages.success(request, DONE[move])
    return redirect("workspace:nomination", nomination.pk)


def _form(cadre, data=None) -> NominationForm:
    skills = [(str(held.skill_id), f"{held.skill.name} · {held.level} {held.get_level_display()}")
              for held in selectors.supporting_skills(cadre=cadre)]
    contributions = [(str(c.pk), f"{c.year} · {c.title}（{c.get_kind_display()}，{_('impact')} {c.impact}）")
                     for c in selectors.supporting_contributions(cadre=cadre)]
    return NominationForm(data, kinds=NominationKind.choices, skills=skills, contributions=contributions)


@page(*NOMINATORS)
def nomination_new(request, pk: int):
    """From a cadre's page: a head for the people of their departments (any other cadre is a 404, as in the API),
    HR for anyone."""
    actor = actor_of(request)
    cadre = get_object_or_404(talent_selectors.cadre_list(actor=actor), pk=pk)
    if not selectors.may_nominate(actor, cadre):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = _form(cadre, request.POST)
        data = checked(form, NominationCreateSerializer(data={**typed(form), "cadre": cadre.pk}))
        if data is not None:
            data = {key: value for key, value in data.items() if key != "cadre"}
            try:
                nomination = services.nomination_create(actor=actor, cadre=cadre, **data)
            except Forbidden as error:
                raise PermissionDenied from error
            except DomainError as error:
                _refused(form, error)
            else:
                messages.success(request, _("The nomination is made: leadership will decide it."))
                return redirect("workspace:nomination", nomination.pk)
        status = 400
    else:
        form = _form(cadre)
    return render(request, "workspace/nomination_new.html", {
        "title": _("Nominate %(name)s") % {"name": cadre.name},
        "breadcrumbs": [(_("Workspace"), reverse("workspace:home")),
                        (cadre.name, reverse("workspace:cadre", args=[cadre.pk])), (_("Nominate"), "")],
        "cadre": cadre, "form": form,
    }, status=status)
