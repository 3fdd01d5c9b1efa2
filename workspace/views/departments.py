"""A department's page and the department tree.

The page shows what the API's talent profile of the department shows (talent/views/planning.py
TalentProfileViewSet: its sub-units included, the same scope), with its people, its outsourced staff, its
workforce plan's gaps and its secondments beside it. Nothing personal is read: the people lists load names,
posts and ranks only, so no citizen ID is even decrypted.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, CharField, Count, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core import table_cache
from core.errors import DomainError
from sharing.models import SecondmentStatus
from sharing.selectors import departments as sharing_departments
from sharing.selectors import secondments as sharing_selectors
from sharing.serializers.departments import SharingRuleSerializer
from sharing.services import departments as sharing_services
from talent import access, roles
from talent.access import actor_of, descendant_ids
from talent.models import Cadre, Capacity, Department, Rank, Tier
from talent.selectors import credentials as credential_selectors
from talent.selectors import planning as planning_selectors
from talent.selectors import pool as pool_selectors
from talent.serializers.planning import plan_gap_data
from workspace.forms import SharingRuleForm, checked
from workspace.pages import Cell, Column, page, sorted_table
from workspace.views.requests import refused

READERS = (roles.HR, roles.LEADERSHIP, roles.HEAD)  # the API's readers of talent profiles


def _ordered(field: str, choices) -> Case:
    """The choices' own order (ranks highest first, tiers as declared), to sort by instead of the codes."""
    return Case(*(When(**{field: value}, then=Value(index)) for index, value in enumerate(choices.values)),
                default=Value(len(choices.values)), output_field=IntegerField())


def cadre_url(pk: int) -> str:
    return f"/cadres/{pk}/"  # the cadre page's address (a contract of the workspace, issue 17)


def _visible(actor, department_id: int) -> bool:
    return access.TALENT_PROFILES.in_full(actor, department_id)


@page(*READERS)
def department_index(request):
    """The tree, every department named; those the actor may open are links (a head: theirs and below)."""
    actor = actor_of(request)

    def shaped(nodes):
        return [{"name": node["name"], "active": node["active"],
                 "url": reverse("workspace:department", args=[node["id"]]) if _visible(actor, node["id"]) else "",
                 "children": shaped(node["children"])} for node in nodes]

    return render(request, "workspace/departments.html", {
        "title": _("Departments"),
        "breadcrumbs": [(_("Workspace"), reverse("workspace:home")), (_("Departments"), "")],
        "tree": shaped(pool_selectors.department_tree()),
    })


def _people(request, actor, units):
    cadres = (pool_selectors.cadre_list(actor=actor).filter(department_id__in=units,
                                                             status__in=planning_selectors.ON_THE_BOOKS)
              .only("pk", "name", "post_title", "tier", "rank", "status", "department__name")
              .annotate(tier_order=_ordered("tier", Tier), rank_order=_ordered("rank", Rank)))
    return sorted_table(request, cadres, default="name", columns={
        "name": Column(pgettext("person", "name"), "name"),
        "department": Column(_("department"), "department__name"),
        "post": Column(_("post title"), "post_title"),
        "tier": Column(_("tier"), "tier_order"),
        "rank": Column(_("rank"), "rank_order"),
        "status": Column(_("status"), "status"),
    }, row=lambda c: [Cell(c.name, url=cadre_url(c.pk)), c.department.name, c.post_title or "—",
                      c.get_tier_display(), c.get_rank_display(), c.get_status_display()])


def _vendor_staff(request, actor, units):
    # Only the systems are shown: the list's skills (a query) and the confirming user (a join) are left out.
    staff = (planning_selectors.vendor_staff_list(actor=actor)
             .filter(responsible_cadre__department_id__in=units, active=True).defer("national_id")
             .select_related(None).select_related("vendor", "responsible_cadre")
             .prefetch_related(None).prefetch_related("systems"))
    return sorted_table(request, staff, prefix="staff_", default="name", columns={
        "name": Column(pgettext("person", "name"), "name"),
        "vendor": Column(_("vendor"), "vendor__name"),
        "role": Column(_("role"), "role"),
        "cadre": Column(_("responsible cadre"), "responsible_cadre__name"),
        "systems": Column(_("systems accessed")),
        "until": Column(_("access until"), "access_end"),
    }, row=lambda s: [s.name, s.vendor.name, s.role,
                      Cell(s.responsible_cadre.name, url=cadre_url(s.responsible_cadre_id)),
                      "、".join(system.name for system in s.systems.all()) or "—", s.access_end.isoformat()])


