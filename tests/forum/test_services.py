"""Forum services: validation, conflicts on real rows, publishing, the published read model."""
from datetime import date, datetime, timezone

import pytest

from techfest.core.db import db
from techfest.core.errors import Conflict, NotFound, ValidationFailed
from techfest.forum import services
from techfest.forum.models import Room, ScheduleVersion, Session, SpeakerStatus
from tests.factories import make_edition, make_user
from tests.forum.factories import at, jpeg_bytes, make_programme, make_room, make_session, make_speaker


@pytest.fixture
def edition(app):
    return make_edition(slug="hp", status="live", start_date=date(2026, 11, 25))


@pytest.fixture
def organizer(edition):
    return make_user("org@example.vn", role="organizer", edition=edition)


def kinds(edition):
    return sorted(c.kind.value for c in services.find_conflicts(edition))


# --- rooms ----------------------------------------------------------------------------------

def test_room_names_are_unique_per_edition_whatever_the_accents(edition):
    make_room(edition, "Hội trường A")
    with pytest.raises(Conflict) as err:
        make_room(edition, "HOI TRUONG a")
    assert err.value.fields == {"name": ["already used by another room"]}
    other = make_edition(slug="other")
    assert make_room(other, "Hội trường A").edition_id == other.id


def test_room_validation_names_the_fields(edition):
    with pytest.raises(ValidationFailed) as err:
        services.create_room(None, edition, {"name": " ", "capacity": 0, "hours": {"mai": [["8h", "18h"]]}})
    assert set(err.value.fields) == {"name", "capacity", "hours"}


def test_hours_text_is_parsed_and_written_back():
    hours = services.parse_hours_exceptions("2026-11-25 08:00-12:00, 13:30–17:00\n2026-11-26 đóng cửa\n")
    assert hours == {"2026-11-25": [["08:00", "12:00"], ["13:30", "17:00"]], "2026-11-26": []}
    assert services.parse_hours_exceptions(services.format_hours_exceptions(hours)) == hours
    with pytest.raises(ValueError, match="line 1"):
        services.parse_hours_exceptions("25/11 8h-12h")


def test_deleting_a_room_keeps_its_sessions_without_a_room(edition):
    room = make_room(edition)
    session = make_session(edition, room=room)
    assert services.delete_room(None, edition, room) == 1
    db.session.refresh(session)
    assert session.room_id is None and db.session.get(Room, room.id) is None


# --- sessions -------------------------------------------------------------------------------

def test_create_session_stores_utc_and_ordered_people(edition):
    room = make_room(edition)
    huong, minjun = make_speaker(edition), make_speaker(edition, "김민준", country="KR")
    session = make_session(edition, room=room, start="08:30", end="10:00",
                           people=[(minjun, "moderator"), (huong, "panelist")], interpretation="vi<->ko, VI-en")
    assert session.starts_at == datetime(2026, 11, 25, 1, 30, tzinfo=timezone.utc)  # 08:30 in Hải Phòng
    assert [(p.speaker.name, p.role.value) for p in session.participants] == [("김민준", "moderator"),
                                                                               ("Nguyễn Thị Hương", "panelist")]
    assert session.interpretation == "vi↔ko, vi↔en"
    assert session.title_folded.startswith("phien 1")


@pytest.mark.parametrize("change, field", [
    ({"title_vi": ""}, "title_vi"),
    ({"type": "concert"}, "type"),
    ({"end": "start"}, "end"),
    ({"start": datetime(2026, 11, 25, 9, 0)}, "start"),           # naive
    ({"start": datetime(2026, 11, 25, 2, 0, 30, tzinfo=timezone.utc)}, "start"),  # seconds
    ({"interpretation": "vi↔vi"}, "interpretation"),
    ({"languages": ["vi", "xx"]}, "languages"),
    ({"expected_attendance": -5}, "expected_attendance"),
    ({"room_id": 999999}, "room_id"),
])
def test_invalid_session_data_names_the_field(edition, change, field):
    data = {"title_vi": "Tọa đàm", "type": "panel", "start": at(edition, 0, "09:00"), "end": at(edition, 0, "10:00")}
    if change.get("end") == "start":
        change = {"end": data["start"]}
    data.update(change)
    with pytest.raises(ValidationFailed) as err:
        services.create_session(None, edition, data)
    assert field in err.value.fields
    assert db.session.scalar(db.select(db.func.count()).select_from(Session)) == 0


