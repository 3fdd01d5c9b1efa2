"""My secondments (/api/v1/me/secondments/): the signed-in user's own, whatever their state."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from sharing.models import Secondment
from sharing.serializers.secondments import SecondmentSerializer
from talent import access
from talent.views.own_record import OwnRecordView


class OwnSecondmentsView(OwnRecordView):
    """My secondments, newest first."""

    @extend_schema(responses=SecondmentSerializer(many=True))
    def get(self, request):
        found = Secondment.objects.filter(cadre=access.own_cadre(request)).select_related(
            "cadre", "home_department", "host_department", "request", "accepted_by", "approved_by", "rated_by",
            "cancelled_by").order_by("-start_date", "-id")
        return Response(SecondmentSerializer(found, many=True).data)
