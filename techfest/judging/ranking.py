"""Ranking of products from judges' rubric scores (pure: stdlib + numpy/scipy).

This module knows nothing about Flask or the database. The judging service
converts its rows into :class:`Criterion` and :class:`Score` objects, calls
:func:`rank` and stores or renders the :class:`RankingResult`.

Input
-----
A rubric is a list of criteria, each with a positive ``weight`` and a closed
scale ``[min, max]``. A score is one judge's value for one product on one
criterion. A judge may leave a criterion out for a product; a judge may not
score the same product twice on one criterion.

Methods
-------
``mean``
    The weighted raw average. For each product, each criterion's value is
    averaged over the product's judges; the criterion means are combined with
    the criteria weights and divided by the sum of the weights of the criteria
    that the product received at least one score on (usually all of them).

``normalized`` (default)
    Corrects each judge's leniency (level) and spread (scale), and weights
    judges by how consistent they are. For each (judge, product) pair the
    judge's *total* is the weighted mean of their criterion values (over the
    criteria they scored). The model is::

        total[j, p] = a_j + b_j * quality_p + noise,   noise ~ N(0, sigma_j^2)

    It is fitted on each judge's z-scored totals ``z`` (their totals minus
    their mean, divided by their SD), where it reads
    ``z = alpha_j + beta_j * quality_p``, in a fixed number of steps (no
    iteration to convergence, so no convergence failure):

    1. the additive model ``z = quality_p + offset_j`` by exact weighted
       least squares over the judge–product graph (this corrects a judge's
       level *and* the quality of the set of products they happened to see);
    2. twice: regress each judge's ``z`` on the current qualities to get the
       slope ``beta_j`` and the residual share ``sigma_j^2``, then refit the
       additive model on ``z / beta_j`` with weights ``beta_j^2 / sigma_j^2``.
       Slopes are shrunk towards the pooled slope (2 pseudo-products) and
       kept >= 5 % of it; residual shares are shrunk towards the average
       judge's (2 pseudo-products). So a judge with two products, who would
       otherwise fit anything exactly, neither dominates nor is lost.

    Qualities are standardized (mean 0, SD 1) within each connected
    component of the judge–product graph and mapped back onto the rubric
    scale as::

        score = lo + (hi - lo) * Phi(quality)

    where ``lo``/``hi`` are the weighted means of the criteria minima/maxima
    and ``Phi`` is the standard normal CDF: the average product of a
    component sits in the middle of the scale, a product one SD above it at
    the 84 % point of the scale. The normalized score is therefore *relative*
    (comparable between the products of one ranking, not with raw averages).

    Invariance: adding a constant to all of one judge's scores, or
    multiplying their deviations by a positive factor (``v -> c + s * v``),
    leaves that judge's z-scores unchanged, and the fit sees nothing else of
    the scores, so the output (scores, ranks and intervals) is the same up to
    floating-point rounding (~1e-12, far below the 6 output decimals).

Edge cases of ``normalized``
----------------------------
* A judge who can't be calibrated - a single product, or the same total for
  all their products (SD below 1e-9 of the scale) - carries no information
  about relative quality and is left out of the fit (they are still counted
  in ``judges``).
* A product with a single (calibrated) judge is fine: its quality is that
  judge's score corrected for the judge's level and spread.
* A product none of whose judges can be calibrated gets the middle of the
  scale and an interval spanning the whole scale ("unknown").
* Disconnected components of the judge–product graph (no chain of shared
  judges links them) cannot be put on one scale by the data: each component
  is standardized on its own, i.e. the components are assumed to be of
  similar average quality and spread. ``components`` in the result says how
  many there were (1 is the normal case; a product with no calibrated judge
  is not counted). A component with one product, or whose products all get
  the same quality, is placed in the middle of the scale.
* A judge whose totals disagree with everybody else's (slope <= 0) keeps
  the minimum slope, which gives them very little weight.

Intervals
---------
``low``/``high`` are a 95 % percentile bootstrap over judges: the judges are
resampled with replacement (``bootstrap`` resamples, default 200, with a
fixed ``seed``, default 0, so output is reproducible), the same method is
re-run on each resample and the 2.5th and 97.5th percentiles of each
product's score are taken, widened if needed to contain the point score.
Products missing from a resample (none of their judges drawn) skip it. With
few judges per product the interval understates the uncertainty. With
``bootstrap=0`` no interval is computed (``low == high == score``). The
output's ``interval`` field describes what was done.

Ties
----
Scores are rounded to 6 decimals; products with equal rounded scores share a
rank ("competition" ranking: 1, 1, 3) and are listed by product id.

Command line
------------
``python -m techfest.judging.ranking scores.json`` (``-`` reads stdin)
prints ``{"method", "interval", "components", "ranking": [...]}`` as JSON.
Invalid input prints ``error: <message>`` on stderr and exits with status 2.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

__all__ = [
    "METHODS",
    "Criterion",
    "InvalidInput",
    "ProductRanking",
    "RankingInput",
    "RankingResult",
    "Score",
    "parse_input",
    "rank",
    "result_to_dict",
    "validate",
]

METHODS = ("mean", "normalized")
DEFAULT_METHOD = "normalized"
#: Decimals kept in the output; equal rounded scores are a tie.
DECIMALS = 6
DEFAULT_BOOTSTRAP = 200
DEFAULT_SEED = 0
CONFIDENCE = 0.95

# Fit constants (all scale-free, so they don't break the invariances).
_ROUNDS = 2               # slope/weight refinement rounds after the additive fit
_PRIOR_STRENGTH = 2.0     # pseudo-products pulling a residual share to the average
_SLOPE_PRIOR = 2.0        # pseudo-products pulling a slope to the pooled slope
_MIN_SLOPE_SHARE = 0.05   # a judge's slope is at least this share of the pooled slope
_MIN_SLOPE = 1e-3         # ... and at least this (z-score per SD of quality)
_MIN_RESIDUAL_SHARE = 1e-6  # floor of a judge's residual share (caps their weight)
_RIDGE = 1e-9             # relative ridge on the judges' offsets (pins null spaces)
_TIED_SD = 1e-9           # a component whose qualities have a smaller SD is all tied
_FLAT_SD = 1e-9           # a judge whose totals' SD is below this x scale range is flat


class InvalidInput(ValueError):
    """The input is malformed; the message names the offending item."""


@dataclass(frozen=True)
class Criterion:
    """A rubric criterion: weight > 0 and a closed scale ``[min, max]``."""

    id: str
    weight: float
    min: float
    max: float


@dataclass(frozen=True)
class Score:
    """One judge's value for one product on one criterion."""

    judge: str
    product: str
    criterion: str
    value: float


