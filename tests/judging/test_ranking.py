"""Tests for techfest.judging.ranking (pure module: no app fixtures)."""
from __future__ import annotations

import copy
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from techfest.judging.ranking import (
    Criterion,
    InvalidInput,
    Score,
    parse_input,
    rank,
    result_to_dict,
)

ROOT = Path(__file__).resolve().parents[2]
OVERALL = (Criterion("overall", 1, 1, 10),)


def scores_from(table: dict[tuple[str, str], float], criterion: str = "overall") -> list[Score]:
    return [Score(judge, product, criterion, value) for (judge, product), value in table.items()]


def by_product(result) -> dict[str, object]:
    return {row.product: row for row in result.ranking}


# --------------------------------------------------------------------------- methods


def test_mean_matches_hand_computed_weighted_average():
    criteria = [Criterion("innovation", 3, 1, 10), Criterion("impact", 1, 0, 5)]
    scores = [
        Score("j1", "p1", "innovation", 8), Score("j1", "p1", "impact", 4),
        Score("j2", "p1", "innovation", 6),                      # j2 skipped impact
        Score("j3", "p1", "innovation", 9), Score("j3", "p1", "impact", 1),
        Score("j1", "p2", "innovation", 5), Score("j1", "p2", "impact", 5),
    ]
    result = rank(criteria, scores, "mean", bootstrap=0)
    # p1: innovation (8+6+9)/3 = 7.666..., impact (4+1)/2 = 2.5
    #     (3 * 7.666... + 1 * 2.5) / 4 = 25.5 / 4 = 6.375
    # p2: (3 * 5 + 1 * 5) / 4 = 5.0
    rows = by_product(result)
    assert rows["p1"].score == 6.375
    assert rows["p2"].score == 5.0
    assert [(r.product, r.rank, r.judges) for r in result.ranking] == [("p1", 1, 3), ("p2", 2, 1)]
    assert result.interval == "none"
    assert (rows["p1"].low, rows["p1"].high) == (6.375, 6.375)


def harsh_judge_case() -> list[Score]:
    """True quality A=8 > B=7 > C=6 > D=5 > E=4; judges f1, f2 are fair, h is 3 points harsher.

    h judges A and D, so the raw mean drags A below B and D below E.
    """
    return scores_from({
        ("h", "A"): 5, ("f1", "A"): 8,
        ("f1", "B"): 7, ("f2", "B"): 7,
        ("f1", "C"): 6, ("f2", "C"): 6,
        ("h", "D"): 2, ("f2", "D"): 5,
        ("f1", "E"): 4, ("f2", "E"): 4,
    })


def test_harsh_judge_sinks_product_under_mean_but_not_normalized():
    scores = harsh_judge_case()
    mean = rank(OVERALL, scores, "mean", bootstrap=0)
    normalized = rank(OVERALL, scores, "normalized", bootstrap=0)
    assert [r.product for r in mean.ranking] == ["B", "A", "C", "E", "D"]
    assert [r.product for r in normalized.ranking] == ["A", "B", "C", "D", "E"]
    assert [r.rank for r in normalized.ranking] == [1, 2, 3, 4, 5]
    assert normalized.components == 1
    # scores stay on the rubric scale
    assert all(1 <= r.score <= 10 for r in normalized.ranking)


def test_normalized_corrects_a_judge_with_a_wider_spread():
    # f and g are fair; w exaggerates: 5.5 + 2 * (quality - 5.5), which lifts
    # B (9.5 from w) past A in the raw mean.
    true = {"A": 8, "B": 7.5, "C": 6, "D": 4.5, "E": 4}
    table = {("f", p): q for p, q in true.items()}
    table.update({("g", p): q for p, q in true.items() if p in "ACE"})
    table.update({("w", p): 5.5 + 2 * (true[p] - 5.5) for p in "BCD"})
    mean = rank(OVERALL, scores_from(table), "mean", bootstrap=0)
    normalized = rank(OVERALL, scores_from(table), "normalized", bootstrap=0)
    assert [r.product for r in normalized.ranking] == ["A", "B", "C", "D", "E"]
    assert [r.product for r in mean.ranking][:2] == ["B", "A"]


def test_equal_scores_share_a_competition_rank_listed_by_product_id():
    scores = scores_from({
        ("j1", "z"): 7, ("j2", "z"): 7,
        ("j1", "b"): 6, ("j2", "b"): 8,
        ("j1", "c"): 5, ("j2", "c"): 5,
        ("j1", "a"): 7.0000000004, ("j2", "a"): 7,     # equal after rounding to 6 decimals
    })
    result = rank(OVERALL, scores, "mean", bootstrap=0)
    assert [(r.product, r.rank) for r in result.ranking] == [
        ("a", 1), ("b", 1), ("z", 1), ("c", 4)]
    assert {r.score for r in result.ranking[:3]} == {7.0}


