"""The sharing graph's analytics for leadership: who the brokers are, which departments wall themselves off
(本位主义), which clusters form, how dense sharing is over time, and which cadres hold departments together.
Pure: departments and ties (sharing.graph.Tie) in, numbers out.

Definitions, as the API reports them:
- degree: how many other departments a department has ever shared with; weighted degree: the sum of its
  ties' weights (rating and recency included, sharing.graph).
- betweenness: the share of shortest paths between two other departments that pass through this one, a
  tie's length being 1 / its weight, so strong ties are short. A broker has a high betweenness: remove it
  and departments lose their best way to each other.
- silo: a department with no tie running at any time in the last N months.
- isolation, 0-1: 1 for a silo, otherwise exp(-weighted degree); the group suggestions favour it.
- communities: Louvain modularity communities (seeded, so the same ties always give the same answer);
  only those of two or more departments are listed.
- density at a date: the share of department pairs with a tie running in the N months up to that date.
- bridging cadres: people whose own secondments and learning groups tie their department to others; a
  "sole link" is a department pair whose every tie would be lost without that person.
"""

import io
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

import networkx as nx
import numpy as np
from scipy.linalg import solve_triangular
from scipy.sparse.csgraph import dijkstra

from sharing import graph
from sharing.graph import Tie

LOUVAIN_SEED = 0


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` earlier (the month's last day where that day does not exist)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for last in (31, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


# The rows are named tuples rather than dataclasses: the cached picture holds thousands of them, and a tuple
# comes out of the cache (unpickled) in half the time.
class DepartmentStats(NamedTuple):
    id: int
    degree: int
    weighted_degree: float
    betweenness: float
    community: int | None
    silo: bool
    last_shared: date | None
    isolation: float


class Edge(NamedTuple):
    a: int
    b: int
    weight: float
    secondments: int
    groups: int
    last: date


class Bridge(NamedTuple):
    cadre: int
    department: int
    reaches: tuple[int, ...]
    sole_links: tuple[int, ...]
    weight: float


@dataclass(frozen=True)
class Picture:
    today: date
    silo_months: int
    departments: dict[int, DepartmentStats]
    edges: list[Edge]
    communities: list[tuple[int, ...]]
    density: list[tuple[date, float, int]]  # (date, density, department pairs tied)
    bridges: list[Bridge] = field(default_factory=list)

    @property
    def brokers(self) -> list[DepartmentStats]:
        """Departments on some shortest path between others, the most between first."""
        found = [d for d in self.departments.values() if d.betweenness > 0]
        return sorted(found, key=lambda d: (-d.betweenness, d.id))

    @property
    def silos(self) -> list[DepartmentStats]:
        return sorted((d for d in self.departments.values() if d.silo), key=lambda d: d.id)


def undirected(ties: Iterable[Tie], nodes: Iterable[int] = ()) -> nx.Graph:
    """The weighted graph of the ties over the given nodes (and the ties' ends), with each edge's length."""
    result = graph.build(graph.edges(ties))
    result.add_nodes_from(nodes)
    for _a, _b, data in result.edges(data=True):
        data["distance"] = 1 / data["weight"]
    return result


def betweenness(network: nx.Graph, weight: str = "distance") -> dict:
    """Normalised betweenness centrality, as networkx.betweenness_centrality(network, weight=weight).

    Brandes' algorithm written as two triangular solves per source. With the all-pairs distances from
    SciPy's Dijkstra, number a source's reachable nodes by distance; an arc on a shortest path then goes from
    a lower number to a higher one, so with L[i, j] = 1 when the j-th node comes just before the i-th:
        path counts     sigma = e_source + L sigma            (lower triangular)
        dependencies    u = 1 / sigma + L^T u,  delta = sigma * u - 1     (upper triangular)
    which is Brandes' accumulation delta_v = sum over successors w of sigma_v / sigma_w * (1 + delta_w).
    LAPACK does the sweeps, so a 200-department graph takes a tenth of NetworkX's time. Two paths whose
    lengths agree to rounding are equally short (NetworkX compares lengths exactly, so 1/6 + 4/3 and 1 + 1/2
    may differ there).
    """
    nodes = sorted(network.nodes)
    n = len(nodes)
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    lengths = nx.to_scipy_sparse_array(network, nodelist=nodes, weight=weight, format="csr")
    distance = dijkstra(lengths, directed=False)
    coo = lengths.tocoo()
    tail, head, length = coo.row, coo.col, coo.data
    # tight[s, e]: arc e lies on a shortest path from source s (up to rounding). Unreachable ends give
    # inf - inf = nan, which compares false.
    with np.errstate(invalid="ignore"):
        slack = distance[:, tail]
        slack += length
        slack -= distance[:, head]
        tight = slack <= 1e-9 * distance[:, head]
    total = np.zeros(n)
    rank = np.empty(n, dtype=np.intp)
    for source in range(n):
        order = np.argsort(distance[source], kind="stable")
        reachable = int(np.isfinite(distance[source]).sum())
        if reachable < 3:
            continue
        rank[order] = np.arange(n)
        arcs = tight[source]
        before = np.zeros((reachable, reachable))
        before[rank[head[arcs]], rank[tail[arcs]]] = 1.0
        first = np.zeros(reachable)
        first[0] = 1.0
        sigma = solve_triangular(-before, first, lower=True, unit_diagonal=True, check_finite=False)
        u = solve_triangular(-before.T, 1 / sigma, lower=False, unit_diagonal=True, check_finite=False)
        delta = sigma * u - 1
        delta[0] = 0.0
        total[order[:reachable]] += delta
    # Each unordered pair was counted from both ends; normalise by the (n-1)(n-2)/2 pairs of other nodes.
    scale = 1 / ((n - 1) * (n - 2))
    return {node: float(total[i] * scale) for i, node in enumerate(nodes)}


def communities(network: nx.Graph) -> list[tuple[int, ...]]:
    """Clusters of two or more departments, largest first (then by their smallest id)."""
    if network.number_of_edges() == 0:
        return []
    found = nx.community.louvain_communities(network, weight="weight", seed=LOUVAIN_SEED)
    return sorted((tuple(sorted(c)) for c in found if len(c) > 1), key=lambda c: (-len(c), c[0]))


def _running(ties: Iterable[Tie], since: date, until: date) -> list[Tie]:
    return [t for t in ties if t.start <= until and t.end >= since]


def density_over_time(nodes: Sequence[int], ties: Sequence[Tie], *, today: date, window_months: int,
                      points: int) -> list[tuple[date, float, int]]:
    """At today and every three months before it (points dates, oldest first): the share of department pairs
    with a tie running in the window_months up to that date, and how many such pairs there are."""
    possible = len(nodes) * (len(nodes) - 1) / 2
    inside = set(nodes)
    found = []
    for step in range(points - 1, -1, -1):
        when = months_before(today, 3 * step)
        pairs = {(min(t.a, t.b), max(t.a, t.b)) for t in _running(ties, months_before(when, window_months), when)
                 if t.a in inside and t.b in inside and t.a != t.b}
        found.append((when, len(pairs) / possible if possible else 0.0, len(pairs)))
    return found


def _edges(ties: Iterable[Tie]) -> list[Edge]:
    summed: dict[tuple[int, int], list] = {}
    for t in ties:
        if t.a == t.b:
            continue
        key = (min(t.a, t.b), max(t.a, t.b))
        entry = summed.setdefault(key, [0.0, 0, 0, t.end])
        entry[0] += t.weight
        entry[1] += t.kind == graph.SECONDMENT
        entry[2] += t.kind == graph.GROUP
        entry[3] = max(entry[3], t.end)
    return [Edge(a, b, w, s, g, last) for (a, b), (w, s, g, last) in sorted(summed.items())]


def bridges(ties: Iterable[Tie], limit: int | None = None) -> list[Bridge]:
    """Cadres who tie their department to others, those holding the most sole links first, then those
    reaching the most departments, then by the weight of their ties; the first `limit` of them."""
    reaches: dict[int, set[int]] = defaultdict(set)
    home: dict[int, int] = {}
    last: dict[int, date] = {}
    weight: dict[int, float] = defaultdict(float)
    rests_on: dict[tuple[int, int], set[int]] = {}
    for t in ties:
        for people, own, other in ((t.a_people, t.a, t.b), (t.b_people, t.b, t.a)):
            for cadre in people:
                reaches[cadre].add(other)
                weight[cadre] += t.weight
                if last.get(cadre, date.min) < t.end:
                    last[cadre], home[cadre] = t.end, own
        pair = (t.a, t.b) if t.a < t.b else (t.b, t.a)
        carried = {next(iter(side)) for side in (t.a_people, t.b_people) if len(side) == 1}
        rests_on[pair] = carried if pair not in rests_on else rests_on[pair] & carried
    sole: dict[int, set[int]] = defaultdict(set)
    for (a, b), people in rests_on.items():
        for cadre in people:
            sole[cadre].add(b if home[cadre] == a else a)
    for cadre, own in home.items():
        reaches[cadre].discard(own)
        sole[cadre].discard(own)
    ranked = sorted((cadre for cadre in reaches if reaches[cadre]),
                    key=lambda c: (-len(sole[c]), -len(reaches[c]), -weight[c], c))
    return [Bridge(c, home[c], tuple(sorted(reaches[c])), tuple(sorted(sole[c])), weight[c])
            for c in ranked[:limit]]


def picture(*, nodes: Iterable[int], ties: Sequence[Tie], today: date, silo_months: int = 12,
            density_points: int = 8, bridges_kept: int = 500) -> Picture:
    """Everything the API reports, for the given departments (those that can share) and ties, with the
    first `bridges_kept` bridging cadres (the API lists no more; a province has thousands).

    Ties that start after today are left out: a learning group set up for next month ties nobody yet.
    """
    nodes = sorted(set(nodes))
    sharing = set(nodes)
    ties = [t for t in ties if t.start <= today and t.a != t.b]
    network = undirected(ties, nodes)
    between = betweenness(network)
    clusters = communities(network)
    cluster_of = {node: index for index, members in enumerate(clusters) for node in members}
    since = months_before(today, silo_months)
    last_shared: dict[int, date] = {}
    for t in ties:
        for end in (t.a, t.b):
            last_shared[end] = max(last_shared.get(end, t.end), t.end)
    departments = {}
    for node in network.nodes:
        weighted = sum(data["weight"] for _a, _b, data in network.edges(node, data=True))
        silo = node in sharing and (node not in last_shared or last_shared[node] < since)
        departments[node] = DepartmentStats(
            id=node, degree=network.degree(node), weighted_degree=weighted, betweenness=between[node],
            community=cluster_of.get(node), silo=silo, last_shared=last_shared.get(node),
            isolation=1.0 if silo else math.exp(-weighted),
        )
    return Picture(
        today=today, silo_months=silo_months, departments=departments, edges=_edges(ties), communities=clusters,
        density=density_over_time(nodes, ties, today=today, window_months=silo_months, points=density_points),
        bridges=bridges(ties, bridges_kept),
    )


def export(result: Picture, labels: dict[int, tuple[str, str]]) -> nx.Graph:
    """The picture as a NetworkX graph whose nodes and edges carry the figures (for GraphML and node-link
    JSON, which Gephi and web charts open). labels: department id -> (code, name). GraphML has no null,
    so a department in no community gets community -1 and one that never shared last_shared ""."""
    exported = nx.Graph()
    for node, stats in sorted(result.departments.items()):
        code, name = labels.get(node, ("", ""))
        exported.add_node(node, code=code, label=name, degree=stats.degree, weighted_degree=stats.weighted_degree,
                          betweenness=stats.betweenness,
                          community=-1 if stats.community is None else stats.community, silo=stats.silo,
                          last_shared=stats.last_shared.isoformat() if stats.last_shared else "")
    for edge in result.edges:
        exported.add_edge(edge.a, edge.b, weight=edge.weight, secondments=edge.secondments, groups=edge.groups,
                          last=edge.last.isoformat())
    return exported


def graphml(result: Picture, labels: dict[int, tuple[str, str]]) -> bytes:
    """GraphML in UTF-8, names written as they are (Gephi reads them)."""
    out = io.BytesIO()
    nx.write_graphml(export(result, labels), out, encoding="utf-8")
    return out.getvalue()


def node_link(result: Picture, labels: dict[int, tuple[str, str]]) -> dict:
    """Node-link JSON ({"nodes": [...], "links": [...]}), the shape d3 and most web charts take."""
    return nx.node_link_data(export(result, labels), edges="links")
