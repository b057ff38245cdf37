"""Pure modules: the round status machine, per-category standings, award line, walking order."""
import json
import subprocess
import sys

import pytest

from techfest.judging import standings, workflow
from techfest.judging.standings import Ranked, award_line, by_category, natural_key, standings_for, walking_key
from techfest.judging.workflow import RoundStatus


def test_rounds_move_draft_scoring_closed_published_and_back_only_where_allowed():
    assert workflow.check_transition("draft", "scoring") == RoundStatus.SCORING
    assert workflow.check_transition("scoring", "closed") == RoundStatus.CLOSED
    assert workflow.check_transition("closed", "scoring") == RoundStatus.SCORING   # reopen
    assert workflow.check_transition("closed", "published") == RoundStatus.PUBLISHED
    assert workflow.check_transition("published", "closed") == RoundStatus.CLOSED  # withdraw
    for frm, to in [("draft", "closed"), ("draft", "published"), ("scoring", "published"),
                    ("scoring", "draft"), ("published", "scoring"), ("closed", "bogus"), ("nope", "draft")]:
        with pytest.raises(workflow.TransitionRefused):
            workflow.check_transition(frm, to)
    assert workflow.allowed_targets("closed") == [RoundStatus.SCORING, RoundStatus.PUBLISHED]


def test_who_may_do_what_at_each_status():
    assert [s for s in RoundStatus if workflow.scoring_open(s)] == [RoundStatus.SCORING]
    assert [s for s in RoundStatus if workflow.rubric_editable(s)] == [RoundStatus.DRAFT]
    assert [s for s in RoundStatus if workflow.awards_editable(s)] == [RoundStatus.CLOSED]
    assert not workflow.judges_see_round("draft") and workflow.judges_see_round("closed")


def rows(*triples):
    return [Ranked(p, s, lo, hi, 3) for p, s, lo, hi in triples]


def test_award_line_lies_midway_below_the_last_medal_and_flags_intervals_crossing_it():
    st = standings_for(rows(("a", 9, 8.5, 9.5), ("b", 8, 7.8, 8.2), ("c", 7, 6.0, 7.2),
                            ("d", 6, 5.8, 6.8), ("e", 3, 2, 4)), podium=3)
    assert st.line == 6.5                                  # (7 + 6) / 2
    assert [(s.product, s.rank, s.flagged) for s in st.rows] == [
        ("a", 1, False), ("b", 2, False), ("c", 3, True), ("d", 4, True), ("e", 5, False)]


def test_category_with_no_more_products_than_medals_has_no_line():
    st = standings_for(rows(("a", 9, 1, 10), ("b", 8, 1, 10)), podium=3)
    assert st.line is None and not any(s.flagged for s in st.rows)
    assert award_line([9, 8, 7], 0) is None


def test_tie_across_the_line_shares_the_rank_and_flags_both():
    st = standings_for(rows(("x", 8, 8, 8), ("y", 7, 7, 7), ("z", 7, 7, 7)), podium=2)
    assert [(s.product, s.rank) for s in st.rows] == [("x", 1), ("y", 2), ("z", 2)]
    assert st.line == 7 and [s.flagged for s in st.rows] == [False, True, True]


def test_ranking_is_split_by_category_and_ranked_within_each():
    result = by_category(rows(("p1", 9, 9, 9), ("p2", 8, 8, 8), ("p3", 7, 7, 7), ("p4", 6, 6, 6)),
                         {"p1": "A", "p2": "B", "p3": "A", "p4": "B"}, podium=1)
    assert [(s.product, s.rank) for s in result["A"].rows] == [("p1", 1), ("p3", 2)]
    assert [(s.product, s.rank) for s in result["B"].rows] == [("p2", 1), ("p4", 2)]


def test_walking_order_follows_booth_codes_naturally_then_products_without_booth():
    items = [("B-1", 1, "x", 1), (None, 20, "a", 2), ("A-10", 1, "y", 3), ("a-2", 1, "z", 4), (None, 10, "b", 5)]
    ordered = sorted(items, key=lambda t: walking_key(*t))
    assert [t[3] for t in ordered] == [4, 3, 1, 5, 2]
    assert natural_key("A-2") < natural_key("A-10") < natural_key("B-1")


def test_command_line_prints_standings(tmp_path):
    data = {"podium": 1, "categories": {"p1": "c", "p2": "c"},
            "ranking": [{"product": "p1", "score": 7, "low": 6, "high": 8, "judges": 3},
                        {"product": "p2", "score": 6.5, "low": 6, "high": 7, "judges": 3}]}
    path = tmp_path / "in.json"
    path.write_text(json.dumps(data))
    out = subprocess.run([sys.executable, "-m", "techfest.judging.standings", str(path)], capture_output=True,
                         text=True, check=True)
    result = json.loads(out.stdout)["categories"]["c"]
    assert result["line"] == 6.75 and [r["flagged"] for r in result["rows"]] == [True, True]
    bad = subprocess.run([sys.executable, "-m", "techfest.judging.standings", "-"], input="{}", capture_output=True,
                         text=True)
    assert bad.returncode == 2 and "error" in bad.stderr
    assert standings.DEFAULT_PODIUM == 3
