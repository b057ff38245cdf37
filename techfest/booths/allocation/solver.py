"""The solver's entry point: relaxation, then (when avoid pairs are broken) repair and the exact
phase, within a time limit."""

from __future__ import annotations

import time

from .exact import _Outcome, _solve_with_avoids
from .heuristics import _realize
from .instance import _candidates, _Instance
from .problem import Problem, Solution, validate_problem
from .relaxation import _solve_relaxation

#: Default time limit of :func:`solve`, in seconds.
DEFAULT_TIME_LIMIT = 10.0


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
