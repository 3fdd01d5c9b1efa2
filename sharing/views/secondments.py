from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import Forbidden
from sharing import jobs
from sharing.access import ALLOCATION, SECONDMENTS, SHARE_REQUESTS
from sharing.models import AllocationRun
from sharing.selectors import secondments as selectors
from sharing.serializers.secondments import (
    AllocationOutcomeSerializer,
    AllocationRequestSerializer,
    AllocationRunSerializer,
    CandidatesQuerySerializer,
    CandidatesSerializer,
    CompleteSerializer,
    PastSecondmentSerializer,
    ProposeSerializer,
    ReasonSerializer,
    SecondmentSerializer,
    ShareRequestSerializer,
)
from sharing.services import secondments as services
from talent import roles
from talent.access import RolePermission, actor_of
from talent.serializers.jobs import JobSerializer
from talent.views.jobs import accepted

SHARING_ROLES = (roles.HR, roles.HEAD, roles.LEADERSHIP)


def _reason(request) -> str:
    form = ReasonSerializer(data=request.data)
    form.is_valid(raise_exception=True)
    return form.validated_data["reason"]


class ShareRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                          mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Expert requests. A head files them for their departments (HR may too); they change only as drafts.

    `candidates` ranks who could go, with the score's breakdown and the people left out with the reason.
    """

    permission_classes = [RolePermission]
    disclosure = SHARE_REQUESTS
    read_roles = SHARING_ROLES
    write_roles = (roles.HR, roles.HEAD)
    serializer_class = ShareRequestSerializer
    filterset_fields = ["status", "department"]
    search_fields = ["title"]
    ordering_fields = ["created_at", "start_date"]

    def get_queryset(self):
        return selectors.share_request_list(actor=actor_of(self.request))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.share_request_create(actor=actor_of(self.request),
                                                            skills=data.pop("required_skills"), **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.share_request_update(
            actor=actor_of(self.request), share_request=serializer.instance,
            skills=data.pop("required_skills", None), **data)

    def _respond(self, share_request):
        return Response(self.get_serializer(self.get_queryset().get(pk=share_request.pk)).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        return self._respond(services.share_request_open(actor=actor_of(request), share_request=self.get_object()))

    @extend_schema(request=ReasonSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._respond(services.share_request_cancel(actor=actor_of(request), share_request=self.get_object(),
                                                           reason=_reason(request)))

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._respond(services.share_request_close(actor=actor_of(request), share_request=self.get_object()))

    @extend_schema(request=ProposeSerializer, responses={201: SecondmentSerializer})
    @action(detail=True, methods=["post"])
    def propose(self, request, pk=None):
        """HR proposes one of the candidates by hand, with the score and its explanation. Someone declined for
        this request (by their department or by themselves), busy, or whose department is at its cap: 409."""
        form = ProposeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        secondment = services.secondment_propose(actor=actor_of(request), share_request=self.get_object(),
                                                 cadre=form.validated_data["cadre"])
        shown = selectors.secondment_list(actor=actor_of(request)).get(pk=secondment.pk)
        return Response(SecondmentSerializer(shown).data, status=201)

    @extend_schema(parameters=[CandidatesQuerySerializer], responses=CandidatesSerializer)
    @action(detail=True, filter_backends=[], pagination_class=None)
    def candidates(self, request, pk=None):
        share_request = self.get_object()
        actor = actor_of(request)
        if not (actor.sees_all_departments or share_request.department_id in actor.scope_department_ids):
            raise Forbidden(_("Only the requesting department's head, HR and leadership see the candidates."))
        query = CandidatesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found, excluded = services.request_candidates(share_request=share_request, limit=query.validated_data["limit"])
        return Response(CandidatesSerializer({"candidates": found, "exclusions": excluded}).data)


class SecondmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Secondments and their workflow: accept / decline (home head), approve (HR, leadership), complete with a
    rating (host head), cancel with a reason (HR, leadership, host head). A move the status does not allow is 409.
    """

    permission_classes = [RolePermission]
    disclosure = SECONDMENTS
    read_roles = SHARING_ROLES
    write_roles = SHARING_ROLES
    serializer_class = SecondmentSerializer
    filterset_fields = ["status", "request", "cadre", "home_department", "host_department"]
    ordering_fields = ["start_date", "score", "created_at"]

    def get_queryset(self):
        return selectors.secondment_list(actor=actor_of(self.request))

    def _respond(self, secondment):
        return Response(self.get_serializer(self.get_queryset().get(pk=secondment.pk)).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._respond(services.secondment_accept(actor=actor_of(request), secondment=self.get_object()))

    @extend_schema(request=ReasonSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._respond(services.secondment_decline(actor=actor_of(request), secondment=self.get_object(),
                                                         reason=_reason(request)))

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._respond(services.secondment_approve(actor=actor_of(request), secondment=self.get_object()))

    @extend_schema(request=CompleteSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        form = CompleteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self._respond(services.secondment_complete(actor=actor_of(request), secondment=self.get_object(),
                                                          **form.validated_data))

    @extend_schema(request=PastSecondmentSerializer, responses={201: SecondmentSerializer})
    @action(detail=False, methods=["post"])
    def record(self, request):
        """HR records a secondment that ended before the system kept them, with the host's rating."""
        form = PastSecondmentSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        secondment = services.secondment_record_past(actor=actor_of(request), **form.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=secondment.pk)).data, status=201)

    @extend_schema(request=ReasonSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._respond(services.secondment_cancel(actor=actor_of(request), secondment=self.get_object(),
                                                        reason=_reason(request)))


class AllocationView(APIView):
    """The global allocation over every open request: the proposals of greatest total score within the
    headcounts and the departments' lending caps. `dry_run` (the default) shows them at once without storing;
    a stored run is a background job: 202 with the job, whose `result` is the outcome."""

    permission_classes = [RolePermission]
    disclosure = ALLOCATION
    read_roles = ()
    write_roles = (roles.HR,)

    @extend_schema(request=AllocationRequestSerializer,
                   responses={200: AllocationOutcomeSerializer, 202: JobSerializer})
    def post(self, request):
        form = AllocationRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        if not form.validated_data["dry_run"]:
            return accepted(request, jobs.start_allocation(user=request.user))
        outcome = services.allocation_run(actor=actor_of(request), dry_run=True)
        return Response(jobs.allocation_body(outcome, dry_run=True))


class AllocationRunViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [RolePermission]
    disclosure = ALLOCATION
    read_roles = (roles.HR, roles.LEADERSHIP)
    write_roles = ()
    serializer_class = AllocationRunSerializer
    queryset = AllocationRun.objects.select_related("run_by")
