"""Races on PostgreSQL: organizers assigning the same booth, competitors next door, one proposal
published twice — each thread with its own app context and session, released together."""
import threading

import pytest
from sqlalchemy import func, select

from techfest.booths.models import AllocationRun, BoothAssignment, Booth
from techfest.core.db import db
from tests.booths.factories import make_exhibitor_org, make_hall, make_organizer, make_row
from tests.factories import make_edition

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
                results[i] = ("error", type(exc).__name__, getattr(exc, "reason", None), getattr(exc, "message", str(exc)))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.mark.parametrize("n", [2, 8])
def test_organizers_assigning_the_same_booth_at_once_end_with_one_assignment(app, n):
    from techfest.accounts.models import User
    from techfest.booths import services

    edition = make_edition(slug="hp", status="live")
    booth_id = make_row(make_hall(edition), "A", 1)[0].id
    orgs = [make_exhibitor_org(edition, f"Công ty Trưng bày {i}").id for i in range(n)]
    organizers = [make_organizer(edition, f"btc{i}@sokhcn.example.vn").id for i in range(n)]
    edition_id = edition.id

    def assign(i):
        from techfest.editions.models import Edition

        ed = db.session.get(Edition, edition_id)
        return services.assign_booth(db.session.get(User, organizers[i]), ed, booth_id, orgs[i]).organisation_id

    results = _race(app, n, assign)
    ok = [r for r in results if r[0] == "ok"]
    assert len(ok) == 1, results
    errors = [r for r in results if r[0] == "error"]
    assert all(r[1] == "Conflict" and r[2] == "booth_taken" and "A-01" in r[3] for r in errors), results
    db.session.expire_all()
    rows = db.session.scalars(select(BoothAssignment)).all()
    assert len(rows) == 1 and rows[0].organisation_id == ok[0][1]
    assert db.session.get(Booth, booth_id).status == "assigned"


def test_two_competitors_assigned_side_by_side_at_once_cannot_both_win(app):
    from techfest.accounts.models import User
    from techfest.booths import services

    edition = make_edition(slug="hp", status="live")
    row = make_row(make_hall(edition), "A", 2)
    a, b = make_exhibitor_org(edition, "Công ty Cảm biến Xanh"), make_exhibitor_org(edition, "Công ty Cảm biến Đỏ")
    organizers = [make_organizer(edition, f"btc{i}@sokhcn.example.vn") for i in range(2)]
    services.add_competitor_pair(organizers[0], edition, a.id, b.id)
    plan = [(organizers[0].id, row[0].id, a.id), (organizers[1].id, row[1].id, b.id)]
    edition_id = edition.id

    def assign(i):
        from techfest.editions.models import Edition

        user_id, booth_id, org_id = plan[i]
        return services.assign_booth(db.session.get(User, user_id), db.session.get(Edition, edition_id), booth_id, org_id).id

    results = _race(app, 2, assign)
    assert sum(1 for r in results if r[0] == "ok") == 1, results
    assert [r[2] for r in results if r[0] == "error"] == ["competitor_adjacent"], results
    assert db.session.scalar(select(func.count(BoothAssignment.id))) == 1


def test_a_proposal_published_twice_at_once_is_applied_once(app):
    from techfest.accounts.models import User
    from techfest.booths import proposals

    edition = make_edition(slug="hp", status="live")
    make_row(make_hall(edition), "A", 6)
    for i in range(4):
        make_exhibitor_org(edition, f"Công ty Trưng bày {i}")
    organizers = [make_organizer(edition, f"btc{i}@sokhcn.example.vn") for i in range(3)]
    run_id = proposals.run_allocation(organizers[0], edition).id
    user_ids = [o.id for o in organizers]
    edition_id = edition.id

    def publish(i):
        from techfest.editions.models import Edition

        return proposals.publish_run(db.session.get(User, user_ids[i]), db.session.get(Edition, edition_id), run_id)

    results = _race(app, 3, publish)
    assert sum(1 for r in results if r[0] == "ok") == 1, results
    assert all(r[2] == "not_proposed" for r in results if r[0] == "error"), results
    assert db.session.scalar(select(func.count(BoothAssignment.id))) == 4
    db.session.expire_all()
    assert db.session.get(AllocationRun, run_id).status == "published"
