"""The judging counts the reports read (judging.services.counts), against a hand count."""
from techfest.core.db import db
from techfest.judging import results, scoring, services
from techfest.judging.models import Assignment, AwardKind
from tests.factories import make_edition
from tests.judging.factories import make_published_round, make_round


def _assign(rnd, pairs):
    for product, judge in pairs:
        db.session.add(Assignment(round_id=rnd.id, judge_id=judge.id, product_id=product.id))
    db.session.commit()


def _scored_round(scene):
    """Round 1 of the scene's edition: sheets (p0, Hương), (p0, Toản), (p3, Hương), (p4, Park);
    Hương submits p0 and p3, Toản saves a draft: 3 judges, 3 products, 4 sheets, 2 submitted."""
    ed, org = scene.edition, scene.organizer
    p, j = scene.products, scene.judges
    rnd = make_round(ed, org, categories=scene.categories)
    _assign(rnd, [(p[0], j[1]), (p[0], j[2]), (p[3], j[1]), (p[4], j[3])])
    services.transition_round(org, ed, rnd, "scoring")
    for product in (p[0], p[3]):
        scoring.save_sheet(j[1], ed, rnd, product.id, {c.key: 8 for c in rnd.criteria}, submit=True)
    scoring.save_sheet(j[2], ed, rnd, p[0].id, {rnd.criteria[0].key: 6}, submit=False)
    return rnd


def test_participation_counts_judges_products_and_sheets_of_the_edition(scene):
    _scored_round(scene)
    second = make_round(scene.edition, scene.organizer, categories=scene.categories[:1])
    _assign(second, [(scene.products[1], scene.judges[1])])   # a 4th product, Hương again
    assert services.participation_counts(scene.edition) == (3, 4, 5, 2)
    counts = services.participation_counts(make_edition())
    assert (counts.judges, counts.products, counts.sheets, counts.submitted) == (0, 0, 0, 0)


def test_award_counts_by_kind_and_by_edition(scene):
    ed, org = scene.edition, scene.organizer
    rnd = _scored_round(scene)
    services.transition_round(org, ed, rnd, "closed")
    results.grant_award(org, ed, rnd, scene.products[0].id, "gold")        # Cơ khí
    results.grant_award(org, ed, rnd, scene.products[3].id, "gold")        # Nông nghiệp
    results.grant_award(org, ed, rnd, scene.products[4].id, "special", prize_name="Giải Sản phẩm vì cộng đồng")
    assert services.award_counts_by_kind(ed) == {AwardKind.GOLD: 2, AwardKind.SPECIAL: 1}
    other = make_edition(year=2025, status="archived")
    make_published_round(other, scene.judges[1], org)                     # one gold there
    empty = make_edition()
    assert services.award_counts_by_kind(other) == {AwardKind.GOLD: 1}
    assert services.award_counts_by_kind(empty) == {}
    assert services.award_counts_by_edition([ed.id, other.id, empty.id]) == {ed.id: 3, other.id: 1}
