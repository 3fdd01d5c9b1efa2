"""The talent search page: skills picked by name, the API's filters, results explained per skill, and the
API's export. The query goes through the API's serializer and selector, so the page finds exactly what the
API finds, in the same order, masked the same way."""

from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from core import table_cache
from core.replicas import replica_reads
from talent import roles
from talent.access import actor_of
from talent.models import CadreStatus, Department, Skill, SkillSource, Tier
from talent.search import parse_requirement
from talent.selectors import pool as selectors
from talent.serializers.skills import TalentSearchSerializer
from talent.services import demand as demand_services
from talent.views.skills import file_response
from workspace.forms import Checkboxes
from workspace.pages import Cell, Heading, Table, one_query_page, page, url_for_each

LEVELS = range(1, 6)
MAX_ROWS = 20  # the serializer's limit on required skills


@dataclass
class SkillRow:
    """One skill row of the form, as typed: kept whole on every answer, so nothing typed is lost."""

    name: str = ""
    level: str = "3"
    mode: str = "all"  # "all": required; "any": one of the "any" rows is enough
    error: str = ""


@dataclass(frozen=True)
class FormLists:
    """What the form offers whoever asks, in any language: the department tree and the skills' names."""

    department_ids: frozenset[str]  # every department's
    department_options: str  # their <option>s, each under its parent and indented by its depth, none selected
    skill_options: str  # the active skills' names, a <datalist>'s options


def _read_form_lists() -> FormLists:
    rows = Department.objects.order_by("code").values_list("id", "parent_id", "name")
    children: dict[int | None, list[tuple[int, str]]] = {}
    known = {dept_id for dept_id, _parent, _name in rows}
    for dept_id, parent_id, name in rows:
        children.setdefault(parent_id if parent_id in known else None, []).append((dept_id, name))
    departments = []

    def walk(parent_id, depth):
        for dept_id, name in children.get(parent_id, ()):
            departments.append((str(dept_id), "\u3000" * depth + name))
            walk(dept_id, depth + 1)

    walk(None, 0)
    return FormLists(
        frozenset(dept_id for dept_id, _name in departments),
        format_html_join("", '<option value="{}">{}</option>', departments),
        format_html_join("", '<option value="{}"></option>', (
            (name,) for name in Skill.objects.filter(active=True).order_by("name").values_list("name", flat=True))))


def form_lists() -> FormLists:
    """Read and rendered once per state of the departments and skills tables (core.table_cache), not on every
    request: building and rendering 200 departments and 150 skills was a few ms of each search."""
    return table_cache.cached(table_cache.key("talent-search-lists", tables=[
        (Department.objects.all(), "updated_at"), (Skill.objects.all(), "updated_at")]), _read_form_lists)


class DepartmentField(forms.ChoiceField):
    """One of the departments (`known`: their ids), whose options the page renders from the cached lists
    (_department_options): the field is given no choices, whose normalizing (200 of them) cost each search 1 ms."""

    known: frozenset[str] = frozenset()

    def valid_value(self, value) -> bool:
        return value in self.known


