"""Booth allocation engine (pure: no Flask, no SQLAlchemy).

The problem
-----------
Booths have a size, a set of features and neighbouring booths; exhibitors have
a size, a set of needed features, integer preference ``scores`` per booth and a
list of exhibitors they want to ``avoid``; ``locks`` pin exhibitors to booths.

Hard constraints: a booth holds at most one exhibitor; an exhibitor only gets a
booth of its own size that offers all its needs; locks are kept; two
exhibitors that avoid each other (either side listing the other) never get
neighbouring booths (neighbourhood is symmetric).

Objective (lexicographic): first assign as many exhibitors as possible, then
maximise the sum of the scores of the assigned booths (a booth missing from an
exhibitor's ``scores`` counts 0).

Method
------
1. *Relaxation.*  Ignoring avoid pairs the problem is a maximum-weight
   bipartite matching with weights ``M + score`` where ``M`` exceeds any total
   score, so cardinality wins first.  It is solved exactly as a min-cost flow
   (OR-Tools) on a compressed network: booths that look identical to every
   exhibitor are merged into classes, and the many "compatible but score 0"
   edges go through one hub node per exhibitor profile.  Node potentials of the
   optimal residual network (Bellman-Ford, vectorised with numpy) give optimal
   LP duals ``u_e``/``v_b`` of the assignment relaxation.
2. The class-level optimum is realised as booths, dodging avoid partners
   inside each class.  If no avoid pair is broken, it is optimal.
3. Otherwise a greedy *repair* (moves to free booths, swaps, and only as a
   last resort leaving an exhibitor out) turns it into a feasible incumbent.
4. *Exact phase*, with lazy constraints.  The restricted problem enforces only
   the avoid pairs met so far; exhibitors outside them are aggregated per
   booth class (scored) or booth type (score 0), which is exact for them.
   Reduced-cost fixing is provably safe: for any assignment ``x``,
   ``Z_dual - w(x) = sum of reduced costs of its pairs + u of its unassigned
   exhibitors + v of its empty booths`` (all terms >= 0), so with
   ``G = Z_dual - w(incumbent)`` options of reduced cost above ``G`` are
   dropped and exhibitors with ``u_e > G`` must be placed.  Its LP relaxation
   (HiGHS) gives a rigorous bound (a dual solution feasible by construction):
   if that bound does not beat the incumbent, the incumbent is optimal; an
   integral LP optimum is the restricted optimum; otherwise an exact MIP
   (HiGHS branch and bound through ``scipy.optimize.milp``, deterministic)
   solves it, after reduced-cost fixing with the LP certificate.  If the
   restricted optimum, realised as booths, breaks no avoid pair it is
   optimal; otherwise the newly broken pairs are added (and their exhibitors
   placed through a score-0 pool get one variable per booth) and again.
5. When the time limit (``--time-limit``, default 10 s) stops the search, the
   best solution found is returned with ``optimal=False`` and the best proven
   bound.

Command line::

    python -m techfest.booths.allocation problem.json [--time-limit 10]
    python -m techfest.booths.allocation - < problem.json
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from ortools.graph.python import min_cost_flow
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix

__all__ = [
    "Booth",
    "Exhibitor",
    "InvalidProblem",
    "MAX_SCORE",
    "Problem",
    "Solution",
    "check_solution",
    "main",
    "parse_problem",
    "problem_to_dict",
    "solution_to_dict",
    "solve",
    "validate_problem",
]

#: Largest accepted score (keeps every weighted sum comfortably inside int64).
MAX_SCORE = 1_000_000
#: Default time limit of :func:`solve`, in seconds.
DEFAULT_TIME_LIMIT = 10.0


class InvalidProblem(ValueError):
    """The problem is malformed or contradictory; ``message`` names the item."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------
# Data model
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Booth:
    """A booth of the hall."""

    id: str
    size: str
    features: frozenset[str] = frozenset()
    neighbors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Exhibitor:
    """An exhibitor asking for a booth."""

    id: str
    size: str
    needs: frozenset[str] = frozenset()
    scores: Mapping[str, int] = field(default_factory=dict, hash=False)
    avoid: tuple[str, ...] = ()

    def fits(self, booth: Booth) -> bool:
        """True when ``booth`` has this exhibitor's size and all its needs."""
        return booth.size == self.size and self.needs <= booth.features


