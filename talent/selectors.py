"""Reads of the talent pool, scoped to what the actor may see."""

from django.db.models import QuerySet

from talent.access import CADRES, Actor
from talent.models import Cadre, Department


def cadre_list(*, actor: Actor) -> QuerySet[Cadre]:
    return CADRES.scope(Cadre.objects.select_related("department"), actor)


def department_tree() -> list[dict]:
    """The whole department tree as nested dicts, built from one query."""
    departments = list(Department.objects.order_by("code"))
    nodes = {
        d.id: {"id": d.id, "code": d.code, "name": d.name, "active": d.active, "children": []}
        for d in departments
    }
    roots = []
    for d in departments:
        (nodes[d.parent_id]["children"] if d.parent_id in nodes else roots).append(nodes[d.id])
    return roots
