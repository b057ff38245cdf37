"""The check-in hot path in SQL round trips (bench/checkin.py measures time; here we count
statements, which cannot flake) and the local badge check agreeing with the registration domain."""
from __future__ import annotations

import uuid

from techfest.core.db import db
from tests.factories import make_edition, make_token
from tests.registration.factories import make_registration

from .factories import token_for


def _scan(api, w, token, nonce=None):
    return api.post("/api/v1/checkin", {"token": token, "point": "GATE-A", "nonce": nonce or uuid.uuid4().hex},
                    token=w.staff_token)


def _counting(app):
    from sqlalchemy import event

    statements: list[str] = []

    def before(conn, cursor, statement, *args):
        statements.append(" ".join(statement.split()))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    return statements, lambda: event.remove(engine, "before_cursor_execute", before)


def test_an_accepted_scan_takes_four_statements_and_reads_the_key_once(app, api, world):
    other = make_registration(world.edition, name="Park Ji-woo", email="jiwoo@example.kr")
    _scan(api, world, token_for(other))  # warms the per-process key cache
    statements, stop = _counting(app)
    try:
        resp = _scan(api, world, world.token)
    finally:
        stop()
    assert resp.json["status"] == "ok"
    sql = [s for s in statements if not s.upper().startswith(("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT"))]
    # token+user+roles (so @require asks nothing more), point+rights, registration+days,
    # scan+entry (one statement on PostgreSQL, two on SQLite)
    with app.app_context():
        postgres = db.engine.dialect.name == "postgresql"
    assert len(sql) <= (4 if postgres else 5), "\n".join(sql)
    assert not any(s.startswith("SELECT edition_roles.") for s in sql)
    assert not any("registration_edition_keys" in s for s in sql)
    assert not any("checkin_point_staff.point_id AS" in s for s in sql)  # no separate staff load
    assert sum(s.startswith("SELECT users.") for s in sql) == 0  # the token's user comes joined


def test_the_api_token_and_its_user_are_one_query(app, world):
    from techfest.accounts.services import user_for_api_token

    plain = make_token(world.staff)
    user_for_api_token(plain)  # first use writes last_used_at
    db.session.expire_all()
    statements, stop = _counting(app)
    try:
        user = user_for_api_token(plain)
        assert user.email == "soatve@example.vn"
    finally:
        stop()
    assert len(statements) == 1, statements


def test_local_badge_check_agrees_with_the_registration_domain(app, world):
    from techfest.checkin import services
    from techfest.registration import services as reg

    cancelled = make_registration(world.edition, name="Trần Văn Hủy", email="huy@example.vn")
    old = token_for(cancelled)
    reg.cancel_registration(world.organizer, cancelled, notify_attendee=False)
    other = make_edition(slug="dn", status="live", name="Techfest Đà Nẵng")
    stranger = make_registration(other, name="Lê Khách Lạ", email="la@example.vn")
    texts = [world.token, f"https://techfest.example.vn/b/{world.token}", world.token[:-3] + "AAA", "hello",
             "TF1.not-a-real-token", old, token_for(stranger)]
    for text in texts * 2:  # the second round runs on the cached keys
        expected = reg.verify_badge(text, world.edition)
        reg_, status = services.verify(text, world.edition)
        assert str(status) == expected.status, text
        assert (reg_.id if reg_ else None) == (expected.registration.id if expected.registration else None), text


def test_a_stale_cached_key_is_read_again(app, world):
    from techfest.checkin import services

    app.extensions["checkin_public_keys"] = {world.edition.id: "A" * 43}  # not this edition's key
    reg_, status = services.verify(world.token, world.edition)
    assert status == "ok" and reg_.id == world.visitor.id
