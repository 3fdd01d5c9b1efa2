"""Long work as background jobs, on django-tasks (the backport of Django 6's django.tasks).

A domain app registers a kind with the function that does the work (`register`); a view calls `start`,
which stores a JobRecord and enqueues `run_job` on the task backend: django-tasks-db in production, where
any number of `manage.py db_worker` processes on any number of machines claim tasks from the one database
(SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL), and the immediate backend in the tests. The work reports
how far it got with `report_progress`; its result, or its error in the API's error shape, lands on the record.

Nothing is half-done: each kind's work writes in one transaction (the services already do), so a worker
killed in the middle leaves the data as before; `sweep` (command `sweep_jobs`) marks such a job failed."""

import contextvars
import os
import re
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import backup
from core.api import error_body
from core.errors import Conflict, DomainError
from core.models import ACTIVE, HELD_UPLOAD_LIFETIME, HeldUpload, JobRecord, JobStatus

try:  # Django 6 has the engine built in; the backport is the same API under another name.
    from django.tasks import task
except ImportError:
    from django_tasks import task


@dataclass(frozen=True)
class Kind:
    name: str
    # Does the work and returns the body the synchronous call would have answered (JSON), or the body and
    # that call's status when it was not 200 (201: something was created).
    work: Callable[[JobRecord], dict | tuple[dict, int]]


KINDS: dict[str, Kind] = {}
_current_job: contextvars.ContextVar[int | None] = contextvars.ContextVar("current_job", default=None)


def register(name: str, work: Callable[[JobRecord], dict | tuple[dict, int]]) -> None:
    KINDS[name] = Kind(name, work)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def start(*, kind: str, title: str, user, params: dict | None = None, upload: bytes | None = None,
          subject: str = "") -> JobRecord:
    """Queue a job. A subject (what the job works on) has at most one queued or running job: 409 otherwise."""
    if kind not in KINDS:
        raise DomainError(_("Unknown job kind."), code="unknown_job_kind")
    try:
        with transaction.atomic():
            job = JobRecord.objects.create(kind=kind, title=title, started_by=user, params=params or {},
                                           upload=upload, subject=subject)
    except IntegrityError:
        raise Conflict(_("The same work is already queued or running; wait for it to finish."),
                       code="job_running") from None
    result = run_job.using(backend=settings.JOBS_TASK_BACKEND).enqueue(job.pk)
    JobRecord.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


def start_or_join(*, kind: str, title: str, user, params: dict | None = None, subject: str) -> JobRecord:
    """Queue a job, or follow the one already queued or running for the same subject (two users asking for
    the same cold report at once start one job; the second reads it and its file as the first does)."""
    for _attempt in range(3):
        running = JobRecord.objects.filter(subject=subject, status__in=ACTIVE).defer("upload", "output").first()
        if running is not None:
            if running.started_by_id != getattr(user, "pk", None):
                running.followers.add(user)
            return running
        try:
            return start(kind=kind, title=title, user=user, params=params, subject=subject)
        except Conflict:
            continue  # another request started it between our look and our insert: follow that one
    raise Conflict(_("The same work is already queued or running; wait for it to finish."), code="job_running")


def save_output(name: str, data: bytes) -> None:
    """Keep a file the running job made (a report's PDF) for its starter and followers to download."""
    job_id = _current_job.get()
    if job_id is not None:
        JobRecord.objects.filter(pk=job_id).update(output=data, output_name=name)


def job_output(job: JobRecord) -> bytes | None:
    """The file of a job that already succeeded (run at once by an inline task backend), else None."""
    job.refresh_from_db(fields=["status"])
    if job.status != JobStatus.SUCCEEDED:
        return None
    output = JobRecord.objects.filter(pk=job.pk).values_list("output", flat=True).first()
    return None if output is None else bytes(output)


def report_progress(done: int, total: int, stage: str) -> None:
    """Say how far the running job got. Call it outside the work's write transaction so others see it
    at once; outside a job it does nothing, so services may call it unconditionally."""
    job_id = _current_job.get()
    if job_id is not None:
        JobRecord.objects.filter(pk=job_id).update(done=done, total=total, stage=str(stage),
                                                   heartbeat_at=timezone.now())


def _finish(job_id: int, **fields) -> None:
    JobRecord.objects.filter(pk=job_id).update(finished_at=timezone.now(), upload=None, **fields)