def _secondments(request, actor, units):
    lent, hosted = Q(home_department_id__in=units), Q(host_department_id__in=units)
    scoped = sharing_selectors.secondment_list(actor=actor).filter(lent | hosted)
    active = Q(status=SecondmentStatus.ACTIVE)
    counts = scoped.aggregate(lent=Count("pk", filter=lent), lent_now=Count("pk", filter=lent & active),
                              hosted=Count("pk", filter=hosted), hosted_now=Count("pk", filter=hosted & active))
    # The table shows the cadre and the two departments: the list's other joins (the users who acted) are left out.
    secondments = (scoped.select_related(None).select_related("cadre", "home_department", "host_department")
                   .annotate(direction=Case(When(lent & hosted, then=Value(_("within"))),
                                            When(lent, then=Value(_("lent"))),
                                            default=Value(_("hosted")), output_field=CharField())))
    table = sorted_table(request, secondments, prefix="sec_", default="-start", columns={
        "direction": Column(_("direction"), "direction"),
        "cadre": Column(_("cadre"), "cadre__name"),
        "home": Column(_("home department"), "home_department__name"),
        "host": Column(_("host department"), "host_department__name"),
        "start": Column(_("start date"), "start_date"),
        "end": Column(_("end date"), "end_date"),
        "status": Column(_("status"), "status"),
    }, row=lambda s: [Cell(s.direction, url=reverse("workspace:secondment", args=[s.pk])), s.cadre.name,
                      s.home_department.name, s.host_department.name, s.start_date.isoformat(), s.end_date.isoformat(),
                      s.get_status_display()])
    return counts, table


def _stale_skills(request, actor, units):
    """Verified skills of the department's people (sub-units included) that are due for re-verification."""
    people = Cadre.objects.filter(department_id__in=units, status__in=planning_selectors.ON_THE_BOOKS).values("pk")
    due = credential_selectors.stale_skills(actor=actor, cadre_ids=people)
    return sorted_table(request, due, prefix="stale_", default="verified", columns={
        "cadre": Column(_("cadre"), "cadre__name"),
        "skill": Column(_("skill"), "skill__name"),
        "level": Column(_("level"), "level", numeric=True),
        "verified": Column(_("verified at"), "verified_at"),
        "after": Column(_("re-verify after (years)"), "skill__category__reverify_after_years", numeric=True),
    }, row=lambda held: [Cell(held.cadre.name, url=cadre_url(held.cadre_id)), held.skill.name,
                         f"{held.level} {held.get_level_display()}",
                         timezone.localtime(held.verified_at).strftime("%Y-%m-%d"),
                         held.skill.category.reverify_after_years])


def _literacy(profile: dict) -> list[dict]:
    """Per tier with people, each capacity's mean beside its target (None: nobody assessed yet)."""
    labels = [Capacity(code).label for code in profile["capacities"]]
    rows = []
    for row in profile["literacy"]:
        if not row["headcount"]:
            continue
        averages = row["average"] or [None] * len(labels)
        targets = row["target"] or [None] * len(labels)
        rows.append({**row, "label": Tier(row["tier"]).label, "capacities": [
            {"label": label, "mean": mean, "target": target, "short": mean is not None and target is not None
             and mean < target} for label, mean, target in zip(labels, averages, targets, strict=True)]})
    return rows


def _coverage_rows(coverage: list[dict]) -> str:
    """The skills coverage table's rows (every skill in the catalogue, six figures each), rendered here: Django's
    template took 7 ms a page for them at 150 skills, this a tenth of that."""
    critical = format_html(' <span class="tag">{}</span>', _("critical"))
    notes = {0: format_html(' <span class="tag bad">{}</span>', _("no holder")),
             1: format_html(' <span class="tag warn">{}</span>', _("one holder"))}
    return format_html_join("", '<tr><th scope="row">{}{}</th>{}<td class="num">{}{}</td></tr>', (
        (skill["name"], critical if skill["critical"] else "",
         format_html_join("", '<td class="num">{}</td>', ((count,) for count in skill["levels"])),
         skill["holders"], notes.get(skill["holders"], "")) for skill in coverage))


