"""Tests of the pure booth allocation engine (no app fixtures)."""

from __future__ import annotations

import itertools
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from techfest.booths import allocation
from techfest.booths.allocation import (
    InvalidProblem,
    Problem,
    Solution,
    check_solution,
    parse_problem,
    problem_to_dict,
    solution_to_dict,
    solve,
)

ROOT = Path(__file__).resolve().parents[2]


def booth(id: str, size: str = "standard", features=(), neighbors=()) -> dict[str, Any]:
    return {"id": id, "size": size, "features": list(features), "neighbors": list(neighbors)}


def exhibitor(id: str, size: str = "standard", needs=(), scores=None, avoid=()) -> dict[str, Any]:
    return {"id": id, "size": size, "needs": list(needs), "scores": dict(scores or {}), "avoid": list(avoid)}


def run(data: dict[str, Any], **kwargs: Any) -> Solution:
    problem = parse_problem(data)
    solution = solve(problem, **kwargs)
    assert check_solution(problem, solution) == []
    return solution


def row(n: int, prefix: str = "A", **kwargs: Any) -> list[dict[str, Any]]:
    """``n`` booths in a row, each the neighbour of the next one."""
    ids = [f"{prefix}-{i:02d}" for i in range(1, n + 1)]
    return [booth(b, neighbors=[ids[i + 1]] if i + 1 < n else [], **kwargs) for i, b in enumerate(ids)]


# --------------------------------------------------------------------------
# Hand-checked cases
# --------------------------------------------------------------------------


def test_empty_problem() -> None:
    solution = run({"booths": [], "exhibitors": []})
    assert solution_to_dict(solution) | {"seconds": 0} == {
        "assignment": {}, "unassigned": [], "objective": 0, "bound": 0, "optimal": True, "seconds": 0,
    }


def test_empty_hall_leaves_everybody_unassigned() -> None:
    solution = run({"booths": [], "exhibitors": [exhibitor("e1"), exhibitor("e2")]})
    assert solution.assignment == {}
    assert solution.unassigned == ["e1", "e2"]
    assert (solution.objective, solution.bound, solution.optimal) == (0, 0, True)


def test_no_exhibitors() -> None:
    solution = run({"booths": row(3), "exhibitors": []})
    assert solution.assignment == {} and solution.unassigned == [] and solution.optimal


def test_spec_example() -> None:
    data = {
        "booths": [
            booth("A-01", features=["power"], neighbors=["A-02"]),
            booth("A-02", features=["power"]),
            booth("B-04", size="double"),
        ],
        "exhibitors": [
            exhibitor("e1", needs=["power"], scores={"A-01": 100, "A-02": 80}, avoid=["e7"]),
            exhibitor("e3", size="double"),
            exhibitor("e7", scores={"A-01": 90}),
        ],
        "locks": {"e3": "B-04"},
    }
    solution = run(data)
    # e1 and e7 avoid each other and are the only standard booths:
    # both cannot be placed, so one of them stays out, with the best score.
    assert len(solution.assignment) == 2
    assert solution.assignment == {"e1": "A-01", "e3": "B-04"}
    assert solution.unassigned == ["e7"]
    assert solution.objective == solution.bound == 100 and solution.optimal


def test_more_exhibitors_than_booths_keeps_the_best_scores() -> None:
    data = {
        "booths": row(2),
        "exhibitors": [
            exhibitor("e1", scores={"A-01": 10}),
            exhibitor("e2", scores={"A-01": 50, "A-02": 40}),
            exhibitor("e3", scores={"A-02": 30}),
        ],
    }
    solution = run(data)
    assert solution.assignment == {"e2": "A-01", "e3": "A-02"}
    assert solution.unassigned == ["e1"]
    assert solution.objective == 80 and solution.optimal


def test_cardinality_comes_before_score() -> None:
    # e1 loves A-01 (1000) but taking it leaves e2 without any booth.
    data = {
        "booths": [booth("A-01", features=["power"]), booth("A-02")],
        "exhibitors": [
            exhibitor("e1", scores={"A-01": 1000, "A-02": 0}),
            exhibitor("e2", needs=["power"]),
        ],
    }
    solution = run(data)
    assert solution.assignment == {"e1": "A-02", "e2": "A-01"}
    assert solution.objective == 0 and solution.optimal