@task()
def run_job(job_id: int) -> str:
    """The one task every job runs as. Claims the record first: a job already claimed, finished or
    cancelled is not run again, whatever the task backend does."""
    now = timezone.now()
    claimed = JobRecord.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, worker=worker_name())
    if not claimed:
        return "skipped"
    token = _current_job.set(job_id)
    try:
        job = JobRecord.objects.get(pk=job_id)
        result = KINDS[job.kind].work(job)
        result, http_status = result if isinstance(result, tuple) else (result, 200)
    except DomainError as exc:
        _finish(job_id, status=JobStatus.FAILED, http_status=exc.status,
                error=error_body(exc.code, exc.message, exc.fields)["error"])
        return JobStatus.FAILED
    except Exception:
        _finish(job_id, status=JobStatus.FAILED, http_status=500, error=error_body("job_failed", _(
            "The job failed unexpectedly and changed nothing; try again or tell the administrator."))["error"])
        raise  # the task's own result keeps the traceback for the operators
    finally:
        _current_job.reset(token)
    job.refresh_from_db(fields=["total"])
    total = max(job.total, 1)
    _finish(job_id, status=JobStatus.SUCCEEDED, result=result, http_status=http_status, done=total, total=total,
            stage=_("Done"))
    return JobStatus.SUCCEEDED


def cancel(job: JobRecord) -> bool:
    """Cancel a job no worker has claimed yet; a running job's transaction is left to finish."""
    return bool(JobRecord.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.CANCELLED, finished_at=timezone.now(), upload=None))


def _alive_here(worker: str) -> bool | None:
    """Whether a worker on this machine still runs; None when it ran elsewhere (ask its heartbeat)."""
    host, _sep, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True
    return True


def sweep(*, stale_after: timedelta = timedelta(minutes=30)) -> list[int]:
    """Mark failed the running jobs whose worker died: on this machine, a worker process that is gone; on
    any machine, no sign of life for `stale_after`. Their writes were one transaction, rolled back with
    the worker, so the data is as before and the job may simply be started again."""
    lost = []
    cutoff = timezone.now() - stale_after
    for job in JobRecord.objects.filter(status=JobStatus.RUNNING).only("pk", "worker", "heartbeat_at", "task_id"):
        alive = _alive_here(job.worker)
        if alive is False or (alive is None and (job.heartbeat_at is None or job.heartbeat_at < cutoff)):
            lost.append(job.pk)
            _finish(job.pk, status=JobStatus.FAILED, http_status=500, error=error_body(
                "worker_lost", _("The worker running this job stopped; nothing was changed. Start it again."))["error"])
            _fail_task(job.task_id)
    return lost


def _fail_task(task_id: str) -> None:
    """The database backend's own row stays 'running' when its worker dies; say it failed there too."""
    if "django_tasks_db" not in settings.INSTALLED_APPS or not task_id:
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(
        status="FAILED", finished_at=timezone.now(), exception_class_path="core.jobs.WorkerLost",
        traceback="The worker process stopped while running this task (core.jobs.sweep).")


def drop_expired_uploads() -> int:
    """Delete the held files (checked, never confirmed) older than HELD_UPLOAD_LIFETIME; how many were dropped."""
    dropped, _by_model = HeldUpload.objects.filter(created_at__lt=timezone.now() - HELD_UPLOAD_LIFETIME).delete()
    return dropped


def active(subject: str) -> bool:
    return JobRecord.objects.filter(subject=subject, status__in=ACTIVE).exists()


# --- backups on demand ---------------------------------------------------------------------------------------

BACKUP_NAME = re.compile(r"backup-\d{8}-\d{6}-job\d+\.(sqlite3|dump)")


def backup_path(job: JobRecord) -> Path | None:
    """The backup file a backup job wrote, or None. Found from the job alone (no name comes from a request),
    and only a name of the job's own pattern directly in BACKUP_DIR is ever opened."""
    name = (job.result or {}).get("file", {}).get("name", "") if job.kind == "backup" else ""
    if not BACKUP_NAME.fullmatch(name) or not name.endswith(f"-job{job.pk}{Path(name).suffix}"):
        return None
    folder = Path(settings.BACKUP_DIR).resolve()
    path = (folder / name).resolve()
    return path if path.parent == folder and path.is_file() else None


class BackupFailed(DomainError):
    status = 500  # the server's doing (no pg_dump, a full disk), not the request's
    code = "backup_failed"


def _backup(job: JobRecord) -> dict:
    """The same backup as `manage.py backup_db`, into a new file in BACKUP_DIR (a private folder)."""
    folder = Path(settings.BACKUP_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    suffix = "sqlite3" if connection.vendor == "sqlite" else "dump"
    name = f"backup-{timezone.localtime():%Y%m%d-%H%M%S}-job{job.pk}.{suffix}"
    report_progress(0, 1, _("Backing up the database"))
    try:
        counts = backup.backup(connection, folder / name)
    except backup.BackupError as exc:
        raise BackupFailed(_("The backup failed: %(reason)s") % {"reason": exc}) from None
    return {"file": {"name": name, "size": (folder / name).stat().st_size,
                     "url": reverse("job-file", kwargs={"pk": job.pk})},
            "tables": len(counts), "rows": sum(counts.values()), "counts": counts}


register("backup", _backup)
