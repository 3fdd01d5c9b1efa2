from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import ACTIVE, JobStatus
from talent.access import actor_of
from talent.selectors.jobs import job_file_holder, job_list
from talent.services.jobs import job_seen
from workspace.pages import page

# The counts a job's result may hold, in words; other fields of a result are for API clients.
COUNTS = {"rows": gettext_lazy("rows read"), "created": gettext_lazy("records created"),
          "updated": gettext_lazy("records updated"), "unchanged": gettext_lazy("records unchanged"),
          "issued_now": gettext_lazy("certificates issued now"), "scored": gettext_lazy("cadres scored"),
          "unscored": gettext_lazy("cadres left without a score")}


@page()
def job_detail(request, pk: int):
    """A job's progress, updating itself (htmx polls the fragment every second while the job is queued or
    running), then its result or error. Scoped like the API: my jobs; HR and auditors everyone's."""
    actor = actor_of(request)
    job = get_object_or_404(job_list(actor=actor), pk=pk)
    job_seen(job=job, actor=actor)
    reload_when_done = request.GET.get("then") == "reload"
    if request.headers.get("HX-Request") and reload_when_done and job.status == JobStatus.SUCCEEDED:
        # The page that polls (the cold cockpit) now finds its figures cached: reload it.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    has_file = job.status == JobStatus.SUCCEEDED and "file" in (job.result or {}) and \
        job_file_holder(job=job, actor=actor)
    context = {
        "job": job, "active": job.status in ACTIVE, "reload_when_done": reload_when_done,
        "file_url": reverse("job-file", kwargs={"pk": job.pk}) if has_file else "",
        "summary": [(label, job.result[key]) for key, label in COUNTS.items() if key in (job.result or {})],
        "rows": ((job.error or {}).get("fields") or {}).get("rows", []),
    }
    if request.headers.get("HX-Request"):
        return render(request, "workspace/includes/job_progress.html", context)
    return render(request, "workspace/job.html", {
        **context, "title": job.title,
        "breadcrumbs": [(_("Workspace"), reverse("workspace:home")), (_("Background job"), "")],
    })
