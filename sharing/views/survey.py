from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from sharing.selectors import survey as selectors_survey
from sharing.serializers.survey import SurveyQuerySerializer, SurveySerializer
from sharing.views.secondments import SHARING_ROLES
from talent.access import RolePermission, actor_of


class TalentDemandView(APIView):
    """The talent-demand survey of a period (定期了解部门间的人才需求): per department, the people its open expert
    requests and its workforce plan still need, skill by skill, beside who holds those skills in the department
    and in the rest of the bureau, and what it shared (secondments, learning groups); and the bureau summary
    with the scarce skills. HR and leadership see every department; a head their own."""

    replica_reads = True  # core.replicas: a heavy read

    permission_classes = [RolePermission]
    read_roles = SHARING_ROLES
    write_roles = ()
    disclosure = selectors_survey.TALENT_DEMAND

    @extend_schema(parameters=[SurveyQuerySerializer], responses=SurveySerializer)
    def get(self, request):
        query = SurveyQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = selectors_survey.talent_demand(actor=actor_of(request), **query.validated_data)
        return Response(SurveySerializer(found).data)
