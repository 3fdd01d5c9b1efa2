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

`solve` hands that flow to OR-tools' SimpleMinCostFlow (Google's C++ cost-scaling push-relabel solver),
with whole-number capacities and costs, so its optimum is integral and exact by construction: there is no
relaxation to round or check. One solver, whether a cap binds or not. It replaced an assignment (scipy's
LAPJVsp) followed, when a cap broke, by the flow as a linear programme in HiGHS: a few milliseconds of fixed
set-up (linprog's checks, HiGHS's model) on a problem of a few hundred arcs, and thousands of simplex
iterations when the caps bind hard, where the flow solver takes a fraction of that (docs/benchmarks.md).
`solve_network_simplex` gives the same optimum through NetworkX: the tests and the benchmark hold `solve` to
it.
"""

from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx
import numpy as np
from ortools.graph.python import min_cost_flow


class SolverError(RuntimeError):
    """The flow solver did not report an optimum; the allocation must not be stored."""


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
        width = int(self.cadres.max(initial=0)) + 1
        if (min(self.requests.min(initial=0), self.cadres.min(initial=0)) >= 0
                and int(self.requests.max(initial=0)) < np.iinfo(np.int64).max // width):
            # Both ids in one key: one sort, not the two of a lexsort (a national allocation's 400,000 arcs).
            return self.take(np.argsort(self.requests * width + self.cadres))
        return self.take(np.lexsort((self.cadres, self.requests)))


MIN_COST_FLOW, NETWORK_SIMPLEX = "min_cost_flow", "network_simplex"


@dataclass(frozen=True)
class Allocation:
    chosen: Arcs
    total: int
    method: str  # which solver found it

    def pairs(self) -> list[tuple[int, int]]:
        return list(zip(self.chosen.requests.tolist(), self.chosen.cadres.tolist(), strict=True))


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
    by_cadre = np.argsort(arcs.cadres)  # a cadre's arcs side by side: any two that differ are then neighbours
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


def solve(arcs: Arcs, places: Mapping[int, int], capacity: Mapping[int, int]) -> Allocation:
    """The allocation of greatest total score (see the module's docstring). Deterministic: the same canonical
    arcs give the solver the same graph."""
    arcs = _prepared(arcs, places, capacity)
    if not len(arcs):
        return Allocation(arcs, 0, MIN_COST_FLOW)
    request_ids, request_of = np.unique(arcs.requests, return_inverse=True)
    cadre_ids, first_arc, cadre_of = np.unique(arcs.cadres, return_index=True, return_inverse=True)
    cadre_of = cadre_of.reshape(-1)
    # A cadre's department and whether they count are the same on all their arcs (_check).
    counted = arcs.counted[first_arc]
    department_ids, department_of = np.unique(arcs.departments[first_arc][counted], return_inverse=True)
    n_requests, n_departments = len(request_ids), len(department_ids)
    # A cadre candidate for one request only needs no node of their own: their one arc, of capacity 1 already,
    # goes straight on (at a million cadres, 60,619 of the 139,718 candidates: a tenth of the graph's arcs).
    node = np.bincount(cadre_of) > 1
    n_nodes = int(node.sum())
    # Nodes: requests, cadres with a node, departments whose cap counts, then the source and the sink.
    first_cadre, first_department = n_requests, n_requests + n_nodes
    source = first_department + n_departments
    sink = source + 1
    open_places = np.array([places[int(r)] for r in request_ids], dtype=np.int64)
    supply = int(open_places.sum())
    # A cadre's way out: through their department's cap, or straight to the sink for someone out already.
    exit_of = np.full(len(cadre_ids), sink, dtype=np.int64)
    exit_of[counted] = first_department + department_of
    to = np.where(node[cadre_of], first_cadre + (np.cumsum(node) - 1)[cadre_of], exit_of[cadre_of])
    tails = np.concatenate([[source], np.full(n_requests, source), request_of, first_cadre + np.arange(n_nodes),
                            first_department + np.arange(n_departments)])
    heads = np.concatenate([[sink], np.arange(n_requests), to, exit_of[node], np.full(n_departments, sink)])
    capacities = np.concatenate([[supply], open_places, np.ones(len(arcs) + n_nodes, dtype=np.int64),
                                 [capacity[int(d)] for d in department_ids]]).astype(np.int64)
    # The first arc leaves places open at no cost; a proposal costs minus its score.
    costs = np.zeros(len(tails), dtype=np.int64)
    proposal_arcs = 1 + n_requests + np.arange(len(arcs))
    costs[proposal_arcs] = -arcs.scores
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[source], supplies[sink] = supply, -supply
    flow.set_nodes_supplies(np.arange(sink + 1), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise SolverError(f"the min-cost flow stopped with status {status}")
    chosen = arcs.take(flow.flows(proposal_arcs) == 1)
    return Allocation(chosen, int(chosen.scores.sum()), MIN_COST_FLOW)


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
