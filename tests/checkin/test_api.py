"""POST /api/v1/checkin, batch, undo, points CRUD and stats: every status, retries, permissions."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from techfest.checkin.models import Checkin, Scan
from techfest.core.db import db
from tests.factories import make_edition, make_token, make_user
from tests.registration.factories import make_registration

from .factories import make_point, token_for


def scan(api, w, token=None, point="GATE-A", nonce=None, auth=None, **kw):
    body = {"token": token if token is not None else w.token, "point": point, "nonce": nonce or uuid.uuid4().hex, **kw}
    return api.post("/api/v1/checkin", body, token=auth or w.staff_token)


def test_first_scan_is_ok_second_is_already_checked_in(api, world):
    first = scan(api, world)
    assert first.status_code == 200
    assert first.json["status"] == "ok"
    assert first.json["registration"] == {"id": world.visitor.id, "name": "Nguyễn Thị Thu Hà", "type": "visitor",
                                          "organisation": world.visitor.organisation}
    second = scan(api, world)
    assert second.json["status"] == "already_checked_in"
    assert second.json["first_checkin_at"] == first.json["scanned_at"]
    assert db.session.scalar(select(func.count()).select_from(Checkin)) == 1
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 2  # every scan is logged


def test_token_inside_a_url_is_accepted(api, world):
    resp = scan(api, world, token=f"https://techfest.example.vn/b/{world.token}")
    assert resp.json["status"] == "ok"


def test_repeated_nonce_replays_the_first_answer_and_records_nothing(api, world):
    first = scan(api, world, nonce="phone-1-0001")
    again = scan(api, world, nonce="phone-1-0001")
    assert first.json == again.json and again.json["status"] == "ok"
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 1


def test_invalid_revoked_and_wrong_edition(api, world):
    assert scan(api, world, token="TF1.not-a-real-token").json["status"] == "invalid"
    assert scan(api, world, token=world.token[:-3] + "AAA").json["status"] == "invalid"
    assert "registration" not in scan(api, world, token="hello").json

    from techfest.registration import services as reg

    cancelled = make_registration(world.edition, name="Trần Văn Hủy", email="huy@example.vn")
    old = token_for(cancelled)
    reg.cancel_registration(world.organizer, cancelled, notify_attendee=False)
    resp = scan(api, world, token=old)
    assert resp.json["status"] == "revoked" and resp.json["registration"]["name"] == "Trần Văn Hủy"

    other = make_edition(slug="dn", status="live", name="Techfest Đà Nẵng")
    stranger = make_registration(other, name="Lê Khách Lạ", email="la@example.vn")
    assert scan(api, world, token=token_for(stranger)).json["status"] == "wrong_edition"


def test_not_valid_today_not_allowed_here_and_capacity(api, world):
    e = world.edition
    tomorrow_only = make_registration(e, name="Đỗ Ngày Mai", email="mai@example.vn",
                                      days=[(world.today + timedelta(days=1)).isoformat()])
    assert scan(api, world, token=token_for(tomorrow_only)).json["status"] == "not_valid_today"

    make_point(e, "VIP-HALL", name="Phòng VIP", kind="session", types=["vip"], staff=[world.staff],
               actor=world.organizer)
    assert scan(api, world, point="VIP-HALL").json["status"] == "not_allowed_here"

    make_point(e, "ROOM-1", name="Hội trường nhỏ", kind="session", capacity=1, staff=[world.staff],
               actor=world.organizer)
    assert scan(api, world, point="ROOM-1").json["status"] == "ok"
    second = make_registration(e, name="Hoàng Thị Mai", email="hmai@example.vn")
    assert scan(api, world, token=token_for(second), point="ROOM-1").json["status"] == "capacity_reached"
    assert scan(api, world, point="ROOM-1").json["status"] == "already_checked_in"


def test_multiple_entry_point_accepts_every_scan(api, world):
    make_point(world.edition, "EXPO", name="Khu trưng bày", single_entry=False, staff=[world.staff],
               actor=world.organizer)
    assert [scan(api, world, point="EXPO").json["status"] for _ in range(3)] == ["ok", "ok", "ok"]


def test_exit_scans_count_people_inside(api, world):
    make_point(world.edition, "GATE-B", name="Cổng B", exits=True, single_entry=False, staff=[world.staff],
               actor=world.organizer)
    assert scan(api, world, point="GATE-B").json["status"] == "ok"
    stats = api.get("/api/v1/editions/hp/checkin/stats", token=world.org_token).json
    assert stats["points"]["GATE-B"]["inside"] == 1 and stats["inside"] == 1
    assert scan(api, world, point="GATE-B", direction="out").json["status"] == "ok"
    stats = api.get("/api/v1/editions/hp/checkin/stats", token=world.org_token).json
    assert stats["points"]["GATE-B"]["inside"] == 0
    assert stats["points"]["GATE-B"]["entries"] == 1 and stats["points"]["GATE-B"]["exits"] == 1
    assert sum(stats["days"].values()) == 1 and sum(stats["hours"].values()) == 1
    # a point without exit scanning refuses an exit
    resp = scan(api, world, direction="out")
    assert resp.status_code == 422 and "direction" in resp.json["fields"]


def test_undo_lets_the_badge_in_again(api, world):
    first = scan(api, world, nonce="n-undo")
    assert api.post("/api/v1/checkin/undo", {"nonce": "n-undo"}, token=world.staff_token).json["undone"] is True
    assert scan(api, world).json["status"] == "ok"
    assert db.session.get(Scan, 1).undone_at is not None
    assert first.json["status"] == "ok"


def test_input_errors_name_the_field(api, world):
    resp = api.post("/api/v1/checkin", {"point": "GATE-A", "nonce": "x"}, token=world.staff_token)
    assert resp.status_code == 422 and "token" in resp.json["fields"]
    resp = scan(api, world, scanned_at="hôm qua")
    assert resp.status_code == 422 and "scanned_at" in resp.json["fields"]
    assert scan(api, world, point="NOPE").status_code == 404
    assert api.post("/api/v1/checkin", {"token": "x", "point": "GATE-A", "nonce": "y"}).status_code == 401


def test_staff_limited_to_their_points_and_edition(api, world):
    make_point(world.edition, "GATE-C", name="Cổng C", actor=world.organizer)  # nobody assigned
    assert scan(api, world, point="GATE-C").status_code == 403
    other = make_edition(slug="dn", status="live", name="Techfest Đà Nẵng")
    dn_staff = make_user("dn.staff@example.vn", role="checkin", edition=other)
    dn_org = make_user("dn.btc@example.vn", role="organizer", edition=other)
    make_point(other, "DN-GATE", name="Cổng Đà Nẵng", staff=[dn_staff], actor=dn_org)
    dn_token = make_token(dn_staff)
    resp = scan(api, world, auth=dn_token)  # a Hải Phòng gate with a Đà Nẵng staff token
    assert resp.status_code == 403 and "registration" not in resp.json
    assert api.get("/api/v1/editions/hp/checkin/stats", token=dn_token).status_code == 403
    assert api.get("/api/v1/editions/hp/checkin/points", token=make_token(dn_org)).status_code == 403
    assert api.patch("/api/v1/checkin/points/GATE-A", {"name": "x"}, token=make_token(dn_org)).status_code == 403
    batch = api.post("/api/v1/checkin/batch", {"scans": [{"token": world.token, "point": "GATE-A", "nonce": "z"}]},
                     token=dn_token)
    assert batch.json["results"][0]["status"] == "error" and "registration" not in batch.json["results"][0]
    assert db.session.scalar(select(func.count()).select_from(Checkin)) == 0


def test_batch_upload_with_offline_conflict_keeps_every_scan(api, world):
    second_staff = make_user("soatve2@example.vn", role="checkin", edition=world.edition)
    api.patch("/api/v1/checkin/points/GATE-A", {"staff": ["soatve@example.vn", "soatve2@example.vn"]},
              token=world.org_token)
    base = datetime.now(timezone.utc) - timedelta(minutes=30)
    # phone 2 uploads first, but phone 1 scanned the badge two minutes earlier
    late = api.post("/api/v1/checkin/batch", {"scans": [
        {"token": world.token, "point": "GATE-A", "nonce": "p2-1", "scanned_at": (base + timedelta(minutes=2)).isoformat()},
    ]}, token=make_token(second_staff)).json["results"]
    assert late[0]["status"] == "ok"
    early = api.post("/api/v1/checkin/batch", {"scans": [
        {"token": world.token, "point": "GATE-A", "nonce": "p1-1", "scanned_at": base.isoformat()},
        {"token": "garbage", "point": "GATE-A", "nonce": "p1-2", "scanned_at": base.isoformat()},
        {"token": world.token, "point": "GATE-A", "nonce": "p1-3"},
    ]}, token=world.staff_token).json["results"]
    assert [r["status"] for r in early] == ["ok", "invalid", "already_checked_in"]
    entry = db.session.scalar(select(Checkin))
    assert entry.checked_at == base.replace(microsecond=base.microsecond)  # the earliest scan wins
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 4  # no scan lost
    conflicts = list(db.session.scalars(select(Scan.nonce).where(Scan.conflict.is_(True))))
    assert "p2-1" in conflicts
    # the batch replays on retry
    again = api.post("/api/v1/checkin/batch", {"scans": [
        {"token": world.token, "point": "GATE-A", "nonce": "p1-1", "scanned_at": base.isoformat()}]},
        token=world.staff_token).json["results"]
    assert again[0] == early[0]
    # organizers see the conflict on the dashboard
    from tests.conftest import Browser  # noqa: F401


def test_points_crud(api, world):
    token = world.org_token
    resp = api.post("/api/v1/editions/hp/checkin/points", {
        "code": "FORUM-1", "name": "Hội trường Diễn đàn 1", "kind": "session", "types": ["visitor", "vip"],
        "days": [world.today.isoformat()], "single_entry": True, "capacity": 200, "staff": ["soatve@example.vn"]},
        token=token)
    assert resp.status_code == 201, resp.json
    assert resp.headers["Location"].endswith("/api/v1/checkin/points/FORUM-1")
    assert resp.json["staff"] == ["soatve@example.vn"] and resp.json["capacity"] == 200
    assert api.post("/api/v1/editions/hp/checkin/points", {"code": "FORUM-1", "name": "x"}, token=token).status_code == 409
    bad = api.post("/api/v1/editions/hp/checkin/points", {"code": "F 2", "name": "", "kind": "bar",
                                                           "staff": ["nobody@example.vn"]}, token=token)
    assert bad.status_code == 422 and {"code", "name", "kind"} <= set(bad.json["fields"])
    unknown = api.post("/api/v1/editions/hp/checkin/points", {"code": "F2", "name": "Phòng 2",
                                                               "staff": ["nobody@example.vn"]}, token=token)
    assert unknown.status_code == 422 and "staff" in unknown.json["fields"]
    listing = api.get("/api/v1/editions/hp/checkin/points", token=token).json
    assert {p["code"] for p in listing["items"]} == {"GATE-A", "FORUM-1"}
    patched = api.patch("/api/v1/checkin/points/FORUM-1", {"capacity": None, "staff": []}, token=token)
    assert patched.status_code == 200 and patched.json["capacity"] is None and patched.json["staff"] == []
    assert api.delete("/api/v1/checkin/points/FORUM-1", token=token).status_code == 204
    assert api.delete("/api/v1/checkin/points/FORUM-1", token=token).status_code == 404
    assert api.get("/api/v1/editions/hp/checkin/points", token=world.staff_token).status_code == 403


def test_scanner_page_and_dashboard(browser, world, api):
    scan(api, world)
    browser.login("soatve@example.vn")
    page = browser.get("/checkin").get_data(as_text=True)
    assert "Cổng A" in page
    page = browser.get("/checkin/GATE-A").get_data(as_text=True)
    assert 'id="checkin-wedge"' in page and "<script>" not in page
    found = browser.get("/checkin/GATE-A/search?q=nguyen thi thu ha").json["items"]
    assert [r["name"] for r in found] == ["Nguyễn Thị Thu Hà"]
    bundle = browser.get("/checkin/GATE-A/offline.json").json
    assert bundle["public_key"] and bundle["registrations"][0]["name"] == "Nguyễn Thị Thu Hà"
    assert browser.get("/editions/hp/checkin").status_code == 403
    browser.logout()
    browser.login("btc@example.vn")
    dash = browser.get("/editions/hp/checkin").get_data(as_text=True)
    assert "Nguyễn Thị Thu Hà" in dash and "<svg" in dash


def test_a_nonce_is_per_user_another_staff_member_gets_their_own_fresh_answer(api, world):
    # Two phones happen to make the same nonce: the second one must not replay the first one's
    # answer (that would show one visitor's name to another gate) nor be refused.
    second_staff = make_user("soatve2@example.vn", name="Lê Thị Gác", role="checkin", edition=world.edition)
    make_point(world.edition, "GATE-B", name="Cổng B", staff=[second_staff], actor=world.organizer)
    other = make_registration(world.edition, name="Kim Min-jun", email="minjun@example.kr")
    first = scan(api, world, nonce="dup-0001")
    mine = scan(api, world, token=token_for(other), point="GATE-B", nonce="dup-0001", auth=make_token(second_staff))
    assert first.json["status"] == "ok" and first.json["registration"]["name"] == "Nguyễn Thị Thu Hà"
    assert mine.status_code == 200
    assert mine.json["status"] == "ok" and mine.json["registration"]["name"] == "Kim Min-jun"
    assert mine.json["point"] == "GATE-B"
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 2
    assert db.session.scalar(select(func.count()).select_from(Checkin)) == 2
    # each user's retry still replays their own answer and records nothing
    assert scan(api, world, nonce="dup-0001").json == first.json
    assert scan(api, world, token=token_for(other), point="GATE-B", nonce="dup-0001",
                auth=make_token(second_staff)).json == mine.json
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 2
    # undo by nonce takes the caller's own scan only
    assert api.post("/api/v1/checkin/undo", {"nonce": "dup-0001"}, token=world.staff_token).json["undone"] is True
    undone = dict(db.session.execute(select(Scan.user_id, Scan.undone_at)).all())
    assert undone[world.staff.id] is not None and undone[second_staff.id] is None
