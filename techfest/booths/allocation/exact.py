"""Step 4: the exact phase with lazy constraints, run when the relaxed optimum breaks avoid
pairs: restricted problems enforcing only the pairs met so far, solved by LP then MIP, refined
until their optimum breaks no pair or the time runs out."""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .heuristics import _realize, _repair
from .instance import BoothType, _Candidates, _fits, _Instance
from .linear import _LinearModel, _lp_bound, _run_mip
from .relaxation import _Relaxation


@dataclass
class _Outcome:
    """Final result of the search, on free exhibitors only."""

    assignment: dict[int, int]
    upper: int  # proven upper bound on the weighted value
    optimal: bool


@dataclass
class _Restricted:
    """Outcome of one restricted solve (see :func:`_solve_restricted`)."""

    found: dict[int, int] | None  # optimum (or best found) realised as booths
    zero_placed: set[int]  # exhibitors ``found`` placed through a score-0 pool
    bound: int  # upper bound on the weighted value of solutions >= incumbent
    proven: bool  # bound reached by ``found`` (or, without it, by the incumbent)


def _solve_restricted(
    inst: _Instance,
    cands: _Candidates,
    relax: _Relaxation,
    pairs: set[tuple[int, int]],
    refined: set[int],
    incumbent: dict[int, int],
    big_m: int,
    deadline: float,
) -> _Restricted:
    """Solve exactly a relaxation enforcing only the avoid ``pairs``.

    Exhibitors of those pairs (and those banned from booths next to a locked
    partner) are *special*: one boolean per booth they score.  The others get
    one boolean per booth class they score.  Placements at score 0 are counted
    per booth type only (one boolean per exhibitor, one integer per profile and
    type) -- any free booth of the type will do -- except for the ``refined``
    special exhibitors, which get one boolean per booth instead.  Avoid pairs
    are only written between per-booth booleans, so this is a relaxation whose
    optimum bounds the real one; realising it as booths dodges partners when
    possible, and the caller refines what still conflicts.

    Options whose reduced cost exceeds ``G = dual value - incumbent value`` are
    left out: they only occur in solutions worse than the incumbent.  When the
    incumbent already places as many exhibitors as the relaxation, that count
    is imposed and only scores are maximised.  The LP relaxation comes first:
    if its rigorous bound does not beat the incumbent, the incumbent is
    optimal; if its solution is integral it is optimal; otherwise the HiGHS
    MIP solves the model, after reduced-cost fixing with the LP certificate.
    """
    incumbent_value = inst.weighted(incumbent, big_m)
    if relax.dual_value is None:
        gap = math.inf
        u = np.zeros(len(inst.exhibitors), np.int64)
        v = np.zeros(len(inst.booths), np.int64)
    else:
        gap = relax.dual_value - incumbent_value
        u, v = relax.u, relax.v
    # Placing as many exhibitors as the relaxation is the best possible count.
    count = len(incumbent) if len(incumbent) == len(relax.placement) else None
    weight = 0 if count is not None else big_m
    special = {e for pair in pairs for e in pair} | set(cands.forbidden)
    class_v = [int(v[members[0]]) for members in relax.classes]
    min_v_type: dict[BoothType, int] = {}
    for c, t in enumerate(relax.class_type):
        min_v_type[t] = min(min_v_type.get(t, class_v[c]), class_v[c])
    types = sorted(cands.booths_of_type.items(), key=lambda item: item[1][0])

    lm = _LinearModel()
    assign_vars: list[int] = []  # every "exhibitor placed" variable
    x: dict[tuple[int, int], int] = {}  # special exhibitor on a booth
    x_by_booth: dict[int, list[int]] = defaultdict(list)
    y: dict[tuple[int, int], int] = {}  # ordinary exhibitor in a scored class
    y_by_class: dict[int, list[int]] = defaultdict(list)
    zero: dict[int, int] = {}  # exhibitor somewhere at score 0 (type level)
    zero_by_profile: dict[BoothType, list[int]] = defaultdict(list)
    booths_of: dict[int, list[int]] = {}
    for e in cands.free_exhibitors:
        options: list[int] = []
        if e in special:
            if e in refined:
                booths = cands.booths(e)
            else:
                keys = np.fromiter(inst.scores[e], dtype=np.int64, count=len(inst.scores[e]))
                booths = np.sort(cands.allowed(e, keys))
            scores = np.fromiter((inst.scores[e].get(b, 0) for b in booths.tolist()), np.int64, booths.size)
            keep = (u[e] + v[booths] - big_m - scores) <= gap
            booths_of[e] = booths[keep].tolist()
            for b, s in zip(booths_of[e], scores[keep].tolist()):
                var = x[e, b] = lm.var(weight + s, 1)
                x_by_booth[b].append(var)
                options.append(var)
        else:
            for c, s in sorted(relax.scored_classes.get(e, {}).items()):
                if u[e] + class_v[c] - big_m - s <= gap:
                    var = y[e, c] = lm.var(weight + s, 1)
                    y_by_class[c].append(var)
                    options.append(var)
        if e not in refined:
            profile = cands.profile_of[e]
            reachable = [m for t, m in min_v_type.items() if _fits(profile, t)]
            if reachable and u[e] + min(reachable) - big_m <= gap:
                zero[e] = lm.var(weight, 1)
                zero_by_profile[profile].append(e)
                options.append(zero[e])
        assign_vars.extend(options)
        if u[e] > gap:
            lm.row(options, lo=1, hi=1)
        elif len(options) > 1:
            lm.row(options, hi=1)

    for b, vars_b in sorted(x_by_booth.items()):
        if len(vars_b) > 1:
            lm.row(vars_b, hi=1)
    for c, vars_c in sorted(y_by_class.items()):
        inside = [var for b in relax.classes[c] for var in x_by_booth.get(b, ())]
        if len(vars_c) + len(inside) > len(relax.classes[c]):
            lm.row(vars_c + inside, hi=len(relax.classes[c]))
    # Score-0 placements through the pools: counted per (profile, booth type).
    flow: dict[tuple[BoothType, BoothType], int] = {}
    for profile, members in sorted(zero_by_profile.items(), key=lambda item: item[1][0]):
        outs = []
        for t, booths in types:
            if _fits(profile, t):
                flow[profile, t] = lm.var(0, len(booths))
                outs.append(flow[profile, t])
        lm.row(outs + [zero[e] for e in members], [1] * len(outs) + [-1] * len(members), 0, 0)
    for t, booths in types:
        inflow = [var for (_, tt), var in flow.items() if tt == t]
        if inflow:
            used = [var for c, vars_c in y_by_class.items() if relax.class_type[c] == t for var in vars_c]
            used += [var for b in booths for var in x_by_booth.get(b, ())]
            lm.row(inflow + used, hi=len(booths))

    # Avoid pairs: e on booth b excludes its partner f from b and its neighbours.
    for a, b_ex in sorted(pairs):
        for e, f in ((a, b_ex), (b_ex, a)):
            f_booths = set(booths_of.get(f, ()))
            for b in booths_of.get(e, ()):
                near = [x[f, nb] for nb in sorted(inst.adj[b] | {b}) if nb in f_booths]
                if near:
                    lm.row([x[e, b], *near], hi=1)
    if count is not None:
        lm.row(assign_vars, lo=count, hi=count)
    lm.row_lower_objective = incumbent_value - (big_m - weight) * len(incumbent)

    def weighted_bound(bound: int) -> int:
        return bound + big_m * count if count is not None else bound

    lp = _lp_bound(lm, deadline - time.perf_counter())
    if weighted_bound(lp.bound) <= incumbent_value:
        return _Restricted(None, set(), incumbent_value, True)
    values, optimal, bound = lp.values, lp.values is not None, lp.bound
    if values is None:
        if lp.reduced is not None:
            # Reduced-cost fixing with the LP certificate: x[j] >= k costs at
            # least k * -reduced[j], and only solutions worth at least the
            # incumbent are admitted.
            slack = lp.bound - lm.row_lower_objective + 1e-6
            for j in np.flatnonzero(lp.reduced < -1e-6).tolist():
                limit = math.floor(slack / -lp.reduced[j])
                if limit < lm.upper[j]:
                    lm.upper[j] = max(0, limit)
        result = _run_mip(lm, deadline - time.perf_counter())
        if result.values is None:
            return _Restricted(None, set(), weighted_bound(min(lp.bound, result.bound)), False)
        values, optimal, bound = result.values, result.optimal, min(lp.bound, result.bound)

    # Realise: per-booth placements first, then the scored classes, then the
    # score-0 pools of the types chosen by the flow.
    fixed = {e: b for (e, b), var in x.items() if values[var]}
    scored_phase = [(e, ("class", c)) for (e, c), var in y.items() if values[var]]
    zero_phase = []
    for profile, members in sorted(zero_by_profile.items(), key=lambda item: item[1][0]):
        chosen = [e for e in members if values[zero[e]]]
        for t, _ in types:
            for _ in range(values[flow[profile, t]] if (profile, t) in flow else 0):
                zero_phase.append((chosen.pop(0), ("type", t)))
    pools: dict[Any, Sequence[int]] = {("class", c): m for c, m in enumerate(relax.classes)}
    pools.update({("type", t): booths for t, booths in types})
    realised = _realize(inst, fixed, [scored_phase, zero_phase], pools)
    return _Restricted(realised, {e for e, _ in zero_phase}, weighted_bound(bound), optimal)


