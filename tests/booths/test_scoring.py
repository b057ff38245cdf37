"""From preferences to the allocation problem: scores, avoid pairs, locks, and the proposal rows."""
import pytest

from techfest.booths import allocation
from techfest.booths.scoring import (DEFAULT_CONFIG, BoothInfo, ExhibitorInfo, Preference, build_problem, describe,
                                     normalise_config, score)

ZONE_ELEC, ZONE_MECH = 1, 2
CAT_ELEC, CAT_AGRI = 10, 20
ZONE_CATS = {ZONE_ELEC: CAT_ELEC, ZONE_MECH: None}


def booth(code, zone=ZONE_ELEC, size="standard", features=("power",), neighbors=()):
    return BoothInfo(code, size, frozenset(features), zone, tuple(neighbors))


def exhibitor(key, prefs=(), tier="standard", categories=(), size="standard", needs=("power",), near=()):
    return ExhibitorInfo(key, size, frozenset(needs), tier, frozenset(categories), tuple(prefs), tuple(near))


CONFIG = normalise_config(None)[0]


def test_defaults_are_the_documented_ones():
    assert CONFIG == DEFAULT_CONFIG
    assert CONFIG["rank_scores"] == [100, 80, 60, 40, 20]


def test_a_ranked_booth_scores_its_rank_and_a_ranked_zone_a_share_of_it():
    e = exhibitor("org-1", [Preference(1, booth="A-01"), Preference(2, zone=ZONE_MECH)])
    assert score(e, booth("A-01"), CONFIG, ZONE_CATS) == 100
    assert score(e, booth("B-01", zone=ZONE_MECH), CONFIG, ZONE_CATS) == 72    # 80 × 90 %
    assert score(e, booth("A-09"), CONFIG, ZONE_CATS) == 0


def test_the_best_matching_choice_counts_not_the_sum():
    e = exhibitor("org-1", [Preference(1, zone=ZONE_ELEC), Preference(3, booth="A-01")])
    assert score(e, booth("A-01"), CONFIG, ZONE_CATS) == 90   # zone rank 1 (90) beats booth rank 3 (60)


def test_category_and_near_bonuses_add_and_the_tier_multiplies():
    e = exhibitor("org-1", [Preference(1, zone=ZONE_ELEC)], tier="sponsor", categories=[CAT_ELEC])
    assert score(e, booth("A-01"), CONFIG, ZONE_CATS) == (90 + 30) * 3
    assert score(e, booth("A-01"), CONFIG, ZONE_CATS, near_zones=frozenset({ZONE_ELEC})) == (90 + 30 + 20) * 3
    plain = exhibitor("org-2", categories=[CAT_AGRI])
    assert score(plain, booth("A-01"), CONFIG, ZONE_CATS) == 0


def test_settings_are_validated():
    config, errors = normalise_config({"rank_scores": [100, 80], "zone_percent": -5, "tier_percent": {"sponsor": "x"},
                                       "mystery": 1})
    assert set(errors) == {"rank_scores", "zone_percent", "tier_percent.sponsor", "mystery"}
    custom, errors = normalise_config({"rank_scores": [50, 40, 30, 20, 10], "tier_percent": {"sponsor": 500}})
    assert not errors and custom["tier_percent"] == {"sponsor": 500, "international": 200, "returning": 150,
                                                     "standard": 100}


