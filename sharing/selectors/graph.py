"""Reads for the sharing graph: its ties from the database, and the analytics picture, cached.

The picture is cached (core.table_cache) until secondments, learning groups, their members or the
departments change.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef
from django.utils import timezone

from core import table_cache
from sharing import analytics, graph
from sharing.models import LearningGroup, LearningGroupMember, Secondment, SecondmentStatus
from talent.models import Cadre, CadreStatus, Department


def department_ties(*, today: date) -> list[graph.Tie]:
    """Every completed secondment and every pair of departments sharing a learning group. Two queries."""
    ties = [
        graph.secondment_tie(cadre=cadre, home=home, host=host, start=start, end=completed_on or end,
                             rating=rating, today=today)
        for cadre, home, host, start, end, completed_on, rating in Secondment.objects.filter(
            status=SecondmentStatus.COMPLETED).order_by("id").values_list(
            "cadre_id", "home_department_id", "host_department_id", "start_date", "end_date", "completed_on",
            "rating")
    ]
    members: dict[int, list[tuple[int, int, date]]] = {}
    ended: dict[int, date | None] = {}
    for group_id, group_ended, cadre, department, joined_on in LearningGroupMember.objects.order_by(
            "group_id", "id").values_list("group_id", "group__ended_on", "cadre_id", "department_id", "joined_on"):
        members.setdefault(group_id, []).append((cadre, department, joined_on))
        ended[group_id] = group_ended
    for group_id, rows in members.items():
        ties.extend(graph.group_ties(members=rows, ended=ended[group_id], today=today))
    return ties


def sharing_departments() -> list[int]:
    """The departments that can share: active ones with someone on the books."""
    staffed = Cadre.objects.filter(department=OuterRef("pk"), status__in=[CadreStatus.ACTIVE, CadreStatus.SECONDED])
    return list(Department.objects.filter(Exists(staffed), active=True).order_by("id").values_list("id", flat=True))


def _key(nodes: list[int], today: date, *options) -> str:
    return table_cache.key("sharing", nodes, *options, today=today, tables=[
        (Secondment.objects.filter(status=SecondmentStatus.COMPLETED), "updated_at"),
        (LearningGroup.objects.all(), "updated_at"), (LearningGroupMember.objects.all(), "id"),
        (Department.objects.all(), "updated_at")])


def sharing_picture(*, silo_months: int = 12, density_points: int = 8, today: date | None = None
                    ) -> analytics.Picture:
    """The analytics of the department graph (sharing.analytics), from the cache when nothing has changed."""
    today = today or timezone.localdate()
    nodes = sharing_departments()
    return table_cache.cached(_key(nodes, today, "picture", silo_months, density_points), lambda: analytics.picture(
        nodes=nodes, ties=department_ties(today=today), today=today, silo_months=silo_months,
        density_points=density_points))


def sharing_graphml(*, silo_months: int = 12, density_points: int = 8) -> tuple[date, bytes]:
    """The picture as a GraphML file, cached like the picture (writing the XML takes longer than reading it)."""
    today = timezone.localdate()

    def write() -> bytes:
        picture = sharing_picture(silo_months=silo_months, density_points=density_points, today=today)
        return analytics.graphml(picture, department_labels(picture.departments))

    return today, table_cache.cached(_key(sharing_departments(), today, "graphml", silo_months, density_points), write)


def department_labels(ids) -> dict[int, tuple[str, str]]:
    return {pk: (code, name) for pk, code, name in
            Department.objects.filter(id__in=list(ids)).values_list("id", "code", "name")}


def density_trend(day: date) -> list[tuple[str, str, Decimal]]:
    """The sharing density the cockpit shows today (the last point of the picture's density) as a trend row
    (talent.selectors.trends, registered in sharing.apps)."""
    picture = sharing_picture(today=day)
    if not picture.density:
        return []
    return [(DENSITY_METRIC, "bureau", Decimal(str(round(picture.density[-1][1], 4))))]


DENSITY_METRIC = "sharing_density"
