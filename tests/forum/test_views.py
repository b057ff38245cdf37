"""The forum as organizers, speakers and visitors use it: forms, the editor, publishing, public pages."""
import io
import re
from datetime import date

import pytest

from techfest.core.db import db
from techfest.forum import services
from techfest.forum.models import Room, ScheduleVersion, Session, Speaker, SpeakerStatus
from tests.conftest import csrf_from
from tests.factories import make_edition, make_user
from tests.forum.factories import at, jpeg_bytes, make_programme, make_room, make_session, make_speaker


@pytest.fixture
def edition(app):
    return make_edition(slug="hp", name="Techfest Hải Phòng 2026", status="live", start_date=date(2026, 11, 25))


@pytest.fixture
def organizer(edition):
    return make_user("org@example.vn", name="Nguyễn Thị Thu Hà", role="organizer", edition=edition)


@pytest.fixture
def org_browser(browser, organizer):
    browser.login("org@example.vn")
    return browser


def session_form(room, **kw):
    data = {"title_vi": "Tọa đàm: Hợp tác Việt – Hàn", "title_en": "", "type": "panel", "track": "Hợp tác quốc tế",
            "room": str(room.id) if room else "", "day": "2026-11-25", "start": "09:00", "end": "10:30",
            "expected_attendance": "80", "languages": ["vi", "ko"], "interpretation": "vi↔ko", "is_public": "y",
            "description_vi": "", "description_en": ""}
    data.update(kw)
    return data


def only_session():
    return db.session.scalars(db.select(Session)).one()


# --- organizers ------------------------------------------------------------------------------

def test_editor_is_for_this_editions_organizers_only(browser, edition):
    make_user("ex@example.vn", role="exhibitor", edition=edition)
    other = make_edition(slug="other")
    make_user("other@example.vn", role="organizer", edition=other)
    assert browser.get("/editions/hp/manage/forum").status_code == 302  # to the login page
    for email in ("ex@example.vn", "other@example.vn"):
        browser.login(email)
        assert browser.get("/editions/hp/manage/forum").status_code == 403
        assert browser.get("/editions/hp/manage/forum/speakers").status_code == 403
        browser.logout()


def test_empty_editor_asks_for_rooms_first(org_browser):
    html = org_browser.get("/editions/hp/manage/forum").get_data(as_text=True)
    assert "/editions/hp/manage/forum/rooms" in html and 'id="forum-grid"' not in html


def test_organizer_adds_a_room_with_opening_hours(org_browser):
    resp = org_browser.post_form("/editions/hp/manage/forum/rooms", {
        "name": "Hội trường A", "capacity": "300", "floor": "Tầng 1", "hall": "Nhà A", "equipment": "Cabin phiên dịch",
        "opens": "08:00", "closes": "17:30", "hours_exceptions": "2026-11-27 08:00-12:00"})
    assert resp.status_code == 200 and "Hội trường A" in resp.get_data(as_text=True)
    room = db.session.scalars(db.select(Room)).one()
    assert room.hours == {"*": [["08:00", "17:30"]], "2026-11-27": [["08:00", "12:00"]]}


