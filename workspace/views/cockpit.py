"""领导驾驶舱: where the bureau stands, where the gaps are and what to do, for a period."""

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import jobs, table_cache
from core.models import ACTIVE, JobStatus
from core.replicas import replica_reads
from talent import roles
from talent.access import actor_of
from talent.serializers.planning import HEALTH_CHECK_LABELS
from talent.views import planning as planning_views
from workspace import cockpit
from workspace import jobs as workspace_jobs
from workspace.pages import page
from workspace.views import trends as trends_views

PARTS = [("", gettext_lazy("whole year")), ("H1", gettext_lazy("first half")), ("H2", gettext_lazy("second half")),
         ("Q1", gettext_lazy("first quarter")), ("Q2", gettext_lazy("second quarter")),
         ("Q3", gettext_lazy("third quarter")), ("Q4", gettext_lazy("fourth quarter"))]


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2099)
    part = forms.ChoiceField(label=gettext_lazy("Part of the year"), choices=PARTS, required=False)

    def period(self, default: str) -> str:
        if not self.is_valid():
            return default
        part = self.cleaned_data["part"]
        return f"{self.cleaned_data['year']}-{part}" if part else str(self.cleaned_data["year"])


def _period(request, actor) -> tuple[str, PeriodForm]:
    chosen = PeriodForm(request.GET or None)
    return chosen.period(cockpit.default_period(actor)), chosen


@replica_reads
@page(roles.LEADERSHIP, roles.HR)
def cockpit_report(request):
    """The leadership report as a PDF: the cockpit's key findings first, then talent's report, then sharing and
    incentives (the bureau's picture: leadership and HR only, as the API's report)."""
    actor = actor_of(request)
    period, _form = _period(request, actor)
    try:
        with table_cache.warm_only():
            pdf = planning_views.leadership_report(actor=actor, period=period,
                                                   **cockpit.report_sections(actor, period))
    except table_cache.Cold:
        # Not computed since the tables last changed: a job draws it; its page offers the PDF when done.
        job = workspace_jobs.start_cockpit_report(actor=actor, period=period)
        pdf = jobs.job_output(job)
        if pdf is None:
            return redirect("workspace:job", job.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="leadership-report-{period}.pdf"'
    return response


@replica_reads
@page(roles.LEADERSHIP, roles.HR, roles.HEAD)
def cockpit_page(request):
    actor = actor_of(request)
    period, chosen = _period(request, actor)
    if not chosen.is_bound or not chosen.is_valid():
        year, _dash, part = period.partition("-")
        chosen = PeriodForm(initial={"year": year, "part": part})
    try:
        with table_cache.warm_only():
            figures = cockpit.figures(actor, period)
    except table_cache.Cold:
        # Not computed since the tables last changed: a job computes the figures (one, however many open
        # the page at once) while the page shows its progress, then reloads itself and finds them cached.
        job = workspace_jobs.start_cockpit(actor=actor, period=period, page=request.get_full_path())
        job.refresh_from_db()
        if job.status != JobStatus.SUCCEEDED:
            return render(request, "workspace/cockpit.html", {
                "title": _("Cockpit"), "breadcrumbs": [(_("Workspace"), reverse("workspace:home")),
                                                       (_("Cockpit"), "")],
                "period": period, "period_form": chosen, "job": job, "active": job.status in ACTIVE,
                "reload_when_done": True,
            })
        figures = cockpit.figures(actor, period)
    health = figures["health"]
    if health:
        health["rows"] = [(HEALTH_CHECK_LABELS[check], count) for check, count in health["checks"].items()]
    return render(request, "workspace/cockpit.html", {
        "title": _("Cockpit") if figures["scope"].whole_bureau else _("Cockpit: my departments"),
        "breadcrumbs": [(_("Workspace"), reverse("workspace:home")), (_("Cockpit"), "")],
        "period": period, "period_form": chosen, "now": timezone.localtime(), **figures,
        **_over_time(actor, period),
    })


def _over_time(actor, period: str) -> dict:
    """The cockpit's look back, read afresh (small reads, not cached with the figures): the trends this year
    against last, the nominations decided in the period's year and the unmet demand of the last year."""
    today = timezone.localdate()
    return {"trend_cards": trends_views.trend_cards(actor, today)[0],
            "nominations": cockpit.decided_nominations(actor, int(period[:4])),
            "unmet": cockpit.unmet_demand(today)}