def test_size_and_needs_mismatch() -> None:
    data = {
        "booths": [
            booth("S-1", features=["power"]),
            booth("D-1", size="double", features=["water"]),
            booth("I-1", size="island", features=["power", "water"]),
        ],
        "exhibitors": [
            exhibitor("wants-water", needs=["water"], scores={"S-1": 100}),  # only D-1/I-1 have water: wrong size
            exhibitor("double", size="double", needs=["power"], scores={"D-1": 100}),  # D-1 lacks power
            exhibitor("island", size="island", needs=["water"], scores={"I-1": 7}),
            exhibitor("standard", scores={"I-1": 100}),  # scores an island booth it cannot use
        ],
    }
    solution = run(data)
    assert solution.assignment == {"island": "I-1", "standard": "S-1"}
    assert solution.unassigned == ["double", "wants-water"]
    assert solution.objective == 7


def test_absent_score_counts_zero() -> None:
    solution = run({"booths": row(1), "exhibitors": [exhibitor("e1", scores={})]})
    assert solution.assignment == {"e1": "A-01"} and solution.objective == 0


def test_lock_is_respected_even_against_scores() -> None:
    data = {
        "booths": row(3),
        "exhibitors": [
            exhibitor("e1", scores={"A-01": 100, "A-03": 1}),
            exhibitor("e2", scores={"A-01": 90}),
        ],
        "locks": {"e1": "A-03"},
    }
    solution = run(data)
    assert solution.assignment == {"e1": "A-03", "e2": "A-01"}
    assert solution.objective == 91 and solution.optimal


def test_lock_of_an_avoided_partner_bans_its_neighbours() -> None:
    data = {
        "booths": row(3),
        "exhibitors": [exhibitor("e1", avoid=["e2"]), exhibitor("e2", scores={"A-01": 50, "A-03": 10})],
        "locks": {"e1": "A-02"},
    }
    solution = run(data)
    assert solution.assignment == {"e1": "A-02"}
    assert solution.unassigned == ["e2"]


def test_avoid_pair_forces_a_different_optimum() -> None:
    booths = row(4)  # A-01 - A-02 - A-03 - A-04
    exhibitors = [
        exhibitor("e1", scores={"A-01": 100, "A-02": 90, "A-03": 10}),
        exhibitor("e2", scores={"A-02": 100, "A-01": 60, "A-03": 55}),
    ]
    free = run({"booths": booths, "exhibitors": exhibitors})
    assert free.assignment == {"e1": "A-01", "e2": "A-02"} and free.objective == 200
    exhibitors[1]["avoid"] = ["e1"]
    constrained = run({"booths": booths, "exhibitors": exhibitors})
    # best non-adjacent pairs: (A-01, A-03) = 155, (A-02, A-04) = 90, (A-03, A-01) = 70
    assert constrained.assignment == {"e1": "A-01", "e2": "A-03"}
    assert constrained.objective == constrained.bound == 155 and constrained.optimal


def test_avoid_and_neighbours_are_symmetric() -> None:
    # Only A-02 lists A-01 as neighbour; only e2 lists e1 in avoid.
    data = {
        "booths": [booth("A-01"), booth("A-02", neighbors=["A-01"]), booth("A-03")],
        "exhibitors": [
            exhibitor("e1", scores={"A-01": 100}),
            exhibitor("e2", scores={"A-02": 100, "A-03": 1}, avoid=["e1"]),
        ],
    }
    solution = run(data)
    assert solution.assignment == {"e1": "A-01", "e2": "A-03"}
    assert solution.objective == 101


def test_ties_are_broken_deterministically_and_independently_of_input_order() -> None:
    booths = row(6)
    exhibitors = [exhibitor(f"e{i}", scores={"A-02": 5, "A-05": 5}) for i in range(4)]
    exhibitors[0]["avoid"] = ["e1"]
    data = {"booths": booths, "exhibitors": exhibitors}
    reference = solution_to_dict(run(data))
    for seed in range(5):
        shuffled = {
            "booths": random.Random(seed).sample(booths, len(booths)),
            "exhibitors": random.Random(seed + 100).sample(exhibitors, len(exhibitors)),
        }
        again = solution_to_dict(run(shuffled))
        assert {k: v for k, v in again.items() if k != "seconds"} == {
            k: v for k, v in reference.items() if k != "seconds"
        }


