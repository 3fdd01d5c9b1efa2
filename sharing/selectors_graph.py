"""Reads for the sharing graph: its ties from the database, and the analytics picture, cached.

The picture is cached under a key made of today's date, the options and a fingerprint of every table it is
computed from (row counts and last changes), read afresh on each request. Any change to secondments,
learning groups, their members or the departments gives a new key, so a stale picture is never served,
and each worker process of the server (each with its own memory cache) keys it the same way.
"""

import hashlib
from datetime import date

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone

from sharing import analytics, graph
from sharing.models import LearningGroup, LearningGroupMember, Secondment, SecondmentStatus
from talent.models import CadreStatus, Department

CACHE_SECONDS = 24 * 60 * 60


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
    return list(Department.objects.filter(active=True, cadres__status__in=[CadreStatus.ACTIVE, CadreStatus.SECONDED])
                .distinct().order_by("id").values_list("id", flat=True))


def _fingerprint(nodes: list[int]) -> str:
    parts = [nodes]
    for queryset, last in ((Secondment.objects.filter(status=SecondmentStatus.COMPLETED), "updated_at"),
                           (LearningGroup.objects.all(), "updated_at"), (LearningGroupMember.objects.all(), "id"),
                           (Department.objects.all(), "updated_at")):
        parts.append(sorted(queryset.aggregate(n=Count("id"), last=Max(last)).items()))
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def sharing_picture(*, silo_months: int = 12, density_points: int = 8, today: date | None = None
                    ) -> analytics.Picture:
    """The analytics of the department graph (sharing.analytics), from the cache when nothing has changed."""
    today = today or timezone.localdate()
    nodes = sharing_departments()
    key = f"sharing:picture:{today}:{silo_months}:{density_points}:{_fingerprint(nodes)}"
    found = cache.get(key)
    if found is None:
        found = analytics.picture(nodes=nodes, ties=department_ties(today=today), today=today,
                                  silo_months=silo_months, density_points=density_points)
        cache.set(key, found, CACHE_SECONDS)
    return found


def department_labels(ids) -> dict[int, tuple[str, str]]:
    return {pk: (code, name) for pk, code, name in
            Department.objects.filter(id__in=list(ids)).values_list("id", "code", "name")}
