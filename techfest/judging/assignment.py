"""Judge-to-product assignment (pure: stdlib + numpy/scipy).

This module knows nothing about Flask or the database. The judging service
converts its rows into :class:`Judge` and :class:`Product` objects, calls
:func:`assign` and stores the resulting :class:`Assignment`.

Rules
-----
1. **Coverage**: every product gets at least ``k`` distinct judges (new
   products get exactly ``k``).
2. **Conflicts**: a judge never judges a product of their own organisation,
   nor one of an organisation listed in ``Judge.conflicts``.
3. **Balance**: judges' loads (number of products) differ by at most one.
   Balance is among *all* judges passed in - a judge who should not take
   part must not be passed. If conflicts make a spread of one impossible (a
   judge conflicted with nearly every product), :func:`assign` raises
   :class:`InfeasibleAssignment` naming the judges that can't be balanced,
   unless ``strict_balance=False``, in which case it returns the most
   balanced assignment (see below).
4. **Expertise** (a preference, never at the expense of 1-3): first as many
   products as possible get at least one judge whose ``expertise`` contains
   the product's category, then as many expert (judge, product) pairs as
   possible.
5. **Determinism**: the same judges, products, ``k``, ``existing`` and
   ``seed`` give the same assignment, in whatever order they are passed.
   Remaining ties are broken by a fixed hash of (seed, judge, product), which
   also spreads judges over products so that different judges meet (this
   helps the ``normalized`` ranking calibrate judges).

Late products
-------------
``existing`` maps product ids to the judges already assigned. Those pairs
are never moved or removed; products in ``existing`` that have fewer than
``k`` judges are topped up, the others are left alone, and products not in
``existing`` get ``k`` judges. Balance is then *best effort* (the existing
loads may be uneven, and moving them is not allowed): the result is the
most balanced one reachable, i.e. the largest load is as small as possible
and the smallest load as large as possible, and no error is raised for the
spread (``strict_balance`` defaults to ``False`` when ``existing`` has
pairs).

If fewer than ``k`` judges are eligible for a product (conflicts, or fewer
judges than ``k``), :class:`InfeasibleAssignment` names the product.

Algorithm and why it is correct
-------------------------------
The problem is a flow network: source -> product (supply = judges still
needed) -> eligible judge (capacity 1) -> sink. Every integral flow is an
assignment satisfying rules 1 and 2 (only non-conflicted judges have arcs,
and each product's supply is exactly what it needs), and as long as each
product has enough eligible judges such a flow exists.

*Phase 1 (balance)*: the judge -> sink arcs are split into unit slots whose
cost is the load they create (``existing + 1``, ``existing + 2``, ...), so a
min-cost flow minimizes ``sum(load_j ** 2)``. The judges' load vectors of
all feasible flows form an M-convex set (the image of a base polyhedron
through a network, which preserves M-convexity; Murota, *Discrete Convex
Analysis*, 2003), and on an M-convex set a square-sum minimizer is
"decreasingly minimal", which minimizes the largest load and maximizes the
smallest one at the same time (Frank & Murota, *Discrete decreasing
minimization*). So if loads within one of each other are possible, phase 1
finds such loads. The tests check this against brute force on small
instances, with and without existing assignments.

*Phase 2 (expertise)*: the judges' loads are constrained to the phase 1
range ``[min load, max load]`` - any such assignment is as balanced - and the
cost rewards expertise (with a large bonus for a product's first expert) plus
the tiny hash tie-breaks.

Both phases are 0/1 programs solved with HiGHS (``scipy.optimize.milp``).
Their constraint matrices are network matrices, so the LP relaxation is
already integral: the LP is solved, and only a fractional answer (never
seen) falls back to branch and bound. A few hundred products and tens of
judges take well under a second. Finally :func:`check_assignment` verifies
the rules on the result; a violation would be a bug and raises
``RuntimeError``.

Command line
------------
``python -m techfest.judging.assignment input.json`` (``-`` reads stdin)
with ``{"k": 3, "judges": [{"id", "organisation_id", "conflicts": [...],
"expertise": [...]}], "products": [{"id", "organisation_id",
"category_id"}], "existing": {"product id": ["judge id", ...]},
"strict_balance": true|false|null}`` (``k``, ``existing``, ``strict_balance``,
``conflicts``, ``expertise``, ``organisation_id`` of a judge and
``category_id`` optional; ids may be strings or integers and are compared as
strings). Prints ``{"k", "assignments": {product: [judges]}, "loads":
{judge: n}, "expert_matches", "load_range": [min, max]}``. Invalid or
infeasible input prints ``error: <message>`` on stderr and exits with 2.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass, field
from typing import Any, Collection, Iterable, Mapping, Sequence

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

__all__ = [
    "Assignment",
    "AssignmentInput",
    "InfeasibleAssignment",
    "InvalidInput",
    "Judge",
    "Product",
    "assign",
    "assignment_to_dict",
    "check_assignment",
    "is_conflicted",
    "is_expert",
    "parse_input",
]

DEFAULT_K = 3


class InvalidInput(ValueError):
    """Malformed input (duplicate or unknown ids, bad ``k``); the message names the item."""


class InfeasibleAssignment(Exception):
    """The rules can't be met; ``product`` names the product when one is to blame."""

    def __init__(self, message: str, product: str | None = None,
                 judges: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.product = product
        self.judges = judges


@dataclass(frozen=True)
class Judge:
    """A judge; ``conflicts`` are organisation ids besides their own."""

    id: str
    organisation_id: str | None = None
    conflicts: frozenset[str] = frozenset()
    expertise: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Product:
    """A product to be judged."""

    id: str
    organisation_id: str | None
    category_id: str | None = None


@dataclass(frozen=True)
class Assignment:
    """Judges per product (sorted ids) and each judge's load."""

    judges_by_product: Mapping[str, tuple[str, ...]]
    loads: Mapping[str, int]
    expert_matches: int

    def pairs(self) -> list[tuple[str, str]]:
        """``(product, judge)`` pairs, sorted."""
        return sorted((p, j) for p, js in self.judges_by_product.items() for j in js)

    @property
    def load_range(self) -> tuple[int, int]:
        """``(min load, max load)`` over all judges (``(0, 0)`` without judges)."""
        if not self.loads:
            return (0, 0)
        return (min(self.loads.values()), max(self.loads.values()))


@dataclass(frozen=True)
class AssignmentInput:
    """Parsed command-line/JSON input."""

    judges: tuple[Judge, ...]
    products: tuple[Product, ...]
    k: int = DEFAULT_K
    existing: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    strict_balance: bool | None = None


def is_conflicted(judge: Judge, product: Product) -> bool:
    """True if the judge may not judge the product (own or named organisation)."""
    org = product.organisation_id
    if org is None:
        return False
    return org == judge.organisation_id or org in judge.conflicts


def is_expert(judge: Judge, product: Product) -> bool:
    """True if the product's category is among the judge's expertise."""
    return product.category_id is not None and product.category_id in judge.expertise


# --------------------------------------------------------------------------- checking


def _as_mapping(assignment: Assignment | Mapping[str, Collection[str]]
                ) -> Mapping[str, Collection[str]]:
    if isinstance(assignment, Assignment):
        return assignment.judges_by_product
    return assignment


def check_assignment(judges: Sequence[Judge], products: Sequence[Product],
                     assignment: Assignment | Mapping[str, Collection[str]],
                     k: int = DEFAULT_K,
                     existing: Mapping[str, Collection[str]] | None = None,
                     strict_balance: bool | None = None) -> list[str]:
    """Return the violated rules (empty list = all rules hold).

    Checks coverage (>= k distinct judges per product), conflicts, unknown
    ids, that the ``existing`` pairs are kept, and - when ``strict_balance``
    (default: when ``existing`` has no pairs) - that loads differ by at most
    one among all judges. Expertise is a preference and is not checked.
    """
    existing = existing or {}
    if strict_balance is None:
        strict_balance = not any(existing.values())
    judge_by_id = {j.id: j for j in judges}
    product_by_id = {p.id: p for p in products}
    mapping = _as_mapping(assignment)
    problems: list[str] = []
    loads = {j.id: 0 for j in judges}
    for pid in sorted(mapping):
        assigned = list(mapping[pid])
        product = product_by_id.get(pid)
        if product is None:
            problems.append(f"unknown product {pid!r} in the assignment")
            continue
        if len(set(assigned)) != len(assigned):
            problems.append(f"product {pid!r} has a judge listed twice")
        for jid in sorted(set(assigned)):
            judge = judge_by_id.get(jid)
            if judge is None:
                problems.append(f"unknown judge {jid!r} assigned to product {pid!r}")
                continue
            loads[jid] += 1
            if is_conflicted(judge, product):
                problems.append(f"judge {jid!r} has a conflict with product {pid!r} "
                                f"(organisation {product.organisation_id!r})")
    for product in sorted(products, key=lambda p: p.id):
        count = len(set(mapping.get(product.id, ())))
        if count < k:
            problems.append(f"product {product.id!r} has {count} judges, needs {k}")
    for pid in sorted(existing):
        kept = set(mapping.get(pid, ()))
        for jid in sorted(set(existing[pid]) - kept):
            problems.append(f"existing judge {jid!r} of product {pid!r} was removed")
    if strict_balance and loads:
        low, high = min(loads.values()), max(loads.values())
        if high - low > 1:
            problems.append(f"judge loads range from {low} to {high} (differ by more than one)")
    return problems


# --------------------------------------------------------------------------- solving


def _tie_break(seed: int, judge: str, product: str) -> float:
    """Deterministic pseudo-random number in [0, 1) for a (judge, product) pair."""
    digest = hashlib.blake2b(f"{seed}\x00{judge}\x00{product}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2.0 ** 64


def _solve(cost: np.ndarray, rows: list[tuple[list[int], list[float], float, float]],
           ) -> np.ndarray:
    """Solve ``min cost @ x`` over binary ``x`` with ``lb <= row @ x <= ub``."""
    n = len(cost)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    r_idx, c_idx, vals, lbs, ubs = [], [], [], [], []
    for r, (cols, coefs, lb, ub) in enumerate(rows):
        r_idx.extend([r] * len(cols))
        c_idx.extend(cols)
        vals.extend(coefs)
        lbs.append(lb)
        ubs.append(ub)
    matrix = coo_matrix((vals, (r_idx, c_idx)), shape=(len(rows), n)).tocsr()
    constraint = LinearConstraint(matrix, lbs, ubs)
    # The matrix is a network matrix, so the LP optimum found by simplex is a
    # 0/1 vertex; solving the LP (without presolve) is much faster than the MIP.
    result = milp(cost, constraints=constraint, bounds=Bounds(0, 1),
                  options={"presolve": False})
    if result.x is None or np.abs(result.x - np.rint(result.x)).max() > 1e-6:
        result = milp(cost, constraints=constraint, integrality=np.ones(n), bounds=Bounds(0, 1),
                      options={"mip_rel_gap": 0.0})
    if result.x is None:        # cannot happen once every product has enough eligible judges
        raise InfeasibleAssignment(f"no assignment satisfies the rules ({result.message})")
    return np.rint(result.x).astype(np.int64)


def _validate(judges: Sequence[Judge], products: Sequence[Product], k: int,
              existing: Mapping[str, Collection[str]]) -> None:
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise InvalidInput(f"k must be a positive integer, got {k!r}")
    seen: set[str] = set()
    for j in judges:
        if j.id in seen:
            raise InvalidInput(f"duplicate judge id {j.id!r}")
        seen.add(j.id)
    seen = set()
    for p in products:
        if p.id in seen:
            raise InvalidInput(f"duplicate product id {p.id!r}")
        seen.add(p.id)
    judge_ids = {j.id for j in judges}
    for pid, jids in existing.items():
        if pid not in seen:
            raise InvalidInput(f"existing: unknown product {pid!r}")
        for jid in jids:
            if jid not in judge_ids:
                raise InvalidInput(f"existing: unknown judge {jid!r} (product {pid!r})")


def assign(judges: Sequence[Judge], products: Sequence[Product], k: int = DEFAULT_K,
           existing: Mapping[str, Collection[str]] | None = None, *,
           strict_balance: bool | None = None, seed: int = 0) -> Assignment:
    """Assign judges to products following the module's rules.

    ``existing`` pairs are kept; ``strict_balance`` (default: true unless
    ``existing`` has pairs) makes an unbalanceable pool an error. Raises
    :class:`InfeasibleAssignment` (naming the product, or the judges for
    balance) and :class:`InvalidInput`.
    """
    existing = {pid: tuple(sorted(set(jids))) for pid, jids in (existing or {}).items()}
    _validate(judges, products, k, existing)
    if strict_balance is None:
        strict_balance = not any(existing.values())
    judges = sorted(judges, key=lambda j: j.id)
    products = sorted(products, key=lambda p: p.id)
    j_index = {j.id: i for i, j in enumerate(judges)}

    base_load = np.zeros(len(judges), dtype=np.int64)
    has_expert: dict[str, bool] = {}
    for product in products:
        current = existing.get(product.id, ())
        for jid in current:
            judge = judges[j_index[jid]]
            if is_conflicted(judge, product):
                raise InfeasibleAssignment(
                    f"existing assignment of judge {jid!r} to product {product.id!r} "
                    f"is a conflict; remove it first", product=product.id)
            base_load[j_index[jid]] += 1
        has_expert[product.id] = any(is_expert(judges[j_index[j]], product) for j in current)

    # eligible new (product, judge) arcs
    need: dict[str, int] = {}
    arcs: list[tuple[int, int]] = []           # (product index, judge index)
    for p_i, product in enumerate(products):
        current = set(existing.get(product.id, ()))
        missing = k - len(current)
        if missing <= 0:
            continue
        eligible = [j_i for j_i, judge in enumerate(judges)
                    if judge.id not in current and not is_conflicted(judge, product)]
        if len(eligible) < missing:
            raise InfeasibleAssignment(
                f"product {product.id!r} needs {missing} more judge(s) but only "
                f"{len(eligible)} eligible judge(s) are left (conflicts with organisation "
                f"{product.organisation_id!r} or too few judges)", product=product.id)
        need[product.id] = missing
        arcs.extend((p_i, j_i) for j_i in eligible)

    new_pairs = _phase2(judges, products, need, arcs, base_load, has_expert,
                        _phase1(judges, products, need, arcs, base_load), seed)
    by_product = {p.id: set(existing.get(p.id, ())) for p in products}
    for p_i, j_i in new_pairs:
        by_product[products[p_i].id].add(judges[j_i].id)
    loads = {j.id: 0 for j in judges}
    for jids in by_product.values():
        for jid in jids:
            loads[jid] += 1
    product_by_id = {p.id: p for p in products}
    expert_matches = sum(is_expert(judges[j_index[jid]], product_by_id[pid])
                         for pid, jids in by_product.items() for jid in jids)
    result = Assignment({pid: tuple(sorted(jids)) for pid, jids in by_product.items()},
                        loads, expert_matches)

    low, high = result.load_range
    if strict_balance and high - low > 1:
        at_min = tuple(jid for jid, load in loads.items() if load == low)
        listed = ", ".join(repr(j) for j in at_min[:5]) + (", ..." if len(at_min) > 5 else "")
        raise InfeasibleAssignment(
            f"judge loads cannot differ by at most one: conflicts leave too few eligible "
            f"products for judge(s) {listed}; the most balanced assignment has loads "
            f"{low}..{high} (pass strict_balance=False to accept it, or leave these "
            f"judges out)", judges=at_min)
    problems = check_assignment(judges, products, result, k, existing, strict_balance)
    if problems:  # pragma: no cover - would be a bug in the formulation
        raise RuntimeError("assignment violates the rules: " + "; ".join(problems))
    return result


def _phase1(judges: Sequence[Judge], products: Sequence[Product], need: Mapping[str, int],
            arcs: list[tuple[int, int]], base_load: np.ndarray) -> tuple[int, int]:
    """Most balanced reachable load range ``(min, max)`` (min-cost flow, convex slots)."""
    n_arcs = len(arcs)
    if n_arcs == 0:
        return (int(base_load.min()), int(base_load.max())) if len(base_load) else (0, 0)
    arcs_of_product: dict[int, list[int]] = {}
    arcs_of_judge: dict[int, list[int]] = {}
    for a, (p_i, j_i) in enumerate(arcs):
        arcs_of_product.setdefault(p_i, []).append(a)
        arcs_of_judge.setdefault(j_i, []).append(a)
    cost: list[float] = [0.0] * n_arcs
    rows: list[tuple[list[int], list[float], float, float]] = []
    for p_i, cols in arcs_of_product.items():
        rows.append((cols, [1.0] * len(cols), need[products[p_i].id], need[products[p_i].id]))
    for j_i in range(len(judges)):
        cols = arcs_of_judge.get(j_i, [])
        slots = list(range(len(cost), len(cost) + len(cols)))
        # slot s carries the (base + s)-th product of the judge; cost = that load
        cost.extend(float(base_load[j_i] + s + 1) for s in range(len(cols)))
        if cols:
            rows.append((cols + slots, [1.0] * len(cols) + [-1.0] * len(slots), 0.0, 0.0))
    x = _solve(np.array(cost), rows)
    loads = base_load.copy()
    for a, (_, j_i) in enumerate(arcs):
        loads[j_i] += x[a]
    return int(loads.min()), int(loads.max())


def _phase2(judges: Sequence[Judge], products: Sequence[Product],
            need: Mapping[str, int], arcs: list[tuple[int, int]], base_load: np.ndarray,
            has_expert: Mapping[str, bool], load_range: tuple[int, int], seed: int
            ) -> list[tuple[int, int]]:
    """Pick the arcs: loads within ``load_range``, most expertise, hash tie-breaks."""
    n_arcs = len(arcs)
    if n_arcs == 0:
        return []
    low, high = load_range
    total_need = sum(need.values())
    first_expert_bonus = float(total_need + 1)      # outweighs all other expert pairs
    tie_scale = 1.0 / (total_need + 1)              # all tie-breaks together < 1 pair
    cost: list[float] = []
    expert_arcs: dict[int, list[int]] = {}
    plain_arcs: dict[int, list[int]] = {}
    arcs_of_judge: dict[int, list[int]] = {}
    for a, (p_i, j_i) in enumerate(arcs):
        judge, product = judges[j_i], products[p_i]
        expert = is_expert(judge, product)
        cost.append((0.0 if expert else 1.0) + tie_scale * _tie_break(seed, judge.id, product.id))
        (expert_arcs if expert else plain_arcs).setdefault(p_i, []).append(a)
        arcs_of_judge.setdefault(j_i, []).append(a)
    rows: list[tuple[list[int], list[float], float, float]] = []
    for p_i in sorted(set(expert_arcs) | set(plain_arcs)):
        product = products[p_i]
        plain = plain_arcs.get(p_i, [])
        experts = expert_arcs.get(p_i, [])
        slots = list(range(len(cost), len(cost) + min(len(experts), need[product.id])))
        # slot t counts the product's t-th new expert; the first one earns the bonus
        cost.extend((-first_expert_bonus if t == 0 and not has_expert[product.id] else 0.0)
                    for t in range(len(slots)))
        rows.append((plain + slots, [1.0] * (len(plain) + len(slots)),
                     need[product.id], need[product.id]))
        if experts:
            rows.append((experts + slots, [1.0] * len(experts) + [-1.0] * len(slots), 0.0, 0.0))
    for j_i, cols in arcs_of_judge.items():
        rows.append((cols, [1.0] * len(cols),
                     float(low - base_load[j_i]), float(high - base_load[j_i])))
    x = _solve(np.array(cost), rows)
    return [arcs[a] for a in range(n_arcs) if x[a]]


# --------------------------------------------------------------------------- JSON / CLI


def _id(value: Any, label: str, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)) or value == "":
        raise InvalidInput(f"{label} must be a non-empty string or an integer, got {value!r}")
    return str(value)


def _id_set(value: Any, label: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list):
        raise InvalidInput(f"{label} must be a list")
    return frozenset(str(_id(v, f"{label}[{i}]")) for i, v in enumerate(value))


def parse_input(data: Any) -> AssignmentInput:
    """Turn decoded JSON (see module doc) into an :class:`AssignmentInput`."""
    if not isinstance(data, dict):
        raise InvalidInput("input must be a JSON object")
    for name in ("judges", "products"):
        if name not in data:
            raise InvalidInput(f"input: missing field {name!r}")
        if not isinstance(data[name], list):
            raise InvalidInput(f"{name} must be a list")
    k = data.get("k", DEFAULT_K)
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise InvalidInput(f"k must be a positive integer, got {k!r}")
    judges = []
    for i, item in enumerate(data["judges"]):
        label = f"judges[{i}]"
        if not isinstance(item, dict):
            raise InvalidInput(f"{label} must be an object")
        if "id" not in item:
            raise InvalidInput(f"{label}: missing field 'id'")
        judges.append(Judge(
            id=str(_id(item["id"], f"{label}.id")),
            organisation_id=_id(item.get("organisation_id"), f"{label}.organisation_id", True),
            conflicts=_id_set(item.get("conflicts"), f"{label}.conflicts"),
            expertise=_id_set(item.get("expertise"), f"{label}.expertise")))
    products = []
    for i, item in enumerate(data["products"]):
        label = f"products[{i}]"
        if not isinstance(item, dict):
            raise InvalidInput(f"{label} must be an object")
        for name in ("id", "organisation_id"):
            if name not in item:
                raise InvalidInput(f"{label}: missing field {name!r}")
        products.append(Product(
            id=str(_id(item["id"], f"{label}.id")),
            organisation_id=_id(item["organisation_id"], f"{label}.organisation_id", True),
            category_id=_id(item.get("category_id"), f"{label}.category_id", True)))
    raw_existing = data.get("existing") or {}
    if not isinstance(raw_existing, dict):
        raise InvalidInput("existing must be an object mapping product ids to judge lists")
    existing = {}
    for pid, jids in raw_existing.items():
        if not isinstance(jids, list):
            raise InvalidInput(f"existing[{pid!r}] must be a list of judge ids")
        existing[pid] = tuple(str(_id(j, f"existing[{pid!r}][{i}]")) for i, j in enumerate(jids))
    strict = data.get("strict_balance")
    if strict is not None and not isinstance(strict, bool):
        raise InvalidInput(f"strict_balance must be true, false or null, got {strict!r}")
    parsed = AssignmentInput(tuple(judges), tuple(products), k, existing, strict)
    _validate(parsed.judges, parsed.products, parsed.k, parsed.existing)
    return parsed


def assignment_to_dict(result: Assignment, k: int = DEFAULT_K) -> dict[str, Any]:
    """JSON-ready dict of an :class:`Assignment`."""
    return {
        "k": k,
        "assignments": {pid: list(jids) for pid, jids in sorted(result.judges_by_product.items())},
        "loads": dict(sorted(result.loads.items())),
        "expert_matches": result.expert_matches,
        "load_range": list(result.load_range),
    }


def main(argv: Iterable[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m techfest.judging.assignment",
        description="Assign judges to products; prints JSON.")
    parser.add_argument("input", help="input JSON file, or - for stdin")
    parser.add_argument("--seed", type=int, default=0, help="tie-break seed (default 0)")
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
        result = assign(parsed.judges, parsed.products, parsed.k, parsed.existing,
                        strict_balance=parsed.strict_balance, seed=args.seed)
    except (InvalidInput, InfeasibleAssignment, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    json.dump(assignment_to_dict(result, parsed.k), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
