"""Races on PostgreSQL: two organizers publishing, or moving the same session, at the same moment."""
import threading

import pytest

from techfest.core.db import db
from techfest.core.errors import Conflict
from techfest.forum import services
from techfest.forum.models import ScheduleVersion, Session
from tests.factories import make_edition, make_user
from tests.forum.factories import at, make_room, make_session

pytestmark = pytest.mark.postgres
N = 6


def _race(app, work):
    barrier = threading.Barrier(N)
    results = []

    def run():
        with app.app_context():
            barrier.wait()
            try:
                work()
                results.append("ok")
            except Conflict:
                results.append("conflict")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(N)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def test_concurrent_publishes_create_one_version(app):
    edition = make_edition(slug="hp", status="live")
    organizer = make_user("org@example.vn", role="organizer", edition=edition)
    make_session(edition, title="Phiên 1", room=make_room(edition))
    edition_id, user_id = edition.id, organizer.id

    def publish():
        from techfest.accounts.models import User
        from techfest.editions.models import Edition

        services.publish_schedule(db.session.get(User, user_id), db.session.get(Edition, edition_id))

    results = _race(app, publish)
    assert sorted(results) == ["conflict"] * (N - 1) + ["ok"]
    assert db.session.scalars(db.select(ScheduleVersion.number)).all() == [1]


def test_concurrent_moves_of_one_session_let_one_win(app):
    edition = make_edition(slug="hp", status="live")
    rooms = [make_room(edition, f"Phòng {i}") for i in range(N)]
    session = make_session(edition, title="Tọa đàm", room=rooms[0])
    edition_id, session_id, lock = edition.id, session.id, session.lock_version
    room_ids = iter([r.id for r in rooms])
    lock_ids = threading.Lock()

    def move():
        from techfest.editions.models import Edition

        with lock_ids:
            room_id = next(room_ids)
        ed = db.session.get(Edition, edition_id)
        s = db.session.get(Session, session_id)
        services.move_session(None, ed, s, room_id, at(ed, 0, "14:00"), lock_version=lock)

    results = _race(app, move)
    assert results.count("ok") == 1 and results.count("conflict") == N - 1
    db.session.expire_all()
    assert db.session.get(Session, session_id).lock_version == lock + 1