class FilterForm(forms.Form):
    """Renders the filters with what was chosen; the API's serializer decides what is valid."""

    department = DepartmentField(label=gettext_lazy("department"), required=False,
                                   help_text=gettext_lazy("Its sub-units are included."))
    tier = forms.MultipleChoiceField(label=gettext_lazy("tier"), choices=Tier.choices, required=False,
                                     widget=Checkboxes)
    status = forms.MultipleChoiceField(label=gettext_lazy("status"), choices=CadreStatus.choices, required=False,
                                       widget=Checkboxes,
                                       help_text=gettext_lazy("None ticked: everyone but those who left."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lists = form_lists()
        self.fields["department"].known = self.lists.department_ids


def linked_rows(params: QueryDict) -> list[SkillRow]:
    """The rows of a link in the API's terms (?skill=CODE[:LEVEL], ?any_skill=...), as other pages link here:
    each skill shown by its name; a code the bureau does not know stays as written and gets the row's error."""
    asked = []
    for key, mode in (("skill", "all"), ("any_skill", "any")):
        for text in params.getlist(key):
            try:
                requirement = parse_requirement(text)
            except ValueError:
                asked.append((text.strip()[:100], "1", mode))
            else:
                asked.append((requirement.code, str(requirement.level), mode))
    names = dict(Skill.objects.filter(code__in=[code for code, _level, _mode in asked]).values_list("code", "name"))
    return [SkillRow(names.get(code, code), level, mode) for code, level, mode in asked]


def skill_rows(params: QueryDict) -> list[SkillRow]:
    """The rows as typed (or as linked, when nothing was typed), with the row asked to be removed taken out and an
    empty one added if asked."""
    names, levels, modes = (params.getlist(key) for key in ("skill_name", "skill_level", "skill_mode"))
    rows = [SkillRow(name.strip()[:100], (levels[i] if i < len(levels) else "3"),
                     "any" if i < len(modes) and modes[i] == "any" else "all") for i, name in enumerate(names)]
    if not names:
        rows = linked_rows(params)
    remove = params.get("remove", "")
    if remove.isdigit() and int(remove) < len(rows):
        del rows[int(remove)]
    if ("add" in params or not rows) and len(rows) < MAX_ROWS:
        rows.append(SkillRow())
    return rows


def _requirements(rows: list[SkillRow]) -> tuple[list[str], list[str], dict[str, Skill]]:
    """The rows as the API's CODE:LEVEL requirements (required, any-of) and the skills they name, by code (what
    selectors.search_skills would read again for them); a row naming no skill gets its error."""
    typed = [row for row in rows if row.name]
    found = Skill.objects.filter(Q(name__in=[r.name for r in typed]) | Q(code__in=[r.name.upper() for r in typed]))
    by_name = {skill.code: skill for skill in found} | {skill.name: skill for skill in found}
    required, any_of, named = [], [], {}
    for row in typed:
        skill = by_name.get(row.name) or by_name.get(row.name.upper())
        if skill is None:
            row.error = _("No skill is called “%(name)s”; pick one from the list.") % {"name": row.name}
        elif row.level not in {str(level) for level in LEVELS}:
            row.error = _("Pick a level from 1 to 5.")
        else:
            (any_of if row.mode == "any" else required).append(f"{skill.code}:{row.level}")
            named[skill.code] = skill
    return required, any_of, named


def kept_params(request) -> QueryDict:
    """The query without the page number and the row buttons: what a sort link, a page link or the export keeps."""
    params = request.GET.copy()
    for transient in ("page", "add", "remove"):
        params.pop(transient, None)
    return params


def _department_options(field) -> str:
    """The department's <option>s with the chosen one selected: the cached list with one option marked."""
    chosen = str(field.value() or "")
    everyone = format_html('<option value=""{}>{}</option>', mark_safe(" selected") if not chosen else "",
                           _("All departments"))
    options = field.form.lists.department_options
    if chosen:
        mark = format_html('<option value="{}">', chosen)
        options = options.replace(mark, mark.removesuffix(">") + " selected>", 1)
    return mark_safe(everyone + options)


@dataclass
class Search:
    rows: list[SkillRow]
    filters: FilterForm
    form: TalentSearchSerializer | None  # None: a row has an error, nothing was searched
    skills: dict[str, Skill]  # the skills the rows name, by code

    @property
    def valid(self) -> bool:
        return self.form is not None and not self.form.errors


def read_search(request) -> Search:
    """The page's query string as the API's: skill rows by name become skill= and any_skill=, the filters pass
    through, and the API's serializer validates the lot; its errors are put beside the filter they are about."""
    rows = skill_rows(request.GET)
    filters = FilterForm(request.GET)
    filters.is_valid()
    required, any_of, skills = _requirements(rows)
    if any(row.error for row in rows):
        return Search(rows, filters, None, skills)
    query = QueryDict(mutable=True)
    query.setlist("skill", required)
    query.setlist("any_skill", any_of)
    for key in ("tier", "status"):
        query.setlist(key, request.GET.getlist(key))
    for key in ("department", "sort"):
        if request.GET.get(key):
            query[key] = request.GET[key]
    form = TalentSearchSerializer(data=query)
    if not form.is_valid():
        for field, errors in form.errors.items():
            if field in filters.fields and field not in filters.errors:
                filters.add_error(field, [str(error) for error in errors])
    return Search(rows, filters, form, skills)


def _results_table(request, search: Search, actor) -> Table:
    query = search.form.query()
    skills = search.skills
    current = one_query_page(request, lambda start, size: selectors.talent_search_page(
        query=query, skills=skills, actor=actor, start=start, size=size))
    hits = current.object_list
    demand_services.count_search(query=query, skills=skills, found_anyone=bool(hits))
    # Labels and texts translated once, not per row (a lazy label is translated again wherever it is shown).
    source_labels, tiers, statuses = ({value: str(label) for value, label in choices.choices}
                                      for choices in (SkillSource, Tier, CadreStatus))
    # The source of a held level, where the actor may read the cadre's skills (the API's scope for them).
    # Plain values: no cadre row (and so no personal data) is read for a search. By skill id and unordered: the
    # skill's code and the model's order would join the skills and the cadres.
    code_of = {skill.pk: code for code, skill in skills.items()}
    sources = {(cadre_id, code_of[skill_id]): source_labels[source]
               for cadre_id, skill_id, source in selectors.cadre_skill_list(actor=actor).filter(
                   cadre_id__in=[hit["id"] for hit in hits if not hit["summary"]],
                   skill_id__in=list(code_of)).order_by().values_list("cadre_id", "skill_id", "source")}
    explanation, any_of, summary_only = (
        _("%(skill)s %(level)s (asked ≥%(minimum)s%(any)s)%(source)s"), _(", any of"), _("summary only"))
    cadre_url = url_for_each("workspace:cadre")
    rows = []
    for hit in hits:
        explained = []
        for match in hit["matches"]:
            source = sources.get((hit["id"], match["code"]))
            explained.append(explanation % {
                "skill": match["name"], "level": match["level"], "minimum": match["minimum"],
                "any": "" if match["required"] else any_of, "source": f" · {source}" if source else ""})
        summary = hit["summary"]
        rows.append([
            Cell(hit["name"], url="" if summary else cadre_url(hit["id"])),
            Cell(hit["department"]),
            Cell(tiers[hit["tier"]]),
            Cell(summary_only if summary else statuses[hit["status"]]),
            Cell("；".join(explained)),
            Cell(hit["match_score"], numeric=True),
            Cell("" if summary or hit["composite"] is None else hit["composite"], numeric=True),
        ])
    sort = query.sort
    headings = []
    columns = ((pgettext("person", "name"), None, False), (_("department"), None, False), (_("tier"), None, False),
               (_("status"), None, False), (_("matching skills"), None, False),
               (_("match score"), "match", True), (_("composite score"), "composite", True))
    kept = kept_params(request)
    for label, key, numeric in columns:
        sort_url = ""
        if key:
            params = kept.copy()
            params["sort"] = key
            sort_url = f"?{params.urlencode()}"
        headings.append(Heading(label, numeric, sort_url, "descending" if key == sort else ""))
    return Table(headings, rows, current, kept.urlencode())


@replica_reads
@page(roles.HR, roles.HEAD, roles.LEADERSHIP)
def talent_search(request):
    """Searches once the form has been sent (any parameter); the empty page only offers the form."""
    actor = actor_of(request)
    search = read_search(request)
    searched = bool(request.GET) and search.valid
    return render(request, "workspace/talent.html", {
        "title": _("Talent search"),
        "breadcrumbs": [(_("Workspace"), reverse("workspace:home")), (_("Talent search"), "")],
        "search": search,
        "levels": LEVELS,
        # Built in Python rather than looped over in the template: hundreds of options cost the template ~10 ms.
        "skill_options": search.filters.lists.skill_options,
        "department_options": _department_options(search.filters["department"]),
        "table": _results_table(request, search, actor) if searched else None,
        "export_query": kept_params(request).urlencode(),
    }, status=200 if search.valid or not request.GET else 400)


@replica_reads
@page(roles.HR, roles.HEAD, roles.LEADERSHIP)
def talent_export(request):
    """The API's export of the same search (talent_search_table), as an Excel file."""
    search = read_search(request)
    if not search.valid:
        return talent_search(request)
    actor = actor_of(request)
    query = search.form.query()
    cadres, skills = selectors.talent_search(query=query, actor=actor)
    headers, rows = selectors.talent_search_table(query=query, cadres=cadres, skills=skills, actor=actor)
    return file_response(headers, rows, name="talent-search", file_format="xlsx")