def test_bad_room_form_keeps_the_input_and_names_the_fields(org_browser, edition):
    make_room(edition, "Hội trường A")
    resp = org_browser.post_form("/editions/hp/manage/forum/rooms", {
        "name": "hội trường a", "capacity": "-3", "opens": "18:00", "closes": "08:00", "hours_exceptions": "thứ hai 8h"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert 'value="hội trường a"' in html and "thứ hai 8h" in html
    assert html.count("invalid-feedback") >= 3
    assert db.session.scalar(db.select(db.func.count()).select_from(Room)) == 1


def test_organizer_creates_a_session_with_people_through_the_form(org_browser, edition):
    room = make_room(edition)
    huong = make_speaker(edition)
    minjun = make_speaker(edition, "Kim Min-jun (김민준)", country="KR")
    resp = org_browser.post_form("/editions/hp/manage/forum/sessions/new", session_form(room, **{
        "participants-0-speaker": minjun.code, "participants-0-role": "moderator",
        "participants-1-speaker": "", "participants-1-role": "panelist",
        "participants-2-speaker": huong.code, "participants-2-role": "panelist"}))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "Tọa đàm: Hợp tác Việt – Hàn" in html and "alert-success" in html
    session = only_session()
    assert session.starts_at == at(edition, 0, "09:00") and session.languages == "vi,ko"
    assert [(p.speaker.name, p.role.value) for p in session.participants] == [
        ("Kim Min-jun (김민준)", "moderator"), ("Nguyễn Thị Hương", "panelist")]


def test_new_session_form_is_prefilled_from_a_grid_cell(org_browser, edition):
    room = make_room(edition)
    html = org_browser.get(f"/editions/hp/manage/forum/sessions/new?room={room.id}&day=2026-11-26&start=14:15") \
        .get_data(as_text=True)
    assert 'value="2026-11-26"' in html and 'value="14:15"' in html and 'value="15:15"' in html
    assert f'<option selected value="{room.id}">' in html


def test_invalid_session_form_is_422_and_keeps_what_was_typed(org_browser, edition):
    room = make_room(edition)
    resp = org_browser.post_form("/editions/hp/manage/forum/sessions/new",
                                 session_form(room, title_vi="", start="11:00", end="10:00",
                                              interpretation="Tiếng Hàn", track="Chuyển đổi số"))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert 'value="Chuyển đổi số"' in html and 'value="Tiếng Hàn"' in html
    assert html.count("invalid-feedback") >= 3
    assert db.session.scalar(db.select(db.func.count()).select_from(Session)) == 0


def test_editor_shows_conflicts_in_place(org_browser, edition):
    room = make_room(edition, "Hội trường A")
    make_session(edition, title="Phiên 1", room=room, start="09:00", end="10:00")
    make_session(edition, title="Tọa đàm trùng giờ", room=room, start="09:30", end="10:30")
    html = org_browser.get("/editions/hp/manage/forum?day=2026-11-25").get_data(as_text=True)
    assert html.count("tf-has-error") == 2
    assert "“Phiên 1” and “Tọa đàm trùng giờ” overlap by 30 min in room Hội trường A." in html or \
           "“Phiên 1” và “Tọa đàm trùng giờ”" in html
    assert "tf-lane-1" in html  # the second one is drawn beside the first


def test_editing_with_a_stale_form_does_not_overwrite_someone_elses_change(org_browser, edition):
    room = make_room(edition)
    session = make_session(edition, title="Tọa đàm", room=room)
    page = org_browser.get(f"/editions/hp/manage/forum/sessions/{session.code}/edit").get_data(as_text=True)
    token, lock = csrf_from(page), re.search(r'name="lock_version" type="hidden" value="(\d+)"', page).group(1)
    services.update_session(None, edition, session, {"title_vi": "Đổi bởi người khác"})
    resp = org_browser.client.post(f"/editions/hp/manage/forum/sessions/{session.code}/edit",
                                   data={**session_form(room, title_vi="Ghi đè"), "csrf_token": token,
                                         "lock_version": lock})
    assert resp.status_code == 422 and "alert-danger" in resp.get_data(as_text=True)
    db.session.refresh(session)
    assert session.title_vi == "Đổi bởi người khác"


def test_move_form_keeps_the_length_and_reports_new_conflicts(org_browser, edition):
    a, b = make_room(edition, "A"), make_room(edition, "B")
    make_session(edition, title="Đã có", room=b, start="14:00", end="15:00")
    session = make_session(edition, title="Tọa đàm", room=a, start="09:00", end="10:30")
    resp = org_browser.post_form(f"/editions/hp/manage/forum/sessions/{session.code}/move",
                                 {"room": str(b.id), "day": "2026-11-25", "start": "14:00",
                                  "lock_version": str(session.lock_version)})
    html = resp.get_data(as_text=True)
    assert "alert-danger" in html and "Đã có" in html  # the room overlap is flashed
    db.session.refresh(session)
    assert (session.room_id, session.starts_at, session.ends_at) == (b.id, at(edition, 0, "14:00"),
                                                                     at(edition, 0, "15:30"))


def test_drag_and_drop_endpoint_answers_json_and_needs_the_csrf_token(org_browser, edition):
    a, b = make_room(edition, "A"), make_room(edition, "B")
    session = make_session(edition, title="Tọa đàm", room=a, start="09:00", end="10:00")
    url = f"/editions/hp/manage/forum/sessions/{session.code}/move"
    token = csrf_from(org_browser.get("/editions/hp/manage/forum").get_data(as_text=True))
    body = {"room": str(b.id), "day": "2026-11-25", "start": "11:00", "lock_version": str(session.lock_version)}
    refused = org_browser.client.post(url, data=body, headers={"Accept": "application/json"})
    assert refused.status_code == 400
    resp = org_browser.client.post(url, data=body, headers={"Accept": "application/json", "X-CSRFToken": token})
    assert resp.status_code == 200 and resp.json["ok"] and resp.json["conflicts"] == []
    assert resp.json["redirect"].endswith(f"#s-{session.code}")
    stale = org_browser.client.post(url, data=body, headers={"Accept": "application/json", "X-CSRFToken": token})
    assert stale.status_code == 409 and stale.json["fields"] == {"lock_version": ["stale"]}
    bad = org_browser.client.post(url, data={**body, "start": "25:99", "lock_version": ""},
                                  headers={"Accept": "application/json", "X-CSRFToken": token})
    assert bad.status_code == 422 and "start" in bad.json["fields"]


def test_duplicate_and_delete_need_a_confirmation_post(org_browser, edition):
    room = make_room(edition)
    session = make_session(edition, title="Workshop", room=room, start="09:00", end="10:00")
    edit_url = f"/editions/hp/manage/forum/sessions/{session.code}/edit"
    assert org_browser.get(f"/editions/hp/manage/forum/sessions/{session.code}/duplicate").status_code == 405
    resp = org_browser.post_form(edit_url, {}, action=f"/editions/hp/manage/forum/sessions/{session.code}/duplicate")
    assert "Workshop (copy)" in resp.get_data(as_text=True) or "Workshop (bản sao)" in resp.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Session)) == 2
    resp = org_browser.post_form(edit_url, {}, action=f"/editions/hp/manage/forum/sessions/{session.code}/delete")
    assert resp.status_code == 200
    assert db.session.scalar(db.select(db.func.count()).select_from(Session)) == 1