def test_normalized_ties_identical_products():
    scores = scores_from({
        ("j1", "p1"): 8, ("j1", "p2"): 8, ("j1", "p3"): 3,
        ("j2", "p1"): 6, ("j2", "p2"): 6, ("j2", "p3"): 2,
    })
    result = rank(OVERALL, scores, "normalized", bootstrap=0)
    assert [(r.product, r.rank) for r in result.ranking] == [("p1", 1), ("p2", 1), ("p3", 3)]


def test_bootstrap_interval_contains_score_and_is_reproducible():
    scores = harsh_judge_case() + scores_from({("f3", p): v for p, v in
                                               {"A": 9, "B": 6, "C": 6, "D": 4, "E": 5}.items()})
    for method in ("mean", "normalized"):
        first = rank(OVERALL, scores, method, bootstrap=50, seed=3)
        again = rank(OVERALL, scores, method, bootstrap=50, seed=3)
        assert first == again
        assert "bootstrap" in first.interval and "50" in first.interval
        for row in first.ranking:
            assert 1 <= row.low <= row.score <= row.high <= 10
        assert any(row.low < row.high for row in first.ranking)


# --------------------------------------------------------------------------- edge cases


def test_empty_scores_give_an_empty_ranking():
    assert rank(OVERALL, [], "normalized").ranking == ()
    assert rank(OVERALL, [], "mean").ranking == ()


def test_product_with_one_judge_and_judge_with_one_product():
    scores = scores_from({
        ("j1", "p1"): 9, ("j1", "p2"): 5, ("j1", "p3"): 2,
        ("j2", "p2"): 6, ("j2", "p3"): 3,
        ("solo", "p4"): 10,      # a judge with a single product, the product's only judge
        ("once", "p1"): 7,       # a judge with a single product among others
    })
    result = rank(OVERALL, scores, "normalized", bootstrap=20)
    rows = by_product(result)
    assert [r.product for r in result.ranking[:1]] == ["p1"]
    assert rows["p1"].judges == 2 and rows["p4"].judges == 1
    # p4's only judge can't be calibrated: middle of the scale, interval = whole scale
    assert (rows["p4"].score, rows["p4"].low, rows["p4"].high) == (5.5, 1, 10)
    assert rows["p1"].score > rows["p2"].score > rows["p3"].score
    assert result.components == 1


def test_disconnected_components_are_standardized_separately():
    scores = scores_from({
        ("j1", "a1"): 9, ("j1", "a2"): 7, ("j2", "a1"): 8, ("j2", "a2"): 4,
        ("j3", "b1"): 3, ("j3", "b2"): 1, ("j4", "b1"): 4, ("j4", "b2"): 2,
    })
    result = rank(OVERALL, scores, "normalized", bootstrap=0)
    rows = by_product(result)
    assert result.components == 2
    # each component's best product gets the same normalized score
    assert rows["a1"].score == rows["b1"].score > rows["a2"].score == rows["b2"].score


def test_zero_variance_judge_is_ignored():
    base = {("j1", "p1"): 9, ("j1", "p2"): 6, ("j1", "p3"): 3,
            ("j2", "p1"): 8, ("j2", "p2"): 5, ("j2", "p3"): 4}
    flat = dict(base)
    flat.update({("flat", "p1"): 5, ("flat", "p2"): 5, ("flat", "p3"): 5})
    with_flat = rank(OVERALL, scores_from(flat), "normalized", bootstrap=0)
    without = rank(OVERALL, scores_from(base), "normalized", bootstrap=0)
    assert [(r.product, r.score) for r in with_flat.ranking] == \
           [(r.product, r.score) for r in without.ranking]
    assert by_product(with_flat)["p1"].judges == 3


def test_all_judges_flat_gives_a_tie_in_the_middle():
    scores = scores_from({("j1", "p1"): 6, ("j1", "p2"): 6, ("j2", "p1"): 4, ("j2", "p2"): 4})
    result = rank(OVERALL, scores, "normalized", bootstrap=0)
    assert [(r.rank, r.score) for r in result.ranking] == [(1, 5.5), (1, 5.5)]


# --------------------------------------------------------------------------- invariance

