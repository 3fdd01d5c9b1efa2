"""信息系统: each system's in-house maintainer, deputy, state against the three failures (研而不用、建而不维、
存而不析) and critical skills; for HR and leadership, the registry's health findings beside them. Edits go
through the API or the back office (HR only), as for the rest of the registry."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from talent import registry, roles
from talent.access import actor_of
from talent.models import CadreStatus
from talent.selectors import planning as planning_selectors
from talent.serializers.planning import RegistryHealthSerializer
from workspace.pages import Cell, Column, page, sorted_table

READERS = (roles.HR, roles.HEAD, roles.LEADERSHIP)  # the API's readers of information systems


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _person(cadre) -> str:
    """A maintainer who has left still shows, marked: the no-maintainer check counts them as nobody."""
    if cadre is None:
        return "—"
    return f"{cadre.name}（{cadre.get_status_display()}）" if cadre.status == CadreStatus.LEFT else cadre.name


def _finding(check: dict) -> list[str]:
    """What fails a health check, one line each, as the registry-health API lists it."""
    if check["code"] in registry.SYSTEM_CHECKS:
        return [_("%(system)s (maintainer: %(maintainer)s; lacking: %(skills)s)") % {
                    "system": s["name"], "maintainer": s["maintainer"], "skills": "、".join(s["lacking"])}
                if s["lacking"] else s["name"] for s in check["systems"]]
    if check["code"] == registry.TRANSFER_OVERDUE:
        return [_("%(vendor)s: %(what)s to %(cadre)s, due %(due)s") % {
            "vendor": v["name"], "what": v["transfer_what"], "cadre": v["transfer_to"] or "—", "due": v["transfer_due"]}
            for v in check["vendors"]]
    if "vendors" in check:
        return [v["name"] for v in check["vendors"]]
    return [f"{s['name']}（{s['vendor']}）" for s in check["staff"]]


@page(*READERS)
def system_index(request):
    actor = actor_of(request)
    may_edit = actor.has(roles.HR)
    systems = planning_selectors.information_system_list().filter(active=True)

    def row(system):
        skills = "、".join(f"{link.skill.name} ≥ {link.min_level}" for link in system.skill_requirements.all())
        name = Cell(system.name, url=reverse("admin:talent_informationsystem_change", args=[system.pk])) \
            if may_edit else system.name
        return [system.code, name, system.department.name, _yes_no(system.critical),
                _person(system.maintainer), _person(system.deputy),
                _yes_no(system.in_use), _yes_no(system.maintained), _yes_no(system.data_analysed), skills or "—"]

    table = sorted_table(request, systems, default="code", row=row, columns={
        "code": Column(_("code"), "code"),
        "name": Column(_("name"), "name"),
        "department": Column(_("owning department"), "department__name"),
        "critical": Column(_("critical system"), "critical"),
        "maintainer": Column(_("in-house maintainer"), "maintainer__name"),
        "deputy": Column(_("deputy maintainer")),
        "in_use": Column(_("in use"), "in_use"),
        "maintained": Column(_("maintained"), "maintained"),
        "analysed": Column(_("data analysed"), "data_analysed"),
        "skills": Column(_("critical skills")),
    })
    health = None
    if actor.has(roles.HR, roles.LEADERSHIP):  # as the registry-health API: names of people, for them only
        health = RegistryHealthSerializer(RegistryHealthSerializer.shape(planning_selectors.registry_health())).data
        for check in health["checks"]:
            check["found"] = _finding(check)
    return render(request, "workspace/systems.html", {
        "title": _("Information systems"),
        "breadcrumbs": [(_("Workspace"), reverse("workspace:home")), (_("Information systems"), "")],
        "table": table, "health": health, "may_edit": may_edit,
    })
