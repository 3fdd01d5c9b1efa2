"""趋势: the overview's figures this year against last year, from the nightly snapshot."""

from datetime import date

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.replicas import replica_reads
from talent import roles
from talent.access import actor_of
from talent.models import Tier
from talent.selectors import trends as selectors
from workspace import trends
from workspace.pages import page

# Decimal places each metric is shown with (a metric not listed: two).
PLACES = {selectors.LITERACY: 2, selectors.PLAN_GAPS: 0, selectors.REGISTRY_FAILING: 0, "sharing_density": 3}


class ScopeForm(forms.Form):
    scope = forms.ChoiceField(label=gettext_lazy("Literacy of"), required=False)


def _scope_order(scope: str, labels: dict[str, str]) -> tuple:
    tiers = [tier for tier, _label in Tier.choices]
    kind, _colon, key = scope.partition(":")
    return (0, tiers.index(key) if key in tiers else 9, "") if kind != "department" else (1, 0, labels[scope])


def trend_cards(actor, today: date, wanted: str = "") -> tuple[list[dict], ScopeForm]:
    """One card per metric, this year against last: for literacy (by tier and by department) the scope wanted,
    else the first tier; with the form choosing it. The trends page and the cockpit draw the same cards."""
    since = date(today.year - 1, 1, 1)
    cards, form = [], ScopeForm()
    for metric, label in selectors.METRICS.items():
        points = list(selectors.trend_points(actor=actor, metric=metric, since=since, until=today))
        labels = selectors.scope_labels({p.scope for p in points})
        scopes = sorted(labels, key=lambda s: _scope_order(s, labels))
        if not scopes:
            chosen = None
        elif len(scopes) > 1:  # literacy: by tier and by department; a scope not among them shows the first
            chosen = wanted if wanted in labels else scopes[0]
            form = ScopeForm(initial={"scope": chosen})
            form.fields["scope"].choices = [(s, labels[s]) for s in scopes]
        else:
            chosen = scopes[0]
        places = PLACES.get(metric, 2)
        chart = trends.year_against_year([(p.day, p.value) for p in points if p.scope == chosen], today=today,
                                         places=places)
        cards.append({"id": f"trend-{metric.replace('_', '-')}", "metric": metric, "label": label,
                      "scope_label": labels.get(chosen, ""), "chart": chart, "places": places,
                      "has_choice": len(scopes) > 1})
    return cards, form


@replica_reads
@page(roles.LEADERSHIP, roles.HR, roles.HEAD)
def trends_page(request):
    today = timezone.localdate()
    cards, form = trend_cards(actor_of(request), today, request.GET.get("scope", ""))
    return render(request, "workspace/trends.html", {
        "title": _("Trends"),
        "breadcrumbs": [(_("Workspace"), reverse("workspace:home")), (_("Cockpit"), reverse("workspace:cockpit")),
                        (_("Trends"), "")],
        "cards": cards, "scope_form": form, "this_year": today.year, "last_year": today.year - 1,
    })