def test_build_problem_scores_only_fitting_booths_and_carries_avoid_pairs_and_locks():
    booths = [booth("A-01", neighbors=["A-02"]), booth("A-02", neighbors=["A-01"]),
              booth("D-01", size="double", features=("power", "water"))]
    exs = [exhibitor("org-1", [Preference(1, booth="A-01"), Preference(2, booth="D-01")]),
           exhibitor("org-2", [Preference(1, booth="A-01")], size="double", needs=("water",)),
           exhibitor("org-3", [Preference(1, booth="A-02")])]
    problem = build_problem(booths, exs, CONFIG, ZONE_CATS, locks={"org-3": "A-02"},
                            avoid_pairs=[("org-3", "org-1"), ("org-1", "org-404")])
    by_id = {e["id"]: e for e in problem["exhibitors"]}
    assert by_id["org-1"]["scores"] == {"A-01": 100}          # D-01 is double: not scored
    assert by_id["org-2"]["scores"] == {}                      # its wish does not fit
    assert by_id["org-1"]["avoid"] == ["org-3"]                # unknown org-404 dropped
    assert problem["locks"] == {"org-3": "A-02"}
    assert problem["booths"][0] == {"id": "A-01", "size": "standard", "features": ["power"], "neighbors": ["A-02"]}
    solution = allocation.solve(allocation.parse_problem(problem))
    assert solution.assignment["org-3"] == "A-02"
    assert "org-1" not in solution.assignment  # its only booth A-01 neighbours its competitor's lock
    assert solution.assignment["org-2"] == "D-01"


def test_near_wishes_use_the_zone_of_the_other_organisation():
    booths = [booth("A-01"), booth("B-01", zone=ZONE_MECH)]
    exs = [exhibitor("org-1", near=["org-2"]), exhibitor("org-2", [Preference(1, zone=ZONE_MECH)])]
    problem = build_problem(booths, exs, CONFIG, ZONE_CATS)
    assert {e["id"]: e["scores"] for e in problem["exhibitors"]}["org-1"] == {"B-01": 20}
    problem = build_problem(booths, exs, CONFIG, ZONE_CATS, current={"org-2": "A-01"})
    assert {e["id"]: e["scores"] for e in problem["exhibitors"]}["org-1"] == {"A-01": 20}


def test_describe_reports_changes_ranks_and_reasons():
    booths = [booth("A-01", neighbors=["A-02"]), booth("A-02", neighbors=["A-01"]), booth("A-03")]
    exs = [exhibitor("org-1", [Preference(2, booth="A-02")], near=["org-2"]),
           exhibitor("org-2", [Preference(1, zone=ZONE_ELEC)]),
           exhibitor("org-3", size="island"),
           exhibitor("org-4")]
    problem = build_problem(booths, exs, CONFIG, ZONE_CATS)
    rows = {r.key: r for r in describe(exs, booths, {"org-1": "A-02", "org-2": "A-01", "org-4": "A-03"},
                                       {"org-1": "A-01", "org-4": "A-03", "org-9": "A-09"}, problem)}
    # 80 for its 2nd choice + 20: org-2, whom it wants to be near, ranked A-02's zone first
    assert (rows["org-1"].change, rows["org-1"].rank, rows["org-1"].by_zone, rows["org-1"].score) == ("moved", 2, False, 100)
    assert rows["org-1"].near_met == ["org-2"]
    assert (rows["org-2"].change, rows["org-2"].rank, rows["org-2"].by_zone) == ("new", 1, True)
    assert (rows["org-3"].change, rows["org-3"].reason) == ("unassigned", "no_fitting_booth")
    assert rows["org-4"].change == "unchanged" and rows["org-4"].rank is None
    assert (rows["org-9"].change, rows["org-9"].reason) == ("removed", "not_accepted")


@pytest.mark.parametrize("tier,a_gets", [("standard", "A-02"), ("sponsor", "A-01")])
def test_tier_weight_decides_who_gets_a_contested_first_choice(tier, a_gets):
    # org-a: A-01 first (100), A-02 fifth (20); org-b: only A-01 (100).
    # standard: a→A-02, b→A-01 = 20 + 100 = 120 beats a→A-01 = 100 + 0.
    # sponsor (×3): a→A-01 = 300 beats a→A-02, b→A-01 = 60 + 100 = 160.
    booths = [booth("A-01"), booth("A-02")]
    exs = [exhibitor("org-a", [Preference(1, booth="A-01"), Preference(5, booth="A-02")], tier=tier),
           exhibitor("org-b", [Preference(1, booth="A-01")])]
    solution = allocation.solve(allocation.parse_problem(build_problem(booths, exs, CONFIG, ZONE_CATS)))
    assert solution.assignment["org-a"] == a_gets
    assert len(solution.assignment) == 2  # both placed whatever the weights
