"""The demo: about 60 products in every status, from a dozen organisations, loaded once."""
from techfest.core.db import db
from techfest.submissions.models import Category, Product, ProductImage, ProductTransition
from techfest.submissions.workflow import ProductStatus


def _counts():
    return tuple(db.session.scalar(db.select(db.func.count()).select_from(m))
                 for m in (Product, ProductImage, ProductTransition, Category))


def test_demo_products_cover_every_status_and_loading_twice_changes_nothing(app):
    from techfest.demo import load_demo

    editions = load_demo()
    first = _counts()
    load_demo()
    assert _counts() == first
    products = db.session.scalars(db.select(Product)).all()
    assert 55 <= len(products) <= 65
    current = [p for p in products if p.edition_id == editions["current"].id]
    assert {p.status for p in current} == set(ProductStatus)
    orgs = {p.organisation for p in products}
    assert len(orgs) >= 12
    assert {o.type for o in orgs} >= {"university", "company", "startup", "research_institute"}
    assert any(o.country == "KR" for o in orgs)
    # every edition has the demo categories, and every product one of its own edition's
    from techfest.demo import DEMO_CATEGORIES

    for edition in editions.values():
        slugs = set(db.session.scalars(db.select(Category.slug).where(Category.edition_id == edition.id)))
        assert slugs == {c[0] for c in DEMO_CATEGORIES}
    assert all(p.category.edition_id == p.edition_id for p in products)
    # histories end where the products are
    for p in current:
        if p.status != "draft":
            assert p.transitions[-1].to_status == p.status
    assert all(p.images for p in products)