@dataclass(frozen=True)
class RankingInput:
    """Parsed command-line/JSON input."""

    criteria: tuple[Criterion, ...]
    scores: tuple[Score, ...]
    method: str = DEFAULT_METHOD


@dataclass(frozen=True)
class ProductRanking:
    """One line of the ranking. ``low``/``high`` bound ``score`` (see module doc)."""

    product: str
    score: float
    rank: int
    judges: int
    low: float
    high: float


@dataclass(frozen=True)
class RankingResult:
    """The ranking, best first. ``components`` is set for ``normalized`` only."""

    method: str
    interval: str
    ranking: tuple[ProductRanking, ...]
    components: int | None = None


# --------------------------------------------------------------------------- validation


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _score_label(index: int, s: Score) -> str:
    return (f"scores[{index}] (judge {s.judge!r}, product {s.product!r}, "
            f"criterion {s.criterion!r})")


def validate(criteria: Sequence[Criterion], scores: Sequence[Score], method: str) -> None:
    """Check the semantic rules; raise :class:`InvalidInput` naming the first bad item."""
    if method not in METHODS:
        raise InvalidInput(f"unknown method {method!r} (expected one of {', '.join(METHODS)})")
    if not criteria:
        raise InvalidInput("criteria: at least one criterion is required")
    by_id: dict[str, Criterion] = {}
    for i, c in enumerate(criteria):
        label = f"criteria[{i}] ({c.id!r})"
        if not isinstance(c.id, str) or not c.id:
            raise InvalidInput(f"criteria[{i}]: id must be a non-empty string")
        for name in ("weight", "min", "max"):
            value = getattr(c, name)
            if not _is_number(value) or not math.isfinite(value):
                raise InvalidInput(f"{label}: {name} must be a finite number, got {value!r}")
        if c.weight <= 0:
            raise InvalidInput(f"{label}: weight must be positive, got {c.weight!r}")
        if c.min >= c.max:
            raise InvalidInput(f"{label}: min ({c.min!r}) must be below max ({c.max!r})")
        if c.id in by_id:
            raise InvalidInput(f"{label}: duplicate criterion id")
        by_id[c.id] = c
    seen: set[tuple[str, str, str]] = set()
    for i, s in enumerate(scores):
        for name in ("judge", "product", "criterion"):
            value = getattr(s, name)
            if not isinstance(value, str) or not value:
                raise InvalidInput(f"scores[{i}]: {name} must be a non-empty string, got {value!r}")
        label = _score_label(i, s)
        criterion = by_id.get(s.criterion)
        if criterion is None:
            raise InvalidInput(f"{label}: unknown criterion {s.criterion!r}")
        if not _is_number(s.value) or not math.isfinite(s.value):
            raise InvalidInput(f"{label}: value must be a finite number, got {s.value!r}")
        if not criterion.min <= s.value <= criterion.max:
            raise InvalidInput(f"{label}: value {s.value!r} is outside the scale "
                               f"{criterion.min!r}..{criterion.max!r}")
        key = (s.judge, s.product, s.criterion)
        if key in seen:
            raise InvalidInput(f"{label}: judge {s.judge!r} scored product {s.product!r} "
                               f"twice on criterion {s.criterion!r}")
        seen.add(key)


