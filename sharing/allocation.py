"""The global allocation: which candidate goes to which request, for all open requests at once. Pure.

The problem is a min-cost flow (source -> request, capacity its open places -> candidate cadre, capacity 1
-> the cadre's home department, capacity what it may still lend -> sink) that maximises the total score:
  * a request gets at most its open places;
  * a cadre gets at most one proposal per run (the candidate lists already leave out anyone busy in the
    request's window, so this keeps a cadre out of overlapping secondments; two requests with disjoint
    windows cannot both get the same person in one run, the later one can in the next run);
  * a department lends at most its remaining capacity.
Scores are whole numbers (centi-points) and positive, so every proposal raises the total.

`solve` states the flow as a linear programme and hands it to HiGHS (through scipy). Its constraint matrix
has one row per request and one per cadre and per department, two laminar families, so it is totally
unimodular and the simplex method ends on an integral vertex: the LP optimum is the integer optimum.
We check that rather than trust it. `solve_network_simplex` gives the same optimum through NetworkX:
the tests and the benchmark hold `solve` to it.
"""

from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx
import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix


class SolverError(RuntimeError):
    """HiGHS did not return an integral optimum; the allocation must not be stored."""


@dataclass(frozen=True)
class Arcs:
    """Candidate pairs, one per element: request id, cadre id, the cadre's department id, score (> 0)."""

    requests: np.ndarray
    cadres: np.ndarray
    departments: np.ndarray
    scores: np.ndarray

    @classmethod
    def of(cls, rows) -> "Arcs":
        """From (request, cadre, department, score) tuples."""
        table = np.array(list(rows), dtype=np.int64).reshape(-1, 4)
        return cls(table[:, 0], table[:, 1], table[:, 2], table[:, 3])

    def __len__(self) -> int:
        return len(self.requests)

    def take(self, index) -> "Arcs":
        return Arcs(self.requests[index], self.cadres[index], self.departments[index], self.scores[index])

    def canonical(self) -> "Arcs":
        """Sorted by (request, cadre): the solver sees the same problem whatever order the input came in,
        so ties between equally good allocations are always broken the same way."""
        return self.take(np.lexsort((self.cadres, self.requests)))


@dataclass(frozen=True)
class Allocation:
    chosen: Arcs
    total: int

    def pairs(self) -> list[tuple[int, int]]:
        return list(zip(self.chosen.requests.tolist(), self.chosen.cadres.tolist(), strict=True))


def _usable(arcs: Arcs, places: Mapping[int, int], capacity: Mapping[int, int]) -> Arcs:
    """Arcs that can carry flow: positive score, a request with open places, a department that may lend."""
    request_ids, request_of = np.unique(arcs.requests, return_inverse=True)
    department_ids, department_of = np.unique(arcs.departments, return_inverse=True)
    open_places = np.array([places.get(int(r), 0) for r in request_ids], dtype=np.int64)
    lendable = np.array([capacity.get(int(d), 0) for d in department_ids], dtype=np.int64)
    keep = (arcs.scores > 0) & (open_places[request_of] > 0) & (lendable[department_of] > 0)
    return arcs.take(keep).canonical()


def _check(arcs: Arcs) -> None:
    pairs = np.stack([arcs.requests, arcs.cadres], axis=1)
    if len(np.unique(pairs, axis=0)) != len(arcs):
        raise ValueError("a (request, cadre) pair appears twice")
    cadre_department = np.unique(np.stack([arcs.cadres, arcs.departments], axis=1), axis=0)
    if len(np.unique(cadre_department[:, 0])) != len(cadre_department):
        raise ValueError("a cadre is given two departments")


def solve(arcs: Arcs, places: Mapping[int, int], capacity: Mapping[int, int]) -> Allocation:
    """The allocation of greatest total score (see the module's docstring). Deterministic."""
    arcs = _usable(arcs, places, capacity)
    if not len(arcs):
        return Allocation(arcs, 0)
    _check(arcs)
    n = len(arcs)
    request_ids, request_row = np.unique(arcs.requests, return_inverse=True)
    cadre_ids, cadre_row = np.unique(arcs.cadres, return_inverse=True)
    department_ids, department_row = np.unique(arcs.departments, return_inverse=True)
    bounds = np.concatenate([
        [places[int(r)] for r in request_ids],
        np.ones(len(cadre_ids)),
        [capacity[int(d)] for d in department_ids],
    ])
    rows = np.concatenate([request_row, len(request_ids) + cadre_row,
                           len(request_ids) + len(cadre_ids) + department_row])
    matrix = csr_matrix((np.ones(3 * n), (rows, np.tile(np.arange(n), 3))), shape=(len(bounds), n))
    # Dual simplex: it ends on a vertex (an interior-point answer could sit between two optimal vertices).
    result = linprog(-arcs.scores.astype(float), A_ub=matrix, b_ub=bounds, bounds=(0, 1), method="highs-ds")
    if result.status != 0:
        raise SolverError(f"HiGHS stopped with status {result.status}: {result.message}")
    rounded = np.round(result.x)
    if np.abs(result.x - rounded).max(initial=0) > 1e-6:
        raise SolverError("HiGHS returned a fractional solution")
    chosen = arcs.take(rounded == 1)
    return Allocation(chosen, int(chosen.scores.sum()))


def solve_network_simplex(arcs: Arcs, places: Mapping[int, int], capacity: Mapping[int, int]) -> Allocation:
    """The same problem as a NetworkX min-cost flow: slow, and the reference `solve` is held to."""
    arcs = _usable(arcs, places, capacity)
    if not len(arcs):
        return Allocation(arcs, 0)
    _check(arcs)
    supply = sum(places[int(r)] for r in np.unique(arcs.requests))
    graph = nx.DiGraph()
    graph.add_node("source", demand=-supply)
    graph.add_node("sink", demand=supply)
    graph.add_edge("source", "sink", capacity=supply, weight=0)  # places left open
    for r in np.unique(arcs.requests).tolist():
        graph.add_edge("source", ("request", r), capacity=places[r], weight=0)
    for d in np.unique(arcs.departments).tolist():
        graph.add_edge(("department", d), "sink", capacity=capacity[d], weight=0)
    for r, c, d, s in zip(arcs.requests.tolist(), arcs.cadres.tolist(), arcs.departments.tolist(),
                          arcs.scores.tolist(), strict=True):
        graph.add_edge(("request", r), ("cadre", c), capacity=1, weight=-s)
        graph.add_edge(("cadre", c), ("department", d), capacity=1, weight=0)
    cost, flow = nx.network_simplex(graph)
    chosen = np.array([flow[("request", r)][("cadre", c)] == 1
                       for r, c in zip(arcs.requests.tolist(), arcs.cadres.tolist(), strict=True)], dtype=bool)
    return Allocation(arcs.take(chosen), -cost)
