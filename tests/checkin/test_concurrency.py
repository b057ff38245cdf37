"""The first entry of the day is decided by the database: 20 simultaneous scans, one ok."""
from __future__ import annotations

import threading
import uuid

import pytest


@pytest.mark.postgres
def test_twenty_threads_same_badge_same_point_exactly_one_ok(app, world):
    from techfest.accounts.models import User
    from techfest.checkin import services
    from techfest.core.db import db

    staff_id, token, n = world.staff.id, world.token, 20
    barrier = threading.Barrier(n, timeout=30)
    results, errors = [], []

    def worker():
        with app.app_context():
            try:
                barrier.wait()  # (no connection held while waiting: the pool has 15)
                actor = db.session.get(User, staff_id)
                results.append(services.check_in(actor, {"token": token, "point": "GATE-A",
                                                         "nonce": uuid.uuid4().hex})["status"])
            except Exception as exc:  # noqa: BLE001
                errors.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(results) == ["already_checked_in"] * 19 + ["ok"]


@pytest.mark.postgres
def test_same_nonce_from_many_threads_records_one_scan(app, world):
    from sqlalchemy import func, select

    from techfest.accounts.models import User
    from techfest.checkin import services
    from techfest.checkin.models import Scan
    from techfest.core.db import db

    staff_id, token, n = world.staff.id, world.token, 10
    barrier = threading.Barrier(n, timeout=30)
    results, errors = [], []

    def worker():
        with app.app_context():
            try:
                barrier.wait()  # (no connection held while waiting: the pool has 15)
                actor = db.session.get(User, staff_id)
                results.append(services.check_in(actor, {"token": token, "point": "GATE-A", "nonce": "retry-1"}))
            except Exception as exc:  # noqa: BLE001
                errors.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert all(r == results[0] for r in results) and results[0]["status"] == "ok"
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 1
