"""Races on PostgreSQL: two organizers deciding at once, two categories with one slug."""
import threading

import pytest

from techfest.core.db import db
from techfest.submissions.models import Category, Product, ProductTransition
from tests.factories import make_edition, make_org, make_user
from tests.submissions.factories import make_category, make_product

pytestmark = pytest.mark.postgres


def _race(app, n, work):
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        with app.app_context():
            try:
                barrier.wait()
                results[i] = ("ok", work(i))
            except Exception as exc:  # noqa: BLE001 - the result is what the test checks
                results[i] = ("error", type(exc).__name__)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def test_two_organizers_deciding_the_same_product_at_once_apply_one_decision(app):
    from techfest.accounts.models import User
    from techfest.submissions import services

    edition = make_edition(slug="hp", status="closed")
    org = make_org("Công ty CP Điện tử Hải Phòng")
    product_id = make_product(edition, org, "under_review", make_category(edition)).id
    organizers = [make_user(f"org{i}@sokhcn.example.vn", role="organizer", edition=edition).id for i in range(6)]
    # Accept or reject: neither can follow the other, so whatever the order exactly one may succeed
    # (waitlisted would be a legitimate step before either).
    targets = ["accepted", "rejected"] * 3

    def decide(i):
        actor = db.session.get(User, organizers[i])
        p = db.session.get(Product, product_id)
        return services.transition_product(actor, p, targets[i], f"quyết định {i}").status

    results = _race(app, 6, decide)
    ok = [r for r in results if r[0] == "ok"]
    assert len(ok) == 1, results
    assert all(r == ("error", "InvalidTransition") for r in results if r[0] == "error"), results
    db.session.expire_all()
    rows = db.session.scalars(db.select(ProductTransition)).all()
    assert len(rows) == 1
    assert db.session.get(Product, product_id).status == rows[0].to_status == ok[0][1]


def test_two_categories_with_one_short_name_at_once_make_one_row(app):
    from techfest.accounts.models import User
    from techfest.editions.models import Edition
    from techfest.submissions import services

    edition_id = make_edition(slug="hp", status="open").id
    organizer_id = make_user("org@sokhcn.example.vn", role="organizer", edition=db.session.get(Edition, edition_id)).id

    def create(i):
        return services.create_category(db.session.get(User, organizer_id), db.session.get(Edition, edition_id),
                                        {"name": f"Y học biển {i}", "slug": "y-hoc-bien"}).id

    results = _race(app, 5, create)
    assert sum(r[0] == "ok" for r in results) == 1, results
    assert all(r == ("error", "Conflict") for r in results if r[0] == "error"), results
    assert db.session.scalar(db.select(db.func.count()).select_from(Category)) == 1