@dataclass(frozen=True)
class Problem:
    """A complete allocation problem."""

    booths: tuple[Booth, ...]
    exhibitors: tuple[Exhibitor, ...]
    locks: Mapping[str, str] = field(default_factory=dict, hash=False)


@dataclass
class Solution:
    """Result of :func:`solve`.

    ``objective`` is the total score of ``assignment``.  ``bound`` is a proven
    upper bound on the total score of any feasible assignment with at least as
    many exhibitors as ``assignment`` (equal to ``objective`` when ``optimal``).
    """

    assignment: dict[str, str]
    unassigned: list[str]
    objective: int
    bound: int
    optimal: bool
    seconds: float


# --------------------------------------------------------------------------
# Parsing and validation
# --------------------------------------------------------------------------


def _require_str(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidProblem(f"{what} must be a non-empty string, got {value!r}")
    return value


def _require_str_list(value: Any, what: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidProblem(f"{what} must be a list of strings, got {value!r}")
    return [_require_str(item, f"{what} entry") for item in value]


def _require_object(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidProblem(f"{what} must be an object, got {type(value).__name__}")
    return value


def parse_problem(data: Mapping[str, Any]) -> Problem:
    """Build and validate a :class:`Problem` from its JSON form.

    Raises :class:`InvalidProblem` (naming the offending item) when the data is
    malformed or contradictory.
    """
    data = _require_object(data, "problem")
    unknown = sorted(set(data) - {"booths", "exhibitors", "locks"})
    if unknown:
        raise InvalidProblem(f"unknown top-level key {unknown[0]!r}")
    raw_booths = data.get("booths", [])
    raw_exhibitors = data.get("exhibitors", [])
    if not isinstance(raw_booths, list):
        raise InvalidProblem("'booths' must be a list")
    if not isinstance(raw_exhibitors, list):
        raise InvalidProblem("'exhibitors' must be a list")

    booths = []
    for position, raw in enumerate(raw_booths):
        raw = _require_object(raw, f"booth #{position}")
        booth_id = _require_str(raw.get("id"), f"booth #{position} id")
        label = f"booth {booth_id!r}"
        booths.append(
            Booth(
                id=booth_id,
                size=_require_str(raw.get("size"), f"{label} size"),
                features=frozenset(_require_str_list(raw.get("features"), f"{label} features")),
                neighbors=tuple(dict.fromkeys(_require_str_list(raw.get("neighbors"), f"{label} neighbors"))),
            )
        )

    exhibitors = []
    for position, raw in enumerate(raw_exhibitors):
        raw = _require_object(raw, f"exhibitor #{position}")
        exhibitor_id = _require_str(raw.get("id"), f"exhibitor #{position} id")
        label = f"exhibitor {exhibitor_id!r}"
        raw_scores = raw.get("scores") or {}
        raw_scores = _require_object(raw_scores, f"{label} scores")
        exhibitors.append(
            Exhibitor(
                id=exhibitor_id,
                size=_require_str(raw.get("size"), f"{label} size"),
                needs=frozenset(_require_str_list(raw.get("needs"), f"{label} needs")),
                scores=dict(raw_scores),
                avoid=tuple(dict.fromkeys(_require_str_list(raw.get("avoid"), f"{label} avoid"))),
            )
        )

    raw_locks = _require_object(data.get("locks") or {}, "locks")
    locks = {}
    for exhibitor_id, booth_id in raw_locks.items():
        locks[exhibitor_id] = _require_str(booth_id, f"lock of exhibitor {exhibitor_id!r}")

    problem = Problem(booths=tuple(booths), exhibitors=tuple(exhibitors), locks=locks)
    validate_problem(problem)
    return problem


def validate_problem(problem: Problem) -> None:
    """Check the semantic consistency of ``problem``; raise :class:`InvalidProblem`."""
    booths: dict[str, Booth] = {}
    for booth in problem.booths:
        if booth.id in booths:
            raise InvalidProblem(f"duplicate booth id {booth.id!r}")
        booths[booth.id] = booth
    exhibitors: dict[str, Exhibitor] = {}
    for exhibitor in problem.exhibitors:
        if exhibitor.id in exhibitors:
            raise InvalidProblem(f"duplicate exhibitor id {exhibitor.id!r}")
        exhibitors[exhibitor.id] = exhibitor

    for booth in problem.booths:
        for other in booth.neighbors:
            if other not in booths:
                raise InvalidProblem(f"booth {booth.id!r} lists unknown neighbor {other!r}")
            if other == booth.id:
                raise InvalidProblem(f"booth {booth.id!r} lists itself as a neighbor")

    for exhibitor in problem.exhibitors:
        for booth_id, score in exhibitor.scores.items():
            if booth_id not in booths:
                raise InvalidProblem(f"exhibitor {exhibitor.id!r} scores unknown booth {booth_id!r}")
            if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= MAX_SCORE:
                raise InvalidProblem(
                    f"exhibitor {exhibitor.id!r}: score for booth {booth_id!r} must be an integer "
                    f"between 0 and {MAX_SCORE}, got {score!r}"
                )
        for other in exhibitor.avoid:
            if other not in exhibitors:
                raise InvalidProblem(f"exhibitor {exhibitor.id!r} avoids unknown exhibitor {other!r}")
            if other == exhibitor.id:
                raise InvalidProblem(f"exhibitor {exhibitor.id!r} avoids itself")

    locked_by: dict[str, str] = {}
    for exhibitor_id, booth_id in sorted(problem.locks.items()):
        if exhibitor_id not in exhibitors:
            raise InvalidProblem(f"lock on unknown exhibitor {exhibitor_id!r}")
        if booth_id not in booths:
            raise InvalidProblem(f"lock of exhibitor {exhibitor_id!r} on unknown booth {booth_id!r}")
        if not exhibitors[exhibitor_id].fits(booths[booth_id]):
            raise InvalidProblem(
                f"lock of exhibitor {exhibitor_id!r} on booth {booth_id!r}: "
                "the booth does not fit (size or needs)"
            )
        if booth_id in locked_by:
            raise InvalidProblem(
                f"booth {booth_id!r} is locked for two exhibitors: "
                f"{locked_by[booth_id]!r} and {exhibitor_id!r}"
            )
        locked_by[booth_id] = exhibitor_id

    adjacency = _adjacency(problem.booths)
    for exhibitor_id, others in sorted(_avoid_pairs(problem.exhibitors).items()):
        for other in sorted(others):
            if exhibitor_id < other and exhibitor_id in problem.locks and other in problem.locks:
                if problem.locks[other] in adjacency[problem.locks[exhibitor_id]]:
                    raise InvalidProblem(
                        f"locks of exhibitors {exhibitor_id!r} and {other!r} put them on neighbouring "
                        f"booths {problem.locks[exhibitor_id]!r} and {problem.locks[other]!r}, "
                        "but they avoid each other"
                    )


def _adjacency(booths: Sequence[Booth]) -> dict[str, set[str]]:
    """Symmetric neighbourhood of every booth id."""
    adjacency: dict[str, set[str]] = {booth.id: set() for booth in booths}
    for booth in booths:
        for other in booth.neighbors:
            if other in adjacency and other != booth.id:
                adjacency[booth.id].add(other)
                adjacency[other].add(booth.id)
    return adjacency


def _avoid_pairs(exhibitors: Sequence[Exhibitor]) -> dict[str, set[str]]:
    """Symmetric avoid relation of every exhibitor id."""
    avoid: dict[str, set[str]] = {exhibitor.id: set() for exhibitor in exhibitors}
    for exhibitor in exhibitors:
        for other in exhibitor.avoid:
            if other in avoid and other != exhibitor.id:
                avoid[exhibitor.id].add(other)
                avoid[other].add(exhibitor.id)
    return avoid


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    """JSON form of ``problem`` (inverse of :func:`parse_problem`)."""
    return {
        "booths": [
            {"id": b.id, "size": b.size, "features": sorted(b.features), "neighbors": list(b.neighbors)}
            for b in problem.booths
        ],
        "exhibitors": [
            {
                "id": e.id,
                "size": e.size,
                "needs": sorted(e.needs),
                "scores": dict(e.scores),
                "avoid": list(e.avoid),
            }
            for e in problem.exhibitors
        ],
        "locks": dict(problem.locks),
    }


def solution_to_dict(solution: Solution) -> dict[str, Any]:
    """JSON form of ``solution`` (keys and lists sorted)."""
    return {
        "assignment": dict(sorted(solution.assignment.items())),
        "unassigned": sorted(solution.unassigned),
        "objective": solution.objective,
        "bound": solution.bound,
        "optimal": solution.optimal,
        "seconds": round(solution.seconds, 3),
    }


# --------------------------------------------------------------------------
# Independent verification
# --------------------------------------------------------------------------


def check_solution(problem: Problem, solution: Solution) -> list[str]:
    """Return a message for every violated hard constraint (empty when valid).

    Checks: known ids, one exhibitor per booth, size and needs, locks,
    avoid pairs on neighbouring booths, ``unassigned`` consistency, that
    ``objective`` is the recomputed score sum and that ``bound`` is coherent.
    It deliberately shares no code with the solver.
    """
    problems: list[str] = []
    booths = {b.id: b for b in problem.booths}
    exhibitors = {e.id: e for e in problem.exhibitors}
    holder: dict[str, str] = {}
    total = 0
    for exhibitor_id, booth_id in sorted(solution.assignment.items()):
        exhibitor = exhibitors.get(exhibitor_id)
        booth = booths.get(booth_id)
        if exhibitor is None:
            problems.append(f"unknown exhibitor {exhibitor_id!r} in assignment")
            continue
        if booth is None:
            problems.append(f"exhibitor {exhibitor_id!r} assigned to unknown booth {booth_id!r}")
            continue
        if booth_id in holder:
            problems.append(f"booth {booth_id!r} holds both {holder[booth_id]!r} and {exhibitor_id!r}")
        holder[booth_id] = exhibitor_id
        if booth.size != exhibitor.size:
            problems.append(
                f"exhibitor {exhibitor_id!r} (size {exhibitor.size!r}) on booth {booth_id!r} (size {booth.size!r})"
            )
        missing = sorted(set(exhibitor.needs) - set(booth.features))
        if missing:
            problems.append(f"exhibitor {exhibitor_id!r} on booth {booth_id!r} lacks {', '.join(missing)}")
        total += exhibitor.scores.get(booth_id, 0)

    for exhibitor_id, booth_id in sorted(problem.locks.items()):
        if solution.assignment.get(exhibitor_id) != booth_id:
            problems.append(f"lock broken: exhibitor {exhibitor_id!r} must be on booth {booth_id!r}")

    neighbours = {b.id: set(b.neighbors) for b in problem.booths}
    for exhibitor in problem.exhibitors:
        for other in exhibitor.avoid:
            a, b = solution.assignment.get(exhibitor.id), solution.assignment.get(other)
            if a is None or b is None or a not in neighbours or b not in neighbours:
                continue
            if b in neighbours[a] or a in neighbours[b]:
                problems.append(
                    f"exhibitors {exhibitor.id!r} and {other!r} avoid each other but got neighbouring "
                    f"booths {a!r} and {b!r}"
                )

    expected_unassigned = sorted(set(exhibitors) - set(solution.assignment))
    if sorted(solution.unassigned) != expected_unassigned:
        problems.append(
            f"unassigned list {sorted(solution.unassigned)!r} should be {expected_unassigned!r}"
        )
    if solution.objective != total:
        problems.append(f"objective {solution.objective} differs from the recomputed score sum {total}")
    if solution.bound < solution.objective:
        problems.append(f"bound {solution.bound} is below the objective {solution.objective}")
    if solution.optimal and solution.bound != solution.objective:
        problems.append(f"solution claims optimality but bound {solution.bound} != objective {solution.objective}")
    return problems


# --------------------------------------------------------------------------
# Solver
# --------------------------------------------------------------------------

BoothType = tuple[str, frozenset[str]]


class _Instance:
    """Index-based view of a problem (everything sorted by id: deterministic)."""

    def __init__(self, problem: Problem) -> None:
        booths = sorted(problem.booths, key=lambda b: b.id)
        exhibitors = sorted(problem.exhibitors, key=lambda e: e.id)
        self.booths = booths
        self.exhibitors = exhibitors
        self.booth_index = {b.id: i for i, b in enumerate(booths)}
        self.exhibitor_index = {e.id: i for i, e in enumerate(exhibitors)}
        adjacency = _adjacency(booths)
        self.adj: list[frozenset[int]] = [
            frozenset(self.booth_index[o] for o in adjacency[b.id]) for b in booths
        ]
        avoid = _avoid_pairs(exhibitors)
        self.avoid: list[tuple[int, ...]] = [
            tuple(sorted(self.exhibitor_index[o] for o in avoid[e.id])) for e in exhibitors
        ]
        self.scores: list[dict[int, int]] = [
            {self.booth_index[b]: s for b, s in e.scores.items() if s > 0} for e in exhibitors
        ]
        self.locks: dict[int, int] = {
            self.exhibitor_index[e]: self.booth_index[b] for e, b in problem.locks.items()
        }

    def score(self, exhibitor: int, booth: int) -> int:
        """Score of ``booth`` for ``exhibitor`` (0 when absent)."""
        return self.scores[exhibitor].get(booth, 0)

    def booth_type(self, booth: int) -> BoothType:
        """``(size, features)`` of a booth."""
        return (self.booths[booth].size, self.booths[booth].features)

    def conflicts(self, position: Mapping[int, int], exhibitor: int) -> list[int]:
        """Avoid partners of ``exhibitor`` placed next to it in ``position``."""
        booth = position.get(exhibitor)
        if booth is None:
            return []
        near = self.adj[booth]
        return [f for f in self.avoid[exhibitor] if position.get(f) in near]

    def violated_pairs(self, assignment: Mapping[int, int]) -> set[tuple[int, int]]:
        """Avoid pairs (sorted index pairs) on neighbouring booths, locks included."""
        position = {**assignment, **self.locks}
        return {
            (min(e, f), max(e, f)) for e in assignment for f in self.conflicts(position, e)
        }

    def weighted(self, assignment: Mapping[int, int], big_m: int) -> int:
        """Weighted value ``sum(big_m + score)`` of an assignment of free exhibitors."""
        return sum(big_m + self.score(e, b) for e, b in assignment.items())


@dataclass
class _Candidates:
    """Booths each free exhibitor may take (size, needs, locks and locked partners)."""

    free_exhibitors: list[int]
    free_booths: list[int]
    profile_of: dict[int, BoothType]  # exhibitor -> (size, needs)
    booths_of_profile: dict[BoothType, np.ndarray]  # sorted booth indices
    booths_of_type: dict[BoothType, list[int]]  # free booths of each booth type
    forbidden: dict[int, frozenset[int]]  # booths next to a locked avoid partner

    n_booths: int = 0
    _masks: dict[BoothType, np.ndarray] = field(default_factory=dict)

    def booths(self, exhibitor: int) -> np.ndarray:
        """Sorted indices of the booths ``exhibitor`` may take."""
        allowed = self.booths_of_profile[self.profile_of[exhibitor]]
        banned = self.forbidden.get(exhibitor)
        if banned:
            allowed = allowed[~np.isin(allowed, np.fromiter(banned, dtype=np.int64))]
        return allowed

    def allowed(self, exhibitor: int, booths: np.ndarray) -> np.ndarray:
        """The entries of ``booths`` that ``exhibitor`` may take."""
        profile = self.profile_of[exhibitor]
        mask = self._masks.get(profile)
        if mask is None:
            mask = self._masks[profile] = np.zeros(self.n_booths, dtype=bool)
            mask[self.booths_of_profile[profile]] = True
        keep = mask[booths]
        banned = self.forbidden.get(exhibitor)
        if banned:
            keep &= ~np.isin(booths, np.fromiter(banned, dtype=np.int64))
        return booths[keep]


def _fits(profile: BoothType, booth_type: BoothType) -> bool:
    """True when an exhibitor profile ``(size, needs)`` suits a booth type ``(size, features)``."""
    return profile[0] == booth_type[0] and profile[1] <= booth_type[1]


def _candidates(inst: _Instance) -> _Candidates:
    """Free exhibitors and booths, and which booths each free exhibitor may take."""
    locked_booths = set(inst.locks.values())
    free_booths = [b for b in range(len(inst.booths)) if b not in locked_booths]
    free_exhibitors = [e for e in range(len(inst.exhibitors)) if e not in inst.locks]
    by_type: dict[BoothType, list[int]] = defaultdict(list)
    for b in free_booths:
        by_type[inst.booth_type(b)].append(b)
    profile_of: dict[int, BoothType] = {}
    booths_of_profile: dict[BoothType, np.ndarray] = {}
    for e in free_exhibitors:
        profile = (inst.exhibitors[e].size, inst.exhibitors[e].needs)
        profile_of[e] = profile
        if profile not in booths_of_profile:
            chosen = [b for t, members in by_type.items() if _fits(profile, t) for b in members]
            booths_of_profile[profile] = np.array(sorted(chosen), dtype=np.int64)
    forbidden: dict[int, frozenset[int]] = {}
    for locked, booth in sorted(inst.locks.items()):
        for partner in inst.avoid[locked]:
            if partner not in inst.locks:
                forbidden[partner] = forbidden.get(partner, frozenset()) | inst.adj[booth]
    return _Candidates(
        free_exhibitors, free_booths, profile_of, booths_of_profile, dict(by_type), forbidden,
        n_booths=len(inst.booths),
    )


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


def _realize(
    inst: _Instance,
    fixed: Mapping[int, int],
    phases: Sequence[Sequence[tuple[int, Any]]],
    pools: Mapping[Any, Sequence[int]],
) -> dict[int, int]:
    """Turn pool-level placements into booths, dodging avoid partners when possible.

    ``fixed`` exhibitors keep their booth; then every phase is processed, each
    ``(exhibitor, pool key)`` taking a free booth of its pool.  Exhibitors with
    avoid partners go first and take the first booth not next to a placed
    partner; the pools are sized so that a free booth always exists.
    """
    position = {**fixed, **inst.locks}
    taken = set(position.values())
    cursor: dict[Any, int] = defaultdict(int)
    for phase in phases:
        for e, key in sorted(phase, key=lambda item: (not inst.avoid[item[0]], item[0])):
            pool = pools[key]
            choice = None
            if inst.avoid[e]:
                first_free = None
                for b in pool:
                    if b in taken:
                        continue
                    if first_free is None:
                        first_free = b
                    near = inst.adj[b]
                    if not any(position.get(f) in near for f in inst.avoid[e]):
                        choice = b
                        break
                choice = first_free if choice is None else choice
            else:
                i = cursor[key]
                while i < len(pool) and pool[i] in taken:
                    i += 1
                cursor[key] = i + 1
                choice = pool[i] if i < len(pool) else None
            if choice is None:  # pragma: no cover - capacities guarantee a booth
                raise RuntimeError(f"no free booth left for exhibitor {inst.exhibitors[e].id}")
            position[e] = choice
            taken.add(choice)
    return {e: b for e, b in position.items() if e not in inst.locks}


def _repair(
    inst: _Instance, cands: _Candidates, start: Mapping[int, int], big_m: int
) -> dict[int, int]:
    """Greedy repair of avoid violations, choosing the cheapest move each time.

    Moves: to a free compatible booth, swap with another exhibitor, or (last
    resort) leave the exhibitor unassigned.  A move never creates a conflict
    and removes the moved exhibitor's ones, so the loop terminates.
    """
    position = {**start, **inst.locks}
    holder = {b: e for e, b in position.items()}
    allowed: dict[int, set[int]] = {}

    def allowed_for(e: int) -> set[int]:
        if e not in allowed:
            allowed[e] = set(cands.booths(e).tolist())
        return allowed[e]

    def safe(e: int, booth: int) -> bool:
        near = inst.adj[booth]
        return not any(position.get(f) in near for f in inst.avoid[e])

    while True:
        pending = sorted(e for e in start if e in position and inst.conflicts(position, e))
        if not pending:
            return {e: b for e, b in position.items() if e not in inst.locks}
        e0 = pending[0]
        movers = [e0] + [f for f in inst.conflicts(position, e0) if f not in inst.locks]
        best: tuple[int, int, int, int | None] | None = None
        for x in movers:
            here = position.pop(x)
            current = inst.score(x, here)
            for b in sorted(allowed_for(x)):
                if b == here or not safe(x, b):
                    continue
                g = holder.get(b)
                if g is None:
                    move = (current - inst.score(x, b), x, b, None)
                else:
                    if g in inst.locks or here not in allowed_for(g):
                        continue
                    position[x] = b  # would g be safe on x's booth?
                    del position[g]
                    ok = safe(g, here)
                    position[g] = b
                    del position[x]
                    if not ok:
                        continue
                    loss = current + inst.score(g, b) - inst.score(x, b) - inst.score(g, here)
                    move = (loss, x, b, g)
                if best is None or move[0] < best[0]:
                    best = move
            position[x] = here
        if best is None:
            x = min(movers, key=lambda m: (inst.score(m, position[m]), m))
            del holder[position.pop(x)]
            continue
        _, x, b, g = best
        here = position[x]
        if g is None:
            del holder[here]
        else:
            position[g] = here
            holder[here] = g
        position[x] = b
        holder[b] = x


@dataclass
class _Outcome:
    """Final result of the search, on free exhibitors only."""

    assignment: dict[int, int]
    upper: int  # proven upper bound on the weighted value
    optimal: bool


class _LinearModel:
    """A small solver-neutral integer program: maximise ``obj . x``, ``0 <= x <= upper``."""

    def __init__(self) -> None:
        self.obj: list[int] = []
        self.upper: list[int] = []
        self.rows: list[tuple[list[int], list[int], float, float]] = []
        self.row_lower_objective: int = 0  # the objective must reach this value

    def var(self, obj: int, upper: int) -> int:
        """Add an integer variable in ``[0, upper]``; returns its index."""
        self.obj.append(obj)
        self.upper.append(upper)
        return len(self.obj) - 1

    def row(
        self, cols: list[int], coefs: list[int] | None = None, lo: float = -math.inf, hi: float = math.inf
    ) -> None:
        """Add ``lo <= sum(coefs * x[cols]) <= hi`` (coefficients default to 1)."""
        self.rows.append((cols, coefs if coefs is not None else [1] * len(cols), lo, hi))


@dataclass
class _MipResult:
    """Result of :func:`_run_mip`."""

    values: list[int] | None  # best solution found (None when none)
    bound: int  # upper bound on the optimum
    optimal: bool  # ``values`` is optimal


@dataclass
class _LpResult:
    """Result of :func:`_lp_bound`."""

    bound: int  # rigorous upper bound of the LP relaxation
    values: list[int] | None  # the LP optimum when integral
    reduced: np.ndarray | None  # reduced costs of the certifying dual solution


def _lp_bound(lm: _LinearModel, time_limit: float) -> _LpResult:
    """Rigorous upper bound of the LP relaxation, and its solution when integral.

    The LP is solved with HiGHS (dual simplex); the bound is not HiGHS's
    floating objective but the value of a dual solution made feasible by
    construction (``y >= 0`` on inequality rows, the variable upper bounds
    absorb any positive reduced cost), summed with ``math.fsum``.  For every
    feasible ``x``: ``obj . x <= bound + sum(reduced[j] * x[j] for reduced[j] < 0)``.
    """
    n = len(lm.obj)
    ub_rows, eq_rows = [], []
    for cols, coefs, lo, hi in lm.rows:
        if lo == hi:
            eq_rows.append((cols, coefs, hi))
        else:
            if hi != math.inf:
                ub_rows.append((cols, coefs, hi))
            if lo != -math.inf:
                ub_rows.append((cols, [-c for c in coefs], -lo))

    def matrix(rows: list[tuple[list[int], list[int], float]]) -> tuple[csr_matrix, np.ndarray]:
        indptr = np.cumsum([0] + [len(r[0]) for r in rows])
        indices = np.array([c for r in rows for c in r[0]], dtype=np.int64)
        data = np.array([k for r in rows for k in r[1]], dtype=float)
        return csr_matrix((data, indices, indptr), shape=(len(rows), n)), np.array([r[2] for r in rows], float)

    a_ub, b_ub = matrix(ub_rows)
    a_eq, b_eq = matrix(eq_rows)
    c = np.array(lm.obj, dtype=float)
    upper = np.array(lm.upper, dtype=float)
    res = linprog(
        -c,
        A_ub=a_ub if ub_rows else None,
        b_ub=b_ub if ub_rows else None,
        A_eq=a_eq if eq_rows else None,
        b_eq=b_eq if eq_rows else None,
        bounds=np.column_stack([np.zeros(n), upper]),
        method="highs-ds",
        options={"time_limit": max(0.01, time_limit)},
    )
    if res.status != 0:
        return _LpResult(2**62, None, None)
    y_ub = np.maximum(0.0, -res.ineqlin.marginals) if ub_rows else np.zeros(0)
    y_eq = -res.eqlin.marginals if eq_rows else np.zeros(0)
    reduced = c.copy()
    if ub_rows:
        reduced -= a_ub.T @ y_ub
    if eq_rows:
        reduced -= a_eq.T @ y_eq
    terms = np.concatenate([y_ub * b_ub, y_eq * b_eq, np.maximum(0.0, reduced) * upper])
    # a margin far above the floating-point error of these sums keeps it a bound
    margin = 1e-6 + 1e-9 * math.fsum(np.abs(terms).tolist())
    bound = math.floor(math.fsum(terms.tolist()) + margin)
    rounded = np.round(res.x)
    integral = bool(np.all(np.abs(res.x - rounded) < 1e-6))
    return _LpResult(bound, [int(v) for v in rounded] if integral else None, reduced)


def _run_mip(lm: _LinearModel, time_limit: float) -> _MipResult:
    """Exact branch and bound with HiGHS (``scipy.optimize.milp``, deterministic)."""
    n = len(lm.obj)
    indptr = np.cumsum([0] + [len(r[0]) for r in lm.rows])
    indices = np.array([c for r in lm.rows for c in r[0]], dtype=np.int64)
    data = np.array([k for r in lm.rows for k in r[1]], dtype=float)
    matrix = csr_matrix((data, indices, indptr), shape=(len(lm.rows), n))
    res = milp(
        -np.array(lm.obj, dtype=float),
        constraints=LinearConstraint(matrix, [r[2] for r in lm.rows], [r[3] for r in lm.rows]),
        integrality=np.ones(n),
        bounds=Bounds(np.zeros(n), np.array(lm.upper, dtype=float)),
        options={"time_limit": max(0.01, time_limit), "mip_rel_gap": 0.0, "disp": False},
    )
    dual = getattr(res, "mip_dual_bound", None)
    bound = 2**62 if dual is None or not np.isfinite(dual) else math.floor(-dual + 1e-6)
    if res.x is None:
        return _MipResult(None, bound, False)
    return _MipResult([int(v) for v in np.round(res.x)], bound, res.status == 0)


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


def solve(problem: Problem, time_limit: float = DEFAULT_TIME_LIMIT) -> Solution:
    """Solve ``problem`` (lexicographic: most exhibitors, then highest score).

    Deterministic: the same problem gives the same assignment as long as the
    time limit is not reached (then ``optimal`` is False and ``bound`` is a
    proven upper bound on the score of any assignment placing at least as
    many exhibitors).
    """
    started = time.perf_counter()
    validate_problem(problem)
    inst = _Instance(problem)
    cands = _candidates(inst)
    locked_score = sum(inst.score(e, b) for e, b in inst.locks.items())
    big_m = 1 + sum(max(s.values(), default=0) for s in inst.scores)

    relax = _solve_relaxation(inst, cands, big_m)
    pools = {c: members for c, members in enumerate(relax.classes)}
    first = _realize(inst, {}, [list(relax.placement.items())], pools)
    if not inst.violated_pairs(first):
        outcome = _Outcome(first, relax.value, True)
    else:
        outcome = _solve_with_avoids(inst, cands, relax, first, big_m, started + time_limit)

    count = len(outcome.assignment)
    score = sum(inst.score(e, b) for e, b in outcome.assignment.items()) + locked_score
    bound = score if outcome.optimal else max(score, outcome.upper - big_m * count + locked_score)
    full = {inst.exhibitors[e].id: inst.booths[b].id for e, b in outcome.assignment.items()}
    full.update({inst.exhibitors[e].id: inst.booths[b].id for e, b in inst.locks.items()})
    return Solution(
        assignment=dict(sorted(full.items())),
        unassigned=sorted(e.id for e in inst.exhibitors if e.id not in full),
        objective=score,
        bound=bound,
        optimal=outcome.optimal,
        seconds=time.perf_counter() - started,
    )


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m techfest.booths.allocation",
        description="Allocate booths to exhibitors; prints the solution as JSON.",
    )
    parser.add_argument("problem", help="problem JSON file, or '-' for stdin")
    parser.add_argument(
        "--time-limit", type=float, default=DEFAULT_TIME_LIMIT, help="seconds (default %(default)s)"
    )
    parser.add_argument("--indent", type=int, default=None, help="pretty-print the JSON output")
    args = parser.parse_args(argv)
    if not args.time_limit > 0:
        parser.error("--time-limit must be positive")
    try:
        if args.problem == "-":
            data = json.load(sys.stdin)
        else:
            with open(args.problem, encoding="utf-8") as handle:
                data = json.load(handle)
        solution = solve(parse_problem(data), time_limit=args.time_limit)
    except InvalidProblem as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    except (OSError, json.JSONDecodeError) as exc:
        print(f"error: cannot read problem: {exc}", file=sys.stderr)
        return 2
    json.dump(solution_to_dict(solution), sys.stdout, sort_keys=True, indent=args.indent)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
