"""/api/v1/editions/<slug>/forum: public reads of the published programme, organizer writes."""
from datetime import date

import pytest

from techfest.core.db import db
from techfest.forum.models import ScheduleVersion, Session
from tests.factories import make_edition, make_token, make_user
from tests.forum.factories import make_programme, make_room, make_session, make_speaker

BASE = "/api/v1/editions/hp/forum"


@pytest.fixture
def edition(app):
    return make_edition(slug="hp", status="live", start_date=date(2026, 11, 25))


@pytest.fixture
def organizer(edition):
    return make_user("org@example.vn", role="organizer", edition=edition)


@pytest.fixture
def token(organizer):
    return make_token(organizer)


def new_session(room, **kw):
    return {"title_vi": "Tọa đàm: Chuyển đổi số logistics", "type": "panel", "room_id": room.id,
            "start": "2026-11-25T13:30:00+07:00", "end": "2026-11-25T15:00:00+07:00", **kw}


def test_public_reads_serve_the_published_version_only(api, edition, organizer):
    prog = make_programme(edition, organizer)
    make_session(edition, title="Chưa công bố", room=prog["room"], start="14:00", end="15:00")
    body = api.get(f"{BASE}/sessions").json
    assert body["total"] == 1 and body["page"] == 1
    item = body["items"][0]
    assert item["start"] == "2026-11-25T09:00:00+07:00" and item["room"]["name"] == "Hội trường A"
    assert [(p["name"], p["role"]) for p in item["participants"]] == [("Nguyễn Thị Hương", "moderator"),
                                                                       ("Kim Min-jun (김민준)", "panelist")]
    assert api.get(f"{BASE}/sessions?q=khai+thac+THE+manh").json["total"] == 1
    assert api.get(f"{BASE}/sessions?day=2026-11-26").json["total"] == 0
    assert api.get(f"{BASE}/sessions/{item['code']}").json["title_vi"] == item["title_vi"]
    speakers = api.get(f"{BASE}/speakers").json["items"]
    assert {s["name"] for s in speakers} == {"Nguyễn Thị Hương", "Kim Min-jun (김민준)"}
    assert "email" not in speakers[0]
    assert api.get(f"{BASE}/rooms").json["items"][0]["name"] == "Hội trường A"
    assert api.get(f"{BASE}/versions").json["items"][0]["number"] == 1


def test_draft_edition_programme_is_404_for_the_public(api):
    make_edition(slug="nhap", status="draft")
    assert api.get("/api/v1/editions/nhap/forum/sessions").status_code == 404


def test_organizer_creates_a_session_201_with_location_and_conflicts(api, edition, token):
    room = make_room(edition)
    make_session(edition, title="Đã có", room=room, start="14:00", end="15:00")
    speaker = make_speaker(edition)
    resp = api.post(f"{BASE}/draft/sessions", new_session(room, participants=[
        {"speaker": speaker.code, "role": "moderator"}], languages=["vi", "ko"], interpretation="vi↔ko"), token=token)
    assert resp.status_code == 201, resp.json
    assert resp.headers["Location"].endswith(f"{BASE}/draft/sessions/{resp.json['code']}")
    assert resp.json["participants"] == [{"speaker": speaker.code, "role": "moderator", "name": speaker.name}]
    assert len(resp.json["conflicts"]) == 1 and "Đã có" in resp.json["conflicts"][0]
    assert api.get(f"{BASE}/draft/conflicts", token=token).json["blocking"] is True


def test_invalid_body_names_the_fields(api, edition, token):
    room = make_room(edition)
    resp = api.post(f"{BASE}/draft/sessions", new_session(room, type="concert", start="không phải ngày",
                                                          title_vi=""), token=token)
    assert resp.status_code == 422 and set(resp.json["fields"]) == {"type", "start", "title_vi"}
    resp = api.post(f"{BASE}/draft/sessions", new_session(room, end="2026-11-25T13:00:00+07:00"), token=token)
    assert resp.status_code == 422 and resp.json["fields"] == {"end": ["must be after the start"]}
    assert db.session.scalar(db.select(db.func.count()).select_from(Session)) == 0