def test_duplicate_lists_and_zero_scores_are_accepted() -> None:
    data = {
        "booths": [booth("A-01", features=["p", "p"], neighbors=["A-02", "A-02"]), booth("A-02")],
        "exhibitors": [exhibitor("e1", needs=["p"], scores={"A-01": 0}, avoid=["e2", "e2"]), exhibitor("e2")],
    }
    solution = run(data)
    # either one fits alone (a tie at score 0), never both
    assert solution.assignment in ({"e1": "A-01"}, {"e2": "A-02"}, {"e2": "A-01"})
    assert solution.objective == 0 and solution.optimal


def test_problem_round_trip() -> None:
    data = {
        "booths": row(2, features=["power"]),
        "exhibitors": [exhibitor("e1", needs=["power"], scores={"A-02": 3}, avoid=["e2"]), exhibitor("e2")],
        "locks": {"e2": "A-01"},
    }
    problem = parse_problem(data)
    assert parse_problem(problem_to_dict(problem)) == problem


def test_tiny_time_limit_still_returns_a_valid_solution() -> None:
    problem = parse_problem(_random_problem(random.Random(7), 12, 14, avoid_pairs=8))
    solution = solve(problem, time_limit=0.0)
    assert check_solution(problem, solution) == []
    assert solution.bound >= solution.objective


# --------------------------------------------------------------------------
# The independent checker
# --------------------------------------------------------------------------


def test_check_solution_reports_every_violation() -> None:
    data = {
        "booths": [booth("A-01", neighbors=["A-02"]), booth("A-02"), booth("D-01", size="double")],
        "exhibitors": [
            exhibitor("e1", scores={"A-01": 10}, avoid=["e2"]),
            exhibitor("e2"),
            exhibitor("e3", needs=["power"]),
        ],
        "locks": {"e2": "A-02"},
    }
    problem = parse_problem(data)
    bad = Solution(
        assignment={"e1": "A-01", "e2": "A-01", "e3": "D-01", "ghost": "A-02"},
        unassigned=[],
        objective=99,
        bound=5,
        optimal=True,
        seconds=0.0,
    )
    messages = "\n".join(check_solution(problem, bad))
    for expected in ("'A-01' holds both", "lock broken", "'e3' (size 'standard')", "lacks power",
                     "unknown exhibitor 'ghost'", "objective 99", "bound 5"):
        assert expected in messages
    neighbours = Solution({"e1": "A-01", "e2": "A-02"}, ["e3"], 10, 10, True, 0.0)
    assert any("avoid each other" in m for m in check_solution(problem, neighbours))


# --------------------------------------------------------------------------
# Invalid problems
# --------------------------------------------------------------------------

VALID = {
    "booths": [booth("A-01", features=["power"], neighbors=["A-02"]), booth("A-02"), booth("D-01", size="double")],
    "exhibitors": [exhibitor("e1", needs=["power"], scores={"A-01": 5}, avoid=["e2"]), exhibitor("e2")],
    "locks": {},
}


