"""The incentive list review: HR computes and submits a list, leadership reads it line by line, adjusts a
line with a reason and approves or rejects it after a page that restates what is being decided."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.db.models import Count, Q, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import DomainError
from core.formats import money
from incentives import explain, exports, jobs
from incentives.models import CycleStatus, Grade, IncentiveCycle
from incentives.selectors import cycles as selectors
from incentives.services import cycles as services
from talent import roles
from talent.access import actor_of
from talent.models import Department, Tier
from talent.selectors.pool import skill_names_of
from workspace.pages import Cell, Column, page, sorted_table

DECIDERS = (roles.HR, roles.LEADERSHIP)


def _cycles_crumb():
    return (_("Incentive lists"), reverse("workspace:cycles"))


@page(*DECIDERS)
def cycle_index(request):
    table = sorted_table(request, selectors.cycle_list(), default="-year", columns={
        "name": Column(_("Name"), "name"),
        "year": Column(_("Year"), "year", numeric=True),
        "status": Column(_("Status"), "status"),
        "budget": Column(_("Budget (yuan)"), "budget", numeric=True),
        "final": Column(_("Final total (yuan)"), "total_final", numeric=True),
    }, row=lambda cycle: [Cell(cycle.name, reverse("workspace:cycle", args=[cycle.pk])), cycle.year,
                          cycle.get_status_display(), money(cycle.budget), money(cycle.total_final)])
    return render(request, "workspace/cycles.html", {
        "title": _("Incentive lists"),
        "breadcrumbs": [(_("Workspace"), reverse("workspace:home")), (_("Incentive lists"), "")],
        "table": table,
    })


class LineFilter(forms.Form):
    """What the list can be narrowed to; a value that is not one of the choices is reported and ignored."""

    department = forms.ModelChoiceField(Department.objects.order_by("code"), required=False,
                                        label=gettext_lazy("Department"), empty_label=gettext_lazy("all"))
    tier = forms.ChoiceField(choices=[("", gettext_lazy("all")), *Tier.choices], required=False,
                             label=gettext_lazy("Tier"))
    grade = forms.ChoiceField(choices=[("", gettext_lazy("all")), *Grade.choices], required=False,
                              label=gettext_lazy("Appraisal grade"))
    honour = forms.ChoiceField(choices=[("", gettext_lazy("all")), ("yes", gettext_lazy("honoured")),
                                        ("no", gettext_lazy("not honoured"))], required=False,
                               label=gettext_lazy("Honour"))

    def narrow(self, lines):
        if not self.is_valid():
            return lines
        data = self.cleaned_data
        if data["department"]:
            lines = lines.filter(department=data["department"])
        if data["tier"]:
            lines = lines.filter(cadre__tier=data["tier"])
        if data["grade"]:
            lines = lines.filter(breakdown__grade=data["grade"])
        if data["honour"]:
            lines = lines.exclude(honour="") if data["honour"] == "yes" else lines.filter(honour="")
        return lines


def _actions(actor, cycle: IncentiveCycle) -> dict:
    return {
        "compute": actor.has(roles.HR) and cycle.status in services.EDITABLE,
        "submit": actor.has(roles.HR) and cycle.status == CycleStatus.COMPUTED,
        "reopen": actor.has(roles.HR) and cycle.status == CycleStatus.REJECTED,
        "decide": actor.has(roles.LEADERSHIP) and cycle.status == CycleStatus.SUBMITTED,
        "download": cycle.status == CycleStatus.APPROVED,
    }


def _payees(cycle: IncentiveCycle) -> int:
    return cycle.lines.filter(eligible=True).count()


@page(*DECIDERS)
def cycle_detail(request, pk: int):
    cycle = get_object_or_404(selectors.cycle_list(), pk=pk)
    if request.method == "POST":
        return _act(request, cycle)
    grades = dict(Grade.choices)
    chosen = LineFilter(request.GET)
    lines = chosen.narrow(selectors.line_list(cycle=cycle).select_related("cadre"))
    table = sorted_table(request, lines, default="position", columns={
        "position": Column(_("Place"), "position", numeric=True),
        "name": Column(_("Name"), "cadre__name"),
        "department": Column(_("Department"), "department__name"),
        "tier": Column(_("Tier"), "cadre__tier"),
        "grade": Column(_("Appraisal grade"), "breakdown__grade"),
        "score": Column(_("Score"), "score", numeric=True),
        "recommended": Column(_("Recommended (yuan)"), "recommended", numeric=True),
        "final": Column(_("Final (yuan)"), "final", numeric=True),
        "honour": Column(_("Honour"), "honour"),
    }, row=lambda line: [
        line.standing or "—", Cell(line.cadre.name, reverse("workspace:cycle_line", args=[cycle.pk, line.pk])),
        line.department.name, line.cadre.get_tier_display(), grades.get(line.breakdown.get("grade"), "—"),
        line.score if line.eligible else line.get_exclusion_display(), money(line.recommended),
        money(line.final) + (" *" if line.adjustment else ""), line.honour])
    subtotals = list(lines.order_by().values("department__name").annotate(
        people=Count("pk"), payees=Count("pk", filter=Q(eligible=True)), recommended=Sum("recommended"),
        final=Sum("final"), honours=Count("pk", filter=~Q(honour=""))).order_by("department__name"))
    actor = actor_of(request)
    return render(request, "workspace/cycle.html", {
        "title": str(cycle),
        "breadcrumbs": [(_("Workspace"), reverse("workspace:home")), _cycles_crumb(), (str(cycle), "")],
        "cycle": cycle, "summary": cycle.summary, "rules": explain.rules(cycle.summary), "payees": _payees(cycle),
        "filter": chosen, "table": table, "actions": _actions(actor, cycle),
        "subtotals": [{**row, "recommended": money(row["recommended"] or 0), "final": money(row["final"] or 0)}
                      for row in subtotals],
        "subtotal": {"people": sum(row["people"] for row in subtotals),
                     "payees": sum(row["payees"] for row in subtotals),
                     "honours": sum(row["honours"] for row in subtotals),
                     "recommended": money(sum((row["recommended"] or 0 for row in subtotals), Decimal(0))),
                     "final": money(sum((row["final"] or 0 for row in subtotals), Decimal(0)))},
        "adjusted": selectors.line_list(cycle=cycle).exclude(adjustment=0),
        "money": {name: money(getattr(cycle, name)) for name in ("budget", "total_recommended", "total_final",
                                                                  "unallocated")},
    })


def _act(request, cycle: IncentiveCycle):
    """HR's steps, each one button; leadership's decision goes through its confirmation page instead."""
    actor = actor_of(request)
    if request.POST.get("step") == "compute":
        # A province's list takes seconds and a nation's minutes: a job computes it while its page shows how far
        # it has come, then links back here.
        try:
            job = jobs.start_compute(cycle=cycle, user=request.user,
                                     page=reverse("workspace:cycle", args=[cycle.pk]))
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("workspace:cycle", pk=cycle.pk)
        return redirect("workspace:job", pk=job.pk)
    steps = {
        "submit": (services.cycle_submit, _("The list has been submitted to leadership.")),
        "reopen": (services.cycle_reopen, _("The list is back with HR.")),
    }
    step = steps.get(request.POST.get("step"))
    if step is None:
        messages.error(request, _("Unknown action."))
    else:
        service, done = step
        try:
            service(cycle=cycle, actor=actor)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done)
    return redirect("workspace:cycle", pk=cycle.pk)


class AdjustForm(forms.Form):
    final = forms.DecimalField(label=gettext_lazy("Final amount (yuan)"), max_digits=13, decimal_places=2,
                               min_value=0)
    reason = forms.CharField(label=gettext_lazy("Reason for the adjustment"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))


@page(*DECIDERS)
def cycle_line(request, pk: int, line_pk: int):
    """One person's line: the calculation step by step and, while the list is before leadership, its
    adjustment."""
    cycle = get_object_or_404(selectors.cycle_list(), pk=pk)
    line = get_object_or_404(selectors.line_list(cycle=cycle), pk=line_pk)
    may_adjust = actor_of(request).has(roles.LEADERSHIP) and cycle.status == CycleStatus.SUBMITTED and line.eligible
    form = AdjustForm(initial={"final": line.final})
    if request.method == "POST" and may_adjust:
        form = AdjustForm(request.POST)
        if form.is_valid():
            try:
                services.line_adjust(line=line, actor=actor_of(request), **form.cleaned_data)
            except DomainError as exc:
                for field, errors in (exc.fields or {None: [exc.message]}).items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("The amount of %(name)s is now %(final)s yuan.") % {
                    "name": line.cadre.name, "final": money(form.cleaned_data["final"])})
                return redirect("workspace:cycle", pk=cycle.pk)
    names = skill_names_of(line.breakdown.get("backbone_skills", ()))
    return render(request, "workspace/cycle_line.html", {
        "title": _("%(name)s on %(cycle)s") % {"name": line.cadre.name, "cycle": cycle.name},
        "breadcrumbs": [(_("Workspace"), reverse("workspace:home")), _cycles_crumb(),
                        (str(cycle), reverse("workspace:cycle", args=[cycle.pk])), (line.cadre.name, "")],
        "cycle": cycle, "line": line, "steps": explain.steps(line, cycle.summary, names) if cycle.summary else [],
        "form": form if may_adjust else None,
        "grade": dict(Grade.choices).get(line.breakdown.get("grade"), "—"),
        "money": {name: money(getattr(line, name)) for name in ("recommended", "adjustment", "final")},
    })


class DecisionForm(forms.Form):
    comment = forms.CharField(label=gettext_lazy("Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))


@page(roles.LEADERSHIP)
def cycle_decide(request, pk: int, decision: str):
    """The confirmation: what is being approved or rejected (the total, how many people, what is left of the
    budget), and a comment, required to reject."""
    cycle = get_object_or_404(selectors.cycle_list(), pk=pk)
    if cycle.status != CycleStatus.SUBMITTED:
        messages.error(request, _("Only a submitted list can be decided; this one is %(status)s.")
                       % {"status": cycle.get_status_display()})
        return redirect("workspace:cycle", pk=cycle.pk)
    approving = decision == "approve"
    form = DecisionForm(request.POST or None)
    form.fields["comment"].required = not approving
    if request.method == "POST" and form.is_valid():
        service = services.cycle_approve if approving else services.cycle_reject
        try:
            service(cycle=cycle, actor=actor_of(request), comment=form.cleaned_data["comment"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The list is approved and frozen.") if approving
                             else _("The list has been rejected."))
            return redirect("workspace:cycle", pk=cycle.pk)
    title = _("Approve %(cycle)s?") if approving else _("Reject %(cycle)s?")
    return render(request, "workspace/cycle_decide.html", {
        "title": title % {"cycle": cycle}, "approving": approving, "cycle": cycle, "form": form,
        "breadcrumbs": [(_("Workspace"), reverse("workspace:home")), _cycles_crumb(),
                        (str(cycle), reverse("workspace:cycle", args=[cycle.pk])),
                        (_("Approve") if approving else _("Reject"), "")],
        "payees": _payees(cycle), "honours": cycle.lines.exclude(honour="").count(),
        "adjustments": cycle.lines.exclude(adjustment=0).count(),
        "money": {name: money(getattr(cycle, name)) for name in ("budget", "total_final", "unallocated")},
    })


@page(*DECIDERS)
def cycle_download(request, pk: int, file_format: str):
    cycle = get_object_or_404(selectors.cycle_list(), pk=pk)
    try:
        body, content_type = exports.approved_list(cycle=cycle, file_format=file_format)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("workspace:cycle", pk=cycle.pk)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="incentives-{cycle.year}-{cycle.pk}.{file_format}"'
    return response