def test_shifting_a_day_can_be_undone_from_the_editor(org_browser, edition):
    room = make_room(edition)
    s1 = make_session(edition, title="Khai mạc", room=room, start="08:00", end="09:00")
    s2 = make_session(edition, title="Ngày 2", room=room, day=1, start="08:00", end="09:00")
    resp = org_browser.post_form("/editions/hp/manage/forum?day=2026-11-25", {"day": "2026-11-25", "minutes": "30"},
                                 action="/editions/hp/manage/forum/shift")
    html = resp.get_data(as_text=True)
    db.session.refresh(s1)
    assert s1.starts_at == at(edition, 0, "08:30")
    undo = re.search(r'name="undo" type="hidden" value="([^"]+)"', html).group(1)
    token = csrf_from(html)
    org_browser.client.post("/editions/hp/manage/forum/shift", data={"csrf_token": token, "undo": undo})
    db.session.refresh(s1)
    db.session.refresh(s2)
    assert s1.starts_at == at(edition, 0, "08:00") and s2.starts_at == at(edition, 1, "08:00")


def test_publishing_is_blocked_by_errors_then_makes_the_programme_public(org_browser, client, edition):
    room = make_room(edition, "Hội trường A")
    s1 = make_session(edition, title="Phiên 1", room=room, start="09:00", end="10:00")
    make_session(edition, title="Phiên trùng", room=room, start="09:00", end="10:00")
    page = org_browser.get("/editions/hp/manage/forum/publish").get_data(as_text=True)
    assert "disabled" in page
    resp = org_browser.post_form("/editions/hp/manage/forum/publish", {"note": ""})
    assert "alert-danger" in resp.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(ScheduleVersion)) == 0
    services.move_session(None, edition, s1, room.id, at(edition, 0, "10:00"))
    resp = org_browser.post_form("/editions/hp/manage/forum/publish", {"note": "Bản chính thức"})
    assert resp.status_code == 200 and "Bản chính thức" in resp.get_data(as_text=True)
    assert db.session.scalar(db.select(ScheduleVersion.number)) == 1
    public = org_browser.get("/editions/hp/programme?day=2026-11-25").get_data(as_text=True)
    assert "Phiên 1" in public and "Phiên trùng" in public