def test_participants_must_be_speakers_of_the_edition_and_listed_once(edition):
    other = make_edition(slug="other")
    stranger = make_speaker(other, "Người lạ")
    huong = make_speaker(edition)
    for people in ([{"speaker": stranger.code, "role": "panelist"}],
                   [{"speaker": huong.code, "role": "panelist"}, {"speaker": huong.code, "role": "moderator"}],
                   [{"speaker": huong.code, "role": "chairman"}]):
        with pytest.raises(ValidationFailed) as err:
            services.create_session(None, edition, {"title_vi": "Tọa đàm", "type": "panel",
                                                    "start": at(edition, 0, "09:00"), "end": at(edition, 0, "10:00"),
                                                    "participants": people})
        assert "participants" in err.value.fields


def test_a_room_of_another_edition_is_refused(edition):
    foreign = make_room(make_edition(slug="other"), "Hội trường khác")
    with pytest.raises(ValidationFailed) as err:
        make_session(edition, room=foreign)
    assert "room_id" in err.value.fields


def test_stale_lock_version_is_a_conflict_and_changes_nothing(edition):
    session = make_session(edition, title="Tọa đàm")
    seen = session.lock_version
    services.update_session(None, edition, session, {"title_vi": "Tọa đàm 1"}, lock_version=seen)
    with pytest.raises(Conflict):
        services.update_session(None, edition, session, {"title_vi": "Tọa đàm cũ"}, lock_version=seen)
    db.session.refresh(session)
    assert session.title_vi == "Tọa đàm 1" and session.lock_version == seen + 1


def test_people_only_edits_also_move_the_lock_version(edition):
    huong = make_speaker(edition)
    session = make_session(edition)
    before = session.lock_version
    services.update_session(None, edition, session, {"participants": [{"speaker": huong.code, "role": "moderator"}]})
    assert session.lock_version == before + 1


def test_move_keeps_the_duration(edition):
    a, b = make_room(edition, "A"), make_room(edition, "B")
    session = make_session(edition, room=a, start="09:00", end="10:30")
    services.move_session(None, edition, session, b.id, at(edition, 1, "14:00"))
    assert (session.room_id, session.starts_at, session.ends_at) == (b.id, at(edition, 1, "14:00"), at(edition, 1, "15:30"))


def test_duplicate_goes_right_after_the_original_with_the_same_people(edition):
    room = make_room(edition)
    huong = make_speaker(edition)
    session = make_session(edition, room=room, start="09:00", end="10:00", people=[(huong, "moderator")])
    copy = services.duplicate_session(None, edition, session, " (bản sao)")
    assert copy.code != session.code and copy.title_vi.endswith("(bản sao)")
    assert (copy.room_id, copy.starts_at, copy.ends_at) == (room.id, session.ends_at, at(edition, 0, "11:00"))
    assert [(p.speaker_id, p.role) for p in copy.participants] == [(huong.id, "moderator")]
    assert "room_overlap" not in kinds(edition)


def test_shift_day_moves_only_that_day_and_can_be_undone(edition):
    first = make_session(edition, title="Ngày 1", day=0, start="08:00", end="09:00")
    second = make_session(edition, title="Ngày 2", day=1, start="08:00", end="09:00")
    codes = services.shift_day(None, edition, edition.start_date, 30)
    assert codes == [first.code]
    assert first.starts_at == at(edition, 0, "08:30") and second.starts_at == at(edition, 1, "08:00")
    services.shift_day(None, edition, edition.start_date, -30, codes=codes)
    assert first.starts_at == at(edition, 0, "08:00")
    with pytest.raises(ValidationFailed):
        services.shift_day(None, edition, edition.start_date, 0)


# --- conflicts on the working copy --------------------------------------------------------------

def test_every_conflict_kind_is_found_on_real_rows(edition):
    a = make_room(edition, "A", capacity=50, hall="Nhà A", hours={"*": [["08:00", "17:00"]]})
    b = make_room(edition, "B", capacity=100, hall="Nhà B")
    huong = make_speaker(edition)
    make_session(edition, title="S1", room=a, start="09:00", end="10:00", people=[huong], expected_attendance=80)
    make_session(edition, title="S2", room=a, start="09:30", end="10:30")
    make_session(edition, title="S3", room=b, start="10:05", end="11:00", people=[huong])
    make_session(edition, title="S4", room=b, start="09:00", end="09:45", people=[huong])
    make_session(edition, title="S5", room=a, day=5, start="09:00", end="10:00")
    make_session(edition, title="S6", room=a, start="16:30", end="17:30")
    found = kinds(edition)
    assert found == sorted(["person_overlap", "room_overlap", "outside_edition_days", "over_capacity",
                            "outside_room_hours", "short_buffer"])


