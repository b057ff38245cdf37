"""Benchmark: does ``normalized`` ranking recover the true order better than ``mean``?

Run with ``python -m bench.judging`` (options: ``--seeds``, ``--products``,
``--judges``, ``--bootstrap``).

Each seed simulates one judging round:

* 300 products with a true latent quality; each of 4 criteria (weights
  0.3/0.3/0.2/0.2, scale 1..10) is the product's quality plus a
  criterion-specific deviation. The true order is the weighted criterion
  quality.
* 30 judges, each with a random leniency (level shift, SD 1.2 points), a
  random spread (multiplier, log-normal 0.45..2.2) and a random noise level
  (SD 0.5..1.5 points).
* Each product gets 3, 4 or 5 judges, picked least-loaded-first with random
  tie-breaks (as a balanced assignment would).
* A score is ``round(5.5 + leniency + spread * 1.5 * quality + noise)``
  clipped to 1..10.

For ``mean`` (the baseline) and ``normalized`` it prints, per seed and on
average, the Kendall tau between the ranking's scores and the true quality,
the precision of the top 10 (share of the true top 10 among the ranking's
first 10) and the time of :func:`techfest.judging.ranking.rank`, then how
many seeds ``normalized`` beats ``mean`` on each metric. Intervals are off by
default (``--bootstrap 0``): they do not change the scores.
"""
from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

import numpy as np
from scipy.stats import kendalltau

from techfest.judging.ranking import Criterion, Score, rank

WEIGHTS = (0.3, 0.3, 0.2, 0.2)
METHODS = ("mean", "normalized")
TOP = 10


@dataclass(frozen=True)
class Round:
    criteria: tuple[Criterion, ...]
    scores: tuple[Score, ...]
    truth: dict[str, float]


def simulate(seed: int, n_products: int = 300, n_judges: int = 30) -> Round:
    """One simulated judging round (see module doc)."""
    rng = np.random.default_rng(seed)
    criteria = tuple(Criterion(f"c{i}", w, 1, 10) for i, w in enumerate(WEIGHTS))
    weights = np.array(WEIGHTS)
    base = rng.normal(0.0, 1.0, n_products)
    quality = 0.8 * base[:, None] + rng.normal(0.0, 0.6, (n_products, len(WEIGHTS)))
    truth = quality @ weights / weights.sum()

    leniency = rng.normal(0.0, 1.2, n_judges)
    spread = np.clip(rng.lognormal(0.0, 0.4, n_judges), 0.45, 2.2)
    noise = rng.uniform(0.5, 1.5, n_judges)

    load = np.zeros(n_judges)
    scores = []
    for p in range(n_products):
        m = int(rng.integers(3, 6))
        order = np.lexsort((rng.random(n_judges), load))   # least loaded, random ties
        for j in order[:m]:
            load[j] += 1
            raw = 5.5 + leniency[j] + spread[j] * 1.5 * quality[p] \
                + rng.normal(0.0, noise[j], len(WEIGHTS))
            values = np.clip(np.rint(raw), 1, 10)
            scores.extend(Score(f"j{j:02d}", f"p{p:03d}", c.id, int(v))
                          for c, v in zip(criteria, values))
    return Round(criteria, tuple(scores),
                 {f"p{p:03d}": float(t) for p, t in enumerate(truth)})


def evaluate(rnd: Round, method: str, bootstrap: int) -> tuple[float, float, float]:
    """Kendall tau, top-10 precision and seconds for one method on one round."""
    start = time.perf_counter()
    result = rank(rnd.criteria, rnd.scores, method, bootstrap=bootstrap)
    seconds = time.perf_counter() - start
    products = [r.product for r in result.ranking]
    estimated = [r.score for r in result.ranking]
    true = [rnd.truth[p] for p in products]
    tau = float(kendalltau(estimated, true).statistic)
    true_top = set(sorted(rnd.truth, key=rnd.truth.__getitem__, reverse=True)[:TOP])
    precision = len(true_top & set(products[:TOP])) / TOP
    return tau, precision, seconds


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.judging",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--products", type=int, default=300)
    parser.add_argument("--judges", type=int, default=30)
    parser.add_argument("--bootstrap", type=int, default=0,
                        help="bootstrap resamples passed to rank() (default 0: no intervals)")
    args = parser.parse_args()

    print(f"judging bench: {args.products} products, {args.judges} judges, 3-5 judges/product, "
          f"4 criteria, {args.seeds} seeds, bootstrap={args.bootstrap}")
    header = f"{'seed':>4} {'scores':>7} " + "".join(
        f"| {m + ' tau':>14} {'P@10':>5} {'time':>7} " for m in METHODS)
    print(header)
    results: dict[str, list[tuple[float, float, float]]] = {m: [] for m in METHODS}
    for seed in range(args.seeds):
        rnd = simulate(seed, args.products, args.judges)
        line = f"{seed:4d} {len(rnd.scores):7d} "
        for method in METHODS:
            tau, precision, seconds = evaluate(rnd, method, args.bootstrap)
            results[method].append((tau, precision, seconds))
            line += f"| {tau:14.3f} {precision:5.1f} {seconds:6.3f}s "
        print(line)

    print("mean over seeds:")
    for method in METHODS:
        tau, precision, seconds = np.mean(np.array(results[method]), axis=0)
        print(f"  {method:>10}: tau {tau:.3f}  P@10 {precision:.3f}  time {seconds:.3f}s")
    base, cand = np.array(results["mean"]), np.array(results["normalized"])
    ratio = cand[:, 2].mean() / base[:, 2].mean()
    print(f"  time ratio normalized/mean: {ratio:.1f}x")
    for name, col in (("tau", 0), ("P@10", 1)):
        wins = int((cand[:, col] > base[:, col]).sum())
        ties = int((cand[:, col] == base[:, col]).sum())
        print(f"normalized beats mean on {name} in {wins}/{args.seeds} seeds "
              f"(ties {ties}, losses {args.seeds - wins - ties})")


if __name__ == "__main__":
    main()
