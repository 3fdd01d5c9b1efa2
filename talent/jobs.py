"""The pool's background job kinds (core.jobs): spreadsheet imports, closing an assessment campaign."""

from django.utils.translation import gettext_lazy as _

from core import jobs
from talent import imports
from talent.services import campaigns

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


jobs.register("import", _run_import)


def _run_campaign_close(job) -> dict:
    return campaigns.campaign_compute(campaign_id=job.params["campaign"])


jobs.register("campaign-close", _run_campaign_close)
