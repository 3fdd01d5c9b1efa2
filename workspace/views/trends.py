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
from talent.selectors import trends as selectors
from workspace import trends
from workspace.pages import page


class ScopeForm(forms.Form):
    scope = forms.ChoiceField(label=gettext_lazy("Literacy of"), required=False)


def trend_cards(actor, today: date, wanted: str = "") -> tuple[list[dict], ScopeForm]:
    """One card per metric, this year against last: for literacy (by tier and by department) the scope wanted,
    else the first tier; with the form choosing it. The trends page and the cockpit draw the same cards."""
    since = date(today.year - 1, 1, 1)
    cards, form = [], ScopeForm()
    for metric, label in selectors.METRICS.items():
        points = list(selectors.trend_points(actor=actor, metric=metric, since=since, until=today))
        labels = selectors.scope_labels({p.scope for p in points})
        scopes = sorted(labels, key=lambda s: selectors.scope_order(s, labels))
        if not scopes:
            chosen = None
        elif len(scopes) > 1:  # literacy: by tier and by department; a scope not among them shows the first
            chosen = wanted if wanted in labels else scopes[0]
            form = ScopeForm(initial={"scope": chosen})
            form.fields["scope"].choices = [(s, labels[s]) for s in scopes]
        else:
            chosen = scopes[0]
        places = selectors.PLACES.get(metric, 2)
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
