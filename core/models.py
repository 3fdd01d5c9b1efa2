"""The one table the plumbing owns: the record of a background job (core.jobs)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("succeeded")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


class JobRecord(models.Model):
    """A long piece of work run by a worker: who started it, what it is, how far it got and how it ended.

    django-tasks' own result row (task_id) says only whether the task ran; this adds what users and auditors
    read: the starter, a title, progress, the result the synchronous call would have answered, or the error
    in the API's error shape."""

    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    # What the job works on ("incentive-cycle:5"): at most one queued or running job per subject.
    subject = models.CharField(_("subject"), max_length=100, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="jobs", verbose_name=_("started by"))
    # Who asked for the same work while it was queued or running (a cold report): they follow this job
    # instead of starting another, and read it and its file as its starter does.
    followers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="followed_jobs",
                                       verbose_name=_("followers"))
    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    params = models.JSONField(_("parameters"), default=dict)
    # An uploaded file travels in the database, so a worker on another machine can read it; cleared at the end.
    upload = models.BinaryField(_("upload"), null=True, editable=False)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    # A file the job made for its starter and followers (a report's PDF), in the database so that any web
    # server can hand it out whichever machine's worker made it. A backup stays a file (settings.BACKUP_DIR).
    output = models.BinaryField(_("output"), null=True, editable=False)
    output_name = models.CharField(_("output file name"), max_length=200, blank=True)
    error = models.JSONField(_("error"), null=True, blank=True)
    # The HTTP status the synchronous call would have answered (200, or the error's 400/403/409).
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True, db_index=True)
    # host:pid of the worker running it, and when it last said it was alive (core.jobs.sweep reads both).
    worker = models.CharField(_("worker"), max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(_("heartbeat at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # When its starter saw how it ended (opened it after it finished, or started the same import again): a
    # failed import waits in the starter's 待办 until then.
    seen_at = models.DateTimeField(_("seen at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        constraints = [
            models.UniqueConstraint(fields=["subject"], condition=Q(status__in=ACTIVE) & ~Q(subject=""),
                                    name="one_active_job_per_subject"),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"


# How long a checked file waits for its confirmation before it is dropped (core.jobs.drop_expired_uploads).
HELD_UPLOAD_LIFETIME = timedelta(minutes=30)


class HeldUpload(models.Model):
    """A file checked and waiting for its uploader to confirm it (an import's dry run, then the import), kept
    on the server for a short while so it is not uploaded twice, and never in the session cookie. The digest
    tells the file confirmed from the file checked; a confirmed file's bytes go with its job."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="held_uploads",
                             verbose_name=_("user"))
    purpose = models.CharField(_("purpose"), max_length=64)  # what the file is for: "import:cadres"
    filename = models.CharField(_("file name"), max_length=255)
    data = models.BinaryField(_("data"), null=True, editable=False)
    digest = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size"))
    # The check's answer (the API's dry-run body), or the job checking a big file.
    report = models.JSONField(_("report"), null=True, blank=True)
    check_job = models.ForeignKey(JobRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("check job"))
    # The job the confirmation started; once set, the file is gone from here.
    job = models.ForeignKey(JobRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                            verbose_name=_("job"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("held upload")
        verbose_name_plural = _("held uploads")

    def __str__(self):
        return self.filename
class Notice(models.Model):
    """Something waiting on a user, told to them once: in the workspace's top bar and list, and by e-mail in the
    daily digest (core.notices). The domain apps write the title and text, already in words, naming people only
    by name; `link` is a path the recipient may open. Generic on purpose: the plumbing knows no domain."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices",
                                  verbose_name=_("recipient"))
    kind = models.CharField(_("kind"), max_length=64)
    # What the notice is about ("secondment:5"): the daily checks tell one only once per subject.
    subject = models.CharField(_("subject"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notice_recipient_read"),
            models.Index(fields=["kind", "subject"], name="notice_kind_subject"),
            models.Index(fields=["emailed_at", "recipient"], name="notice_emailed_recipient"),
        ]

    def __str__(self):
        return self.title


class TableChange(models.Model):
    """Writes to a table, counted for core.table_cache's fingerprints on PostgreSQL: a trigger adds a row for each
    statement that writes to a table of a domain app (core.table_cache.install_change_triggers), and
    `compact_changes` folds a table's rows into one carrying their sum. A row becomes visible when its writer
    commits, so the sum moves at every commit, in whatever order the writers commit."""

    table_name = models.CharField(_("table"), max_length=63)
    weight = models.BigIntegerField(_("statements"), default=1)

    class Meta:
        verbose_name = _("table change")
        verbose_name_plural = _("table changes")
        indexes = [models.Index(fields=["table_name", "weight"], name="table_change_sum")]

    def __str__(self):
        return self.table_name