JUDGES = ["j1", "j2", "j3", "j4"]
PRODUCTS = ["p1", "p2", "p3", "p4", "p5"]
TWO_CRITERIA = (Criterion("innovation", 2, 1, 10), Criterion("design", 1, 1, 10))


@st.composite
def judged_rounds(draw):
    """Random small rounds with values in 4..6.

    Shifting by <= 2 and scaling by <= 2 around 5 keeps them on the 1..10 scale.
    """
    pairs = draw(st.lists(st.tuples(st.sampled_from(JUDGES), st.sampled_from(PRODUCTS)),
                          min_size=1, max_size=14, unique=True))
    value = st.floats(4, 6, allow_nan=False).map(lambda v: round(v, 2))
    scores = []
    for judge, product in pairs:
        for criterion in TWO_CRITERIA:
            if draw(st.booleans()) or criterion.id == "innovation":
                scores.append(Score(judge, product, criterion.id, draw(value)))
    return scores


def transformed(scores: list[Score], judge: str, shift: float, factor: float) -> list[Score]:
    return [Score(s.judge, s.product, s.criterion, 5 + factor * (s.value - 5) + shift)
            if s.judge == judge else s for s in scores]


def assert_same_ranking(a, b) -> None:
    assert [(r.product, r.rank, r.judges) for r in a.ranking] == \
           [(r.product, r.rank, r.judges) for r in b.ranking]
    for x, y in zip(a.ranking, b.ranking):
        for name in ("score", "low", "high"):
            assert math.isclose(getattr(x, name), getattr(y, name), abs_tol=1e-6), name
    assert a.components == b.components


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scores=judged_rounds(), judge=st.sampled_from(JUDGES),
       shift=st.floats(-2, 2, allow_nan=False))
def test_normalized_is_invariant_to_shifting_one_judge(scores, judge, shift):
    before = rank(TWO_CRITERIA, scores, "normalized", bootstrap=10)
    after = rank(TWO_CRITERIA, transformed(scores, judge, shift, 1.0), "normalized", bootstrap=10)
    assert_same_ranking(before, after)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scores=judged_rounds(), judge=st.sampled_from(JUDGES),
       shift=st.floats(-1, 1, allow_nan=False), factor=st.floats(0.5, 2, allow_nan=False))
def test_normalized_is_invariant_to_rescaling_one_judge(scores, judge, shift, factor):
    before = rank(TWO_CRITERIA, scores, "normalized", bootstrap=0)
    after = rank(TWO_CRITERIA, transformed(scores, judge, shift, factor), "normalized",
                 bootstrap=0)
    assert_same_ranking(before, after)


def test_mean_is_not_invariant_to_a_harsh_judge():
    # guards the property tests above against a vacuous implementation
    shifted = transformed(harsh_judge_case(), "f1", -2, 1.0)
    assert rank(OVERALL, harsh_judge_case(), "mean", bootstrap=0) != \
           rank(OVERALL, shifted, "mean", bootstrap=0)


# --------------------------------------------------------------------------- validation


def valid_input() -> dict:
    return {
        "criteria": [{"id": "innovation", "weight": 0.6, "min": 1, "max": 10},
                     {"id": "design", "weight": 0.4, "min": 1, "max": 5}],
        "scores": [{"judge": "j1", "product": "p1", "criterion": "innovation", "value": 8},
                   {"judge": "j1", "product": "p1", "criterion": "design", "value": 4},
                   {"judge": "j2", "product": "p1", "criterion": "innovation", "value": 6}],
        "method": "mean",
    }


def test_valid_input_parses():
    parsed = parse_input(valid_input())
    assert parsed.method == "mean"
    assert parsed.criteria[1] == Criterion("design", 0.4, 1, 5)
    assert parsed.scores[0] == Score("j1", "p1", "innovation", 8)


def mutate(path: tuple, value=None, delete: bool = False, append=None):
    def apply(data: dict) -> dict:
        data = copy.deepcopy(data)
        target = data
        for key in path[:-1]:
            target = target[key]
        if append is not None:
            target[path[-1]].append(append(data))
        elif delete:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        return data
    return apply