def test_back_to_back_sessions_and_a_full_buffer_are_not_conflicts(edition):
    a = make_room(edition, "A", hall="Nhà A")
    b = make_room(edition, "B", hall="Nhà B")
    huong = make_speaker(edition)
    make_session(edition, title="S1", room=a, start="09:00", end="10:00", people=[huong])
    make_session(edition, title="S2", room=a, start="10:00", end="11:00")
    make_session(edition, title="S3", room=b, start="10:10", end="11:00", people=[huong])
    assert kinds(edition) == []


def test_a_dated_hours_rule_overrides_the_every_day_rule(edition):
    room = make_room(edition, "A", hours={"*": [["08:00", "18:00"]], "2026-11-26": [["08:00", "12:00"]]})
    make_session(edition, title="Sáng", room=room, day=1, start="09:00", end="11:00")
    assert kinds(edition) == []
    make_session(edition, title="Chiều", room=room, day=1, start="14:00", end="15:00")
    assert kinds(edition) == ["outside_room_hours"]


# --- publishing -----------------------------------------------------------------------------

def test_errors_block_publishing_warnings_do_not(edition, organizer):
    room = make_room(edition, "A", capacity=10)
    make_session(edition, title="S1", room=room, expected_attendance=50)
    version = services.publish_schedule(organizer, edition)  # over capacity is a warning
    assert version.number == 1
    make_session(edition, title="S2", room=room)  # same time, same room: an error
    with pytest.raises(Conflict) as err:
        services.publish_schedule(organizer, edition)
    assert any("S1" in m and "S2" in m for m in err.value.fields["conflicts"])
    assert db.session.scalar(db.select(db.func.count()).select_from(ScheduleVersion)) == 1


def test_versions_are_numbered_with_a_changelog_and_refused_when_nothing_changed(edition, organizer):
    prog = make_programme(edition, organizer)
    assert prog["version"].number == 1 and prog["version"].changelog["first"]
    with pytest.raises(Conflict):
        services.publish_schedule(organizer, edition)
    session = prog["session"]
    services.move_session(organizer, edition, session, session.room_id, at(edition, 0, "10:00"))
    services.update_session(organizer, edition, session, {"title_vi": "Phiên 1 (đổi giờ)"})
    v2 = services.publish_schedule(organizer, edition, "Đổi giờ Phiên 1")
    assert v2.number == 2 and v2.note == "Đổi giờ Phiên 1" and v2.published_by_id == organizer.id
    assert v2.changelog["counts"]["moved"] == 1 and v2.changelog["counts"]["retitled"] == 1
    assert v2.snapshot["sessions"][0]["sequence"] == 1


def test_a_profile_change_alone_is_worth_a_version(edition, organizer):
    prog = make_programme(edition, organizer)
    services.update_speaker(organizer, edition, prog["panelist"], {"bio_en": "Heads Busan's start-up centre."})
    assert services.publish_schedule(organizer, edition).number == 2


def test_the_public_sees_only_the_published_version(edition, organizer):
    assert services.published_programme(edition) is None
    prog = make_programme(edition, organizer)
    make_session(edition, title="Chưa công bố", room=prog["room"], start="14:00", end="15:00")
    make_session(edition, title="Họp nội bộ", start="16:00", end="17:00", is_public=False)
    services.update_session(organizer, edition, prog["session"], {"title_vi": "Tên mới chưa công bố"})
    published = services.published_programme(edition)
    assert [s.title_vi for s in published.sessions] == [
        "Phiên 1: Khai thác thế mạnh đặc thù phát triển hệ sinh thái khởi nghiệp"]
    services.publish_schedule(organizer, edition)
    titles = [s.title_vi for s in services.published_programme(edition).sessions]
    assert titles == ["Tên mới chưa công bố", "Chưa công bố"]  # the private meeting stays hidden


