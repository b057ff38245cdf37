"""The demo edition gets a finished round: 8 judges, every accepted product scored, awards
published; loading twice changes nothing."""
from techfest.core.db import db
from techfest.judging.models import Assignment, AuditEntry, Award, JudgingRound, Score, SheetStatus


def _counts():
    return tuple(db.session.scalar(db.select(db.func.count()).select_from(m))
                 for m in (JudgingRound, Assignment, Score, Award, AuditEntry))


def test_demo_has_a_published_round_judged_by_eight_judges(app, client):
    from techfest.demo import load_demo
    from techfest.judging import results, services

    editions = load_demo()
    first = _counts()
    load_demo()
    assert _counts() == first
    current = editions["current"]
    rnd = db.session.scalar(db.select(JudgingRound).where(JudgingRound.edition_id == current.id))
    assert rnd.status == "published"
    judges = services.edition_judges(current)
    assert len(judges) == 8 and any(j.organisation and j.organisation.country == "KR" for j in judges)
    products = services.eligible_products(current, rnd)
    sheets = db.session.scalars(db.select(Assignment).where(Assignment.round_id == rnd.id)).all()
    assert {s.status for s in sheets} == {SheetStatus.SUBMITTED}
    assert {s.product_id for s in sheets} == {p.id for p in products} and len(products) >= 20
    assert len({s.judge_id for s in sheets}) == 8
    loads = [sum(1 for s in sheets if s.judge_id == j.id) for j in judges]
    assert max(loads) - min(loads) <= 1
    standings = results.round_standings(current, rnd)
    assert standings.products_ranked == len(products)
    awards = results.awards_for(rnd)
    assert {a.kind for a in awards} == {"gold", "silver", "bronze", "special"}
    html = client.get(f"/editions/{current.slug}/awards/{rnd.slug}").get_data(as_text=True)
    gold = next(a for a in awards if a.kind == "gold")
    assert gold.product.title in html