def _plan_gaps(actor, department):
    """The gap report of the department's own plan for its latest period, as the API's gaps action gives it."""
    plans = planning_selectors.workforce_plan_list(actor=actor)
    # Its lines and their skills (three more queries) only when the report is computed, not when it is cached.
    latest = plans.prefetch_related(None).filter(department=department).order_by("-period").first()
    if latest is None:
        return None

    def report() -> dict:
        plan = plans.get(pk=latest.pk)
        [gaps] = planning_selectors.plan_gaps([plan])
        borrowed_from = {p.department_id for gap in gaps.lines for p in gap.borrow}
        return plan_gap_data(plan, gaps.lines, skill_names=planning_selectors.skill_names([plan]),
                             department_names=planning_selectors.department_names(borrowed_from))

    # Cached as the plan roll-up is: a gap report weighs every cadre in the bureau who holds a needed skill.
    return table_cache.cached(table_cache.key("plan-gaps", latest.pk, tables=planning_selectors.plan_tables()), report)


def _rule_form(actor, department, data=None) -> SharingRuleForm | None:
    """HR's form for the department's sharing rule, filled with its own rule (None for the other readers)."""
    if not actor.has(roles.HR):
        return None
    if data is not None:
        return SharingRuleForm(data, prefix="rule")
    own = sharing_departments.rule_in_force(department=department).own
    return SharingRuleForm(prefix="rule", initial={field: getattr(own, field) for field in sharing_services.RULE_FIELDS}
                           if own else {"notice_days": 0})


def _set_rule(request, actor, department):
    """HR saves the rule (as the API's PUT); a refusal is shown beside the fields, as the API words it."""
    if not actor.has(roles.HR):
        raise PermissionDenied
    form = _rule_form(actor, department, request.POST)
    data = checked(form, SharingRuleSerializer(data=form.api_data()))
    if data is not None:
        try:
            sharing_services.sharing_rule_set(actor=actor, department=department, **data)
        except DomainError as error:
            refused(form, error)
        else:
            messages.success(request, _("The sharing rule is saved."))
            return None
    return form


@page(*READERS)
def department_detail(request, pk: int):
    """A department with its sub-units; one the actor may not open is a 404, as in the API. HR sets its sharing
    rule here (POST)."""
    actor = actor_of(request)
    department = get_object_or_404(access.TALENT_PROFILES.scope(Department.objects.select_related("parent"), actor),
                                   pk=pk)
    rule_form = None
    if request.method == "POST":
        rule_form = _set_rule(request, actor, department)
        if rule_form is None:
            return redirect(reverse("workspace:department", args=[department.pk]) + "#sharing-heading")
    units = descendant_ids([department.pk])
    profile = planning_selectors.scope_profile(department_ids=units)  # department_profile, its units read once
    dependency_names = planning_selectors.department_names(row["department_id"]
                                                           for row in profile["outsourcing_dependency"])
    secondment_counts, secondments = _secondments(request, actor, units)
    crumbs = [(_("Workspace"), reverse("workspace:home")), (_("Departments"), reverse("workspace:departments"))]
    if department.parent and _visible(actor, department.parent_id):
        crumbs.append((department.parent.name, reverse("workspace:department", args=[department.parent_id])))
    return render(request, "workspace/department.html", {
        "title": department.name,
        "breadcrumbs": [*crumbs, (department.name, "")],
        "department": department,
        "sub_units": Department.objects.filter(parent=department).order_by("code"),
        "profile": profile,
        "coverage_rows": _coverage_rows(profile["skill_coverage"]),
        "literacy": _literacy(profile),
        "dependency": [{**row, "department": dependency_names.get(row["department_id"], "")}
                       for row in profile["outsourcing_dependency"]],
        "people": _people(request, actor, units),
        "vendor_staff": _vendor_staff(request, actor, units),
        "gaps": _plan_gaps(actor, department),
        "stale_skills": _stale_skills(request, actor, units),
        "secondment_counts": secondment_counts,
        "secondments": secondments,
        "sharing_rule": sharing_departments.rule_in_force(department=department),
        "sharing_record": sharing_departments.department_record(department=department),
        "rule_form": rule_form or _rule_form(actor, department),
    }, status=400 if rule_form is not None else 200)
