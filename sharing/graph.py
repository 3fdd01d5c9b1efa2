"""The sharing graph: departments as nodes, ties between them as weighted edges. Pure: edges in, numbers out.

The ties are completed secondments and shared learning groups (see Tie below), weighted by how well they
went and how long ago. The graph answers how used two departments are to working together, which the
candidate score rewards: a secondment between departments that already know each other is more likely to
go well, and each completed one makes the next easier. sharing.analytics reads the same ties for the
leadership's picture (brokers, silos, communities).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations

import networkx as nx
import numpy as np
from scipy import sparse

# Two departments that share a partner are half as close as two that worked together directly.
INDIRECT_TIE_SHARE = 0.5


def build(edges: Iterable[tuple[int, int, float]]) -> nx.Graph:
    """An undirected graph whose edge weights add up the ties given; a department's ties with itself are dropped."""
    graph = nx.Graph()
    for a, b, weight in edges:
        if a == b:
            continue
        if graph.has_edge(a, b):
            graph[a][b]["weight"] += weight
        else:
            graph.add_edge(a, b, weight=weight)
    return graph


class Affinity:
    """Affinity in [0, 1) between departments, from the graph's ties, computed once for many look-ups.

    ties(a, b) = w(a, b) + 0.5 * sum over partners k of w(a, k) * w(k, b), and affinity = 1 - exp(-ties):
    one completed secondment gives 0.63, two give 0.86, one shared partner 0.39; nothing known gives 0.
    A department with itself has affinity 1.
    """

    def __init__(self, graph: nx.Graph):
        nodes = sorted(graph.nodes)
        self.position = {node: i for i, node in enumerate(nodes)}
        if nodes:
            adjacency = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight="weight", format="csr")
            self.ties = (adjacency + INDIRECT_TIE_SHARE * (adjacency @ adjacency)).tocsr()

    def __call__(self, sources: Sequence[int], targets: Sequence[int]) -> sparse.csr_array:
        """Rows: sources, columns: targets; only the ties there are are stored (the sharing graph is sparse, and a
        national table of every host with every department is tens of millions of cells, nearly all 0)."""
        rows, columns, values = np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0)
        known_rows = [i for i, s in enumerate(sources) if s in self.position]
        known_columns = [j for j, t in enumerate(targets) if t in self.position]
        if known_rows and known_columns:
            picked = self.ties[[self.position[sources[i]] for i in known_rows]][
                :, [self.position[targets[j]] for j in known_columns]].tocoo()
            rows, columns = np.asarray(known_rows)[picked.row], np.asarray(known_columns)[picked.col]
            values = -np.expm1(-picked.data)
        # A department with itself: 1, in place of what its ties through partners would give.
        target_column = {t: j for j, t in enumerate(targets)}
        itself = np.array([(i, target_column[s]) for i, s in enumerate(sources) if s in target_column],
                          dtype=np.int64).reshape(-1, 2)
        apart = np.asarray(targets, dtype=np.int64)[columns] != np.asarray(sources, dtype=np.int64)[rows]
        rows = np.concatenate([rows[apart], itself[:, 0]])
        columns = np.concatenate([columns[apart], itself[:, 1]])
        values = np.concatenate([values[apart], np.ones(len(itself))])
        return sparse.csr_array((values, (rows, columns)), shape=(len(sources), len(targets)))


# --- ties: what the graph is built from ------------------------------------------------------------------

SECONDMENT = "secondment"
GROUP = "group"
# A tie counts half as much two years after it ended: old collaboration fades, but is not forgotten.
HALF_LIFE_DAYS = 730
# A host's rating of 3 ("met expectations") leaves a secondment's weight at 1; 5 makes it 5/3, 1 makes it 1/3.
NEUTRAL_RATING = 3
# Sitting in one learning group is a looser tie than working in the other department for months.
GROUP_TIE = 0.5


@dataclass(frozen=True)
class Tie:
    """Departments a and b working together from start to end, and the people it rests on.

    a_people (b_people) are the cadres of a (b) who carry the tie: the tie is lost without a person only
    when that person is the only one on their side. A secondment rests on the secondee alone (a is their
    home department, b the host, who needs nobody in particular).
    """

    a: int
    b: int
    kind: str
    start: date
    end: date
    weight: float
    a_people: frozenset[int] = frozenset()
    b_people: frozenset[int] = frozenset()


def recency(end: date, today: date) -> float:
    """1 for a tie still running or ended today, halving every HALF_LIFE_DAYS since it ended."""
    return 0.5 ** (max((today - end).days, 0) / HALF_LIFE_DAYS)


def secondment_tie(*, cadre: int, home: int, host: int, start: date, end: date, rating: int | None,
                   today: date) -> Tie:
    """A completed secondment; an unrated one counts as met expectations."""
    quality = 1.0 if rating is None else rating / NEUTRAL_RATING
    return Tie(home, host, SECONDMENT, start, end, quality * recency(end, today), a_people=frozenset({cadre}))


def group_ties(*, members: Iterable[tuple[int, int, date]], ended: date | None, today: date) -> list[Tie]:
    """One tie per pair of departments in a learning group; members are (cadre, department, joined on).

    Each pair is tied from the day both had joined until the group ended (or today, while it runs).
    """
    end = min(ended or today, today)
    joined: dict[int, date] = {}
    people: dict[int, set[int]] = {}
    for cadre, department, joined_on in members:
        joined[department] = min(joined.get(department, joined_on), joined_on)
        people.setdefault(department, set()).add(cadre)
    weight = GROUP_TIE * recency(end, today)
    return [Tie(a, b, GROUP, max(joined[a], joined[b]), end, weight, frozenset(people[a]), frozenset(people[b]))
            for a, b in combinations(sorted(joined), 2) if max(joined[a], joined[b]) <= end]


def edges(ties: Iterable[Tie]) -> Iterable[tuple[int, int, float]]:
    return ((tie.a, tie.b, tie.weight) for tie in ties)
