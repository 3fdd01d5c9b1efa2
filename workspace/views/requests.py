"""Expert requests: the list, filing one (a draft), and one request with its ranked candidates, exclusions and
proposals. The reads are the API's selectors, the writes its services, the rules its serializer's."""

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
from sharing.models import RequestStatus
from sharing.selectors import secondments as sharing_selectors
from sharing.serializers.secondments import ExclusionSerializer, ReasonSerializer, ShareRequestSerializer
from sharing.services import secondments as sharing_services
from talent import roles
from talent.access import actor_of
from talent.models import Department, Skill
from workspace import explanations
from workspace.forms import SKILL_LEVELS, SKILL_WEIGHTS, ReasonForm, ShareRequestForm, checked, skill_rows, typed
from workspace.pages import Cell, Column, page, sorted_table

SHARING = (roles.HR, roles.LEADERSHIP, roles.HEAD)
CANDIDATES_SHOWN = 20
REQUEST_COLUMNS = {
    "title": Column(gettext_lazy("title"), "title"),
    "department": Column(gettext_lazy("requesting department"), "department__name"),
    "status": Column(gettext_lazy("status"), "status"),
    "headcount": Column(gettext_lazy("headcount"), "headcount", numeric=True),
    "start": Column(gettext_lazy("start date"), "start_date"),
    "end": Column(gettext_lazy("end date"), "end_date"),
    "created": Column(gettext_lazy("filed on"), "created_at"),
}
PROPOSAL_COLUMNS = {
    "cadre": Column(gettext_lazy("cadre"), "cadre__name"),
    "home": Column(gettext_lazy("home department"), "home_department__name"),
    "status": Column(gettext_lazy("status"), "status"),
    "score": Column(gettext_lazy("match score"), "score", numeric=True),
    "start": Column(gettext_lazy("start date"), "start_date"),
}


def _crumbs(*more):
    return [(_("Workspace"), reverse("workspace:home")), (_("Expert requests"), reverse("workspace:requests")),
            *more]


def refused(form, error: DomainError) -> None:
    """A service's refusal beside the fields it names, or above the form."""
    for field, found in (error.fields or {}).items():
        for message in found if isinstance(found, list | tuple) else [found]:
            form.add_error(field if field in form.fields else None, str(message))
    if not error.fields:
        form.add_error(None, str(error.message))


@page(*SHARING)
def request_list(request):
    requests = sharing_selectors.share_request_list(actor=actor_of(request))
    status = request.GET.get("status", "")
    if status in RequestStatus.values:
        requests = requests.filter(status=status)
    table = sorted_table(request, requests, columns=REQUEST_COLUMNS, default="-created", row=lambda r: [
        Cell(r.title, reverse("workspace:request", args=[r.pk])), r.department.name, r.get_status_display(),
        r.headcount, r.start_date.isoformat(), r.end_date.isoformat(),
        date_format(timezone.localtime(r.created_at), "Y-m-d H:i")])
    return render(request, "workspace/requests.html", {
        "title": _("Expert requests"),
        "breadcrumbs": [(_("Workspace"), reverse("workspace:home")), (_("Expert requests"), "")],
        "table": table, "statuses": RequestStatus.choices, "status": status,
        "may_file": actor_of(request).has(roles.HR, roles.HEAD),
    })


def _departments(actor):
    if actor.has(roles.HR):
        return Department.objects.filter(active=True).order_by("name")
    return Department.objects.filter(pk__in=actor.scope_department_ids, active=True).order_by("name")


@page(roles.HR, roles.HEAD)
def request_new(request):
    """A head files a request for their departments (HR for any) as a draft; it is opened from its page."""
    actor = actor_of(request)
    departments = _departments(actor)
    status = 200
    if request.method == "POST":
        form = ShareRequestForm(request.POST, departments=departments)
        rows = skill_rows(request.POST)
        data = checked(form, ShareRequestSerializer(data={**typed(form), "skills": rows}), rows=rows)
        if data is not None:
            data = dict(data)
            try:
                share_request = sharing_services.share_request_create(
                    actor=actor, skills=data.pop("required_skills"), **data)
            except Forbidden as error:
                raise PermissionDenied from error
            except DomainError as error:
                refused(form, error)
            else:
                messages.success(request, _("The draft is saved. Check it, then open it to find candidates."))
                return redirect("workspace:request", share_request.pk)
        status = 400
    else:
        form = ShareRequestForm(departments=departments)
        rows = [{"skill": "", "min_level": "3", "weight": "1"}]
    return render(request, "workspace/request_new.html", {
        "title": _("New expert request"), "breadcrumbs": _crumbs((_("New expert request"), "")),
        "form": form, "rows": rows or [{"skill": "", "min_level": "3", "weight": "1"}],
        "skills": Skill.objects.filter(active=True).order_by("name").values_list("pk", "name"),
        "levels": SKILL_LEVELS, "weights": SKILL_WEIGHTS,
    }, status=status)


