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

Modules
-------
``problem``     the data (:class:`Problem`, :class:`Solution`), its JSON form and validation
``check``       :func:`check_solution`, an independent checker sharing no code with the solver
``instance``    the index-based view of a problem that every solver phase works on
``relaxation``  step 1: the min-cost-flow relaxation and its LP duals
``heuristics``  steps 2-3: realising pool placements as booths, greedy repair
``linear``      the small integer-program model and its HiGHS LP / MIP back-ends
``exact``       step 4: the restricted problems with lazy avoid constraints
``solver``      :func:`solve`, tying the steps together (step 5: the time limit)
``cli``         the command line (``__main__`` runs it)
"""

from __future__ import annotations

from .check import check_solution
from .cli import main
from .problem import (MAX_SCORE, Booth, Exhibitor, InvalidProblem, Problem, Solution, parse_problem, problem_to_dict,
                      solution_to_dict, validate_problem)
from .solver import DEFAULT_TIME_LIMIT, solve

__all__ = [
    "Booth",
    "DEFAULT_TIME_LIMIT",
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
