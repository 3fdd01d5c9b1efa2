"""API for workforce plans and gap reports, talent profiles, the outsourcing registry, the data-sharing
list and the leadership report."""

from auditlog.signals import accessed
from django.conf import settings
from django.db.models import Max
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from core import table_cache
from core.jobs import job_output
from core.schema import SingleObjectSchema
from talent import access, data_sharing, roles
from talent import report_drawing as report_pdf
from talent.access import RolePermission, actor_of
from talent.jobs import start_leadership_report
from talent.models import Department
from talent.selectors import planning as selectors
from talent.selectors import trends as trend_selectors
from talent.serializers.jobs import JobSerializer
from talent.serializers.planning import (
    BureauOverviewSerializer,
    ConfirmSerializer,
    DepartmentProfileSerializer,
    InformationSystemSerializer,
    PeriodSerializer,
    PlanGapReportSerializer,
    PlanRollupSerializer,
    RegistryHealthSerializer,
    VendorSerializer,
    VendorStaffSerializer,
    WorkforcePlanSerializer,
    plan_gap_data,
)
from talent.services import planning as services
from talent.views.jobs import accepted

EVERYONE = (roles.HR, roles.HEAD, roles.LEADERSHIP, roles.AUDITOR)
POOL_READERS = (roles.HR, roles.HEAD, roles.LEADERSHIP)
HR_AND_LEADERSHIP = (roles.HR, roles.LEADERSHIP)
HR_ONLY = (roles.HR,)
PERIOD_PARAMETER = OpenApiParameter("period", str, description="2026, 2026-H1 or 2026-Q3")


def _profile_context(profile: dict) -> dict:
    return {"department_names": selectors.department_names(
        row["department_id"] for row in profile["outsourcing_dependency"])}


def _overview_data() -> dict:
    overview = selectors.bureau_overview()
    return BureauOverviewSerializer(overview, context=_profile_context(overview)).data


def leadership_report(*, actor, period: str, **sections) -> bytes:
    """The leadership report's PDF; `sections` (findings, sharing, incentives) are what the workspace adds from
    the apps above talent. Drawn on each request, so "generated" is the time of the request: the cached figures
    are those a computation at that time would give (core.table_cache), the registry's health is read afresh."""
    return report_pdf.leadership_report(
        overview=_overview_data(),
        rollup=PlanRollupSerializer(selectors.plan_rollup(actor=actor, period=period)).data,
        health=RegistryHealthSerializer(RegistryHealthSerializer.shape(selectors.registry_health())).data,
        bureau_name=settings.BUREAU_NAME, generated_at=timezone.localtime(),
        trends=trend_selectors.year_on_year(actor=actor, today=timezone.localdate()), **sections,
    )


def _period(request) -> str:
    form = PeriodSerializer(data=request.query_params)
    form.is_valid(raise_exception=True)
    return form.validated_data["period"]