def test_speakers_list_searches_without_accents(org_browser, edition):
    make_speaker(edition, "Nguyễn Thị Hương")
    make_speaker(edition, "Kim Min-jun (김민준)")
    html = org_browser.get("/editions/hp/manage/forum/speakers?q=nguyen+HUONG").get_data(as_text=True)
    assert "Nguyễn Thị Hương" in html and "Kim Min-jun" not in html
    assert "김민준" in org_browser.get("/editions/hp/manage/forum/speakers?q=김민준").get_data(as_text=True)


def test_speaker_photo_is_uploaded_through_the_form_and_checked(org_browser, edition):
    page = org_browser.get("/editions/hp/manage/forum/speakers/new").get_data(as_text=True)
    data = {"csrf_token": csrf_from(page), "name": "Lee Seo-yeon (이서연)", "country": "KR", "email": "SEO@Example.kr",
            "photo": (io.BytesIO(b"MZ this is an exe"), "anh.jpg")}
    resp = org_browser.client.post("/editions/hp/manage/forum/speakers/new", data=data,
                                   content_type="multipart/form-data")
    assert resp.status_code == 422 and 'value="Lee Seo-yeon (이서연)"' in resp.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Speaker)) == 0
    data["photo"] = (io.BytesIO(jpeg_bytes()), "anh.jpg")
    resp = org_browser.client.post("/editions/hp/manage/forum/speakers/new", data=data,
                                   content_type="multipart/form-data", follow_redirects=True)
    assert resp.status_code == 200
    speaker = db.session.scalars(db.select(Speaker)).one()
    assert speaker.photo and speaker.email == "seo@example.kr"
    photo = org_browser.get(f"/editions/hp/programme/photos/{speaker.photo}")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"


def test_unpublished_photos_are_not_served_to_the_public(client, edition):
    speaker = make_speaker(edition, photo=jpeg_bytes())
    assert client.get(f"/editions/hp/programme/photos/{speaker.photo}").status_code == 404


# --- the invitation link ---------------------------------------------------------------------

def test_speaker_confirms_and_edits_only_their_own_profile(org_browser, client, edition, outbox):
    huong = make_speaker(edition, email="huong@example.vn")
    other = make_speaker(edition, "Kim Min-jun (김민준)", email="minjun@example.kr")
    make_session(edition, title="Phiên 1", people=[(huong, "moderator")])
    org_browser.post_form(f"/editions/hp/manage/forum/speakers/{huong.code}/edit", {},
                          action=f"/editions/hp/manage/forum/speakers/{huong.code}/invite")
    (mail,) = outbox
    assert mail["To"] == "huong@example.vn" and "Phiên 1" in mail.get_content()
    link = re.search(r"http://localhost(/speakers/invitation/\S+)", mail.get_content()).group(1)
    page = client.get(link)
    assert page.status_code == 200 and "Phiên 1" in page.get_data(as_text=True)
    resp = client.post(link, data={"csrf_token": csrf_from(page.get_data(as_text=True)), "name": "TS. Nguyễn Thị Hương",
                                   "title": "Phó Giám đốc", "organisation": "Sở KH&CN Hải Phòng", "country": "VN",
                                   "bio_vi": "Tiểu sử", "bio_en": "", "confirm": "y",
                                   "email": "evil@example.com"}, follow_redirects=True)
    assert resp.status_code == 200 and "alert-success" in resp.get_data(as_text=True)
    db.session.refresh(huong)
    db.session.refresh(other)
    assert (huong.name, huong.status, huong.email) == ("TS. Nguyễn Thị Hương", SpeakerStatus.CONFIRMED,
                                                       "huong@example.vn")
    assert other.name == "Kim Min-jun (김민준)" and other.status == SpeakerStatus.NEW
    assert client.get(link[:-3] + "abc").status_code == 404
    # a new invitation replaces the old link
    org_browser.post_form(f"/editions/hp/manage/forum/speakers/{huong.code}/edit", {},
                          action=f"/editions/hp/manage/forum/speakers/{huong.code}/invite")
    assert client.get(link).status_code == 404


