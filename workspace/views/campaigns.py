"""Assessment campaigns in the workspace: my forms to answer (/assessments/, one page per person rated, made
for a phone), and HR's campaign pages (/campaigns/): the instrument, the steps, progress per department and,
once closed, reliability, agreement and the scores. No page shows anyone's answers."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import DomainError
from talent import roles
from talent.access import actor_of
from talent.literacy import CAPACITIES
from talent.models import CampaignStatus, Capacity, ItemScale
from talent.selectors import campaigns as selectors
from talent.serializers.campaigns import FormSubmitSerializer
from talent.services import campaigns as services
from workspace.pages import Cell, Column, fixed_table, page, sorted_table

FOLLOWERS = (roles.HR, roles.HEAD, roles.LEADERSHIP)
RATERS = (roles.CADRE, roles.HEAD, roles.HR, roles.LEADERSHIP)
WEAK_ALPHA = 0.7  # below this a capacity's items do not measure one thing well enough
LIKERT_LABELS = {1: gettext_lazy("does not apply at all"), 2: gettext_lazy("hardly applies"),
                 3: gettext_lazy("partly applies"), 4: gettext_lazy("largely applies"),
                 5: gettext_lazy("fully applies")}


def _home():
    return (_("Workspace"), reverse("workspace:home"))


@page(*RATERS)
def assessment_list(request):
    forms = list(selectors.forms_for(actor=actor_of(request)))
    return render(request, "workspace/assessments.html", {
        "title": _("Assessments to answer"),
        "breadcrumbs": [_home(), (_("Assessments to answer"), "")],
        "waiting": [form for form in forms if form.submitted_at is None],
        "done": [form for form in forms if form.submitted_at is not None],
    })


def _likert_choices():
    return [(str(value), LIKERT_LABELS[value]) for value in range(1, 6)]


@page(*RATERS)
def assessment_form(request, pk: int):
    """One form: the items grouped by capacity, a choice of 1-5 (or a score) for each; submitted once."""
    form = get_object_or_404(selectors.forms_for(actor=actor_of(request)), pk=pk)
    items = list(form.campaign.items.all())
    typed = {item.pk: request.POST.get(f"item_{item.pk}", "") for item in items} if request.method == "POST" else {}
    errors: dict[str, list[str]] = {}
    problem = ""
    if request.method == "POST" and form.submitted_at is None:
        body = {"answers": [{"item": pk_, "value": value} for pk_, value in typed.items() if value != ""]}
        serializer = FormSubmitSerializer(data=body)
        if not serializer.is_valid():
            problem = _("Answer every item within its scale.")
            errors = {f"item_{item.pk}": [problem] for item in items if not str(typed[item.pk]).isdigit()}
        else:
            answers = {a["item"]: a["value"] for a in serializer.validated_data["answers"]}
            try:
                services.form_submit(form=form, user=request.user, answers=answers)
            except DomainError as exc:
                problem, errors = exc.message, exc.fields or {}
            else:
                messages.success(request, _("Thank you: your answers about %(name)s are in.") % {
                    "name": form.ratee.name})
                return redirect("workspace:assessments")
    labels = dict(Capacity.choices)
    groups = []
    for capacity in CAPACITIES:
        rows = [{"item": item, "name": f"item_{item.pk}", "value": str(typed.get(item.pk, "")),
                 "errors": errors.get(f"item_{item.pk}", []),
                 "choices": _likert_choices() if item.scale == ItemScale.LIKERT else None}
                for item in items if item.capacity == capacity]
        if rows:
            groups.append({"label": labels[capacity], "rows": rows})
    title = _("Assessing %(name)s") % {"name": form.ratee.name}
    return render(request, "workspace/assessment_form.html", {
        "title": title,
        "breadcrumbs": [_home(), (_("Assessments to answer"), reverse("workspace:assessments")), (title, "")],
        "form": form, "groups": groups, "problem": problem, "open": form.submitted_at is None,
    })


def _campaigns_crumb():
    return (_("Assessment campaigns"), reverse("workspace:campaigns"))


@page(*FOLLOWERS)
def campaign_index(request):
    table = sorted_table(request, selectors.campaign_list(), default="-period", columns={
        "name": Column(_("Campaign name"), "name"),
        "period": Column(_("Period"), "period"),
        "tier": Column(_("Tier"), "tier"),
        "status": Column(_("Status"), "status"),
        "submitted": Column(_("Forms answered"), "submitted", numeric=True),
    }, row=lambda c: [Cell(c.name, reverse("workspace:campaign", args=[c.pk])), c.period, c.get_tier_display(),
                      c.get_status_display(), Cell(f"{c.submitted} / {c.forms}", numeric=True)])
    return render(request, "workspace/campaigns.html", {
        "title": _("Assessment campaigns"),
        "breadcrumbs": [_home(), (_("Assessment campaigns"), "")],
        "table": table,
    })


def _act(request, campaign):
    step = request.POST.get("step")
    try:
        if step == "suggest":
            added = services.raters_suggest(campaign=campaign)
            messages.success(request, _("%(count)s forms added.") % {"count": added})
        elif step == "open":
            services.campaign_open(campaign=campaign)
            messages.success(request, _("The campaign is open: raters see their forms."))
        elif step == "close":
            job = services.campaign_close(campaign=campaign, user=request.user)
            return redirect("workspace:job", pk=job.pk)
        else:
            messages.error(request, _("Unknown action."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("workspace:campaign", pk=campaign.pk)


@page(*FOLLOWERS)
def campaign_detail(request, pk: int):
    campaign = get_object_or_404(selectors.campaign_list(), pk=pk)
    actor = actor_of(request)
    if request.method == "POST":
        if not actor.has(roles.HR):
            messages.error(request, _("Only HR staff run campaigns."))
            return redirect("workspace:campaign", pk=campaign.pk)
        return _act(request, campaign)
    labels = dict(Capacity.choices)
    progress = selectors.progress(campaign=campaign, actor=actor)
    results = campaign.results or {}
    quality = []
    for capacity in CAPACITIES:
        alpha = (results.get("alpha") or {}).get(capacity)
        agreement = (results.get("agreement") or {}).get(capacity) or {}
        quality.append({"label": labels[capacity], "items": sum(1 for i in campaign.items.all()
                                                                  if i.capacity == capacity),
                        "alpha": "—" if alpha is None else f"{alpha:.2f}",
                        "weak": alpha is not None and alpha < WEAK_ALPHA,
                        "gap": "—" if agreement.get("mean_abs_diff") is None else f"{agreement['mean_abs_diff']:.1f}",
                        "cadres": agreement.get("cadres", 0)})
    scores = sorted_table(request, selectors.scores(campaign=campaign, actor=actor), default="name", columns={
        "name": Column(_("Name"), "cadre__name"),
        "department": Column(_("Department"), "cadre__department__name"),
        **{c: Column(labels[c], c, numeric=True) for c in CAPACITIES},
    }, row=lambda a: [Cell(a.cadre.name, reverse("workspace:cadre", args=[a.cadre_id])), a.cadre.department.name,
                      *[Cell(getattr(a, c), numeric=True) for c in CAPACITIES]], prefix="scores-")
    hr = actor.has(roles.HR)
    return render(request, "workspace/campaign.html", {
        "title": campaign.name,
        "breadcrumbs": [_home(), _campaigns_crumb(), (campaign.name, "")],
        "campaign": campaign,
        "items": fixed_table([Column(_("capacity")), Column(_("item")), Column(_("scale")),
                              Column(_("weight"), numeric=True)],
                             [(labels[i.capacity], i.text_zh, i.get_scale_display(), i.weight)
                              for i in campaign.items.all()]),
        "progress": fixed_table(
            [Column(_("Department")), Column(_("Cadres rated"), numeric=True), Column(_("Forms"), numeric=True),
             Column(_("Answered"), numeric=True), Column(_("Percent"), numeric=True)],
            [(row["department_name"], row["cadres"], row["forms"], row["submitted"], f"{row['percent']}%")
             for row in progress]),
        "quality": quality, "results": results, "scores": scores, "weak_alpha": WEAK_ALPHA,
        "may": {"suggest": hr and campaign.status in (CampaignStatus.DRAFT, CampaignStatus.OPEN),
                "open": hr and campaign.status == CampaignStatus.DRAFT,
                "close": hr and campaign.status == CampaignStatus.OPEN},
    })
