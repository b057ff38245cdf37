"""Benchmark of the floor-plan geometry: adjacency (booths sharing an edge) and overlap detection
by sweep (techfest.booths.geometry) against the all-pairs scan, on generated halls.

Run with ``python -m bench.adjacency [--sizes 100,1000,2500] [--repeat 3]``.

For each size it generates a hall (blocks of two back-to-back rows with aisles, a double booth
every seventh place, so edges are also shared partially), times the sweep and the all-pairs
baseline in the same run, checks they agree, and prints both times and their ratio.
"""
from __future__ import annotations

import argparse
import itertools
import platform
import sys
import time

from techfest.booths.geometry import GridSpec, Rect, adjacency, generate_grid, overlapping_pairs


def hall(n: int) -> list[Rect]:
    cols = 50
    rows = -(-n // cols)
    booths = generate_grid(GridSpec(rows=rows, cols=cols, aisle_every_rows=2, aisle_every_cols=10))[:n]
    rects = []
    for i, b in enumerate(booths):
        # every seventh booth of the top row of a block is shifted by half a booth: partial edges
        shift = 150 if i % 7 == 0 and (i // cols) % 2 == 0 and b.x > 0 else 0
        rects.append(Rect(b.code, b.x, b.y - shift if shift and b.y >= 150 else b.y, b.w, b.h))
    return rects


def brute_adjacency(rects: list[Rect]) -> dict[str, set[str]]:
    out = {r.id: set() for r in rects}
    for a, b in itertools.combinations(rects, 2):
        vertical = (a.x + a.w == b.x or b.x + b.w == a.x) and min(a.y + a.h, b.y + b.h) > max(a.y, b.y)
        horizontal = (a.y + a.h == b.y or b.y + b.h == a.y) and min(a.x + a.w, b.x + b.w) > max(a.x, b.x)
        if vertical or horizontal:
            out[a.id].add(b.id)
            out[b.id].add(a.id)
    return out


def brute_overlaps(rects: list[Rect]) -> list[tuple[str, str]]:
    return sorted(tuple(sorted((a.id, b.id))) for a, b in itertools.combinations(rects, 2)
                  if a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h)


def best_of(repeat: int, fn, *args):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn(*args)
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.adjacency")
    parser.add_argument("--sizes", default="100,1000,2500")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"python {platform.python_version()} on {platform.machine()}; best of {args.repeat}")
    print(f"{'booths':>7} {'links':>6} {'adj_sweep_s':>12} {'adj_pairs_s':>12} {'ratio':>7} "
          f"{'ovl_sweep_s':>12} {'ovl_pairs_s':>12} {'ratio':>7} {'same':>5}")
    ok = True
    for n in sizes:
        rects = hall(n)
        t_sweep, adj = best_of(args.repeat, adjacency, rects)
        t_pairs, adj_ref = best_of(1, brute_adjacency, rects)
        o_sweep, ovl = best_of(args.repeat, overlapping_pairs, rects)
        o_pairs, ovl_ref = best_of(1, brute_overlaps, rects)
        same = adj == adj_ref and ovl == ovl_ref
        ok &= same
        links = sum(len(v) for v in adj.values()) // 2
        print(f"{n:>7} {links:>6} {t_sweep:>12.4f} {t_pairs:>12.4f} {t_pairs / t_sweep:>6.0f}x "
              f"{o_sweep:>12.4f} {o_pairs:>12.4f} {o_pairs / o_sweep:>6.0f}x {'yes' if same else 'NO':>5}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