def test_speaker_can_decline(client, edition):
    huong = make_speaker(edition, email="huong@example.vn")
    link = "/speakers/invitation/" + services.invite_speaker(None, edition, huong)
    page = client.get(link).get_data(as_text=True)
    client.post(link, data={"csrf_token": csrf_from(page), "name": huong.name, "country": "VN", "decline": "y"})
    db.session.refresh(huong)
    assert huong.status == SpeakerStatus.DECLINED


# --- public pages ------------------------------------------------------------------------------

def test_programme_has_an_empty_state_before_publication(client, edition):
    make_session(edition, title="Chưa công bố")
    html = client.get("/editions/hp/programme").get_data(as_text=True)
    assert "Chưa công bố" not in html and "bg-body-tertiary" in html


def test_draft_editions_have_no_public_programme(client):
    make_edition(slug="nhap", status="draft")
    for url in ("/editions/nhap/programme", "/editions/nhap/schedule.ics", "/editions/nhap/schedule.json"):
        assert client.get(url).status_code == 404


def test_public_pages_by_day_room_track_session_and_speaker(client, edition, organizer):
    prog = make_programme(edition, organizer, photo=True)
    session, panelist = prog["session"], prog["panelist"]
    by_day = client.get("/editions/hp/programme").get_data(as_text=True)
    assert session.title_vi in by_day and "Kim Min-jun (김민준)" in by_day
    assert "Hội trường A" in client.get("/editions/hp/programme/rooms").get_data(as_text=True)
    assert "Hệ sinh thái khởi nghiệp" in client.get("/editions/hp/programme/tracks").get_data(as_text=True)
    page = client.get(f"/editions/hp/programme/sessions/{session.code}").get_data(as_text=True)
    assert "Nguyễn Thị Hương" in page and "vi↔ko" in page and "huong@example.vn" not in page
    speaker_page = client.get(f"/editions/hp/programme/speakers/{panelist.code}").get_data(as_text=True)
    assert "Trung tâm Khởi nghiệp Busan" in speaker_page and session.title_vi in speaker_page
    assert client.get(f"/editions/hp/programme/photos/{prog['speaker'].photo}").status_code == 200
    assert client.get("/editions/hp/programme/sessions/nope").status_code == 404
    assert "Programme" in client.get("/editions/hp?lang=en").get_data(as_text=True)


def test_my_programme_page_loads_its_script_and_has_no_inline_script(client, edition, organizer):
    make_programme(edition, organizer)
    resp = client.get("/editions/hp/programme/mine")
    html = resp.get_data(as_text=True)
    assert "/static/js/forum-myprogramme.js" in html and 'data-myprogramme="hp"' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "script-src 'self'" in resp.headers["Content-Security-Policy"]


def test_public_programme_page_queries_do_not_grow_with_the_programme(client, edition, organizer, count_queries):
    prog = make_programme(edition, organizer)
    client.get("/editions/hp/programme")
    with count_queries() as few:
        client.get("/editions/hp/programme")
    for i in range(15):
        speaker = make_speaker(edition, f"Diễn giả {i}")
        make_session(edition, title=f"Phiên phụ {i}", room=prog["room"], day=1, start=f"{8 + i // 2:02d}:{30 * (i % 2):02d}",
                     end=f"{8 + i // 2:02d}:{30 * (i % 2) + 29:02d}", people=[speaker])
    services.publish_schedule(organizer, edition)
    with count_queries() as many:
        client.get("/editions/hp/programme")
    assert many() == few()


def test_changes_page_lists_what_moved(client, edition, organizer):
    prog = make_programme(edition, organizer)
    services.move_session(organizer, edition, prog["session"], prog["room"].id, at(edition, 1, "14:00"))
    services.publish_schedule(organizer, edition)
    html = client.get("/editions/hp/programme/changes?lang=en").get_data(as_text=True)
    assert "Version 2" in html and "Moved" in html and prog["session"].title_vi in html
