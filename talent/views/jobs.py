"""The background jobs API: a long POST elsewhere answers 202 with the job (`accepted`); here one follows it."""

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core import jobs
from core.errors import Conflict, Forbidden
from core.models import JobRecord
from core.schema import conflict
from talent import access, roles
from talent.access import RolePermission, actor_of
from talent.selectors.jobs import job_list
from talent.serializers.jobs import JobSerializer


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

