"""A department's sharing rule (HR sets it; the readers of the department's page read it) and its record of
sharing. A department outside the reader's scope is a 404, as on its page."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from core.schema import ERROR_DESCRIPTIONS, ErrorSerializer
from sharing.access import SHARING_RECORDS, SHARING_RULES
from sharing.selectors import departments as selectors
from sharing.serializers.departments import (
    RecordQuerySerializer,
    RecordSerializer,
    RuleInForceSerializer,
    SharingRuleSerializer,
)
from sharing.services import departments as services
from sharing.views.secondments import SHARING_ROLES
from talent import roles
from talent.access import RolePermission, actor_of


def department_of(request, pk: int):
    return get_object_or_404(selectors.department_list(actor=actor_of(request)), pk=pk)


class SharingRuleView(APIView):
    """The sharing rule in force for a department: its own, its lending unit's (a department above counting its
    sub-units), or the bureau's default; with the unit's cap and the people it has out. HR sets it (PUT: the
    whole rule) or removes it (DELETE: back to the default)."""

    permission_classes = [RolePermission]
    read_roles = SHARING_ROLES
    write_roles = (roles.HR,)
    disclosure = SHARING_RULES

    @extend_schema(responses=RuleInForceSerializer)
    def get(self, request, pk: int):
        return Response(RuleInForceSerializer(selectors.rule_in_force(department=department_of(request, pk))).data)

    @extend_schema(request=SharingRuleSerializer, responses=RuleInForceSerializer)
    def put(self, request, pk: int):
        department = department_of(request, pk)
        form = SharingRuleSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.sharing_rule_set(actor=actor_of(request), department=department, **form.validated_data)
        return Response(RuleInForceSerializer(selectors.rule_in_force(department=department)).data)

    @extend_schema(responses={204: OpenApiResponse(description="removed: the default applies"),
                              404: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[404])})
    def delete(self, request, pk: int):
        services.sharing_rule_remove(actor=actor_of(request), department=department_of(request, pk))
        return Response(status=204)


class SharingRecordView(APIView):
    """A department's record of sharing, its sub-units included: proposals to lend received, accepted and
    declined (with the reasons), waiting, the median days to answer, and the people lent and hosted (each
    once). `start`/`end` keep the proposals made in that period."""

    permission_classes = [RolePermission]
    read_roles = SHARING_ROLES
    write_roles = ()
    disclosure = SHARING_RECORDS

    @extend_schema(parameters=[RecordQuerySerializer], responses=RecordSerializer)
    def get(self, request, pk: int):
        department = department_of(request, pk)
        query = RecordQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = selectors.department_record(department=department, **query.validated_data)
        return Response(RecordSerializer(found).data)
