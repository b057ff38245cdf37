"""Step 1: the assignment relaxation (avoid pairs ignored), solved exactly as a compressed
min-cost flow (OR-Tools), with optimal LP duals from the node potentials of its residual network."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from .instance import BoothType, _Candidates, _fits, _Instance


@dataclass
class _Relaxation:
    """Optimum of the assignment relaxation (avoid pairs ignored) and its LP duals.

    Booths are grouped in *classes*: free booths of one type that every
    exhibitor scores alike and that the same exhibitors are banned from.
    """

    placement: dict[int, int]  # free exhibitor -> class
    value: int  # optimal weighted value sum(big_m + score)
    dual_value: int | None  # sum(u) + sum(v) >= value; None without duals
    u: np.ndarray  # dual of "exhibitor assigned at most once", per exhibitor
    v: np.ndarray  # dual of "booth used at most once", per booth
    classes: list[list[int]]  # sorted booths of each class
    class_type: list[BoothType]
    scored_classes: dict[int, dict[int, int]]  # exhibitor -> {class: score > 0}


def _bellman_ford(n: int, tails: np.ndarray, heads: np.ndarray, costs: np.ndarray) -> np.ndarray | None:
    """Shortest distances from a virtual root joined to every node (None on a negative cycle)."""
    order = np.argsort(heads, kind="stable")
    tails, heads, costs = tails[order], heads[order], costs[order]
    unique_heads, starts = np.unique(heads, return_index=True)
    dist = np.zeros(n, dtype=np.int64)
    for _ in range(n + 1):
        best = np.minimum.reduceat(dist[tails] + costs, starts)
        improved = best < dist[unique_heads]
        if not improved.any():
            return dist
        dist[unique_heads[improved]] = best[improved]
    return None


def _solve_relaxation(inst: _Instance, cands: _Candidates, big_m: int) -> _Relaxation:
    """Exact max-weight matching (weights big_m + score) as a compressed min-cost flow.

    Network: source -> exhibitor -> (class directly when scored, or through the
    hub of its profile at score 0) -> class -> sink, capacities 1 / class size.
    """
    free_exhibitors = cands.free_exhibitors
    signature: dict[int, list[tuple[int, int]]] = {b: [] for b in cands.free_booths}
    for e in free_exhibitors:
        for b in sorted(cands.forbidden.get(e, ())):
            if b in signature:
                signature[b].append((e, -1))
    scored_allowed: dict[int, list[int]] = {}
    for e in free_exhibitors:
        scored = inst.scores[e]
        if scored:
            keys = np.fromiter(scored.keys(), dtype=np.int64, count=len(scored))
            keys = np.sort(cands.allowed(e, keys)).tolist()
            scored_allowed[e] = keys
            for b in keys:
                signature[b].append((e, scored[b]))
    class_key: dict[tuple, int] = {}
    classes: list[list[int]] = []
    class_type: list[BoothType] = []
    class_of: dict[int, int] = {}
    for b in cands.free_booths:
        key = (inst.booth_type(b), tuple(signature[b]))
        c = class_key.get(key)
        if c is None:
            c = class_key[key] = len(classes)
            classes.append([])
            class_type.append(inst.booth_type(b))
        classes[c].append(b)
        class_of[b] = c
    scored_classes = {
        e: {class_of[b]: inst.scores[e][b] for b in keys} for e, keys in scored_allowed.items()
    }

    # One hub per (profile, bans) carries the "compatible, score 0" edges.
    hub_key: dict[tuple, int] = {}
    hub_of: dict[int, int] = {}
    hub_profile: list[BoothType] = []
    hub_bans: list[frozenset[int]] = []
    for e in free_exhibitors:
        key = (cands.profile_of[e], cands.forbidden.get(e, frozenset()))
        if key not in hub_key:
            hub_key[key] = len(hub_profile)
            hub_profile.append(key[0])
            hub_bans.append(key[1])
        hub_of[e] = hub_key[key]

    n_e, n_c = len(free_exhibitors), len(classes)
    empty = _Relaxation(
        {}, 0, 0, np.zeros(len(inst.exhibitors), np.int64), np.zeros(len(inst.booths), np.int64),
        classes, class_type, scored_classes,
    )
    if n_e == 0 or n_c == 0:
        return empty
    source, sink = 0, 1
    e_node = {e: 2 + i for i, e in enumerate(free_exhibitors)}
    c_base = 2 + n_e
    h_base = c_base + n_c
    n_nodes = h_base + len(hub_profile)
    arcs: list[tuple[int, int, int, int]] = []  # tail, head, capacity, unit cost
    for e in free_exhibitors:
        arcs.append((source, e_node[e], 1, 0))
    direct_start = len(arcs)
    direct: list[tuple[int, int]] = []
    for e in free_exhibitors:
        for c, s in sorted(scored_classes.get(e, {}).items()):
            # capacity 2 is never binding and keeps the forward residual arc
            arcs.append((e_node[e], c_base + c, 2, -(big_m + s)))
            direct.append((e, c))
    hub_in_start = len(arcs)
    for e in free_exhibitors:
        arcs.append((e_node[e], h_base + hub_of[e], 2, -big_m))
    hub_out_start = len(arcs)
    hub_out: list[tuple[int, int]] = []
    classes_of_type: dict[BoothType, list[int]] = defaultdict(list)
    for c, booth_type in enumerate(class_type):
        classes_of_type[booth_type].append(c)
    for h, profile in enumerate(hub_profile):
        reachable = sorted(
            c for t, members in classes_of_type.items() if _fits(profile, t) for c in members
        )
        for c in reachable:
            if classes[c][0] not in hub_bans[h]:
                arcs.append((h_base + h, c_base + c, len(classes[c]) + 1, 0))
                hub_out.append((h, c))
    for c, members in enumerate(classes):
        arcs.append((c_base + c, sink, len(members), 0))
    tails, heads, caps, costs = (np.array(col, dtype=np.int64) for col in zip(*arcs))

    flow_solver = min_cost_flow.SimpleMinCostFlow()
    flow_solver.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    flow_solver.set_node_supply(source, n_e)
    flow_solver.set_node_supply(sink, -n_e)
    status = flow_solver.solve_max_flow_with_min_cost()
    if status != flow_solver.OPTIMAL:  # pragma: no cover - defensive
        raise RuntimeError(f"min-cost flow failed with status {status}")
    flows = np.asarray(flow_solver.flows(np.arange(len(arcs))), dtype=np.int64)

    placement: dict[int, int] = {}
    for k, (e, c) in enumerate(direct):
        if flows[direct_start + k] > 0:
            placement[e] = c
    waiting: dict[int, list[int]] = defaultdict(list)
    for k, e in enumerate(free_exhibitors):
        if flows[hub_in_start + k] > 0:
            waiting[hub_of[e]].append(e)
    for k, (h, c) in enumerate(hub_out):
        for _ in range(int(flows[hub_out_start + k])):
            placement[waiting[h].pop(0)] = c
    value = sum(big_m + scored_classes.get(e, {}).get(c, 0) for e, c in placement.items())

    # LP duals from node potentials of the optimal residual network:
    # u_e = max(0, d_e - d_source), v_b = max(0, d_sink - d_class(b)).
    total = int(flows[:n_e].sum())
    forward, backward = flows < caps, flows > 0
    extra = np.array([[sink, source]] + ([[source, sink]] if total else []), dtype=np.int64)
    dist = _bellman_ford(
        n_nodes,
        np.concatenate([tails[forward], heads[backward], extra[:, 0]]),
        np.concatenate([heads[forward], tails[backward], extra[:, 1]]),
        np.concatenate([costs[forward], -costs[backward], np.zeros(len(extra), np.int64)]),
    )
    u = np.zeros(len(inst.exhibitors), dtype=np.int64)
    v = np.zeros(len(inst.booths), dtype=np.int64)
    if dist is None:  # pragma: no cover - would mean a non-optimal flow
        return _Relaxation(placement, value, None, u, v, classes, class_type, scored_classes)
    for e in free_exhibitors:
        u[e] = max(0, int(dist[e_node[e]] - dist[source]))
    for c, members in enumerate(classes):
        v[members] = max(0, int(dist[sink] - dist[c_base + c]))
    dual_value = int(u.sum() + v.sum())
    return _Relaxation(placement, value, dual_value, u, v, classes, class_type, scored_classes)
