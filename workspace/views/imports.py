"""/imports/: HR picks what to import, uploads a CSV or XLSX file, reads the API's dry run by row and column,
and confirms; the import then runs as the API's job, whose progress the page shows until it is done.

The file is held on the server between the check and the confirmation (talent.jobs.check_import and
confirm_import), never in the session; the rules (who may import, personal columns) are the API's, raised by
the same services, so the page refuses what the API refuses with the same message."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import DomainError
from core.models import ACTIVE, HeldUpload, JobStatus
from incentives.imports import GRADE_COLUMNS
from talent import imports, roles
from talent.access import actor_of
from talent.jobs import HELD_FOR, IMPORT_LABELS, check_import, confirm_import, held_expired, held_kind, held_report
from talent.models import CAPACITIES
from talent.selectors.jobs import import_list
from talent.services.jobs import job_seen
from talent.views.skills import ImportView, file_response
from workspace.forms import checked
from workspace.pages import Cell, Column, page, sorted_table
from workspace.templatetags.people import person
from workspace.views.jobs import COUNTS

IMPORTERS = (roles.HR,)  # the API's import view: ImportView.write_roles


@dataclass(frozen=True)
class Kind:
    columns: list  # talent.imports.Column: the Chinese header each column has in the template
    required: frozenset[str]


# What each import reads (the importers' columns and the ones they require), in the order offered.
KINDS = {
    "cadres": Kind(imports.CADRE_COLUMNS, frozenset({"staff_number"})),
    "cadre-skills": Kind(imports.SKILL_COLUMNS, frozenset({"staff_number", "skill", "level"})),
    "assessments": Kind(imports.ASSESSMENT_COLUMNS,
                        frozenset({"staff_number", "period", "assessed_on", "method", *CAPACITIES})),
    "appraisal-grades": Kind(GRADE_COLUMNS, frozenset({"staff_number", "year", "grade"})),
}


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What to import"), choices=[])
    file = forms.FileField(label=gettext_lazy("CSV or XLSX file"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, IMPORT_LABELS[kind]) for kind in KINDS]


def _columns(kind: str, actor) -> list:
    """The columns the actor may import: without the personal ones (citizen ID, phone) for whoever may not see
    them, whose file naming them is refused (talent.access.refuse_personal_writes)."""
    personal = set() if actor.may_see_personal_data else {column.field for column in imports.PERSONAL_COLUMNS}
    return [column for column in KINDS[kind].columns if column.field not in personal]


def _kinds(actor) -> list[dict]:
    return [{"kind": kind, "label": IMPORT_LABELS[kind],
             "columns": [(column.header, column.field in spec.required) for column in _columns(kind, actor)],
             "template": reverse("workspace:import_template", args=[kind])} for kind, spec in KINDS.items()]


def _crumbs(*more):
    return [(_("Workspace"), reverse("workspace:home")), (_("Imports"), reverse("workspace:imports") if more else ""),
            *more]


def _recent(request):
    statuses = dict(JobStatus.choices)

    def outcome(job):
        if job.status == JobStatus.SUCCEEDED and job.result:
            return "；".join(f"{label} {job.result[key]}" for key, label in COUNTS.items()
                            if key in ("created", "updated", "unchanged") and key in job.result)
        return (job.error or {}).get("message", "")

    return sorted_table(request, import_list(actor=actor_of(request)), default="-created", prefix="recent-", columns={
        "created": Column(_("Started at"), "created_at"),
        "title": Column(_("Import"), "title"),
        "started_by": Column(_("Started by"), "started_by__username"),
        "status": Column(_("Status"), "status"),
        "outcome": Column(_("Outcome")),
    }, row=lambda job: [
        timezone.localtime(job.created_at).strftime("%Y-%m-%d %H:%M"),
        Cell(job.title, f"{reverse('workspace:imports')}?job={job.pk}"),
        person(job.started_by) or "—",
        statuses.get(job.status, job.status), outcome(job)])


def _watched(request):
    """The import job named by ?job=<id> (one the user may read), its progress shown above the form."""
    wanted = request.GET.get("job", "")
    if not wanted:
        return None
    if not wanted.isdigit():
        raise Http404
    job = get_object_or_404(import_list(actor=actor_of(request)), pk=int(wanted))
    job_seen(job=job, actor=actor_of(request))
    return {"job": job, "active": job.status in ACTIVE,
            "summary": [(label, job.result[key]) for key, label in COUNTS.items() if key in (job.result or {})],
            "rows": ((job.error or {}).get("fields") or {}).get("rows", [])}


@page(*IMPORTERS)
def import_index(request):
    form, status = UploadForm(initial={"kind": request.GET.get("kind", "cadres")}), 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        upload = request.FILES.get("file")
        if checked(form, ImportView.Form(data={"file": upload})) is not None and "kind" in form.cleaned_data:
            try:
                held = check_import(kind=form.cleaned_data["kind"], data=upload.read(), filename=upload.name,
                                    user=request.user)
            except DomainError as exc:
                form.add_error("file", exc.message)
                status = exc.status
            else:
                return redirect("workspace:import_check", pk=held.pk)
        else:
            status = 400
    table = _recent(request)
    return render(request, "workspace/imports.html", {
        "title": _("Imports"), "breadcrumbs": _crumbs(), "form": form, "kinds": _kinds(actor_of(request)),
        "personal_data": actor_of(request).may_see_personal_data,
        "watched": _watched(request), "table": table,
        "recent_active": any(job.status in ACTIVE for job in table.page),
        "held_minutes": int(HELD_FOR.total_seconds() // 60),
    }, status=status)


def _held(request, pk: int) -> HeldUpload:
    """My own held file; anyone else's is 404, as if it did not exist."""
    return get_object_or_404(HeldUpload.objects.select_related("check_job"), pk=pk, user=request.user)


@page(*IMPORTERS)
def import_check(request, pk: int):
    """The check of a held file: its errors by row and column and, when it has none, the confirmation. A big
    file's check runs as a job: the fragment polls itself every second until the report is in."""
    held = _held(request, pk)
    job = held.check_job
    kind = held_kind(held)
    context = {
        "held": held, "kind_label": IMPORT_LABELS.get(kind, kind), "report": held_report(held),
        "checking": job is not None and job.status in ACTIVE, "check_job": job,
        "check_error": (job.error or {}).get("message", "") if job is not None and job.error else "",
        "expired": held.job_id is None and held_expired(held),
        "upload_again": f"{reverse('workspace:imports')}?kind={kind}",
    }
    if request.headers.get("HX-Request"):
        return render(request, "workspace/includes/import_check.html", context)
    return render(request, "workspace/import_check.html", {
        **context, "title": _("Check of %(file)s") % {"file": held.filename},
        "breadcrumbs": _crumbs((held.filename, "")),
    })


@page(*IMPORTERS)
def import_confirm(request, pk: int):
    if request.method != "POST":
        return redirect("workspace:import_check", pk=pk)
    try:
        job = confirm_import(held_id=pk, digest=request.POST.get("digest", ""), user=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("workspace:import_check", pk=pk) if HeldUpload.objects.filter(
            pk=pk, user=request.user).exists() else redirect("workspace:imports")
    messages.success(request, _("The import has started; this page shows how far it got."))
    return redirect(f"{reverse('workspace:imports')}?job={job.pk}")


@page(*IMPORTERS)
def import_template(request, kind: str):
    """An empty file with the import's columns, as the template to fill in."""
    if kind not in KINDS:
        raise Http404
    return file_response([column.header for column in _columns(kind, actor_of(request))], [],
                         name=f"template-{kind}", file_format="xlsx")
