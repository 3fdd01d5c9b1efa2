"""The pool's background job kinds (core.jobs): spreadsheet imports, and the leadership report when its
figures are not cached yet (talent.views.planning answers at once when they are)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import jobs
from talent import imports
from talent.access import Actor

IMPORT_LABELS = {
    "cadres": _("cadres"),
    "cadre-skills": _("cadre skills"),
    "assessments": _("literacy assessments"),
    "appraisal-grades": _("appraisal grades"),
}


def start_import(*, kind: str, data: bytes, filename: str, user):
    return jobs.start(kind="import", title=_("Import %(what)s from %(file)s") % {
        "what": IMPORT_LABELS.get(kind, kind), "file": filename},
        user=user, params={"kind": kind, "filename": filename}, upload=data)


def _run_import(job) -> dict:
    return imports.import_file(kind=job.params["kind"], data=bytes(job.upload), filename=job.params["filename"],
                               dry_run=False, user=job.started_by)


def start_leadership_report(*, user, period: str):
    """Who asks for the same period's report while it is computed follows the one job (the figures are the
    bureau's, the same for everyone who may read the report)."""
    return jobs.start_or_join(kind="leadership-report", title=_("The leadership report %(period)s") % {
        "period": period or "—"}, user=user, params={"period": period}, subject=f"leadership-report:{period}")


def _leadership_report(job) -> dict:
    from talent.views.planning import leadership_report  # the view module imports this one


    jobs.report_progress(0, 1, _("Computing the report's figures"))
    pdf = leadership_report(actor=Actor(job.started_by), period=job.params["period"])
    return file_result(job, f"leadership-report-{job.params['period'] or 'latest'}.pdf", pdf)


def file_result(job, name: str, data: bytes) -> dict:
    """Keep the file the job made and answer the link to it (the job's `file/` address)."""
    jobs.save_output(name, data)
    return {"file": {"name": name, "size": len(data), "url": reverse("job-file", kwargs={"pk": job.pk})}}


jobs.register("import", _run_import)
jobs.register("leadership-report", _leadership_report)
