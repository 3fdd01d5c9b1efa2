"""The one table the plumbing owns: the record of a background job (core.jobs)."""

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
