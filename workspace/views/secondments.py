"""One secondment, with the actions of its workflow for who may press them (sharing.selectors.secondment_moves,
the rule the services enforce; the services check again when a button is pressed)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.errors import DomainError, Forbidden
from sharing.selectors import secondments as sharing_selectors
from sharing.serializers.secondments import CompleteSerializer, ReasonSerializer
from sharing.services import secondments as sharing_services
from talent import roles
from talent.access import actor_of
from workspace import explanations
from workspace.forms import CompleteForm, ReasonForm, checked, typed
from workspace.pages import page
from workspace.views.requests import refused


def _forms(data=None, move: str = "") -> dict:
    """The action forms, the one just sent bound to what was typed."""
    return {
        "decline": ReasonForm(data if move == "decline" else None, prefix="decline", label=_("reason for declining")),
        "cancel": ReasonForm(data if move == "cancel" else None, prefix="cancel", label=_("reason for cancelling")),
        "complete": CompleteForm(data if move == "complete" else None, prefix="complete"),
    }


def _detail(request, secondment, *, forms=None, error: str = "", status: int = 200):
    actor = actor_of(request)
    # The request's page is linked only if the actor may open it (a head never sees another department's draft).
    request_url = (reverse("workspace:request", args=[secondment.request_id])
                   if sharing_selectors.share_request_list(actor=actor).filter(pk=secondment.request_id).exists()
                   else "")
    return render(request, "workspace/secondment.html", {
        "title": _("Secondment"),
        "breadcrumbs": [(_("Workspace"), reverse("workspace:home")), (secondment.request.title, request_url),
                        (str(secondment.cadre.name), "")],
        "secondment": secondment, "parts": explanations.terms(secondment.explanation),
        "out_of": explanations.out_of(secondment.explanation),
        "moves": sharing_selectors.secondment_moves(actor=actor, secondment=secondment),
        "forms": forms or _forms(), "error": error,
        "consent": sharing_selectors.consent_state(secondment),
    }, status=status)


def _visible(request, pk: int):
    return get_object_or_404(sharing_selectors.secondment_list(actor=actor_of(request)), pk=pk)


@page(roles.HR, roles.LEADERSHIP, roles.HEAD)
def secondment_detail(request, pk: int):
    """One secondment as the API shows it to the actor; one outside their scope is a 404, as in the API."""
    return _detail(request, _visible(request, pk))


# Each move: the serializer its form is checked with (None: a bare button) and the service it calls.
MOVES = {
    "accept": (None, lambda actor, s, data: sharing_services.secondment_accept(actor=actor, secondment=s)),
    "decline": (ReasonSerializer, lambda actor, s, data: sharing_services.secondment_decline(
        actor=actor, secondment=s, reason=data["reason"])),
    "approve": (None, lambda actor, s, data: sharing_services.secondment_approve(actor=actor, secondment=s)),
    "cancel": (ReasonSerializer, lambda actor, s, data: sharing_services.secondment_cancel(
        actor=actor, secondment=s, reason=data["reason"])),
    "complete": (CompleteSerializer, lambda actor, s, data: sharing_services.secondment_complete(
        actor=actor, secondment=s, rating=data["rating"], comment=data["comment"])),
    # The cadre's own answer, for a head or HR officer who is the cadre proposed (others answer on /me/).
    "consent": (None, lambda actor, s, data: sharing_services.secondment_consent(actor=actor, secondment=s)),
    "refuse": (None, lambda actor, s, data: sharing_services.secondment_refuse(actor=actor, secondment=s)),
}
DONE = {
    "accept": gettext_lazy("Accepted: HR or leadership approve it next."),
    "decline": gettext_lazy("Declined: this person is not proposed for this request again."),
    "approve": gettext_lazy("Approved."),
    "cancel": gettext_lazy("The secondment is cancelled."),
    "complete": gettext_lazy("Completed and rated."),
    "consent": gettext_lazy("You agreed: HR or leadership approve it once your home department has accepted."),
    "refuse": gettext_lazy("You declined: you are not proposed for this request again."),
}


@require_POST
@page(roles.HR, roles.LEADERSHIP, roles.HEAD)
def secondment_move(request, pk: int, move: str):
    """Press one of the workflow's buttons: the service checks who and when; a refusal is shown on the page
    (with the API's status: 403, or 409 for a move the secondment's state does not allow)."""
    if move not in MOVES:
        raise Http404
    secondment = _visible(request, pk)
    serializer, service = MOVES[move]
    forms = _forms(request.POST, move)
    data = {}
    if serializer is not None:
        data = checked(forms[move], serializer(data=typed(forms[move])))
        if data is None:
            return _detail(request, secondment, forms=forms, status=400)
    try:
        service(actor_of(request), secondment, data)
    except Forbidden as error:
        raise PermissionDenied from error
    except DomainError as error:
        if move in forms and error.fields:
            refused(forms[move], error)
        return _detail(request, secondment, forms=forms, error=str(error.message), status=error.status)
    messages.success(request, DONE[move])
    return redirect("workspace:secondment", secondment.pk)
