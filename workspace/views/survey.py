"""人才需求调查: the talent-demand survey of a period (sharing.selectors.survey, the API's), and the unmet demand
of the year up to its end: the skills talent searches found nobody for."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.replicas import replica_reads
from sharing.selectors import survey as selectors
from sharing.views.secondments import SHARING_ROLES
from talent.access import actor_of
from workspace import cockpit
from workspace.pages import Cell, Column, fixed_table, page
from workspace.views.cockpit import PeriodForm


def search_url(code: str, level: int | None = None) -> str:
    """The talent search for a skill, as the API writes it (CODE or CODE:LEVEL)."""
    return f"{reverse('workspace:talent')}?{urlencode({'skill': f'{code}:{level}' if level else code})}"


@replica_reads
@page(*SHARING_ROLES)
def survey_page(request):
    actor = actor_of(request)
    chosen = PeriodForm(request.GET or None)
    period = chosen.period(cockpit.default_period(actor))
    if not chosen.is_bound or not chosen.is_valid():
        year, _dash, part = period.partition("-")
        chosen = PeriodForm(initial={"year": year, "part": part})
    found = selectors.talent_demand(period=period, actor=actor)
    summary = found["summary"]
    skills = fixed_table(
        [Column(_("Skill")), Column(_("Level at least"), numeric=True), Column(_("People asked for"), numeric=True),
         Column(_("Held in the bureau"), numeric=True), Column(_("Asked by"))],
        [[Cell(row["name"], url=search_url(row["skill"], row["min_level"])), row["min_level"], row["people"],
          Cell(_("%(held)s, scarce") % {"held": row["held_in_bureau"]} if row["scarce"] else row["held_in_bureau"],
               numeric=True),
          "，".join(d["name"] for d in row["departments"])] for row in summary["skills"]])
    departments = fixed_table(
        [Column(_("Department")), Column(_("Open requests"), numeric=True), Column(_("Places to fill"), numeric=True),
         Column(_("Plan gap"), numeric=True), Column(_("Lent"), numeric=True), Column(_("Hosted"), numeric=True)],
        [[Cell(row["department"]["name"], url=reverse("workspace:department", args=[row["department"]["id"]])),
          row["requests"]["open"], row["requests"]["places"], row["plan"]["gap"] if row["plan"] else "—",
          row["shared"]["lent"], row["shared"]["hosted"]] for row in found["departments"]])
    unmet = summary["unmet"]
    unmet_table = fixed_table([Column(_("Skill")), Column(_("Searches that found nobody"), numeric=True)],
                              [[Cell(row["name"], url=search_url(row["skill"])), row["searches"]]
                               for row in unmet["skills"]])
    return render(request, "workspace/survey.html", {
        "title": _("Talent demand"),
        "breadcrumbs": [(_("Workspace"), reverse("workspace:home")), (_("Talent demand"), "")],
        "period": period, "period_form": chosen, "survey": found, "summary": summary,
        "skills": skills, "departments": departments, "unmet": unmet, "unmet_table": unmet_table,
    })