def _busy_where(actor, share_request, exclusions) -> dict[int, list]:
    """Where each busy person is expected, among the secondments the actor may see (the API's scope): a head
    learns only that someone is busy, not where, unless the secondment lends from or comes to their department."""
    busy = [x["cadre"] for x in exclusions if x["reason"] == "busy"]
    found = {}
    for secondment in sharing_selectors.secondment_list(actor=actor).filter(
            cadre_id__in=busy, status__in=sharing_selectors.HOLDING, start_date__lte=share_request.end_date,
            end_date__gte=share_request.start_date).order_by("start_date"):
        found.setdefault(secondment.cadre_id, []).append(secondment)
    return found


def _exclusion_groups(actor, share_request, exclusions) -> list[dict]:
    where = _busy_where(actor, share_request, exclusions)
    groups = []
    for reason, text in ExclusionSerializer.REASONS.items():
        people = [{**x, "where": where.get(x["cadre"], [])} for x in exclusions if x["reason"] == reason]
        if people:
            groups.append({"reason": reason, "text": text, "people": people})
    return groups


def _detail(request, share_request, *, cancel_form=None, error: str = "", status: int = 200):
    actor = actor_of(request)
    sees_candidates = actor.sees_all_departments or share_request.department_id in actor.scope_department_ids
    candidates, groups = [], []
    if sees_candidates and share_request.status in (RequestStatus.DRAFT, RequestStatus.OPEN,
                                                    RequestStatus.FULFILLED):
        found, excluded = sharing_services.request_candidates(share_request=share_request, limit=CANDIDATES_SHOWN)
        candidates = [{**c, "parts": explanations.terms(c), "out_of": explanations.out_of(c)} for c in found]
        groups = _exclusion_groups(actor, share_request, excluded)
    proposals = sorted_table(
        request, sharing_selectors.secondment_list(actor=actor).filter(request=share_request),
        columns=PROPOSAL_COLUMNS, default="-score", row=lambda s: [
            Cell(s.cadre.name, reverse("workspace:secondment", args=[s.pk])), s.home_department.name,
            s.get_status_display(), s.score, s.start_date.isoformat()])
    moves = sharing_selectors.request_moves(actor=actor, share_request=share_request)
    return render(request, "workspace/request.html", {
        "title": share_request.title, "breadcrumbs": _crumbs((share_request.title, "")),
        "share_request": share_request, "sees_candidates": sees_candidates, "candidates": candidates,
        "exclusion_groups": groups, "proposals": proposals, "moves": moves,
        "cancel_form": cancel_form or _cancel_form(), "error": error,
    }, status=status)


def _cancel_form(data=None) -> ReasonForm:
    return ReasonForm(data, prefix="cancel", label=_("reason for cancelling"))


def _visible_request(request, pk: int):
    return get_object_or_404(sharing_selectors.share_request_list(actor=actor_of(request)), pk=pk)


@page(*SHARING)
def request_detail(request, pk: int):
    """One request as the API shows it to the actor; one outside their scope (another department's draft) is
    a 404. The candidates are for the requesting department's head, HR and leadership, as in the API."""
    return _detail(request, _visible_request(request, pk))


REQUEST_MOVES = {
    "open": lambda actor, r, data: sharing_services.share_request_open(actor=actor, share_request=r),
    "close": lambda actor, r, data: sharing_services.share_request_close(actor=actor, share_request=r),
    "cancel": lambda actor, r, data: sharing_services.share_request_cancel(actor=actor, share_request=r,
                                                                          reason=data["reason"]),
}
DONE = {"open": gettext_lazy("The request is open: candidates are proposed for it from now on."),
        "close": gettext_lazy("The request is closed."), "cancel": gettext_lazy("The request is cancelled.")}


@require_POST
@page(roles.HR, roles.HEAD)
def request_move(request, pk: int, move: str):
    """Open, close or cancel (with a reason): the service decides; a refusal is shown on the request's page."""
    if move not in REQUEST_MOVES:
        raise Http404
    share_request = _visible_request(request, pk)
    form, data = None, {}
    if move == "cancel":
        form = _cancel_form(request.POST)
        data = checked(form, ReasonSerializer(data=typed(form)))
        if data is None:
            return _detail(request, share_request, cancel_form=form, status=400)
    try:
        REQUEST_MOVES[move](actor_of(request), share_request, data)
    except Forbidden as error:
        raise PermissionDenied from error
    except DomainError as error:
        return _detail(request, share_request, cancel_form=form, error=str(error.message), status=error.status)
    messages.success(request, DONE[move])
    return redirect("workspace:request", share_request.pk)
