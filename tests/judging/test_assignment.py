"""Tests for techfest.judging.assignment (pure module: no app fixtures)."""
from __future__ import annotations

import itertools
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from techfest.judging.assignment import (
    Assignment,
    InfeasibleAssignment,
    InvalidInput,
    Judge,
    Product,
    assign,
    assignment_to_dict,
    check_assignment,
    is_conflicted,
    is_expert,
    parse_input,
)

ROOT = Path(__file__).resolve().parents[2]


def judge(jid: str, org: str | None = None, conflicts=(), expertise=()) -> Judge:
    return Judge(jid, org, frozenset(conflicts), frozenset(expertise))


def pool(n: int, **kwargs) -> list[Judge]:
    return [judge(f"j{i:02d}", **kwargs) for i in range(n)]


def products(n: int, org: str = "org", category: str | None = None, prefix: str = "p"
             ) -> list[Product]:
    return [Product(f"{prefix}{i:03d}", f"{org}{i}" if org == "org" else org, category)
            for i in range(n)]


def loads_spread(result: Assignment) -> int:
    low, high = result.load_range
    return high - low


# --------------------------------------------------------------------------- rules


def test_every_product_gets_exactly_k_judges_and_loads_are_balanced():
    judges = pool(7)
    items = products(10)
    result = assign(judges, items, k=3)
    assert all(len(result.judges_by_product[p.id]) == 3 for p in items)
    assert all(len(set(js)) == 3 for js in result.judges_by_product.values())
    assert sum(result.loads.values()) == 30
    assert loads_spread(result) <= 1
    assert check_assignment(judges, items, result, k=3) == []


def test_loads_are_four_or_five_for_thirty_slots_over_seven_judges():
    result = assign(pool(7), products(10), k=3)
    assert sorted(result.loads.values()) == [4, 4, 4, 4, 4, 5, 5]


def test_own_and_named_organisations_are_never_assigned():
    judges = [judge("a", org="acme"), judge("b", org="beta", conflicts={"gamma"}),
              judge("c"), judge("d"), judge("e")]
    items = [Product("p-acme", "acme", None), Product("p-gamma", "gamma", None),
             Product("p-beta", "beta", None), Product("p-x", "x", None)]
    result = assign(judges, items, k=3)
    assert "a" not in result.judges_by_product["p-acme"]
    assert "b" not in result.judges_by_product["p-gamma"]
    assert "b" not in result.judges_by_product["p-beta"]
    assert check_assignment(judges, items, result, k=3) == []


def test_is_conflicted_and_is_expert():
    j = judge("j", org="o1", conflicts={"o2"}, expertise={"ai"})
    assert is_conflicted(j, Product("p", "o1", "ai"))
    assert is_conflicted(j, Product("p", "o2", "ai"))
    assert not is_conflicted(j, Product("p", "o3", "ai"))
    assert not is_conflicted(judge("n"), Product("p", None, None))
    assert is_expert(j, Product("p", "o3", "ai")) and not is_expert(j, Product("p", "o3", "bio"))


def test_expertise_is_preferred_when_balance_allows():
    judges = [judge("ai-1", expertise={"ai"}), judge("ai-2", expertise={"ai"}),
              judge("bio-1", expertise={"bio"}), judge("bio-2", expertise={"bio"})]
    items = [Product("robot", "o1", "ai"), Product("vaccine", "o2", "bio")]
    result = assign(judges, items, k=2)
    assert result.judges_by_product == {"robot": ("ai-1", "ai-2"), "vaccine": ("bio-1", "bio-2")}
    assert result.expert_matches == 4


def test_every_product_gets_an_expert_before_any_gets_a_second_one():
    # two ai experts, two ai products, k=2, plenty of non-experts: putting both
    # experts on one product would give the same number of expert pairs
    judges = [judge("e1", expertise={"ai"}), judge("e2", expertise={"ai"}),
              judge("n1"), judge("n2")]
    items = [Product("p1", "o1", "ai"), Product("p2", "o2", "ai")]
    result = assign(judges, items, k=2)
    for pid in ("p1", "p2"):
        assert {"e1", "e2"} & set(result.judges_by_product[pid])


def test_expertise_never_breaks_balance():
    judges = [judge("expert", expertise={"ai"}), judge("n1"), judge("n2")]
    items = products(3, category="ai")
    result = assign(judges, items, k=1)
    assert sorted(result.loads.values()) == [1, 1, 1]
    assert result.expert_matches == 1


