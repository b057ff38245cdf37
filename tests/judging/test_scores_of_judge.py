"""A judge's own scores, as the privacy export ("My data") lists them."""
from __future__ import annotations

from techfest.judging import services
from tests.factories import make_edition, make_user
from tests.judging.factories import make_judge, make_published_round


def test_scores_of_judge_lists_every_score_of_that_judge_and_nobody_elses(app):
    edition = make_edition(slug="hp", status="live")
    organizer = make_user("btc@example.vn", role="organizer", edition=edition)
    judge, other = make_judge(edition), make_judge(edition, name="TS. Phạm Thu Trang")
    world = make_published_round(edition, judge, organizer)
    rnd = world["round"]

    scores = services.scores_of_judge(judge)
    assert sorted(s.criterion for s in scores) == sorted(c.key for c in rnd.criteria)
    assert {(s.edition, s.round, s.product_id, s.value, s.comment) for s in scores} == {
        ("hp", rnd.slug, world["product"].id, 8, "Rất thuyết phục.")}
    assert services.scores_of_judge(other) == []