def _mutated(path: str, value: Any) -> dict[str, Any]:
    data = json.loads(json.dumps(VALID))
    target: Any = data
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[int(key)] if key.isdigit() else target[key]
    last = keys[-1]
    if last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return data


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (_mutated("booths.1.id", "A-01"), "duplicate booth id 'A-01'"),
        (_mutated("exhibitors.1.id", "e1"), "duplicate exhibitor id 'e1'"),
        (_mutated("exhibitors.0.scores", {"Z-99": 3}), "unknown booth 'Z-99'"),
        (_mutated("booths.0.neighbors", ["Q-7"]), "unknown neighbor 'Q-7'"),
        (_mutated("booths.0.neighbors", ["A-01"]), "booth 'A-01' lists itself"),
        (_mutated("exhibitors.0.avoid", ["nobody"]), "unknown exhibitor 'nobody'"),
        (_mutated("exhibitors.0.avoid", ["e1"]), "exhibitor 'e1' avoids itself"),
        (_mutated("locks", {"ghost": "A-01"}), "unknown exhibitor 'ghost'"),
        (_mutated("locks", {"e2": "Z-1"}), "unknown booth 'Z-1'"),
        (_mutated("locks", {"e1": "A-02"}), "'e1' on booth 'A-02': the booth does not fit"),
        (_mutated("locks", {"e2": "D-01"}), "'e2' on booth 'D-01': the booth does not fit"),
        (_mutated("locks", {"e1": "A-01", "e2": "A-01"}), "booth 'A-01' is locked for two exhibitors"),
        (_mutated("locks", {"e1": "A-01", "e2": "A-02"}), "'e1' and 'e2'"),
        (_mutated("exhibitors.0.scores", {"A-01": -1}), "score for booth 'A-01'"),
        (_mutated("exhibitors.0.scores", {"A-02": 1.5}), "score for booth 'A-02'"),
        (_mutated("exhibitors.0.scores", {"A-02": "10"}), "score for booth 'A-02'"),
        (_mutated("exhibitors.0.scores", {"A-02": True}), "score for booth 'A-02'"),
        (_mutated("exhibitors.0.scores", {"A-02": allocation.MAX_SCORE + 1}), "score for booth 'A-02'"),
        (_mutated("booths.0.size", None), "booth 'A-01' size"),
        (_mutated("booths.0.id", 7), "booth #0 id"),
        (_mutated("exhibitors.1", "e2"), "exhibitor #1 must be an object"),
        (_mutated("exhibitors.0.needs", "power"), "exhibitor 'e1' needs must be a list"),
        (_mutated("booths", {"A-01": {}}), "'booths' must be a list"),
        (_mutated("locks", ["e1"]), "locks must be an object"),
        (_mutated("extra", 1), "unknown top-level key 'extra'"),
    ],
)
def test_invalid_problems_are_refused_with_the_offending_item(data: dict[str, Any], fragment: str) -> None:
    with pytest.raises(InvalidProblem) as info:
        parse_problem(data)
    assert fragment in str(info.value)
    assert info.value.message == str(info.value)


def test_solve_validates_problems_built_in_python() -> None:
    problem = Problem(
        booths=(allocation.Booth("A", "standard"),),
        exhibitors=(allocation.Exhibitor("e", "standard", scores={"B": 3}),),
    )
    with pytest.raises(InvalidProblem, match="unknown booth 'B'"):
        solve(problem)


def test_the_valid_base_problem_is_valid() -> None:
    run(VALID)


# --------------------------------------------------------------------------
# Brute force comparison
# --------------------------------------------------------------------------


def _random_problem(rng: random.Random, n_exhibitors: int, n_booths: int, avoid_pairs: int) -> dict[str, Any]:
    side = 3
    booths = []
    for i in range(n_booths):
        near = [j for j in (i + 1, i + side) if j < n_booths and (j == i + side or j % side)]
        booths.append(
            booth(
                f"b{i}",
                size="standard" if rng.random() < 0.8 else "double",
                features=[f for f in ("power", "water") if rng.random() < 0.6],
                neighbors=[f"b{j}" for j in near],
            )
        )
    hot = [f"b{i}" for i in rng.sample(range(n_booths), min(n_booths, 3))]
    exhibitors = []
    for i in range(n_exhibitors):
        scores = {b: rng.choice([100, 80, 50, 20]) for b in hot if rng.random() < 0.7}
        for b in rng.sample([x["id"] for x in booths], min(n_booths, 2)):
            scores.setdefault(b, rng.randint(0, 30))
        exhibitors.append(
            exhibitor(
                f"e{i}",
                size="standard" if rng.random() < 0.8 else "double",
                needs=[f for f in ("power", "water") if rng.random() < 0.25],
                scores=scores,
            )
        )
    for _ in range(avoid_pairs):
        if n_exhibitors >= 2:
            a, b = rng.sample(range(n_exhibitors), 2)
            exhibitors[a]["avoid"].append(f"e{b}")
    locks = {}
    if exhibitors and rng.random() < 0.3:
        e = rng.choice(exhibitors)
        fitting = [
            b["id"] for b in booths if b["size"] == e["size"] and set(e["needs"]) <= set(b["features"])
        ]
        if fitting:
            locks[e["id"]] = rng.choice(fitting)
    return {"booths": booths, "exhibitors": exhibitors, "locks": locks}


