"""The background jobs API: a long POST elsewhere answers 202 with the job (`accepted`); here one follows it."""

import io

from auditlog.cid import get_cid
from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from core import jobs
from core.errors import Conflict, Forbidden
from core.models import JobRecord
from core.schema import conflict
from talent import access, roles
from talent.access import RolePermission, SuperuserPermission, actor_of
from talent.selectors.jobs import job_file_holder, job_list
from talent.serializers.jobs import JobSerializer


class FileRenderer(BaseRenderer):
    """Lets a client that asks for the file's type (or anything) reach the download; errors stay JSON."""

    media_type = "application/octet-stream"
    format = "file"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


def accepted(request, job: JobRecord) -> Response:
    """202 Accepted with the job's address in Location and its body: what every long POST answers."""
    body = JobSerializer(job, context={"request": request}).data
    return Response(body, status=status.HTTP_202_ACCEPTED,
                    headers={"Location": reverse("job-detail", kwargs={"pk": job.pk})})


class JobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Background jobs: mine (HR and auditors: everyone's). `status` is queued, running, succeeded, failed
    or cancelled; `progress` says how far it got; `result` is the body the synchronous call gave; `error`
    is in the API's error shape. Poll a job's address until it is finished."""

    permission_classes = [RolePermission]
    disclosure = access.JOBS
    read_roles = tuple(roles.ROLE_LABELS)
    write_roles = tuple(roles.ROLE_LABELS)
    serializer_class = JobSerializer
    queryset = JobRecord.objects.none()  # for the schema; get_queryset scopes the real one
    filterset_fields = ["status", "kind"]
    ordering_fields = ["created_at", "finished_at"]

    def get_queryset(self):
        return job_list(actor=actor_of(self.request))

    def check_permissions(self, request):
        if request.user.is_authenticated and request.user.is_superuser:
            return  # with or without a role, a superuser follows the jobs they started (backups)
        super().check_permissions(request)

    @extend_schema(request=None, responses={200: JobSerializer, **conflict()})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel a job that no worker has started; its starter or HR may."""
        job = self.get_object()
        if job.started_by_id != request.user.pk and not actor_of(request).has(roles.HR):
            raise Forbidden(_("Only who started a job, or HR, may cancel it."))
        if not jobs.cancel(job):
            raise Conflict(_("The job has already started or finished; it can no longer be cancelled."),
                           code="job_started")
        job.refresh_from_db()
        return Response(self.get_serializer(job).data)


    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, FileRenderer])
    def file(self, request, pk=None):
        """The file the job made (a report's PDF, a backup): for its starter and followers only, once it
        succeeded; each download is written to the audit trail."""
        job = self.get_object()
        if not job_file_holder(job=job, actor=actor_of(request)):
            raise Forbidden(_("Only who asked for this job may download its file."), code="not_your_file")
        if job.kind == "backup":
            path = jobs.backup_path(job)
            if path is None:
                raise Http404
            content = path.open("rb")
            name = path.name
        else:
            stored = JobRecord.objects.filter(pk=job.pk).values_list("output", "output_name").first()
            if not stored or stored[0] is None:
                raise Http404
            content, name = io.BytesIO(bytes(stored[0])), stored[1]
        _audit_download(job, request.user)
        return FileResponse(content, as_attachment=True, filename=name,
                            content_type="application/pdf" if name.endswith(".pdf") else None)


def _audit_download(job: JobRecord, user) -> None:
    """A job's file leaving the server is a read of it: the audit trail says who, when, from where."""
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(JobRecord), object_pk=str(job.pk), object_id=job.pk,
        object_repr=job.title[:200], action=LogEntry.Action.ACCESS, actor=user, timestamp=timezone.now(),
        cid=get_cid(), remote_addr=auditlog_value.get({}).get("remote_addr"), additional_data={"via": "download"})


class BackupViewSet(viewsets.GenericViewSet):
    """Back up the whole database on demand, as `manage.py backup_db` does (superusers only: it holds every
    record, password hashes and API tokens; personal data stays encrypted). Answers 202 with the job; its
    result names the file, which only who asked for it downloads from the job's `file/` address."""

    permission_classes = [SuperuserPermission]
    disclosure = access.BACKUPS
    serializer_class = JobSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(request=None, responses={202: JobSerializer, **conflict()})
    def create(self, request):
        job = jobs.start(kind="backup", title=_("Back up the database"), user=request.user, subject="backup")
        return accepted(request, job)
