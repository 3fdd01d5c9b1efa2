"""The sharing graph: departments as nodes, ties between them as weighted edges. Pure: edges in, numbers out.

Today the ties are completed secondments (one unit of weight each, whichever way the person went); later
features add learning groups and shared work as further edges. The graph answers how used two departments
are to working together, which the candidate score rewards: a secondment between departments that already
know each other is more likely to go well, and each completed one makes the next easier.
"""

from collections.abc import Iterable, Sequence

import networkx as nx
import numpy as np

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

    def __call__(self, sources: Sequence[int], targets: Sequence[int]) -> np.ndarray:
        """Rows: sources, columns: targets."""
        result = np.zeros((len(sources), len(targets)))
        rows = [i for i, s in enumerate(sources) if s in self.position]
        columns = [j for j, t in enumerate(targets) if t in self.position]
        if rows and columns:
            picked = self.ties[[self.position[sources[i]] for i in rows]][
                :, [self.position[targets[j]] for j in columns]].toarray()
            result[np.ix_(rows, columns)] = -np.expm1(-picked)
        target_column = {t: j for j, t in enumerate(targets)}
        for i, s in enumerate(sources):
            if s in target_column:
                result[i, target_column[s]] = 1.0
        return result