def _brute_force(problem: Problem) -> tuple[int, int]:
    """Best (number assigned, score) by enumerating every assignment."""
    near = {b.id: set(b.neighbors) for b in problem.booths}
    for b in problem.booths:
        for other in b.neighbors:
            near[other].add(b.id)
    avoid = {(e.id, o) for e in problem.exhibitors for o in e.avoid}
    avoid |= {(b, a) for a, b in avoid}
    exhibitors = list(problem.exhibitors)
    options = []
    for e in exhibitors:
        if e.id in problem.locks:
            options.append([problem.locks[e.id]])
        else:
            locked = set(problem.locks.values())
            options.append([None] + [b.id for b in problem.booths if e.fits(b) and b.id not in locked])
    best = (-1, -1)
    for choice in itertools.product(*options):
        used = [b for b in choice if b is not None]
        if len(used) != len(set(used)):
            continue
        placed = {e.id: b for e, b in zip(exhibitors, choice) if b is not None}
        if any((e, f) in avoid and placed[f] in near[b] for e, b in placed.items() for f in placed):
            continue
        score = sum(e.scores.get(b, 0) for e, b in zip(exhibitors, choice) if b is not None)
        best = max(best, (len(placed), score))
    return best


@pytest.mark.parametrize("seed", range(40))
def test_matches_brute_force_on_small_random_instances(seed: int) -> None:
    rng = random.Random(seed)
    data = _random_problem(rng, 5, 6, avoid_pairs=rng.choice([0, 1, 2, 4]))
    try:
        problem = parse_problem(data)
    except InvalidProblem:
        pytest.skip("random lock conflicts with an avoid pair")
    solution = solve(problem)
    assert check_solution(problem, solution) == []
    assert solution.optimal
    assert (len(solution.assignment), solution.objective) == _brute_force(problem)


