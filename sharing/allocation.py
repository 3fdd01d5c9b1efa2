"""The global allocation: which candidate goes to which request, for all open requests at once. Pure.

The problem is a min-cost flow (source -> request, capacity its open places -> candidate cadre, capacity 1
-> the cadre's home department, capacity what it may still lend -> sink) that maximises the total score:
  * a request gets at most its open places;
  * a cadre gets at most one proposal per run (the candidate lists already leave out anyone busy in the
    request's window, so this keeps a cadre out of overlapping secondments; two requests with disjoint
    windows cannot both get the same person in one run, the later one can in the next run);
  * a department (a lending unit, sharing.rules) lends at most its remaining capacity. The cap counts people,
    not proposals: a cadre already out or proposed (an arc not `counted`) is counted in the department's
    people already, so proposing them again for a window that does not overlap takes none of the capacity
    left (their arc goes from the cadre straight to the sink).
Scores are whole numbers (centi-points) and positive, so every proposal raises the total.

`solve` first drops the department caps, which leaves an assignment problem: one row per open place
(slot), one column per candidate cadre plus a private "leave this place empty" column per slot, so that a
full matching always exists. scipy's min_weight_full_bipartite_matching (LAPJVsp) solves it exactly. If
that optimum lends no department more than it may, it is optimal with the caps too (the optimum of a
relaxation that is feasible for the original problem is optimal for it), and it is the answer.

Otherwise `solve_lp` states the whole flow as a linear programme and hands it to HiGHS (through scipy). Its
constraint matrix has one row per request and one per cadre and per department, two laminar families, so
it is totally unimodular and the simplex method ends on an integral vertex: the LP optimum is the integer
optimum. We check that rather than trust it. `solve_network_simplex` gives the same optimum through
NetworkX: the tests and the benchmark hold `solve` to it.
"""

from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx
import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching


class SolverError(RuntimeError):
    """HiGHS did not return an integral optimum; the allocation must not be stored."""


@dataclass(frozen=True)
class Arcs:
    """Candidate pairs, one per element: request id, cadre id, the cadre's department id, score (> 0), and
    whether lending the cadre counts against the department's cap (not when they are out already; every
    arc counts when not given)."""

    requests: np.ndarray
    cadres: np.ndarray
    departments: np.ndarray
    scores: np.ndarray
    counted: np.ndarray | None = None

    def __post_init__(self):
        if self.counted is None:
            object.__setattr__(self, "counted", np.ones(len(self.requests), dtype=bool))

    @classmethod
    def of(cls, rows, counted=None) -> "Arcs":
        """From (request, cadre, department, score) tuples; `counted`: one bool per row, or None (all)."""
        table = np.array(list(rows), dtype=np.int64).reshape(-1, 4)
        return cls(table[:, 0], table[:, 1], table[:, 2], table[:, 3],
                   None if counted is None else np.asarray(counted, dtype=bool))

    def __len__(self) -> int:
        return len(self.requests)

    def take(self, index) -> "Arcs":
        return Arcs(self.requests[index], self.cadres[index], self.departments[index], self.scores[index],
                    self.counted[index])

    def canonical(self) -> "Arcs":
        """Sorted by (request, cadre): the solver sees the same problem whatever order the input came in,
        so ties between equally good allocations are always broken the same way."""
        return self.take(np.lexsort((self.cadres, self.requests)))


MATCHING, HIGHS, NETWORK_SIMPLEX = "matching", "highs", "network_simplex"


@dataclass(frozen=True)
class Allocation:
    chosen: Arcs
    total: int
    method: str  # which solver found it

    def pairs(self) -> list[tuple[int, int]]:
        return list(zip(self.chosen.requests.tolist(), self.chosen.cadres.tolist(), strict=True))