def test_writes_need_an_organizer_token(api, edition):
    room = make_room(edition)
    exhibitor = make_token(make_user("ex@example.vn", role="exhibitor", edition=edition))
    other = make_token(make_user("other@example.vn", role="organizer", edition=make_edition(slug="other")))
    assert api.post(f"{BASE}/draft/sessions", new_session(room)).status_code == 401
    assert api.post(f"{BASE}/draft/sessions", new_session(room), token=exhibitor).status_code == 403
    assert api.post(f"{BASE}/draft/sessions", new_session(room), token=other).status_code == 403
    assert api.get(f"{BASE}/draft/speakers", token=exhibitor).status_code == 403
    assert api.post(f"{BASE}/versions", {}, token=exhibitor).status_code == 403


def test_patch_moves_and_a_stale_lock_version_is_409(api, edition, token):
    a, b = make_room(edition, "A"), make_room(edition, "B")
    session = make_session(edition, title="Tọa đàm", room=a)
    url = f"{BASE}/draft/sessions/{session.code}"
    lock = api.get(url, token=token).json["lock_version"]
    resp = api.patch(url, {"room_id": b.id, "start": "2026-11-26T09:00:00+07:00",
                           "end": "2026-11-26T10:30:00+07:00", "lock_version": lock}, token=token)
    assert resp.status_code == 200 and resp.json["room"]["id"] == b.id
    stale = api.patch(url, {"title_vi": "Ghi đè", "lock_version": lock}, token=token)
    assert stale.status_code == 409 and stale.json["fields"] == {"lock_version": ["stale"]}
    assert api.delete(url, token=token).status_code == 204
    assert api.get(url, token=token).status_code == 404


def test_publishing_through_the_api(api, edition, token):
    room = make_room(edition)
    make_session(edition, title="S1", room=room)
    clash = make_session(edition, title="S2", room=room)
    refused = api.post(f"{BASE}/versions", {"note": "v1"}, token=token)
    assert refused.status_code == 409 and refused.json["fields"]["conflicts"]
    api.delete(f"{BASE}/draft/sessions/{clash.code}", token=token)
    resp = api.post(f"{BASE}/versions", {"note": "v1"}, token=token)
    assert resp.status_code == 201 and resp.json["number"] == 1 and resp.json["changelog"]["counts"]["added"] == 1
    assert api.post(f"{BASE}/versions", {}, token=token).status_code == 409  # nothing changed
    assert db.session.scalar(db.select(db.func.count()).select_from(ScheduleVersion)) == 1


def test_rooms_and_speakers_through_the_api(api, edition, token):
    resp = api.post(f"{BASE}/draft/rooms", {"name": "Phòng 201", "capacity": 120, "hall": "Nhà A",
                                            "hours": {"*": [["08:00", "17:00"]]}}, token=token)
    assert resp.status_code == 201 and resp.json["hours"] == {"*": [["08:00", "17:00"]]}
    dup = api.post(f"{BASE}/draft/rooms", {"name": "PHÒNG 201"}, token=token)
    assert dup.status_code == 409 and "name" in dup.json["fields"]
    room_url = f"{BASE}/draft/rooms/{resp.json['id']}"
    assert api.patch(room_url, {"capacity": 150}, token=token).json["capacity"] == 150
    created = api.post(f"{BASE}/draft/speakers", {"name": "Park Ji-hoon (박지훈)", "country": "KR",
                                                  "email": "jihoon@example.kr"}, token=token)
    assert created.status_code == 201 and created.json["status"] == "new"
    bad = api.post(f"{BASE}/draft/speakers", {"name": "", "email": "không phải email"}, token=token)
    assert bad.status_code == 422 and set(bad.json["fields"]) == {"name", "email"}
    listing = api.get(f"{BASE}/draft/speakers?q=park", token=token).json
    assert listing["total"] == 1 and listing["items"][0]["email"] == "jihoon@example.kr"
    assert api.delete(room_url, token=token).status_code == 204
