"""API for contributions, appraisal grades, incentive policies and cycles with their lists."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.schema import conflict
from incentives import exports, jobs
from incentives.access import APPRAISAL_GRADES, CONTRIBUTIONS, CYCLES, POLICIES
from incentives.filters import AppraisalGradeFilter, ContributionFilter, CycleFilter, LineFilter
from incentives.models import IncentiveCycle, IncentiveLine
from incentives.selectors import cycles as selectors
from incentives.serializers.cycles import (
    AppraisalGradeSerializer,
    CommentSerializer,
    ContributionSerializer,
    CycleDetailSerializer,
    CycleSerializer,
    LineAdjustSerializer,
    LineDetailSerializer,
    LineSerializer,
    PolicySerializer,
)
from incentives.services import cycles as services
from talent import roles
from talent.access import RolePermission, actor_of
from talent.serializers.jobs import JobSerializer
from talent.views.jobs import accepted

HR_ONLY = (roles.HR,)
DECIDERS = (roles.HR, roles.LEADERSHIP)
LEADERSHIP_ONLY = (roles.LEADERSHIP,)


class ContributionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                          mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Digital contributions. HR and department heads record them (heads for their own departments);
    HR verifies or rejects them, never their own. Only verified contributions count in a cycle."""

    permission_classes = [RolePermission]
    disclosure = CONTRIBUTIONS
    read_roles = (roles.HR, roles.HEAD, roles.LEADERSHIP)
    serializer_class = ContributionSerializer
    filterset_class = ContributionFilter
    search_fields = ["title", "cadre__name", "cadre__staff_number"]
    ordering_fields = ["year", "impact", "created_at"]

    @property
    def write_roles(self):
        return HR_ONLY if self.action in ("verify", "reject") else (roles.HR, roles.HEAD)

    def get_queryset(self):
        return selectors.contribution_list(actor=actor_of(self.request))

    def perform_create(self, serializer):
        serializer.instance = services.contribution_create(actor=actor_of(self.request), **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.contribution_update(contribution=serializer.instance,
                                                           actor=actor_of(self.request), **serializer.validated_data)

    def _review(self, request, *, verified: bool):
        form = CommentSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        contribution = services.contribution_review(contribution=self.get_object(), actor=actor_of(request),
                                                    verified=verified, comment=form.validated_data["comment"])
        return Response(self.get_serializer(contribution).data)

    @extend_schema(request=CommentSerializer, responses=ContributionSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        return self._review(request, verified=True)

    @extend_schema(request=CommentSerializer, responses=ContributionSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._review(request, verified=False)


class AppraisalGradeViewSet(viewsets.ModelViewSet):
    """Annual appraisal grades (优秀 / 称职 / 基本称职 / 不称职), one per cadre and year. Posting a grade
    for a cadre and year that already has one replaces it; an update changes the grade and note, never the
    cadre or year. Bulk: /api/v1/imports/appraisal-grades/."""

    permission_classes = [RolePermission]
    disclosure = APPRAISAL_GRADES
    read_roles = (roles.HR, roles.HEAD, roles.LEADERSHIP)
    write_roles = HR_ONLY
    serializer_class = AppraisalGradeSerializer
    filterset_class = AppraisalGradeFilter
    search_fields = ["cadre__name", "cadre__staff_number"]
    ordering_fields = ["year", "grade"]

    def get_queryset(self):
        return selectors.appraisal_grade_list(actor=actor_of(self.request))

    def perform_create(self, serializer):
        serializer.instance = services.appraisal_grade_set(**serializer.validated_data)

    def perform_update(self, serializer):
        # A grade belongs to its cadre and year: an update changes the grade and note only.
        data = {**serializer.validated_data, "cadre": serializer.instance.cadre, "year": serializer.instance.year}
        serializer.instance = services.appraisal_grade_set(**data)

    def perform_destroy(self, instance):
        services.appraisal_grade_delete(appraisal=instance)


class PolicyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Incentive policies: component weights (adding up to 1), grade points, rank coefficients,
    the digital-backbone rule and tilt, the cap, eligibility and the honour quota."""

    permission_classes = [RolePermission]
    disclosure = POLICIES
    read_roles, write_roles = DECIDERS, HR_ONLY
    serializer_class = PolicySerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.policy_list()

    def perform_create(self, serializer):
        serializer.instance = services.policy_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.policy_update(policy=serializer.instance, **serializer.validated_data)


ExportFormat = type("ExportFormat", (serializers.Serializer,), {
    "as": serializers.ChoiceField(choices=["xlsx", "pdf"], default="xlsx"),
})


class CycleViewSet(viewsets.ModelViewSet):
    """Incentive cycles. HR creates, computes (and recomputes while draft or computed) and submits;
    leadership approves or rejects with a comment. An approved list is frozen: every change is 409."""

    permission_classes = [RolePermission]
    disclosure = CYCLES
    read_roles = DECIDERS
    filterset_class = CycleFilter
    ordering_fields = ["year", "name"]

    @property
    def write_roles(self):
        return LEADERSHIP_ONLY if self.action in ("approve", "reject") else HR_ONLY

    def get_queryset(self):
        return selectors.cycle_list()

    def get_serializer_class(self):
        return CycleDetailSerializer if self.action != "list" else CycleSerializer

    def perform_create(self, serializer):
        serializer.instance = services.cycle_create(actor=actor_of(self.request), **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.cycle_update(cycle=serializer.instance, actor=actor_of(self.request),
                                                    **serializer.validated_data)

    def perform_destroy(self, instance):
        services.cycle_delete(cycle=instance, actor=actor_of(self.request))

    def _respond(self, cycle: IncentiveCycle) -> Response:
        return Response(CycleDetailSerializer(selectors.cycle_list().get(pk=cycle.pk)).data)

    @extend_schema(request=None, responses={202: JobSerializer, **conflict()})
    @action(detail=True, methods=["post"])
    def compute(self, request, pk=None):
        """Compute (or recompute) the list as a background job: 202 with the job, whose `result` is the cycle.
        A second computation of the cycle while one is queued or running is 409."""
        return accepted(request, jobs.start_compute(cycle=self.get_object(), user=request.user))

    @extend_schema(request=None, responses=CycleDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._respond(services.cycle_submit(cycle=self.get_object(), actor=actor_of(request)))

    @extend_schema(request=None, responses=CycleDetailSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._respond(services.cycle_reopen(cycle=self.get_object(), actor=actor_of(request)))

    def _comment(self, request) -> str:
        form = CommentSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return form.validated_data["comment"]

    @extend_schema(request=CommentSerializer, responses=CycleDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._respond(services.cycle_approve(cycle=self.get_object(), actor=actor_of(request),
                                                    comment=self._comment(request)))

    @extend_schema(request=CommentSerializer, responses=CycleDetailSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._respond(services.cycle_reject(cycle=self.get_object(), actor=actor_of(request),
                                                   comment=self._comment(request)))

    @extend_schema(parameters=[OpenApiParameter("as", str, enum=["xlsx", "pdf"])],
                   responses={(200, "*/*"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], filter_backends=[])
    def export(self, request, pk=None):
        """The approved list as XLSX, or as a printable PDF with a signature block."""
        form = ExportFormat(data=request.query_params)
        form.is_valid(raise_exception=True)
        kind = form.validated_data["as"]
        cycle = self.get_object()
        body, content_type = exports.approved_list(cycle=cycle, file_format=kind)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="incentives-{cycle.year}-{cycle.pk}.{kind}"'
        return response


class LineViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The lines of a cycle's list in list order, each with its full breakdown; a line's detail adds the
    computation in words. Leadership adjusts a submitted line's amount, with a reason."""

    permission_classes = [RolePermission]
    disclosure = CYCLES
    read_roles, write_roles = DECIDERS, LEADERSHIP_ONLY
    filterset_class = LineFilter
    search_fields = ["cadre__name", "cadre__staff_number"]
    ordering_fields = ["position", "score", "final"]

    def get_cycle(self) -> IncentiveCycle:
        return get_object_or_404(IncentiveCycle, pk=self.kwargs["cycle_pk"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no cycle in the URL
            return IncentiveLine.objects.none()
        return selectors.line_list(cycle=self.get_cycle())

    def get_serializer_class(self):
        return LineSerializer if self.action == "list" else LineDetailSerializer

    @extend_schema(request=LineAdjustSerializer, responses=LineDetailSerializer)
    @action(detail=True, methods=["post"])
    def adjust(self, request, cycle_pk=None, pk=None):
        form = LineAdjustSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        line = services.line_adjust(line=self.get_object(), actor=actor_of(request), **form.validated_data)
        return Response(LineDetailSerializer(selectors.line_list(cycle=line.cycle).get(pk=line.pk)).data)