@pytest.mark.parametrize("seed", range(12))
def test_exact_phase_matches_brute_force_when_shortcuts_are_disabled(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Force the branch and bound of the restricted problems (no LP shortcut)."""
    from techfest.booths.allocation import exact, linear

    real_lp = linear._lp_bound
    monkeypatch.setattr(
        exact, "_lp_bound", lambda lm, limit: linear._LpResult(2**40, None, real_lp(lm, limit).reduced)
    )
    rng = random.Random(1000 + seed)
    data = _random_problem(rng, 5, 7, avoid_pairs=5)
    try:
        problem = parse_problem(data)
    except InvalidProblem:
        pytest.skip("random lock conflicts with an avoid pair")
    solution = solve(problem)
    assert check_solution(problem, solution) == []
    assert solution.optimal
    assert (len(solution.assignment), solution.objective) == _brute_force(problem)


# --------------------------------------------------------------------------
# Property test
# --------------------------------------------------------------------------


@st.composite
def problems(draw: st.DrawFn) -> dict[str, Any]:
    n_booths = draw(st.integers(0, 7))
    n_exhibitors = draw(st.integers(0, 7))
    booth_ids = [f"b{i}" for i in range(n_booths)]
    exhibitor_ids = [f"e{i}" for i in range(n_exhibitors)]
    sizes = st.sampled_from(["standard", "standard", "double"])
    features = st.lists(st.sampled_from(["power", "water"]), max_size=2, unique=True)
    booths = [
        booth(
            b,
            size=draw(sizes),
            features=draw(features),
            neighbors=draw(st.lists(st.sampled_from(booth_ids), max_size=3, unique=True).map(
                lambda ns, b=b: [n for n in ns if n != b])),
        )
        for b in booth_ids
    ]
    exhibitors = [
        exhibitor(
            e,
            size=draw(sizes),
            needs=draw(st.lists(st.sampled_from(["power", "water"]), max_size=1, unique=True)),
            scores=draw(st.dictionaries(st.sampled_from(booth_ids), st.integers(0, 100), max_size=4))
            if booth_ids else {},
            avoid=draw(st.lists(st.sampled_from(exhibitor_ids), max_size=2, unique=True).map(
                lambda xs, e=e: [x for x in xs if x != e])),
        )
        for e in exhibitor_ids
    ]
    locks = {}
    if exhibitor_ids and booth_ids and draw(st.booleans()):
        locks[draw(st.sampled_from(exhibitor_ids))] = draw(st.sampled_from(booth_ids))
    return {"booths": booths, "exhibitors": exhibitors, "locks": locks}


def _greedy(problem: Problem) -> tuple[int, int]:
    """A simple greedy: locks, then each exhibitor takes its best free safe booth."""
    near = {b.id: set(b.neighbors) for b in problem.booths}
    for b in problem.booths:
        for other in b.neighbors:
            near[other].add(b.id)
    partners = {e.id: set(e.avoid) for e in problem.exhibitors}
    for e in problem.exhibitors:
        for other in e.avoid:
            partners[other].add(e.id)
    placed = dict(problem.locks)
    for e in sorted(problem.exhibitors, key=lambda x: x.id):
        if e.id in placed:
            continue
        free = [
            b for b in problem.booths
            if e.fits(b) and b.id not in placed.values()
            and not any(placed.get(p) in near[b.id] for p in partners[e.id])
        ]
        if free:
            placed[e.id] = max(free, key=lambda b: (e.scores.get(b.id, 0), b.id)).id
    scores = {e.id: e.scores for e in problem.exhibitors}
    return len(placed), sum(scores[e].get(b, 0) for e, b in placed.items())


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_property_constraints_objective_and_greedy(data: dict[str, Any]) -> None:
    try:
        problem = parse_problem(data)
    except InvalidProblem:
        assume(False)
        return
    solution = solve(problem)
    assert check_solution(problem, solution) == []
    recomputed = sum(
        next(e for e in problem.exhibitors if e.id == eid).scores.get(bid, 0)
        for eid, bid in solution.assignment.items()
    )
    assert solution.objective == recomputed
    assert solution.optimal and solution.bound == solution.objective
    assert (len(solution.assignment), solution.objective) >= _greedy(problem)


# --------------------------------------------------------------------------
# Command line and purity
# --------------------------------------------------------------------------


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "techfest.booths.allocation", *args],
        input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60,
    )


def test_cli_prints_the_solution_as_json(tmp_path: Path) -> None:
    problem = tmp_path / "problem.json"
    problem.write_text(json.dumps(VALID))
    result = _cli(str(problem), "--time-limit", "5")
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert set(output) == {"assignment", "unassigned", "objective", "bound", "optimal", "seconds"}
    # e2 may not sit next to e1 and cannot use the double booth D-01
    assert output["assignment"] == {"e1": "A-01"} and output["unassigned"] == ["e2"]
    assert output["optimal"] is True and output["objective"] == output["bound"] == 5
    assert list(output) == sorted(output)  # keys sorted


def test_cli_reads_stdin() -> None:
    result = _cli("-", stdin=json.dumps(VALID))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["objective"] == 5


def test_cli_refuses_invalid_problems_with_exit_code_2() -> None:
    result = _cli("-", stdin=json.dumps(_mutated("exhibitors.0.scores", {"Z-99": 1})))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and "Z-99" in result.stderr


def test_cli_refuses_unreadable_input(tmp_path: Path) -> None:
    assert _cli("-", stdin="{not json").returncode == 2
    missing = _cli(str(tmp_path / "missing.json"))
    assert missing.returncode == 2 and missing.stderr.startswith("error: ")


def test_module_imports_neither_flask_nor_sqlalchemy() -> None:
    code = (
        "import sys, techfest.booths.allocation\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy', 'flask_sqlalchemy'))\n"
        "print(bad)\n"
        "assert 'flask' not in sys.modules and 'sqlalchemy' not in sys.modules, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
