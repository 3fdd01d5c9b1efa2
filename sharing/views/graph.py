"""The sharing graph's analytics and exports for leadership, HR and department heads."""

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from sharing import analytics
from sharing.selectors import graph as selectors_graph
from sharing.serializers.graph import GraphQuerySerializer, SharingGraphSerializer
from sharing.views.secondments import SHARING_ROLES
from talent.access import Disclosure, RolePermission
from talent.models import Cadre


def _options(request) -> dict:
    """The graph's options from the query string: silo_months and density_points (limit is the view's)."""
    query = GraphQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return dict(query.validated_data)


def _picture(options: dict) -> tuple[analytics.Picture, dict]:
    picture = selectors_graph.sharing_picture(silo_months=options["silo_months"],
                                              density_points=options["density_points"])
    return picture, selectors_graph.department_labels(picture.departments)


SHARING_GRAPH = Disclosure(
    data=_("sharing graph"),
    purpose=_("Where talent flows between departments and where they wall themselves off: ties, brokers, silos "
              "and the cadres each tie rests on (names and departments only)."),
)


class GraphView(APIView):
    replica_reads = True  # core.replicas: a heavy read
    permission_classes = [RolePermission]
    read_roles = SHARING_ROLES
    write_roles = ()
    disclosure = SHARING_GRAPH


class SharingGraphView(GraphView):
    """The department sharing graph: per department degree, weighted degree, betweenness, community and silo
    flag; the brokers, silos and communities; density over time; and the cadres who bridge departments.

    Ties are completed secondments (weighted by the host's rating and fading with a two-year half-life) and
    shared learning groups. Computed once and cached until a secondment, group or department changes.
    """

    @extend_schema(parameters=[GraphQuerySerializer], responses=SharingGraphSerializer)
    def get(self, request):
        options = _options(request)
        picture, labels = _picture(options)
        limit = options["limit"]

        def node(stats):
            code, name = labels[stats.id]
            return {**stats._asdict(), "code": code, "name": name}

        def named(ids):
            return [{"id": pk, "name": labels[pk][1]} for pk in ids]

        bridges = picture.bridges[:limit]
        cadres = Cadre.objects.in_bulk([b.cadre for b in bridges])
        return Response(SharingGraphSerializer({
            "today": picture.today, "silo_months": picture.silo_months,
            "departments": [node(d) for d in sorted(picture.departments.values(),
                                                    key=lambda d: (-d.weighted_degree, d.id))],
            "edges": len(picture.edges),
            "brokers": [node(d) for d in picture.brokers[:limit]],
            "silos": [node(d) for d in picture.silos],
            "communities": [{"index": i, "departments": named(c)} for i, c in enumerate(picture.communities)],
            "density": [{"date": when, "density": density, "pairs": pairs} for when, density, pairs in picture.density],
            "bridging_cadres": [{
                "cadre": b.cadre, "name": cadres[b.cadre].name, "staff_number": cadres[b.cadre].staff_number,
                "department": b.department, "department_name": labels[b.department][1],
                "reaches": named(b.reaches), "sole_links": named(b.sole_links), "weight": b.weight,
            } for b in bridges],
        }).data)


class SharingGraphMLView(GraphView):
    """The graph as GraphML (opens in Gephi, yEd, Cytoscape), with every figure on its nodes and edges."""

    @extend_schema(parameters=[GraphQuerySerializer],
                   responses={(200, "application/graphml+xml"): OpenApiResponse(OpenApiTypes.BINARY)})
    def get(self, request):
        options = _options(request)
        today, document = selectors_graph.sharing_graphml(silo_months=options["silo_months"],
                                                          density_points=options["density_points"])
        response = HttpResponse(document, content_type="application/graphml+xml")
        response["Content-Disposition"] = f'attachment; filename="sharing-graph-{today}.graphml"'
        return response


class SharingNodeLinkView(GraphView):
    """The graph as node-link JSON ({"nodes": [...], "links": [...]}) for web charts such as d3 or ECharts."""

    @extend_schema(parameters=[GraphQuerySerializer], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response(analytics.node_link(*_picture(_options(request))))