def test_same_input_in_any_order_gives_the_same_assignment():
    rnd = random.Random(7)
    judges = [judge(f"j{i}", org=f"o{rnd.randrange(5)}", expertise={rnd.choice("abc")})
              for i in range(9)]
    items = [Product(f"p{i}", f"o{rnd.randrange(8)}", rnd.choice("abc")) for i in range(25)]
    first = assign(judges, items, k=3)
    shuffled_j, shuffled_p = judges[:], items[:]
    rnd.shuffle(shuffled_j)
    rnd.shuffle(shuffled_p)
    assert assign(shuffled_j, shuffled_p, k=3) == first
    assert assign(judges, items, k=3) == first


def test_infeasible_product_is_named():
    judges = [judge("a", org="acme"), judge("b", org="acme"), judge("c")]
    items = [Product("ok", "other", None), Product("gadget", "acme", None)]
    with pytest.raises(InfeasibleAssignment) as info:
        assign(judges, items, k=2)
    assert info.value.product == "gadget"
    assert "'gadget'" in str(info.value)


def test_fewer_judges_than_k_is_infeasible():
    with pytest.raises(InfeasibleAssignment) as info:
        assign(pool(2), [Product("solo", "o", None)], k=3)
    assert info.value.product == "solo"


def test_unbalanceable_pool_names_the_judge_unless_best_effort():
    # "insider" is conflicted with every product
    judges = [judge("insider", org="acme"), *pool(3)]
    items = products(6, org="acme")
    with pytest.raises(InfeasibleAssignment) as info:
        assign(judges, items, k=1)
    assert info.value.judges == ("insider",)
    assert "'insider'" in str(info.value)
    result = assign(judges, items, k=1, strict_balance=False)
    assert result.loads == {"insider": 0, "j00": 2, "j01": 2, "j02": 2}
    assert check_assignment(judges, items, result, k=1) == \
        ["judge loads range from 0 to 2 (differ by more than one)"]
    assert check_assignment(judges, items, result, k=1, strict_balance=False) == []


def test_late_products_are_added_without_moving_existing_ones():
    judges = pool(6)
    first = products(8)
    initial = assign(judges, first, k=3)
    late = products(3, prefix="late")
    result = assign(judges, first + late, k=3, existing=initial.judges_by_product)
    for product in first:
        assert result.judges_by_product[product.id] == initial.judges_by_product[product.id]
    assert all(len(result.judges_by_product[p.id]) == 3 for p in late)
    assert check_assignment(judges, first + late, result, k=3,
                            existing=initial.judges_by_product) == []
    # 24 + 9 = 33 slots over 6 judges: 5 or 6 each is reachable from 4/4/4/4/4/4
    assert sorted(result.loads.values()) == [5, 5, 5, 6, 6, 6]


def test_late_products_go_to_the_least_loaded_judges_best_effort():
    judges = pool(3)
    existing = {"old1": ("j00",), "old2": ("j00",), "old3": ("j00",)}
    items = [Product(p, "o", None) for p in existing] + [Product("new", "n", None)]
    result = assign(judges, items, k=1, existing=existing)
    # j00 already has 3; the new product goes to one of the idle judges
    assert result.judges_by_product["new"] in (("j01",), ("j02",))
    assert result.load_range == (0, 3)          # best effort: existing loads can't move


def test_existing_products_below_k_are_topped_up():
    judges = pool(4)
    items = [Product("p1", "o1", None)]
    result = assign(judges, items, k=3, existing={"p1": ["j02"]})
    assert "j02" in result.judges_by_product["p1"]
    assert len(result.judges_by_product["p1"]) == 3


def test_conflicting_existing_pair_is_refused():
    judges = [judge("j1", org="acme"), *pool(3)]
    with pytest.raises(InfeasibleAssignment, match="'j1'.*'p1'"):
        assign(judges, [Product("p1", "acme", None)], k=1, existing={"p1": ["j1"]})


def test_invalid_inputs_are_named():
    with pytest.raises(InvalidInput, match="duplicate judge id 'j00'"):
        assign(pool(2) + pool(1), products(1), k=1)
    with pytest.raises(InvalidInput, match="duplicate product id"):
        assign(pool(2), products(1) + products(1), k=1)
    with pytest.raises(InvalidInput, match="unknown judge 'ghost'"):
        assign(pool(2), products(1), k=1, existing={"p000": ["ghost"]})
    with pytest.raises(InvalidInput, match="unknown product 'nope'"):
        assign(pool(2), products(1), k=1, existing={"nope": ["j00"]})
    with pytest.raises(InvalidInput, match="k must be a positive integer"):
        assign(pool(2), products(1), k=0)


