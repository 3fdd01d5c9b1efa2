from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.models import ACTIVE
from talent.access import actor_of
from talent.selectors.jobs import job_list
from workspace.pages import page


@page()
def job_detail(request, pk: int):
    """A job's progress, updating itself (htmx polls the fragment every second while the job is queued or
    running), then its result or error. Scoped like the API: my jobs; HR and auditors everyone's."""
    job = get_object_or_404(job_list(actor=actor_of(request)), pk=pk)
    context = {
        "job": job, "active": job.status in ACTIVE,
        "summary": [(key, value) for key, value in (job.result or {}).items()
                    if isinstance(value, str | int | float | bool) and key not in ("id", "url")],
        "rows": ((job.error or {}).get("fields") or {}).get("rows", []),
    }
    if request.headers.get("HX-Request"):
        return render(request, "workspace/includes/job_progress.html", context)
    return render(request, "workspace/job.html", {
        **context, "title": job.title,
        "breadcrumbs": [(_("Workspace"), reverse("workspace:home")), (_("Background job"), "")],
    })