def _field(obj: Any, name: str, label: str) -> Any:
    if name not in obj:
        raise InvalidInput(f"{label}: missing field {name!r}")
    return obj[name]


def _id_field(obj: Any, name: str, label: str) -> str:
    value = _field(obj, name, label)
    if not isinstance(value, str) or not value:
        raise InvalidInput(f"{label}: {name} must be a non-empty string, got {value!r}")
    return value


def parse_input(data: Any) -> RankingInput:
    """Turn decoded JSON (see module doc) into a validated :class:`RankingInput`.

    ``method`` is optional (default ``normalized``); everything else is
    required. Raises :class:`InvalidInput` naming the offending item.
    """
    if not isinstance(data, dict):
        raise InvalidInput("input must be a JSON object")
    raw_criteria = _field(data, "criteria", "input")
    raw_scores = _field(data, "scores", "input")
    if not isinstance(raw_criteria, list):
        raise InvalidInput("criteria must be a list")
    if not isinstance(raw_scores, list):
        raise InvalidInput("scores must be a list")
    method = data.get("method", DEFAULT_METHOD)
    if not isinstance(method, str):
        raise InvalidInput(f"unknown method {method!r} (expected one of {', '.join(METHODS)})")

    criteria = []
    for i, item in enumerate(raw_criteria):
        label = f"criteria[{i}]"
        if not isinstance(item, dict):
            raise InvalidInput(f"{label}: must be an object")
        cid = _id_field(item, "id", label)
        label = f"criteria[{i}] ({cid!r})"
        values = {}
        for name in ("weight", "min", "max"):
            value = _field(item, name, label)
            if not _is_number(value) or not math.isfinite(value):
                raise InvalidInput(f"{label}: {name} must be a finite number, got {value!r}")
            values[name] = value
        criteria.append(Criterion(cid, values["weight"], values["min"], values["max"]))

    scores = []
    for i, item in enumerate(raw_scores):
        label = f"scores[{i}]"
        if not isinstance(item, dict):
            raise InvalidInput(f"{label}: must be an object")
        judge = _id_field(item, "judge", label)
        product = _id_field(item, "product", label)
        criterion = _id_field(item, "criterion", label)
        value = _field(item, "value", label)
        score = Score(judge, product, criterion, value)
        if not _is_number(value) or not math.isfinite(value):
            raise InvalidInput(f"{_score_label(i, score)}: value must be a finite number, "
                               f"got {value!r}")
        scores.append(score)

    result = RankingInput(tuple(criteria), tuple(scores), method)
    validate(result.criteria, result.scores, result.method)
    return result


