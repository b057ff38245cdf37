"""Benchmark of the booth allocation engine on realistic generated halls.

Run with ``python -m bench.allocation [--sizes 100,700,2000] [--seed 1]
[--time-limit 10] [--avoid-rate 0.05]``.

For each size it generates a hall (zones made of blocks of two back-to-back
rows separated by aisles; mostly standard booths, some double booths, a few
island blocks; power / water / rigging / corner features) with 1.25 booths per
exhibitor (2,500 booths for 2,000 exhibitors), exhibitors with ranked
preferences (up to five booths or whole blocks, scores 100/80/60/40/20,
popular zones and blocks near the entrance), avoid pairs between competitors
coveting the same block (5 % of the exhibitor count by default) and 1 % locked
exhibitors.

Columns: ``solve_s`` is the wall time of :func:`solve`; ``objective``,
``bound`` and ``optimal`` come from its solution; ``lsa_s`` is the time of
``scipy.optimize.linear_sum_assignment`` alone on the dense weight matrix of
the same problem in the same run (the floor: the relaxation without avoid
pairs), ``ratio`` is ``solve_s / lsa_s``; ``maxcard``/``lsa_score`` are that
relaxation's cardinality and score (upper bounds) and ``lsa_broken`` the avoid
pairs its optimum breaks.  ``checks`` is ``ok`` when :func:`verify` -- an
independent checker working on the raw JSON dicts -- finds every hard
constraint kept, the objective recomputed, the cardinality equal to
``maxcard`` and the bound not above ``lsa_score``.  ``goal`` tells whether
the issue's goals (700 exhibitors optimal in < 2 s, 2,000 in < 10 s) are met.
The exit status is 1 when a check fails.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import ortools
import scipy
from scipy.optimize import linear_sum_assignment

from techfest.booths.allocation import parse_problem, solution_to_dict, solve

RANK_SCORES = (100, 80, 60, 40, 20)
BLOCK_COLUMNS = 10  # cells per row of a block (two rows back to back)


# --------------------------------------------------------------------------
# Instance generation
# --------------------------------------------------------------------------


def _make_block(rng: random.Random, zone: str, number: int, island_block: bool) -> list[dict[str, Any]]:
    """One block of two back-to-back rows; returns booths with cell spans."""
    booths: list[dict[str, Any]] = []
    prefix = f"{zone}{number:02d}"
    if island_block:
        for k, col in enumerate(range(0, BLOCK_COLUMNS, 2)):
            features = ["power"] if rng.random() < 0.9 else []
            if rng.random() < 0.5:
                features.append("rigging")
            if rng.random() < 0.15:
                features.append("water")
            booths.append(
                {"id": f"{prefix}-{k + 1:02d}", "size": "island", "features": features,
                 "cells": [(r, c) for r in (0, 1) for c in (col, col + 1)]}
            )
        return booths
    k = 0
    for row in (0, 1):
        col = 0
        while col < BLOCK_COLUMNS:
            width = 2 if (rng.random() < 0.13 and col + 1 < BLOCK_COLUMNS) else 1
            features = []
            if rng.random() < 0.75:
                features.append("power")
            if rng.random() < 0.10:
                features.append("water")
            if col == 0 or col + width == BLOCK_COLUMNS:
                features.append("corner")
            k += 1
            booths.append(
                {"id": f"{prefix}-{k:02d}", "size": "double" if width == 2 else "standard",
                 "features": features, "cells": [(row, c) for c in range(col, col + width)]}
            )
            col += width
    return booths


def generate_hall(n_booths: int, rng: random.Random) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """Booths (with symmetric neighbours) and the booth ids of every block."""
    zones = max(2, min(12, round(n_booths / 300)))
    per_zone = -(-n_booths // zones)
    booths: list[dict[str, Any]] = []
    blocks: dict[str, list[str]] = {}
    for z in range(zones):
        zone = chr(ord("A") + z)
        count, number = 0, 0
        while count < per_zone and len(booths) < n_booths:
            number += 1
            block = _make_block(rng, zone, number, island_block=rng.random() < 0.05)
            block = block[: n_booths - len(booths)]
            by_cell = {cell: b["id"] for b in block for cell in b["cells"]}
            for b in block:
                near = set()
                for r, c in b["cells"]:
                    for cell in ((r, c - 1), (r, c + 1), (1 - r, c)):
                        other = by_cell.get(cell)
                        if other and other != b["id"]:
                            near.add(other)
                b["neighbors"] = sorted(near)
            for b in block:
                del b["cells"]
            booths.extend(block)
            blocks[f"{zone}{number:02d}"] = [b["id"] for b in block]
            count += len(block)
    return booths, blocks


def generate(n_exhibitors: int, seed: int, avoid_rate: float = 0.05) -> dict[str, Any]:
    """A realistic problem dict with ``n_exhibitors`` exhibitors and 1.25x booths."""
    rng = random.Random(f"techfest-bench-{seed}-{n_exhibitors}")
    booths, blocks = generate_hall(round(n_exhibitors * 1.25), rng)
    by_id = {b["id"]: b for b in booths}
    zones = sorted({name[0] for name in blocks})
    zone_blocks = {z: [name for name in sorted(blocks) if name[0] == z] for z in zones}
    popularity = [1.0 / (i + 1) ** 0.7 for i in range(len(zones))]

    exhibitors = []
    for i in range(n_exhibitors):
        roll = rng.random()
        size = "standard" if roll < 0.80 else "double" if roll < 0.94 else "island"
        needs = []
        if rng.random() < 0.65:
            needs.append("power")
        if rng.random() < 0.05:
            needs.append("water")
        if size == "island" and rng.random() < 0.3:
            needs.append("rigging")
        home = rng.choices(zones, weights=popularity)[0]
        scores: dict[str, int] = {}
        for rank in range(rng.randint(1, 5)):
            zone = home if rng.random() < 0.7 else rng.choice(zones)
            names = zone_blocks[zone]
            # blocks near the entrance (low numbers) are more popular
            name = names[min(int(rng.expovariate(1 / 3)), len(names) - 1)]
            matching = [b for b in blocks[name] if by_id[b]["size"] == size]
            if not matching:
                continue
            chosen = [rng.choice(matching)] if rng.random() < 0.35 else matching
            for booth_id in chosen:
                scores[booth_id] = max(scores.get(booth_id, 0), RANK_SCORES[rank])
        exhibitors.append(
            {"id": f"x{i:04d}", "size": size, "needs": needs, "scores": scores, "avoid": [], "home": home}
        )

    # avoid pairs (5 % by default) between competitors: exhibitors coveting the same block
    # (same zone when that is not possible).
    block_of = {b: name for name, members in blocks.items() for b in members}
    by_block: dict[str, list[dict[str, Any]]] = {}
    by_zone: dict[str, list[dict[str, Any]]] = {z: [] for z in zones}
    for e in exhibitors:
        by_zone[e["home"]].append(e)
        for name in sorted({block_of[b] for b in e["scores"]}):
            by_block.setdefault(name, []).append(e)
    pairs: set[tuple[str, str]] = set()
    target = round(avoid_rate * n_exhibitors)
    while len(pairs) < target and n_exhibitors > 1:
        a = rng.choice(exhibitors)
        coveted = sorted({block_of[b] for b in a["scores"]})
        group = by_block[rng.choice(coveted)] if coveted else by_zone[a["home"]]
        if len(group) < 2:
            group = exhibitors
        b = rng.choice(group)
        key = tuple(sorted((a["id"], b["id"])))
        if a is b or key in pairs:
            continue
        pairs.add(key)
        a["avoid"].append(b["id"])
        if rng.random() < 0.3:
            b["avoid"].append(a["id"])
    for e in exhibitors:
        del e["home"]

    # 1 % locks (sponsors) on a fitting booth, never next to an avoided partner.
    locks: dict[str, str] = {}
    taken: set[str] = set()
    partners = {e["id"]: set(e["avoid"]) for e in exhibitors}
    for e in exhibitors:
        for other in e["avoid"]:
            partners[other].add(e["id"])
    for e in rng.sample(exhibitors, round(0.01 * n_exhibitors)):
        fitting = [
            b["id"] for b in booths
            if b["size"] == e["size"] and set(e["needs"]) <= set(b["features"]) and b["id"] not in taken
            and not any(locks.get(p) in b["neighbors"] for p in partners[e["id"]])
        ]
        if fitting:
            booth_id = max(fitting, key=lambda b: (e["scores"].get(b, 0), b))
            locks[e["id"]] = booth_id
            taken.add(booth_id)
    return {"booths": booths, "exhibitors": exhibitors, "locks": locks}


# --------------------------------------------------------------------------
# Independent verification and the LSA floor
# --------------------------------------------------------------------------


def verify(problem: dict[str, Any], solution: dict[str, Any]) -> list[str]:
    """Check every hard constraint on the raw dicts (independent of the module)."""
    errors: list[str] = []
    booths = {b["id"]: b for b in problem["booths"]}
    exhibitors = {e["id"]: e for e in problem["exhibitors"]}
    near = _neighbourhoods(problem)
    assignment = solution["assignment"]
    if len(set(assignment.values())) != len(assignment):
        errors.append("a booth holds two exhibitors")
    total = 0
    for e_id, b_id in assignment.items():
        e, b = exhibitors[e_id], booths[b_id]
        if e["size"] != b["size"] or not set(e.get("needs", [])) <= set(b.get("features", [])):
            errors.append(f"{e_id} does not fit {b_id}")
        total += e.get("scores", {}).get(b_id, 0)
    for e_id, b_id in problem.get("locks", {}).items():
        if assignment.get(e_id) != b_id:
            errors.append(f"lock {e_id}->{b_id} broken")
    for e in problem["exhibitors"]:
        for other in e.get("avoid", []):
            a, b = assignment.get(e["id"]), assignment.get(other)
            if a and b and b in near[a]:
                errors.append(f"{e['id']} and {other} are neighbours ({a}, {b})")
    if sorted(solution["unassigned"]) != sorted(set(exhibitors) - set(assignment)):
        errors.append("unassigned list inconsistent")
    if solution["objective"] != total:
        errors.append(f"objective {solution['objective']} != recomputed {total}")
    if solution["bound"] < solution["objective"]:
        errors.append("bound below objective")
    return errors


@dataclass
class Floor:
    """The assignment relaxation solved by ``linear_sum_assignment``."""

    seconds: float  # the LSA call alone
    count: int  # maximum cardinality (avoid pairs ignored): an upper bound
    score: int  # best score at that cardinality (avoid pairs ignored): an upper bound
    broken: int  # avoid pairs the LSA optimum puts on neighbouring booths


def lsa_floor(problem: dict[str, Any]) -> Floor:
    """Time ``linear_sum_assignment`` on the dense weight matrix (avoid pairs ignored).

    Weights: ``M + score`` for a fitting pair (locks respected), 0 otherwise,
    with ``M`` above any total score so that cardinality comes first.
    """
    booth_ids = [b["id"] for b in problem["booths"]]
    col = {b: j for j, b in enumerate(booth_ids)}
    exhibitors = problem["exhibitors"]
    locks = problem.get("locks", {})
    locked_booths = [col[b] for b in locks.values()]
    big_m = 1 + sum(max(e.get("scores", {}).values(), default=0) for e in exhibitors)
    types: dict[tuple, list[int]] = {}
    for b in problem["booths"]:
        types.setdefault((b["size"], frozenset(b.get("features", []))), []).append(col[b["id"]])
    weights = np.zeros((len(exhibitors), len(booth_ids)))
    for i, e in enumerate(exhibitors):
        fit = np.zeros(len(booth_ids), dtype=bool)
        if e["id"] in locks:
            fit[col[locks[e["id"]]]] = True
        else:
            for (size, features), members in types.items():
                if size == e["size"] and set(e.get("needs", [])) <= features:
                    fit[members] = True
            fit[locked_booths] = False
        row = np.full(len(booth_ids), float(big_m))
        for b, s in e.get("scores", {}).items():
            row[col[b]] += s
        weights[i] = np.where(fit, row, 0.0)
    started = time.perf_counter()
    rows, cols = linear_sum_assignment(weights, maximize=True)
    seconds = time.perf_counter() - started
    used = weights[rows, cols] > 0
    count = int(used.sum())
    score = int(round(weights[rows, cols][used].sum())) - big_m * count
    placed = {exhibitors[r]["id"]: booth_ids[c] for r, c, u in zip(rows, cols, used) if u}
    near = _neighbourhoods(problem)
    broken = {
        tuple(sorted((e["id"], other)))
        for e in exhibitors for other in e.get("avoid", [])
        if e["id"] in placed and other in placed and placed[other] in near[placed[e["id"]]]
    }
    return Floor(seconds, count, score, len(broken))


def _neighbourhoods(problem: dict[str, Any]) -> dict[str, set[str]]:
    """Symmetric neighbourhood of every booth id."""
    near: dict[str, set[str]] = {b["id"]: set() for b in problem["booths"]}
    for b in problem["booths"]:
        for other in b.get("neighbors", []):
            near[b["id"]].add(other)
            near[other].add(b["id"])
    return near


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


#: Performance goals of the issue: exhibitors -> seconds for an optimal solve.
GOALS = {700: 2.0, 2000: 10.0}


def run(sizes: list[int], seed: int, time_limit: float, avoid_rate: float = 0.05) -> bool:
    """Generate, solve, verify and print one line per size; True when all checks pass."""
    print(
        f"# seed {seed}, avoid rate {avoid_rate}, time limit {time_limit} s, {os.cpu_count()} cores, "
        f"python {platform.python_version()}, scipy {scipy.__version__}, ortools {ortools.__version__}"
    )
    print(
        f"{'exhib':>6} {'booths':>6} {'avoid':>5} {'locks':>5} {'assigned':>8} {'maxcard':>7} "
        f"{'solve_s':>8} {'objective':>9} {'bound':>9} {'optimal':>7} {'lsa_s':>7} {'ratio':>6} "
        f"{'lsa_score':>9} {'lsa_broken':>10} {'checks':>6} {'goal':>6}"
    )
    all_ok = True
    for n in sizes:
        problem = generate(n, seed, avoid_rate)
        avoid_pairs = {tuple(sorted((e["id"], o))) for e in problem["exhibitors"] for o in e["avoid"]}
        parsed = parse_problem(problem)
        started = time.perf_counter()
        solution = solution_to_dict(solve(parsed, time_limit=time_limit))
        solve_seconds = time.perf_counter() - started
        floor = lsa_floor(problem)
        errors = verify(problem, solution)
        assigned = len(solution["assignment"])
        if assigned != floor.count:
            errors.append(f"assigned {assigned} != LSA max cardinality {floor.count}")
        if solution["bound"] > floor.score:
            errors.append(f"bound {solution['bound']} above the relaxation score {floor.score}")
        ok = not errors
        all_ok &= ok
        goal = GOALS.get(n)
        verdict = "-" if goal is None else "met" if solution["optimal"] and solve_seconds < goal else "MISSED"
        print(
            f"{n:>6} {len(problem['booths']):>6} {len(avoid_pairs):>5} {len(problem['locks']):>5} "
            f"{assigned:>8} {floor.count:>7} {solve_seconds:>8.3f} {solution['objective']:>9} "
            f"{solution['bound']:>9} {str(solution['optimal']):>7} {floor.seconds:>7.3f} "
            f"{solve_seconds / max(floor.seconds, 1e-9):>6.1f} {floor.score:>9} {floor.broken:>10} "
            f"{'ok' if ok else 'FAIL':>6} {verdict:>6}"
        )
        for error in errors[:10]:
            print(f"    ! {error}")
    return all_ok


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m bench.allocation", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,700,2000", help="comma-separated exhibitor counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--avoid-rate", type=float, default=0.05, help="avoid pairs per exhibitor")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    return 0 if run(sizes, args.seed, args.time_limit, args.avoid_rate) else 1


if __name__ == "__main__":
    sys.exit(main())