def ranges(starts: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ranges [start, start + length) laid end to end: for each element, its range's number and value."""
    group = np.repeat(np.arange(len(lengths)), lengths)
    within = np.arange(len(group)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return group, np.repeat(np.asarray(starts, dtype=np.int64), lengths) + within


def _usable(arcs: Arcs, places: Mapping[int, int], capacity: Mapping[int, int]) -> Arcs:
    """Arcs that can carry flow: positive score, a request with open places, a department that may lend (or a
    cadre who is out already)."""
    request_ids, request_of = np.unique(arcs.requests, return_inverse=True)
    department_ids, department_of = np.unique(arcs.departments, return_inverse=True)
    open_places = np.array([places.get(int(r), 0) for r in request_ids], dtype=np.int64)
    lendable = np.array([capacity.get(int(d), 0) for d in department_ids], dtype=np.int64)
    keep = (arcs.scores > 0) & (open_places[request_of] > 0) & ((lendable[department_of] > 0) | ~arcs.counted)
    return arcs.take(keep).canonical()


def _check(arcs: Arcs) -> None:
    """Arcs sorted by (request, cadre) must name each pair once and give each cadre one department, counted
    against its cap or not."""
    if ((arcs.requests[1:] == arcs.requests[:-1]) & (arcs.cadres[1:] == arcs.cadres[:-1])).any():
        raise ValueError("a (request, cadre) pair appears twice")
    by_cadre = np.lexsort((arcs.departments, arcs.cadres))
    cadres, departments = arcs.cadres[by_cadre], arcs.departments[by_cadre]
    if ((cadres[1:] == cadres[:-1]) & (departments[1:] != departments[:-1])).any():
        raise ValueError("a cadre is given two departments")
    counted = arcs.counted[by_cadre]
    if ((cadres[1:] == cadres[:-1]) & (counted[1:] != counted[:-1])).any():
        raise ValueError("a cadre is both counted against the cap and not")


def _prepared(arcs: Arcs, places: Mapping[int, int], capacity: Mapping[int, int]) -> Arcs:
    arcs = _usable(arcs, places, capacity)
    if len(arcs):
        _check(arcs)
    return arcs


def _allocation(arcs: Arcs, chosen: np.ndarray, method: str) -> Allocation:
    chosen_arcs = arcs.take(chosen)
    return Allocation(chosen_arcs, int(chosen_arcs.scores.sum()), method)


def _match(arcs: Arcs, places: Mapping[int, int]) -> np.ndarray:
    """Which arcs the best allocation without department caps takes (arcs usable and canonical)."""
    request_ids, request_of, per_request = np.unique(arcs.requests, return_inverse=True, return_counts=True)
    cadre_ids, cadre_of = np.unique(arcs.cadres, return_inverse=True)
    # More slots than candidates would only ever be left empty.
    slots = np.minimum([places[int(r)] for r in request_ids], per_request)
    first_slot = np.cumsum(slots) - slots
    # Each arc once for every slot of its request.
    arc, slot = ranges(first_slot[request_of], slots[request_of])
    n_slots = int(slots.sum())
    # Costs are positive (the solver reads a zero as no edge): a filled place costs `ceiling - score`, an
    # empty one `ceiling`, so the least total cost is the greatest total score. Whole numbers, exact in floats.
    ceiling = float(arcs.scores.max()) + 1
    costs = csr_matrix((np.concatenate([ceiling - arcs.scores[arc], np.full(n_slots, ceiling)]),
                        (np.concatenate([slot, np.arange(n_slots)]),
                         np.concatenate([cadre_of[arc], len(cadre_ids) + np.arange(n_slots)]))),
                       shape=(n_slots, len(cadre_ids) + n_slots))
    rows, columns = min_weight_full_bipartite_matching(costs)
    filled = columns < len(cadre_ids)
    slot_request = np.repeat(np.arange(len(request_ids)), slots)
    # An arc is found by (request, cadre) position: arcs are sorted by request, then cadre id.
    width = len(cadre_ids)
    keys = request_of * width + cadre_of
    chosen = np.zeros(len(arcs), dtype=bool)
    chosen[np.searchsorted(keys, slot_request[rows[filled]] * width + columns[filled])] = True
    return chosen


def _within_caps(arcs: Arcs, chosen: np.ndarray, capacity: Mapping[int, int]) -> bool:
    departments, lent = np.unique(arcs.departments[chosen & arcs.counted], return_counts=True)
    return all(n <= capacity[d] for d, n in zip(departments.tolist(), lent.tolist(), strict=True))


def solve(arcs: Arcs, places: Mapping[int, int], capacity: Mapping[int, int]) -> Allocation:
    """The allocation of greatest total score (see the module's docstring). Deterministic."""
    arcs = _prepared(arcs, places, capacity)
    if not len(arcs):
        return Allocation(arcs, 0, MATCHING)
    chosen = _match(arcs, places)
    if _within_caps(arcs, chosen, capacity):
        return _allocation(arcs, chosen, MATCHING)
    return _solve_lp(arcs, places, capacity)


def solve_lp(arcs: Arcs, places: Mapping[int, int], capacity: Mapping[int, int]) -> Allocation:
    """The same optimum from HiGHS alone, whether the caps bind or not."""
    arcs = _prepared(arcs, places, capacity)
    if not len(arcs):
        return Allocation(arcs, 0, HIGHS)
    return _solve_lp(arcs, places, capacity)


def _solve_lp(arcs: Arcs, places: Mapping[int, int], capacity: Mapping[int, int]) -> Allocation:
    n = len(arcs)
    request_ids, request_row = np.unique(arcs.requests, return_inverse=True)
    cadre_ids, cadre_row = np.unique(arcs.cadres, return_inverse=True)
    # Only counted arcs meet their department's row: its cap counts people not out already.
    capped = np.flatnonzero(arcs.counted)
    department_ids, department_row = np.unique(arcs.departments[capped], return_inverse=True)
    bounds = np.concatenate([
        [places[int(r)] for r in request_ids],
        np.ones(len(cadre_ids)),
        [capacity[int(d)] for d in department_ids],
    ])
    rows = np.concatenate([request_row, len(request_ids) + cadre_row,
                           len(request_ids) + len(cadre_ids) + department_row])
    columns = np.concatenate([np.arange(n), np.arange(n), capped])
    matrix = csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(len(bounds), n))
    # Dual simplex: it ends on a vertex (an interior-point answer could sit between two optimal vertices).
    result = linprog(-arcs.scores.astype(float), A_ub=matrix, b_ub=bounds, bounds=(0, 1), method="highs-ds")
    if result.status != 0:
        raise SolverError(f"HiGHS stopped with status {result.status}: {result.message}")
    rounded = np.round(result.x)
    if np.abs(result.x - rounded).max(initial=0) > 1e-6:
        raise SolverError("HiGHS returned a fractional solution")
    return _allocation(arcs, rounded == 1, HIGHS)


def solve_network_simplex(arcs: Arcs, places: Mapping[int, int], capacity: Mapping[int, int]) -> Allocation:
    """The same problem as a NetworkX min-cost flow: slow, and the reference `solve` is held to."""
    arcs = _prepared(arcs, places, capacity)
    if not len(arcs):
        return Allocation(arcs, 0, NETWORK_SIMPLEX)
    supply = sum(places[int(r)] for r in np.unique(arcs.requests))
    graph = nx.DiGraph()
    graph.add_node("source", demand=-supply)
    graph.add_node("sink", demand=supply)
    graph.add_edge("source", "sink", capacity=supply, weight=0)  # places left open
    for r in np.unique(arcs.requests).tolist():
        graph.add_edge("source", ("request", r), capacity=places[r], weight=0)
    for d in np.unique(arcs.departments[arcs.counted]).tolist():
        graph.add_edge(("department", d), "sink", capacity=capacity[d], weight=0)
    for r, c, d, s, counted in zip(arcs.requests.tolist(), arcs.cadres.tolist(), arcs.departments.tolist(),
                                   arcs.scores.tolist(), arcs.counted.tolist(), strict=True):
        graph.add_edge(("request", r), ("cadre", c), capacity=1, weight=-s)
        # Someone out already passes by the department's cap.
        graph.add_edge(("cadre", c), ("department", d) if counted else "sink", capacity=1, weight=0)
    cost, flow = nx.network_simplex(graph)
    chosen = np.array([flow[("request", r)][("cadre", c)] == 1
                       for r, c in zip(arcs.requests.tolist(), arcs.cadres.tolist(), strict=True)], dtype=bool)
    return Allocation(arcs.take(chosen), -cost, NETWORK_SIMPLEX)