def test_check_assignment_reports_each_violation():
    judges = [judge("a", org="acme"), judge("b"), judge("c")]
    items = [Product("p1", "acme", None), Product("p2", "x", None)]
    problems = check_assignment(judges, items, {"p1": ["a", "b"], "p2": ["b", "ghost"],
                                                "p9": ["c"]}, k=2, existing={"p2": ["c"]})
    assert "unknown product 'p9' in the assignment" in problems
    assert "unknown judge 'ghost' assigned to product 'p2'" in problems
    assert "judge 'a' has a conflict with product 'p1' (organisation 'acme')" in problems
    assert "existing judge 'c' of product 'p2' was removed" in problems
    assert "judge loads range from 0 to 2 (differ by more than one)" not in problems
    assert check_assignment(judges, items, {"p1": ["b", "c"]}, k=2) == [
        "product 'p2' has 0 judges, needs 2"]
    assert check_assignment(judges, items, {"p1": ["b", "c"], "p2": ["b", "c"]}, k=2) == [
        "judge loads range from 0 to 2 (differ by more than one)"]


def test_realistic_size_is_solved_and_correct():
    rnd = random.Random(3)
    orgs = [f"o{i}" for i in range(80)]
    judges = [judge(f"j{i:02d}", org=rnd.choice(orgs + [None] * 40),
                    conflicts=rnd.sample(orgs, 2), expertise=rnd.sample("abcde", 2))
              for i in range(30)]
    items = [Product(f"p{i:03d}", rnd.choice(orgs), rnd.choice("abcde")) for i in range(300)]
    result = assign(judges, items, k=3)
    assert check_assignment(judges, items, result, k=3) == []
    assert loads_spread(result) <= 1
    assert all(any(is_expert(j, p) for j in judges if j.id in result.judges_by_product[p.id])
               for p in items)


# --------------------------------------------------------------------------- brute force


ORGS = ["A", "B", "C"]
CATS = ["x", "y"]


@st.composite
def small_instances(draw, max_judges=4, max_products=4):
    n_j = draw(st.integers(1, max_judges))
    n_p = draw(st.integers(1, max_products))
    judges = [Judge(f"j{i}", draw(st.sampled_from(ORGS + [None])),
                    frozenset(draw(st.sets(st.sampled_from(ORGS), max_size=1))),
                    frozenset(draw(st.sets(st.sampled_from(CATS), max_size=2))))
              for i in range(n_j)]
    items = [Product(f"p{i}", draw(st.sampled_from(ORGS)), draw(st.sampled_from(CATS)))
             for i in range(n_p)]
    k = draw(st.integers(1, 3))
    return judges, items, k


def expertise_key(judges, items, by_product) -> tuple[int, int]:
    jmap = {j.id: j for j in judges}
    covered = sum(any(is_expert(jmap[j], p) for j in by_product[p.id]) for p in items)
    pairs = sum(is_expert(jmap[j], p) for p in items for j in by_product[p.id])
    return covered, pairs


def brute_force(judges, items, k, existing=None):
    """All assignments: (best load range, best expertise among the most balanced)."""
    existing = existing or {}
    choices = []
    for p in items:
        fixed = tuple(existing.get(p.id, ()))
        need = max(0, k - len(fixed))
        eligible = [j.id for j in judges if j.id not in fixed and not is_conflicted(j, p)]
        choices.append([fixed + c for c in itertools.combinations(eligible, need)])
    best = None
    for combo in itertools.product(*choices):
        loads = {j.id: 0 for j in judges}
        for js in combo:
            for j in js:
                loads[j] += 1
        low, high = min(loads.values()), max(loads.values())
        by_product = {p.id: js for p, js in zip(items, combo)}
        key = (high, -low, tuple(-v for v in expertise_key(judges, items, by_product)))
        if best is None or key < best:
            best = key
    return best


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instance=small_instances())
def test_small_instances_match_brute_force(instance):
    judges, items, k = instance
    best = brute_force(judges, items, k)
    eligible_short = [p for p in items
                      if sum(not is_conflicted(j, p) for j in judges) < k]
    try:
        result = assign(judges, items, k, strict_balance=False)
    except InfeasibleAssignment as exc:
        assert best is None and exc.product == sorted(p.id for p in eligible_short)[0]
        return
    assert best is not None and not eligible_short
    assert check_assignment(judges, items, result, k, strict_balance=False) == []
    high, neg_low, neg_expertise = best
    # most balanced possible: the smallest max load and the largest min load at once
    assert result.load_range == (-neg_low, high)
    # expertise optimal among those: products with an expert first, then pairs
    if high + neg_low <= 1:
        assert expertise_key(judges, items, result.judges_by_product) == \
            tuple(-v for v in neg_expertise)
    # strict mode refuses exactly when a spread of one is impossible
    if high + neg_low <= 1:
        assert assign(judges, items, k) == result
    else:
        with pytest.raises(InfeasibleAssignment):
            assign(judges, items, k)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instance=small_instances(max_judges=4, max_products=3), late=st.integers(1, 2),
       data=st.data())
