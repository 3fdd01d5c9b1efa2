"""The top bar's links and the home page's shortcuts, by role: one list, so the two cannot disagree.

A page author adds their page here with the roles its view admits (`page(*roles)`)."""

from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

from talent import roles

ROLE_USERS = (roles.HR, roles.HEAD, roles.LEADERSHIP, roles.AUDITOR)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...]  # empty: every signed-in user
    hint: str = ""  # what the home page's shortcut says it is for; no hint: not a shortcut
    in_top_bar: bool = True


NAV = (
    NavItem(_("Workspace"), "workspace:home", ()),
    NavItem(_("Talent search"), "workspace:talent", (roles.HR, roles.HEAD, roles.LEADERSHIP),
            _("Who can do what, at which level: find cadres by skill and open their profiles.")),
    NavItem(_("Expert requests"), "workspace:requests", (roles.HR, roles.HEAD, roles.LEADERSHIP),
            _("Ask other departments for experts, read the candidates, follow the proposals.")),
    NavItem(_("Departments"), "workspace:departments", (roles.HR, roles.LEADERSHIP, roles.HEAD),
            _("People, skills, literacy, plan gaps and secondments of each department.")),
    NavItem(_("Information systems"), "workspace:systems", (roles.HR, roles.HEAD, roles.LEADERSHIP),
            _("Who maintains each system, whether it is used and maintained, and the registry's health."),
            in_top_bar=False),
    NavItem(_("Training ledger"), "workspace:training", (roles.HR, roles.HEAD, roles.LEADERSHIP),
            _("Learning hours and compulsory programs against each tier's yearly requirement.")),
    NavItem(_("Audit trail"), "workspace:audit", (roles.AUDITOR,),
            _("Who changed what, who read personal data, and who signed in, when and from where.")),
    NavItem(_("Cockpit"), "workspace:cockpit", (roles.LEADERSHIP, roles.HR, roles.HEAD),
            _("Where we are, where the gaps are, what to do.")),
    NavItem(_("Talent demand"), "workspace:survey", (roles.LEADERSHIP, roles.HR, roles.HEAD),
            _("What departments ask for in a period, what the bureau holds, and what searches found nobody for."),
            in_top_bar=False),
    NavItem(_("Imports"), "workspace:imports", (roles.HR,),
            _("Cadres, skills, assessments and appraisal grades from spreadsheets: check, then import.")),
    NavItem(_("Incentive lists"), "workspace:cycles", (roles.HR, roles.LEADERSHIP),
            _("Compute, review, adjust and approve each year's list.")),
    NavItem(_("Nominations"), "workspace:nominations", (roles.HR, roles.HEAD, roles.LEADERSHIP, roles.AUDITOR),
            _("Reserve cadres, key posts and honours: who was put forward, with what, and what leadership decided.")),
    NavItem(_("Assessment campaigns"), "workspace:campaigns", (roles.HR, roles.HEAD, roles.LEADERSHIP),
            _("Define 360-degree assessments of the five capacities, follow the answers, read the results.")),
    NavItem(_("Assessments to answer"), "workspace:assessments", (roles.CADRE,),
            _("The colleagues you are asked to assess in open campaigns.")),
    NavItem(_("My record"), "workspace:me", (roles.CADRE,),
            _("My details, skills, gaps, training, secondments and honours.")),
    NavItem(_("Back office"), "admin:index", ROLE_USERS,
            _("Records the workspace has no page for yet."), in_top_bar=False),
    NavItem(_("API documentation"), "docs", ROLE_USERS,
            _("The same data for other systems."), in_top_bar=False),
)


def items_for(actor, path: str, *, top_bar: bool) -> list[dict]:
    return [{"label": item.label, "url": url, "hint": item.hint, "current": url == path}
            for item, url in _links(actor.roles, top_bar, get_script_prefix())]


@lru_cache(maxsize=64)
def _links(role_names: frozenset[str], top_bar: bool, script_prefix: str) -> tuple[tuple[NavItem, str], ...]:
    """The items a set of roles is shown, with their links: the same on every page, so reversed once per process
    and set of roles (every page's top bar reversed its ten links); script_prefix, which reverse reads, is only
    part of the key. The labels stay lazy, translated as shown."""
    return tuple((item, reverse(item.url_name)) for item in NAV
                 if (item.in_top_bar if top_bar else bool(item.hint))
                 and (not item.roles or not role_names.isdisjoint(item.roles)))