# --------------------------------------------------------------------------- data layout


@dataclass(frozen=True)
class _Data:
    """Scores as index arrays; judges and products sorted by id."""

    judges: tuple[str, ...]
    products: tuple[str, ...]
    weights: np.ndarray            # per criterion
    # one row per score
    s_judge: np.ndarray
    s_product: np.ndarray
    s_criterion: np.ndarray
    s_value: np.ndarray
    # one row per (judge, product) pair: the judge's weighted total
    t_judge: np.ndarray
    t_product: np.ndarray
    t_value: np.ndarray
    judge_counts: np.ndarray       # distinct judges per product
    lo: float                      # weighted rubric minimum
    hi: float                      # weighted rubric maximum


def _layout(criteria: Sequence[Criterion], scores: Sequence[Score]) -> _Data:
    judges = tuple(sorted({s.judge for s in scores}))
    products = tuple(sorted({s.product for s in scores}))
    j_index = {j: i for i, j in enumerate(judges)}
    p_index = {p: i for i, p in enumerate(products)}
    c_index = {c.id: i for i, c in enumerate(criteria)}
    weights = np.array([float(c.weight) for c in criteria])
    total_weight = weights.sum()
    lo = float(sum(c.weight * c.min for c in criteria) / total_weight)
    hi = float(sum(c.weight * c.max for c in criteria) / total_weight)

    s_judge = np.array([j_index[s.judge] for s in scores], dtype=np.int64)
    s_product = np.array([p_index[s.product] for s in scores], dtype=np.int64)
    s_criterion = np.array([c_index[s.criterion] for s in scores], dtype=np.int64)
    s_value = np.array([float(s.value) for s in scores])

    # weighted total per (judge, product) over the criteria that judge scored
    pair = s_judge * len(products) + s_product
    pairs, inverse = np.unique(pair, return_inverse=True)
    w = weights[s_criterion]
    t_value = (np.bincount(inverse, w * s_value, len(pairs))
               / np.bincount(inverse, w, len(pairs)))
    t_judge = pairs // max(len(products), 1)
    t_product = pairs % max(len(products), 1)
    judge_counts = np.bincount(t_product, minlength=len(products))
    return _Data(judges, products, weights, s_judge, s_product, s_criterion, s_value,
                 t_judge, t_product, t_value, judge_counts, lo, hi)


# --------------------------------------------------------------------------- mean


def _mean_scores(data: _Data, mult: np.ndarray) -> np.ndarray:
    """Weighted raw average per product; ``mult`` = how often each judge counts.

    Products with no (counted) judge get NaN.
    """
    n_p, n_c = len(data.products), len(data.weights)
    w = mult[data.s_judge].astype(float)
    cell = data.s_product * n_c + data.s_criterion
    num = np.bincount(cell, w * data.s_value, n_p * n_c).reshape(n_p, n_c)
    den = np.bincount(cell, w, n_p * n_c).reshape(n_p, n_c)
    present = den > 0
    means = np.divide(num, den, out=np.zeros_like(num), where=present)
    wsum = present @ data.weights
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(wsum > 0, (means @ data.weights) / np.where(wsum > 0, wsum, 1), np.nan)