class WorkforcePlanViewSet(viewsets.ModelViewSet):
    """Workforce plans (人才规划): per department and period, the posts it needs, each with the skills
    (minimum levels), headcount and priority, and a degree or title only where the post truly needs one.
    PUT replaces the lines; PATCH without `lines` keeps them."""

    permission_classes = [RolePermission]
    read_roles, write_roles = POOL_READERS, HR_ONLY
    disclosure = access.WORKFORCE_PLANS
    serializer_class = WorkforcePlanSerializer
    filterset_fields = ["department", "period"]
    ordering_fields = ["period"]

    def get_queryset(self):
        return selectors.workforce_plan_list(actor=actor_of(self.request))

    def perform_create(self, serializer):
        serializer.instance = services.workforce_plan_create(created_by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.workforce_plan_update(plan=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, instance):
        services.workforce_plan_delete(plan=instance)

    @extend_schema(responses=PlanGapReportSerializer)
    @action(detail=True, filter_backends=[], pagination_class=None)
    def gaps(self, request, pk=None):
        """Needed against held per post, and for each gap whether to train (naming the cadres and the
        programs), borrow (naming cadres of other departments who qualify) or recruit."""
        plan = self.get_object()
        [report] = selectors.plan_gaps([plan])
        borrowed_from = {p.department_id for gap in report.lines for p in gap.borrow}
        data = plan_gap_data(plan, report.lines, skill_names=selectors.skill_names([plan]),
                             department_names=selectors.department_names(borrowed_from))
        return Response(PlanGapReportSerializer(data).data)

    @extend_schema(responses=PlanRollupSerializer, parameters=[PERIOD_PARAMETER], filters=False)
    @action(detail=False, filter_backends=[], pagination_class=None, read_roles=HR_AND_LEADERSHIP)
    def rollup(self, request):
        """The bureau roll-up of every department's plan for a period."""
        period = _period(request)
        return Response(PlanRollupSerializer(selectors.plan_rollup(actor=actor_of(request), period=period)).data)


class TalentProfileViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Department talent profiles (its sub-units included) and the bureau overview, for decision support."""

    permission_classes = [RolePermission]
    read_roles, write_roles = POOL_READERS, ()
    disclosure = access.TALENT_PROFILES
    serializer_class = DepartmentProfileSerializer
    filter_backends = []
    pagination_class = None

    def get_queryset(self):
        return self.disclosure.scope(Department.objects.all(), actor_of(self.request))

    def retrieve(self, request, *args, **kwargs):
        department = self.get_object()
        profile = selectors.department_profile(department=department)
        data = {**profile, "department": {"id": department.pk, "name": department.name}}
        return Response(DepartmentProfileSerializer(data, context=_profile_context(profile)).data)

    @extend_schema(responses=BureauOverviewSerializer)
    @action(detail=False, read_roles=HR_AND_LEADERSHIP)
    def bureau(self, request):
        return Response(_overview_data())


class InformationSystemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                               mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """The bureau's information systems: owning department, in-house maintainer and deputy, whether critical,
    its state against the three failures (in use, maintained, data analysed) and the critical skills its
    maintainer must hold. Retire one with active=false."""

    permission_classes = [RolePermission]
    read_roles, write_roles = POOL_READERS, HR_ONLY
    disclosure = access.INFORMATION_SYSTEMS
    serializer_class = InformationSystemSerializer
    filterset_fields = ["department", "active", "critical", "maintainer", "in_use", "maintained"]
    search_fields = ["code", "name"]

    def get_queryset(self):
        return selectors.information_system_list()

    def perform_create(self, serializer):
        system = services.information_system_create(**serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=system.pk)

    def perform_update(self, serializer):
        system = services.information_system_update(system=serializer.instance, **serializer.validated_data)
        # Read back: the critical skills prefetched before the write may have been replaced.
        serializer.instance = self.get_queryset().get(pk=system.pk)


class VendorViewSet(viewsets.ModelViewSet):
    """Outsourcing vendors: unified social credit code (checked against GB 32100), contract (term, scope, why
    outsourced) and its knowledge-transfer clause: what, to which cadre, by when, and when it was done."""

    permission_classes = [RolePermission]
    read_roles, write_roles = POOL_READERS, HR_ONLY
    disclosure = access.VENDORS
    serializer_class = VendorSerializer
    search_fields = ["name", "credit_code"]
    ordering_fields = ["name", "contract_end"]

    def get_queryset(self):
        return selectors.vendor_list()

    def perform_create(self, serializer):
        serializer.instance = services.vendor_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.vendor_update(vendor=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, instance):
        services.vendor_delete(vendor=instance)


class VendorStaffViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                         mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Vendor staff, each matched to a responsible cadre (人事对应). The citizen ID is encrypted and shown
    masked, except on one person's detail to HR staff holding the personal-data permission (audited).
    Nobody is deleted: a person who leaves gets active=false. POST .../confirm/ records a reconfirmation."""

    permission_classes = [RolePermission]
    read_roles, write_roles = POOL_READERS, HR_ONLY
    disclosure = access.VENDOR_STAFF
    serializer_class = VendorStaffSerializer
    filterset_fields = ["vendor", "active", "responsible_cadre", "access_level"]
    search_fields = ["name", "role"]
    ordering_fields = ["name", "access_end", "last_confirmed_at"]

    def get_queryset(self):
        return selectors.vendor_staff_list(actor=actor_of(self.request))

    def retrieve(self, request, *args, **kwargs):
        staff = self.get_object()
        reveal = self.disclosure.reveals(actor_of(request), detail=True)
        if reveal:
            accessed.send(sender=type(staff), instance=staff)
        return Response(self.get_serializer(staff, context={**self.get_serializer_context(),
                                                            "reveal_personal_data": reveal}).data)

    def perform_create(self, serializer):
        serializer.instance = services.vendor_staff_create(registered_by=self.request.user,
                                                           **serializer.validated_data)

    def perform_update(self, serializer):
        # As for cadres: a stored citizen ID is written over only by who may see it.
        access.refuse_personal_writes(actor_of(self.request), self.disclosure.personal_in(serializer.validated_data))
        serializer.instance = services.vendor_staff_update(staff=serializer.instance, **serializer.validated_data)

    @extend_schema(request=ConfirmSerializer, responses=VendorStaffSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """Records that you checked this person still works here as registered (who and when)."""
        form = ConfirmSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        staff = services.vendor_staff_confirm(staff=self.get_object(), by=request.user,
                                              at=form.validated_data.get("at"))
        return Response(self.get_serializer(selectors.vendor_staff_list(actor=actor_of(request)).get(pk=staff.pk)).data)


class RegistryHealthViewSet(viewsets.GenericViewSet):
    """The registry's health: staff without a responsible cadre in the bureau, access beyond the contract,
    access without a confidentiality agreement, reconfirmation overdue, expired contracts, knowledge transfer
    overdue, systems without an in-house maintainer, maintainers lacking the system's critical skills, and
    systems built but not maintained; and the critical systems nobody in the bureau holds."""

    permission_classes = [RolePermission]
    read_roles, write_roles = HR_AND_LEADERSHIP, ()
    disclosure = access.REGISTRY_HEALTH
    serializer_class = RegistryHealthSerializer
    pagination_class = None
    filter_backends = []
    schema = SingleObjectSchema()

    def list(self, request):
        return Response(RegistryHealthSerializer(RegistryHealthSerializer.shape(selectors.registry_health())).data)


class DataSharingListViewSet(viewsets.GenericViewSet):
    """The data-sharing list (数据共享清单): for each data set the API serves, which roles read or change it,
    over which departments, and whether personal data reaches them in full or masked, and why. Built
    from the permission rules the API enforces, so it always says what the system does."""

    permission_classes = [RolePermission]
    read_roles, write_roles = EVERYONE, ()
    disclosure = access.DATA_SHARING_LIST
    pagination_class = None
    filter_backends = []

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def list(self, request):
        return Response(data_sharing.catalogue())


class PDFRenderer(BaseRenderer):
    media_type = "application/pdf"
    format = "pdf"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class LeadershipReportViewSet(viewsets.GenericViewSet):
    """The leadership report as a PDF: literacy by tier (radar charts), the biggest gaps in the workforce
    plans of a period (the latest with plans unless `period` is given), critical skills held by one cadre
    or none, outsourcing dependency and the registry's health."""

    replica_reads = True  # core.replicas: a heavy read

    permission_classes = [RolePermission]
    read_roles, write_roles = HR_AND_LEADERSHIP, ()
    disclosure = access.LEADERSHIP_REPORT
    renderer_classes = [JSONRenderer, PDFRenderer]
    pagination_class = None
    filter_backends = []

    def handle_exception(self, exc):
        # Errors keep the API's JSON shape even when the client asked for the PDF.
        response = super().handle_exception(exc)
        self.request.accepted_renderer, self.request.accepted_media_type = JSONRenderer(), "application/json"
        return response

    @extend_schema(parameters=[PERIOD_PARAMETER], responses={(200, "application/pdf"): OpenApiTypes.BINARY,
                                                              202: JobSerializer})
    def list(self, request):
        """The PDF at once when its figures are cached; otherwise 202 Accepted with the job that computes
        it (Location: the job; its result links to the PDF). Two readers asking at once follow one job."""
        actor = actor_of(request)
        period = _period(request) if "period" in request.query_params else \
            selectors.workforce_plan_list(actor=actor).aggregate(latest=Max("period"))["latest"]
        try:
            with table_cache.warm_only():
                pdf = leadership_report(actor=actor, period=period or "")
        except table_cache.Cold:
            # Not computed since the tables last changed: a job computes it (one, however many ask at once).
            job = start_leadership_report(user=request.user, period=period or "")
            pdf = job_output(job)
            if pdf is None:
                request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
                return accepted(request, job)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="leadership-report-{timezone.localdate():%Y%m%d}.pdf"'
        return response