def test_published_programme_groups_days_with_local_times_rooms_and_people(edition, organizer):
    prog = make_programme(edition, organizer, publish=False)
    make_session(edition, title="Ngày 2", room=prog["room"], day=1, start="08:00", end="09:00",
                 people=[(prog["panelist"], "keynote")])
    services.publish_schedule(organizer, edition)
    published = services.published_programme(edition)
    assert [d.date for d in published.days] == [date(2026, 11, 25), date(2026, 11, 26)]
    first = published.days[0].sessions[0]
    assert first.start.strftime("%H:%M %z") == "09:00 +0700" and first.room.name == "Hội trường A"
    assert [(p.person.name, p.role.value) for p in first.participants] == [
        ("Nguyễn Thị Hương", "moderator"), ("Kim Min-jun (김민준)", "panelist")]
    assert first.languages == ("vi", "ko") and first.interpretation == "vi↔ko"
    assert published.version == 1 and published.tracks == ("Hệ sinh thái khởi nghiệp",)
    assert published.sessions_of(published.speaker(prog["panelist"].code))[1].title_vi == "Ngày 2"


def test_confirmed_speakers_carry_an_email_to_reach_them(edition, organizer):
    account = make_user("minjun@example.kr", name="Kim Min-jun")
    huong = make_speaker(edition, email="huong@example.vn")
    minjun = make_speaker(edition, "Kim Min-jun (김민준)", email="minjun@example.kr")
    make_speaker(edition, "Lee Seo-yeon (이서연)", email="seoyeon@example.kr")
    assert minjun.user_id == account.id  # linked by e-mail
    for speaker in (huong, minjun):
        services.respond_to_invitation(services.invite_speaker(organizer, edition, speaker), {}, answer="confirm")
    services.update_speaker(organizer, edition, minjun, {"email": None})
    minjun.user_id = account.id
    db.session.commit()
    result = services.confirmed_speakers(edition)
    assert [(c.name, c.email, c.user_id) for c in result] == [
        ("Kim Min-jun (김민준)", "minjun@example.kr", account.id), ("Nguyễn Thị Hương", "huong@example.vn", None)]


# --- speakers, photos and invitations ---------------------------------------------------------

def test_photo_is_checked_by_content_and_stored_as_a_clean_jpeg(edition):
    from PIL import Image
    import io

    speaker = make_speaker(edition, photo=jpeg_bytes(size=(1600, 1200), fmt="PNG"))
    path = services.photo_path(speaker.photo)
    with Image.open(path) as img:
        assert img.format == "JPEG" and max(img.size) == 800
    buf = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buf, "TIFF")
    for bad, reason in ((b"GIF89a not really", "not_an_image"), (b"%PDF-1.7 fake", "not_an_image"),
                        (b"\xff\xd8" + b"0" * (5 * 1024 * 1024), "too_large"), (buf.getvalue(), "unsupported_format"),
                        (b"", "empty")):
        with pytest.raises(ValidationFailed) as err:
            services.update_speaker(None, edition, speaker, {}, photo=bad)
        assert err.value.fields == {"photo": [reason]}
    assert services.photo_path("../../etc/passwd") is None


def test_invitation_token_opens_only_its_speaker_and_dies_when_renewed(edition, organizer):
    huong = make_speaker(edition, email="huong@example.vn")
    minjun = make_speaker(edition, "김민준", email="minjun@example.kr")
    token = services.invite_speaker(organizer, edition, huong)
    assert huong.status == SpeakerStatus.INVITED
    assert services.speaker_for_invitation(token).id == huong.id
    assert services.speaker_for_invitation(token[:-2] + "xx") is None
    assert services.speaker_for_invitation("") is None
    renewed = services.invite_speaker(organizer, edition, huong)
    assert services.speaker_for_invitation(token) is None
    speaker = services.respond_to_invitation(renewed, {"name": "TS. Nguyễn Thị Hương", "email": "hacker@example.com",
                                                       "status": "confirmed"}, answer="confirm")
    assert speaker.name == "TS. Nguyễn Thị Hương" and speaker.email == "huong@example.vn"
    assert speaker.status == SpeakerStatus.CONFIRMED
    db.session.refresh(minjun)
    assert minjun.name == "김민준" and minjun.status == SpeakerStatus.NEW
    with pytest.raises(NotFound):
        services.respond_to_invitation(token, {"name": "X"})


def test_inviting_needs_an_email(edition, organizer):
    with pytest.raises(ValidationFailed) as err:
        services.invite_speaker(organizer, edition, make_speaker(edition))
    assert err.value.fields == {"email": ["required to send an invitation"]}
