"""A small solver-neutral integer program and its two HiGHS back-ends (through SciPy): the LP
relaxation with a rigorous bound, and the exact branch and bound."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix


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
