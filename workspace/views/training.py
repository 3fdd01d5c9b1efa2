"""The training ledger (/training/): each department's year and each cadre's hours and compulsory programs against
their tier's requirement, as /api/v1/training/compliance/ gives them (the same selectors, the same scope); HR also
imports the online learning platform's export here (a dry run answers at once; the import runs as a job)."""

from django import forms
from django.db.models import F
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from core import tables
from core.errors import DomainError
from talent import imports, roles
from talent.access import actor_of
from talent.jobs import start_import
from talent.models import Tier, TrainingRequirement
from talent.selectors import training as selectors
from talent.serializers.training import ComplianceQuerySerializer
from workspace.pages import Cell, Column, page, sorted_table

READERS = (roles.HR, roles.HEAD, roles.LEADERSHIP)  # the API's readers of the compliance lists
SHORT_CHOICES = [("", gettext_lazy("everyone")), ("true", gettext_lazy("short of their hours")),
                 ("false", gettext_lazy("hours done"))]


class LedgerFilter(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("year"), required=False, min_value=1900, max_value=2099)
    department = forms.TypedChoiceField(label=gettext_lazy("department"), required=False, coerce=int,
                                        empty_value=None)
    short = forms.ChoiceField(label=gettext_lazy("hours"), required=False, choices=SHORT_CHOICES)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("all I may see")), *[(d.pk, d.name) for d in departments]]


class PlatformImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("the platform's export (CSV or XLSX)"),
                           help_text=gettext_lazy("Columns: 工号, 课程名称, 学时, 完成日期."))
    dry_run = forms.BooleanField(label=gettext_lazy("check only (dry run)"), required=False, initial=True)


def _hours(value) -> str:
    return f"{value:,.1f}"


@page(*READERS)
def training_ledger(request):
    actor = actor_of(request)
    query = ComplianceQuerySerializer(data={k: v for k, v in request.GET.items() if v != ""})
    valid = query.is_valid()
    wanted = query.validated_data if valid else {}
    year = wanted.get("year") or timezone.localdate().year
    departments = selectors.department_compliance(actor=actor, year=year)
    form = LedgerFilter(request.GET or None, departments=[row["department"] for row in departments],
                        initial={"year": year})
    if not valid and request.GET:
        form.is_valid()
        for field, errors in query.errors.items():
            if field in form.fields and field not in form.errors:
                form.add_error(field, [str(e) for e in errors])

    cadres = selectors.ledger_cadres(actor=actor, year=year)
    if wanted.get("department"):
        cadres = cadres.filter(department_id=wanted["department"])
    if wanted.get("short") is True:
        cadres = cadres.filter(hours_total__lt=F("hours_required"))
    elif wanted.get("short") is False:
        cadres = cadres.filter(hours_total__gte=F("hours_required"))
    table = sorted_table(request, cadres, default="name", columns={
        "name": Column(pgettext("person", "name"), "name"),
        "department": Column(_("department"), "department__name"),
        "tier": Column(_("tier"), "tier"),
        "hours": Column(_("hours done"), "hours_total", numeric=True),
        "required": Column(_("hours required"), "hours_required", numeric=True),
        "missing": Column(_("compulsory programs not done")),
    }, row=lambda c: [Cell(c.name, url=f"/cadres/{c.pk}/"), c.department.name, c.get_tier_display(),
                      _hours(c.hours_total), _hours(c.hours_required), ""])
    # The compulsory programs of the page's people: six grouped queries for the page, not six per row.
    standings = selectors.standings(cadres=table.page.object_list, year=year)
    names = selectors.program_names(p for one in standings.values() for p in one.missing)
    for row, cadre in zip(table.rows, table.page.object_list, strict=True):
        missing = standings[cadre.pk].missing
        row[-1] = Cell("、".join(names[p].name for p in missing) if missing else "—")

    context = {
        "title": _("Training ledger"),
        "breadcrumbs": [(_("Workspace"), reverse("workspace:home")), (_("Training ledger"), "")],
        "year": year,
        "form": form,
        "departments": departments,
        "cadres": table,
        "requirements": sorted(TrainingRequirement.objects.prefetch_related("compulsory_programs"),
                               key=lambda r: Tier.values.index(r.tier)),
        "may_import": actor.has(roles.HR),
    }
    if actor.has(roles.HR):
        context.update(_import(request))
        if "redirect" in context:
            return context["redirect"]
    return render(request, "workspace/training.html", context, status=context.get("status", 200))


def _import(request) -> dict:
    """HR's upload of the platform's export: a dry run reports here; an import starts a job and goes to its page."""
    if request.method != "POST":
        return {"import_form": PlatformImportForm()}
    form = PlatformImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return {"import_form": form, "status": 400}
    upload = form.cleaned_data["file"]
    if upload.size > tables.MAX_BYTES:
        form.add_error("file", _("The file is larger than 30 MB."))
        return {"import_form": form, "status": 400}
    if not form.cleaned_data["dry_run"]:
        job = start_import(kind="training-hours", data=upload.read(), filename=upload.name, user=request.user)
        return {"redirect": redirect("workspace:job", job.pk)}
    try:
        report = imports.import_file(kind="training-hours", data=upload.read(), filename=upload.name, dry_run=True,
                                     user=request.user)
    except DomainError as error:
        form.add_error("file", (error.fields or {}).get("file") or [str(error)])
        return {"import_form": form, "status": 400}
    return {"import_form": PlatformImportForm(), "report": report}
