"""The pool's background job kinds (core.jobs): spreadsheet imports, the workspace's check-then-confirm of an
import file (the file is held on the server between the two, so it is not uploaded twice), closing an
assessment campaign, and the leadership report when its figures are not cached yet (talent.views.planning
answers at once when they are)."""

import hashlib
import hmac

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import jobs
from core.errors import Conflict, DomainError
from core.models import HELD_UPLOAD_LIFETIME, HeldUpload, JobRecord, JobStatus
from talent import imports
from talent.access import Actor
from talent.services import campaigns, trends

IMPORT_LABELS = {
    "cadres": gettext_lazy("cadres"),
    "cadre-skills": gettext_lazy("cadre skills"),
    "assessments": gettext_lazy("literacy assessments"),
    "appraisal-grades": gettext_lazy("appraisal grades"),
    "post-history": gettext_lazy("post history"),
    "training-hours": gettext_lazy("online learning hours"),
}
# A file up to this size is checked at once (about 7,500 rows of a full cadre CSV: 1 s of CPU; docs/benchmarks.md); a
# bigger one by a job.
CHECK_AT_ONCE_BYTES = 1024 * 1024
HELD_FOR = HELD_UPLOAD_LIFETIME


def start_import(*, kind: str, data: bytes, filename: str, user):
    job = jobs.start(kind="import", title=_("Import %(what)s from %(file)s") % {
        "what": IMPORT_LABELS.get(kind, kind), "file": filename},
        user=user, params={"kind": kind, "filename": filename}, upload=data)
    # Importing the same kind again deals with an earlier failure: it leaves the starter's 待办.
    JobRecord.objects.filter(kind="import", started_by=user, params__kind=kind, status=JobStatus.FAILED,
                             seen_at=None).exclude(pk=job.pk).update(seen_at=timezone.now())
    return job


def _run_import(job) -> dict:
    return imports.import_file(kind=job.params["kind"], data=bytes(job.upload), filename=job.params["filename"],
                               dry_run=False, user=job.started_by)


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_import(*, kind: str, data: bytes, filename: str, user) -> HeldUpload:
    """The API's dry run of a file, which is then held for HELD_FOR to be confirmed (confirm_import) without
    uploading it again. A small file is checked at once: a file that cannot be read, or that the user may not
    import (personal columns), raises here the API's error and nothing is kept. A bigger one is checked by a
    job (kind "import-check"), whose result is the dry run's report. A newer file of the same kind replaces
    the one held before."""
    jobs.drop_expired_uploads()
    report = None
    if len(data) <= CHECK_AT_ONCE_BYTES:
        report = imports.import_file(kind=kind, data=data, filename=filename, dry_run=True, user=user)
    purpose = f"import:{kind}"
    with transaction.atomic():
        HeldUpload.objects.filter(user=user, purpose=purpose, job=None).delete()
        # A file with problems is never imported: its bytes (personal data, perhaps) are not kept.
        held = HeldUpload.objects.create(user=user, purpose=purpose, filename=filename,
                                         data=data if report is None or report["valid"] else None,
                                         digest=digest_of(data), size=len(data), report=report)
    if report is None:
        held.check_job = jobs.start(kind="import-check", title=_("Check %(what)s in %(file)s") % {
            "what": IMPORT_LABELS.get(kind, kind), "file": filename}, user=user, params={"held": held.pk})
        HeldUpload.objects.filter(pk=held.pk).update(check_job=held.check_job)
    return held


def held_kind(held: HeldUpload) -> str:
    return held.purpose.removeprefix("import:")


def held_report(held: HeldUpload) -> dict | None:
    """The check's report: the one answered at once, or the check job's result once it succeeded."""
    if held.report is not None:
        return held.report
    job = held.check_job
    return job.result if job is not None and job.status == JobStatus.SUCCEEDED else None


def _run_check(job) -> dict:
    held = HeldUpload.objects.filter(pk=job.params["held"]).first()
    if held is None or held.data is None:
        raise DomainError(_("The file was replaced by a newer one or has expired."), code="upload_expired")
    try:
        report = imports.import_file(kind=held_kind(held), data=bytes(held.data), filename=held.filename,
                                     dry_run=True, user=job.started_by)
    except DomainError:
        HeldUpload.objects.filter(pk=held.pk).update(data=None)
        raise
    if not report["valid"]:
        HeldUpload.objects.filter(pk=held.pk).update(data=None)
    return report


def held_expired(held: HeldUpload) -> bool:
    return held.created_at < timezone.now() - HELD_FOR


def confirm_import(*, held_id: int, digest: str, user) -> JobRecord:
    """Start the import of a file its uploader checked: 409 when it expired (or a newer file replaced it),
    when it is not the file checked (its digest differs), when it is still being checked or has problems,
    or when it was imported already."""
    with transaction.atomic():
        held = HeldUpload.objects.select_for_update().filter(pk=held_id, user=user).first()
        if held is None or held_expired(held):
            raise Conflict(_("The checked file has expired or a newer file replaced it: upload it again."),
                           code="upload_expired")
        if held.job_id is not None:
            raise Conflict(_("This file has been imported already."), code="upload_imported")
        if not hmac.compare_digest(held.digest, str(digest)):
            raise Conflict(_("This is not the file that was checked: check it again before importing."),
                           code="upload_changed")
        report = held_report(held)
        if report is None:
            raise Conflict(_("The file is still being checked (or its check failed)."), code="upload_unchecked")
        if not report["valid"]:
            raise Conflict(_("The file has problems: fix them and upload it again."), code="upload_invalid")
        job = start_import(kind=held_kind(held), data=bytes(held.data), filename=held.filename, user=user)
        HeldUpload.objects.filter(pk=held.pk).update(job=job, data=None)
    return job


jobs.register("import", _run_import)
jobs.register("import-check", _run_check)


def _run_campaign_close(job) -> dict:
    return campaigns.campaign_compute(campaign_id=job.params["campaign"])


jobs.register("campaign-close", _run_campaign_close)


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


jobs.register("leadership-report", _leadership_report)


def start_trend_snapshot(*, user=None):
    """One snapshot at a time (the subject): a second while one is queued or running is 409."""
    return jobs.start(kind="trend-snapshot", title=_("Snapshot of the overview's figures"), user=user,
                      subject="trend-snapshot")


def _run_trend_snapshot(job) -> dict:
    jobs.report_progress(0, 1, _("Reading the figures"))
    return trends.snapshot()


jobs.register("trend-snapshot", _run_trend_snapshot)