# --------------------------------------------------------------------------- normalized


def _standardizer(labels: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """Return a function giving mean 0, SD 1 within each component label."""
    groups = [np.flatnonzero(labels == comp) for comp in np.unique(labels)]

    def standardize(q: np.ndarray) -> np.ndarray:
        out = np.empty_like(q)
        for members in groups:
            values = q[members]
            sd = values.std()
            out[members] = (values - values.mean()) / sd if sd > _TIED_SD else 0.0
        return out

    return standardize


def _additive_fit(tj: np.ndarray, kp: np.ndarray, values: np.ndarray, weight: np.ndarray,
                  n_j: int, n_k: int, previous: np.ndarray) -> np.ndarray:
    """Weighted least squares for ``values[j, p] = q_p + o_j``; returns ``q``.

    Solved exactly: the products' block of the normal equations is diagonal,
    so ``q`` is eliminated and the judges' (small, dense) Schur complement is
    solved directly. Products without weight keep their ``previous`` value.
    """
    d_p = np.bincount(kp, weight, n_k)
    r_p = np.bincount(kp, weight * values, n_k)
    d_j = np.bincount(tj, weight, n_j)
    r_j = np.bincount(tj, weight * values, n_j)
    b = np.bincount(kp * n_j + tj, weight, n_k * n_j).reshape(n_k, n_j)
    seen = d_p > 0
    inv_d = np.where(seen, 1.0 / np.where(seen, d_p, 1.0), 0.0)
    schur = np.diag(d_j) - b.T @ (inv_d[:, None] * b)
    rhs = r_j - b.T @ (inv_d * r_p)
    # a tiny ridge pins the null space (offsets of a component whose products
    # all share one judge, the constant shift of each component) without
    # visibly moving anything else
    ridge = _RIDGE * max(float(d_j.max()), 1e-300)
    offsets = np.linalg.solve(schur + ridge * np.eye(n_j), rhs)
    return np.where(seen, (r_p - b @ offsets) * inv_d, previous)


def _fit_quality(data: _Data, mult: np.ndarray) -> tuple[np.ndarray, int]:
    """Fit ``total = a_j + b_j * quality_p`` (see module doc).

    ``mult[j]`` is how often judge j counts (1 normally, 0..n in a bootstrap
    resample). Returns the standardized quality per product (NaN when no
    calibrated judge scored it) and the number of connected components.

    The fit works on each judge's z-scores ``z`` (so it only ever sees
    quantities that are invariant to ``v -> c + s * v`` for one judge) and
    runs a fixed number of rounds, so there is no convergence question:

    * round 0: the additive model ``z = q_p + o_j`` (exact least squares);
    * rounds 1.._ROUNDS: regress each judge's ``z`` on the current ``q`` to
      get their slope ``beta_j`` (shrunk towards the pooled slope by
      ``_SLOPE_PRIOR`` pseudo-products, so a judge with two products can't
      fit anything exactly) and residual share ``sigma_j^2`` (shrunk towards
      the average judge), then refit the additive model on ``z / beta_j``
      with weights ``beta_j^2 / sigma_j^2``.
    """
    n_j, n_p = len(data.judges), len(data.products)
    active = mult[data.t_judge] > 0
    tj, tp, y = data.t_judge[active], data.t_product[active], data.t_value[active]

    count = np.bincount(tj, minlength=n_j)
    safe_count = np.maximum(count, 1)
    ybar = np.bincount(tj, y, n_j) / safe_count
    sd = np.sqrt(np.bincount(tj, (y - ybar[tj]) ** 2, n_j) / safe_count)
    calibrated = (count >= 2) & (sd > _FLAT_SD * (data.hi - data.lo))

    keep = calibrated[tj]
    tj, y = tj[keep], y[keep]
    known_ids, kp = np.unique(tp[keep], return_inverse=True)   # compact product index
    n_k = len(known_ids)
    if n_k == 0:
        return np.full(n_p, np.nan), 0

    # connected components of the bipartite judge–product graph (products first)
    graph = coo_matrix((np.ones(len(tj)), (kp, n_k + tj)), shape=(n_k + n_j, n_k + n_j))
    _, node_labels = connected_components(graph, directed=False)
    labels = node_labels[:n_k]
    n_components = len(np.unique(labels))
    standardize = _standardizer(labels)

    m = mult.astype(float)
    z = (y - ybar[tj]) / sd[tj]
    judge_weight = m * calibrated
    prior_weight = m * (calibrated & (count >= 3))

    q = standardize(_additive_fit(tj, kp, z, m[tj], n_j, n_k, np.zeros(n_k)))
    for _ in range(_ROUNDS):
        qx = q[kp]
        qbar = np.bincount(tj, qx, n_j) / safe_count
        qd = qx - qbar[tj]
        sxx = np.bincount(tj, qd * qd, n_j)
        sxz = np.bincount(tj, qd * z, n_j)                        # z has mean 0 per judge
        pooled_den = float(judge_weight @ sxx)
        pooled = max(float(judge_weight @ sxz) / pooled_den, 0.0) if pooled_den > 1e-12 else 0.0
        beta = (sxz + _SLOPE_PRIOR * pooled) / (sxx + _SLOPE_PRIOR)
        # a judge disagreeing with the others keeps a small positive slope
        # (tiny weight) rather than none, so the graph stays connected
        beta = np.maximum(beta, max(_MIN_SLOPE_SHARE * pooled, _MIN_SLOPE))
        resid = z - beta[tj] * qd
        share = np.bincount(tj, resid * resid, n_j) / safe_count  # residual share of var(z) = 1
        prior = float(prior_weight @ share / prior_weight.sum()) if prior_weight.sum() > 0 else 0.5
        shrunk = (count * share + _PRIOR_STRENGTH * prior) / (count + _PRIOR_STRENGTH)
        omega = judge_weight * beta ** 2 / np.maximum(shrunk, _MIN_RESIDUAL_SHARE)
        q = standardize(_additive_fit(tj, kp, z / beta[tj], omega[tj], n_j, n_k, q))
    out = np.full(n_p, np.nan)
    out[known_ids] = q
    return out, n_components


def _to_scale(q: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Map standardized qualities onto the rubric scale with the normal CDF."""
    cdf = np.array([0.5 * (1.0 + math.erf(v / math.sqrt(2.0))) if not math.isnan(v) else math.nan
                    for v in q])
    return lo + (hi - lo) * cdf


# --------------------------------------------------------------------------- ranking


def _point_and_replicates(data: _Data, method: str, bootstrap: int, seed: int
                          ) -> tuple[np.ndarray, np.ndarray, int | None]:
    n_j = len(data.judges)
    ones = np.ones(n_j, dtype=np.int64)
    rng = np.random.default_rng(seed)
    replicates = np.full((bootstrap, len(data.products)), np.nan)
    if method == "mean":
        point = _mean_scores(data, ones)
        for r in range(bootstrap):
            mult = np.bincount(rng.integers(0, n_j, n_j), minlength=n_j)
            replicates[r] = _mean_scores(data, mult)
        return point, replicates, None
    q, n_components = _fit_quality(data, ones)
    point = _to_scale(q, data.lo, data.hi)
    for r in range(bootstrap):
        mult = np.bincount(rng.integers(0, n_j, n_j), minlength=n_j)
        q_r, _ = _fit_quality(data, mult)
        replicates[r] = _to_scale(q_r, data.lo, data.hi)
    return point, replicates, n_components


def _interval_text(method: str, bootstrap: int, seed: int) -> str:
    if bootstrap <= 0:
        return "none"
    return (f"{CONFIDENCE:.0%} percentile bootstrap over judges "
            f"({bootstrap} resamples, seed {seed}) of the {method} score")


def rank(criteria: Sequence[Criterion], scores: Sequence[Score],
         method: str = DEFAULT_METHOD, *, bootstrap: int = DEFAULT_BOOTSTRAP,
         seed: int = DEFAULT_SEED) -> RankingResult:
    """Rank the products that received scores, best first (see module doc).

    ``bootstrap`` resamples (0 disables the interval) with ``seed`` bound each
    score by ``low``/``high``. Raises :class:`InvalidInput` for bad input.
    """
    criteria = tuple(criteria)
    scores = tuple(scores)
    validate(criteria, scores, method)
    if not isinstance(bootstrap, int) or bootstrap < 0:
        raise InvalidInput(f"bootstrap must be a non-negative integer, got {bootstrap!r}")
    if not scores:
        return RankingResult(method, _interval_text(method, bootstrap, seed), (),
                             0 if method == "normalized" else None)
    data = _layout(criteria, scores)
    point, replicates, n_components = _point_and_replicates(data, method, bootstrap, seed)

    tail = (1.0 - CONFIDENCE) / 2.0 * 100.0
    rows = []
    for i, product in enumerate(data.products):
        score = float(point[i])
        if math.isnan(score):               # no calibrated judge: position unknown
            score, low, high = (data.lo + data.hi) / 2.0, data.lo, data.hi
        else:
            column = replicates[:, i]
            column = column[~np.isnan(column)]
            if len(column):
                low = min(float(np.percentile(column, tail)), score)
                high = max(float(np.percentile(column, 100.0 - tail)), score)
            else:
                low = high = score
        rows.append((round(score, DECIMALS), product, int(data.judge_counts[i]),
                     round(low, DECIMALS), round(high, DECIMALS)))

    rows.sort(key=lambda row: (-row[0], row[1]))
    ranking = []
    for position, (score, product, judges, low, high) in enumerate(rows, start=1):
        if ranking and ranking[-1].score == score:
            place = ranking[-1].rank
        else:
            place = position
        ranking.append(ProductRanking(product, score, place, judges, low, high))
    return RankingResult(method, _interval_text(method, bootstrap, seed), tuple(ranking),
                         n_components)


def result_to_dict(result: RankingResult) -> dict[str, Any]:
    """JSON-ready dict of a :class:`RankingResult` (``components`` only when set)."""
    out: dict[str, Any] = {"method": result.method, "interval": result.interval}
    if result.components is not None:
        out["components"] = result.components
    out["ranking"] = [
        {"product": r.product, "score": r.score, "rank": r.rank, "judges": r.judges,
         "low": r.low, "high": r.high}
        for r in result.ranking
    ]
    return out


# --------------------------------------------------------------------------- CLI


def main(argv: Iterable[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m techfest.judging.ranking",
        description="Rank products from judges' rubric scores; prints JSON.")
    parser.add_argument("input", help="scores JSON file, or - for stdin")
    parser.add_argument("--method", choices=METHODS,
                        help="override the input's method")
    parser.add_argument("--bootstrap", type=int, default=DEFAULT_BOOTSTRAP,
                        help="bootstrap resamples for low/high (0 = none; default %(default)s)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help="bootstrap seed (default %(default)s)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    try:
        if args.input == "-":
            text = sys.stdin.read()
        else:
            with open(args.input, encoding="utf-8") as handle:
                text = handle.read()
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"not valid JSON: {exc}") from None
        parsed = parse_input(data)
        result = rank(parsed.criteria, parsed.scores, args.method or parsed.method,
                      bootstrap=args.bootstrap, seed=args.seed)
    except (InvalidInput, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    json.dump(result_to_dict(result), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