INVALID = {
    "unknown criterion": (mutate(("scores", 1, "criterion"), "colour"),
                          ["scores[1]", "unknown criterion 'colour'"]),
    "value above the scale": (mutate(("scores", 1, "value"), 6),
                              ["scores[1]", "'design'", "outside the scale 1..5"]),
    "value below the scale": (mutate(("scores", 0, "value"), 0),
                              ["scores[0]", "outside the scale 1..10"]),
    "judge scores twice": (mutate(("scores",), append=lambda d: dict(d["scores"][2], value=7)),
                           ["scores[3]", "judge 'j2'", "twice", "'innovation'"]),
    "missing value": (mutate(("scores", 2, "value"), delete=True),
                      ["scores[2]", "missing field 'value'"]),
    "missing judge": (mutate(("scores", 0, "judge"), delete=True),
                      ["scores[0]", "missing field 'judge'"]),
    "missing weight": (mutate(("criteria", 1, "weight"), delete=True),
                       ["criteria[1] ('design')", "missing field 'weight'"]),
    "missing scores": (mutate(("scores",), delete=True), ["missing field 'scores'"]),
    "non-numeric value": (mutate(("scores", 0, "value"), "eight"),
                          ["scores[0]", "'eight'", "number"]),
    "boolean value": (mutate(("scores", 0, "value"), True), ["scores[0]", "number"]),
    "NaN value": (mutate(("scores", 0, "value"), float("nan")), ["scores[0]", "finite"]),
    "zero weight": (mutate(("criteria", 0, "weight"), 0),
                    ["criteria[0] ('innovation')", "weight must be positive"]),
    "negative weight": (mutate(("criteria", 1, "weight"), -0.4),
                        ["criteria[1] ('design')", "weight must be positive"]),
    "non-numeric weight": (mutate(("criteria", 0, "weight"), "heavy"),
                           ["criteria[0] ('innovation')", "weight", "'heavy'"]),
    "empty scale": (mutate(("criteria", 0, "max"), 1), ["criteria[0] ('innovation')", "min"]),
    "duplicate criterion": (mutate(("criteria", 1, "id"), "innovation"),
                            ["criteria[1] ('innovation')", "duplicate"]),
    "no criteria": (mutate(("criteria",), []), ["criteria", "at least one"]),
    "unknown method": (mutate(("method",), "median"), ["unknown method 'median'"]),
    "empty product id": (mutate(("scores", 0, "product"), ""), ["scores[0]", "product"]),
    "score not an object": (mutate(("scores", 0), 8), ["scores[0]", "object"]),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid_input_is_refused_naming_the_item(case):
    change, fragments = INVALID[case]
    with pytest.raises(InvalidInput) as info:
        parse_input(change(valid_input()))
    for fragment in fragments:
        assert fragment in str(info.value)


def test_input_must_be_an_object():
    with pytest.raises(InvalidInput, match="JSON object"):
        parse_input([1, 2])


def test_rank_validates_dataclass_input_too():
    with pytest.raises(InvalidInput, match=r"scores\[0\].*outside"):
        rank(OVERALL, [Score("j1", "p1", "overall", 11)], "mean")
    with pytest.raises(InvalidInput, match="unknown method 'pairwise'"):
        rank(OVERALL, [], "pairwise")


def test_result_to_dict_shape():
    result = rank(OVERALL, harsh_judge_case(), "normalized", bootstrap=5)
    out = result_to_dict(result)
    assert set(out) == {"method", "interval", "components", "ranking"}
    assert set(out["ranking"][0]) == {"product", "score", "rank", "judges", "low", "high"}
    json.dumps(out)
    assert "components" not in result_to_dict(rank(OVERALL, harsh_judge_case(), "mean"))


# --------------------------------------------------------------------------- CLI / imports


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "techfest.judging.ranking", *args],
                          input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_cli_prints_ranking_json(tmp_path):
    path = tmp_path / "scores.json"
    path.write_text(json.dumps(valid_input()))
    proc = run_cli(str(path), "--bootstrap", "0")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["method"] == "mean"
    # p1: (0.6 * 7 + 0.4 * 4) / 1.0 = 5.8
    assert out["ranking"] == [{"product": "p1", "score": 5.8, "rank": 1, "judges": 2,
                               "low": 5.8, "high": 5.8}]


def test_cli_reads_stdin_and_reports_errors_with_status_2():
    data = valid_input()
    data["scores"][0]["criterion"] = "colour"
    proc = run_cli("-", stdin=json.dumps(data))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith("error: scores[0]")
    assert "colour" in proc.stderr
    proc = run_cli("-", stdin="{not json")
    assert proc.returncode == 2 and proc.stderr.startswith("error: not valid JSON")
    proc = run_cli("-", "--method", "normalized", stdin=json.dumps(valid_input()))
    assert proc.returncode == 0 and json.loads(proc.stdout)["method"] == "normalized"


def test_importing_does_not_import_flask():
    code = ("import sys, techfest.judging.ranking, techfest.judging.assignment; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy', "
            "'flask_sqlalchemy')]; print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
