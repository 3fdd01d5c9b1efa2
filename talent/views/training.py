"""The training ledger: each tier's yearly requirement (HR edits it), and who has done their hours and compulsory
programs in a year, per cadre and per department, scoped like the cadres (a head: their departments)."""

from django.db.models import F
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import Pagination
from talent import access, roles
from talent.access import RolePermission, actor_of
from talent.models import TrainingRequirement
from talent.selectors import training as selectors
from talent.serializers.training import (
    CadreComplianceSerializer,
    ComplianceQuerySerializer,
    DepartmentComplianceSerializer,
    ProgramRefSerializer,
    TrainingRequirementSerializer,
    department_data,
    standing_data,
)
from talent.services import training as services

READERS = (roles.HR, roles.HEAD, roles.LEADERSHIP)


class TrainingRequirementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                                 viewsets.GenericViewSet):
    """Each tier's yearly hours and compulsory programs. HR edits them; a compulsory program must be open to the
    tier."""

    permission_classes = [RolePermission]
    read_roles, write_roles = READERS, (roles.HR,)
    disclosure = access.TIER_PROFILES
    serializer_class = TrainingRequirementSerializer
    queryset = TrainingRequirement.objects.prefetch_related("compulsory_programs")
    pagination_class = None

    def perform_update(self, serializer):
        serializer.instance = services.requirement_update(requirement=serializer.instance,
                                                          **serializer.validated_data)


def _query(request) -> dict:
    form = ComplianceQuerySerializer(data=request.query_params)
    form.is_valid(raise_exception=True)
    return {"year": timezone.localdate().year, **{k: v for k, v in form.validated_data.items() if v is not None}}


class ComplianceView(generics.ListAPIView):
    """Each cadre's year (on the books, in your scope), by staff number: hours from training, confirmed
    self-study and the online platform against the tier's requirement, and the compulsory programs not done.
    `?year=` (default this year), `?department=` (its own people), `?short=true|false`."""

    permission_classes = [RolePermission]
    read_roles, write_roles = READERS, ()
    disclosure = access.TRAINING_LEDGER
    serializer_class = CadreComplianceSerializer
    pagination_class = Pagination
    filter_backends = []

    def get_queryset(self):
        query = _query(self.request)
        cadres = selectors.ledger_cadres(actor=actor_of(self.request), year=query["year"]).order_by("staff_number")
        if "department" in query:
            cadres = cadres.filter(department_id=query["department"])
        if query.get("short") is True:
            cadres = cadres.filter(hours_total__lt=F("hours_required"))
        elif query.get("short") is False:
            cadres = cadres.filter(hours_total__gte=F("hours_required"))
        return cadres

    @extend_schema(parameters=[ComplianceQuerySerializer])
    def list(self, request, *args, **kwargs):
        year = _query(request)["year"]
        page = self.paginate_queryset(self.get_queryset())
        standings = selectors.standings(cadres=page, year=year)
        programs = {pk: ProgramRefSerializer(p).data for pk, p in selectors.program_names(
            p for one in standings.values() for p in one.missing).items()}
        rows = [{"cadre": c.pk, "cadre_name": c.name, "staff_number": c.staff_number, "department": c.department_id,
                 "department_name": c.department.name, "tier": c.tier, **standing_data(standings[c.pk], programs)}
                for c in page]
        return self.get_paginated_response(CadreComplianceSerializer(rows, many=True).data)


class DepartmentComplianceView(APIView):
    """Each department in your scope with people on the books: its own people's year added up (hours done and
    required, how many met their hours, how many comply in full) and, per compulsory program, how many have not
    done it. `?year=` (default this year)."""

    permission_classes = [RolePermission]
    read_roles, write_roles = READERS, ()
    disclosure = access.TRAINING_LEDGER

    @extend_schema(parameters=[ComplianceQuerySerializer], responses=DepartmentComplianceSerializer(many=True))
    def get(self, request):
        query = _query(request)
        rows = selectors.department_compliance(actor=actor_of(request), year=query["year"])
        if "department" in query:
            rows = [row for row in rows if row["department"].pk == query["department"]]
        for row in rows:
            row["missing"] = [{"program": ProgramRefSerializer(m["program"]).data, "cadres": m["cadres"]}
                              for m in row["missing"]]
        return Response(DepartmentComplianceSerializer([department_data(r) for r in rows], many=True).data)