def test_late_products_match_brute_force_best_effort(instance, late, data):
    judges, items, k = instance
    try:
        initial = assign(judges, items, k, strict_balance=False)
    except InfeasibleAssignment:
        return
    extra = [Product(f"late{i}", data.draw(st.sampled_from(ORGS)),
                     data.draw(st.sampled_from(CATS))) for i in range(late)]
    existing = dict(initial.judges_by_product)
    best = brute_force(judges, items + extra, k, existing)
    try:
        result = assign(judges, items + extra, k, existing=existing)
    except InfeasibleAssignment as exc:
        assert best is None and exc.product is not None
        return
    assert check_assignment(judges, items + extra, result, k, existing=existing) == []
    high, neg_low, _ = best
    assert result.load_range == (-neg_low, high)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n_j=st.integers(3, 15), n_p=st.integers(1, 40),
       k=st.integers(1, 4))
def test_random_instances_follow_the_rules(seed, n_j, n_p, k):
    rnd = random.Random(seed)
    orgs = [f"o{i}" for i in range(10)]
    judges = [judge(f"j{i}", org=rnd.choice(orgs + [None]), conflicts=rnd.sample(orgs, 1),
                    expertise=rnd.sample("abc", rnd.randint(0, 2))) for i in range(n_j)]
    items = [Product(f"p{i}", rnd.choice(orgs), rnd.choice("abc")) for i in range(n_p)]
    try:
        result = assign(judges, items, k)
    except InfeasibleAssignment as exc:
        if exc.product is not None:
            product = next(p for p in items if p.id == exc.product)
            assert sum(not is_conflicted(j, product) for j in judges) < k
        else:
            assert exc.judges
        return
    assert check_assignment(judges, items, result, k) == []
    assert loads_spread(result) <= 1


# --------------------------------------------------------------------------- JSON / CLI


def cli_input() -> dict:
    return {
        "k": 2,
        "judges": [{"id": "j1", "organisation_id": 1, "conflicts": [2], "expertise": ["ai"]},
                   {"id": "j2", "organisation_id": None, "expertise": ["bio"]},
                   {"id": "j3"}, {"id": "j4"}],
        "products": [{"id": "p1", "organisation_id": 1, "category_id": "ai"},
                     {"id": "p2", "organisation_id": 3, "category_id": "ai"},
                     {"id": "p3", "organisation_id": 2, "category_id": "bio"}],
    }


def test_parse_input_converts_ids_to_strings():
    parsed = parse_input(cli_input())
    assert parsed.k == 2
    assert parsed.judges[0] == Judge("j1", "1", frozenset({"2"}), frozenset({"ai"}))
    assert parsed.products[2] == Product("p3", "2", "bio")


@pytest.mark.parametrize("change, message", [
    (lambda d: d.pop("judges"), "missing field 'judges'"),
    (lambda d: d["products"][1].pop("id"), "products[1]: missing field 'id'"),
    (lambda d: d.update(k=0), "k must be a positive integer"),
    (lambda d: d["judges"][0].update(conflicts="2"), "judges[0].conflicts must be a list"),
    (lambda d: d.update(existing={"p1": ["nobody"]}), "unknown judge 'nobody'"),
])
def test_parse_input_refuses_bad_input(change, message):
    data = cli_input()
    change(data)
    with pytest.raises(InvalidInput, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_input(data)


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "techfest.judging.assignment", *args],
                          input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_cli_prints_assignment(tmp_path):
    path = tmp_path / "input.json"
    path.write_text(json.dumps(cli_input()))
    proc = run_cli(str(path))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assignments = out["assignments"]
    assert sorted(assignments) == ["p1", "p2", "p3"]
    assert all(len(js) == 2 for js in assignments.values())
    # j1 (organisation 1, conflict with 2) may only judge p2, and is its ai expert
    assert "j1" in assignments["p2"]
    assert "j2" in assignments["p3"]                   # the bio expert
    assert sum(out["loads"].values()) == 6
    assert out["load_range"][1] - out["load_range"][0] <= 1
    parsed = parse_input(cli_input())
    assert out == assignment_to_dict(assign(parsed.judges, parsed.products, 2), 2)


def test_cli_reports_infeasible_input_with_status_2():
    data = cli_input()
    data["k"] = 4
    proc = run_cli("-", stdin=json.dumps(data))
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: product 'p1'")
    data["k"] = 3                       # j1 can take one product, the others need 8 slots
    proc = run_cli("-", stdin=json.dumps(data))
    assert proc.returncode == 2 and "'j1'" in proc.stderr
    data["strict_balance"] = False
    proc = run_cli("-", stdin=json.dumps(data))
    assert proc.returncode == 0 and json.loads(proc.stdout)["load_range"] == [1, 3]
    proc = run_cli("-", stdin="[]")
    assert proc.returncode == 2 and proc.stderr.startswith("error: input must be a JSON object")