def _solve_with_avoids(
    inst: _Instance,
    cands: _Candidates,
    relax: _Relaxation,
    first: dict[int, int],
    big_m: int,
    deadline: float,
) -> _Outcome:
    """Exact search when the relaxed optimum breaks avoid pairs.

    A greedy repair gives an incumbent.  Then, lazily: the restricted problem
    (only the avoid pairs met so far, score-0 placements aggregated except for
    refined exhibitors) is a relaxation of the real one, so its optimum is an
    upper bound; when that optimum, realised as booths, breaks no avoid pair
    it is optimal.  Otherwise the violated pairs are added, their exhibitors
    placed through a score-0 pool are refined, and it is solved again.  Each
    round adds a pair or refines an exhibitor (a broken pair already enforced
    must involve an aggregated placement), so the loop ends.
    """
    pairs = inst.violated_pairs(first)
    refined: set[int] = set()
    best = _repair(inst, cands, first, big_m)
    upper = relax.value
    while True:
        best_value = inst.weighted(best, big_m)
        if best_value >= upper:
            return _Outcome(best, best_value, True)
        if time.perf_counter() >= deadline:
            return _Outcome(best, upper, False)
        step = _solve_restricted(inst, cands, relax, pairs, refined, best, big_m, deadline)
        upper = min(upper, max(step.bound, best_value))
        if step.found is None:
            if step.proven:
                continue
            return _Outcome(best, upper, False)
        violated = inst.violated_pairs(step.found)
        candidate = _repair(inst, cands, step.found, big_m) if violated else step.found
        if inst.weighted(candidate, big_m) > best_value:
            best = candidate
        if not step.proven:
            best_value = inst.weighted(best, big_m)
            return _Outcome(best, max(upper, best_value), best_value >= upper)
        new_refined = {e for pair in violated for e in pair if e in step.zero_placed} - refined
        if not (violated - pairs or new_refined):  # pragma: no cover - see the docstring
            return _Outcome(best, upper, inst.weighted(best, big_m) >= upper)
        pairs |= violated
        refined |= new_refined
