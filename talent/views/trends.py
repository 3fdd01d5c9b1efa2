"""API of the trends: the overview's figures as stored by the nightly snapshot."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.response import Response

from talent import access, roles
from talent.access import RolePermission, actor_of
from talent.selectors import trends as selectors
from talent.serializers.trends import TrendPointSerializer, TrendQuerySerializer


def trend_rows(*, actor, metric: str, since=None, until=None) -> list[dict]:
    points = list(selectors.trend_points(actor=actor, metric=metric, since=since, until=until))
    labels = selectors.scope_labels({p.scope for p in points})
    return [{"metric": p.metric, "scope": p.scope, "scope_label": labels[p.scope], "day": p.day, "value": p.value}
            for p in points]


class TrendViewSet(viewsets.GenericViewSet):
    """The overview's figures day by day (趋势): literacy composite by tier and by top-level department, the latest
    period's plan gaps, the sharing density and how many registry checks fail. HR and leadership read every
    scope; a department head the bureau-wide figures and their own departments."""

    permission_classes = [RolePermission]
    read_roles, write_roles = (roles.HR, roles.HEAD, roles.LEADERSHIP), ()
    disclosure = access.TRENDS
    # No serializer_class: the answer is figures per scope, not records of a department (the data-sharing
    # list's per-record scope check skips it); the scope rule is in talent.selectors.trends.visible_scopes.
    pagination_class = None
    filter_backends = []

    @extend_schema(parameters=[
        OpenApiParameter("metric", str, required=True, enum=sorted(selectors.METRICS),
                         description="Which figure (every app's metrics are registered when this is read)"),
        OpenApiParameter("from", str, description="First day, YYYY-MM-DD"),
        OpenApiParameter("to", str, description="Last day, YYYY-MM-DD"),
    ], responses=TrendPointSerializer(many=True))
    def list(self, request):
        query = TrendQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        rows = trend_rows(actor=actor_of(request), metric=data["metric"], since=data.get("from"),
                          until=data.get("to"))
        return Response(TrendPointSerializer(rows, many=True).data)
