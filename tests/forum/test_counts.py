"""The forum counts the reports read (forum.services.counts), against a hand count."""
import pytest

from techfest.forum import services
from techfest.forum.models import SessionType
from tests.factories import make_edition, make_user
from tests.forum.factories import make_room, make_session, make_speaker

pytestmark = pytest.mark.usefixtures("app")


def _forum(edition):
    """Rooms of 300 and 120 seats. Sessions: opening (room A, keynote, 250 expected, Hương + Kim),
    panel (room B, 100 expected, Hương + Lan), workshop (no room, no figure, nobody), a second
    panel (room A, 80 expected, Park). Speakers in a session: Hương, Lan (VN), Kim, Park (KR);
    Minh (VN) is in no session. → 4 sessions (keynote 1, panel 2, workshop 1); 4 speakers
    (VN 2, KR 2); seats 300 + 120 + 300 = 720; expected 250 + 100 + 80 = 430."""
    organizer = make_user(role="organizer", edition=edition)
    room_a = make_room(edition, "Hội trường A", capacity=300, actor=organizer)
    room_b = make_room(edition, "Phòng B", capacity=120, actor=organizer)
    huong = make_speaker(edition, "Nguyễn Thị Hương", actor=organizer)
    lan = make_speaker(edition, "Trần Thị Lan", actor=organizer)
    kim = make_speaker(edition, "Kim Min-jun", country="KR", organisation="KAIST", actor=organizer)
    park = make_speaker(edition, "Park Ji-hoon", country="KR", organisation="Chungnam TP", actor=organizer)
    make_speaker(edition, "Lê Văn Minh", actor=organizer)
    make_session(edition, "Khai mạc", room=room_a, type="keynote", start="09:00", end="10:00",
                 people=[huong, kim], expected_attendance=250, actor=organizer)
    make_session(edition, "Tọa đàm khởi nghiệp", room=room_b, type="panel", start="10:30", end="11:30",
                 people=[huong, lan], expected_attendance=100, actor=organizer)
    make_session(edition, "Hội thảo chuyển đổi số", type="workshop", start="14:00", end="15:00", actor=organizer)
    make_session(edition, "Tọa đàm hợp tác Hàn Quốc", room=room_a, type="panel", day=1, start="09:00", end="10:00",
                 people=[park], expected_attendance=80, actor=organizer)


def test_session_counts_by_type_count_each_type_of_the_edition():
    edition, other = make_edition(), make_edition()
    _forum(edition)
    assert services.session_counts_by_type(edition) == {SessionType.KEYNOTE: 1, SessionType.PANEL: 2,
                                                        SessionType.WORKSHOP: 1}
    assert services.session_counts_by_type(other) == {}


def test_speaker_counts_by_country_count_only_speakers_in_a_session():
    edition, other = make_edition(), make_edition()
    _forum(edition)
    assert services.speaker_counts_by_country(edition) == [("KR", 2), ("VN", 2)]
    assert services.speaker_counts_by_country(other) == []


def test_seats_and_expected_attendance_sum_over_the_sessions():
    edition, other = make_edition(), make_edition()
    _forum(edition)
    assert services.seats_and_expected_attendance(edition) == (720, 430)
    assert services.seats_and_expected_attendance(other) == (0, 0)


def test_session_and_speaker_counts_by_edition():
    edition, second, empty = make_edition(), make_edition(), make_edition()
    _forum(edition)
    organizer = make_user(role="organizer", edition=second)
    guest = make_speaker(second, "Đỗ Thị Mai", actor=organizer)
    make_session(second, "Phiên chuyên đề", type="forum_session", people=[guest], actor=organizer)
    ids = [edition.id, second.id, empty.id]
    assert services.session_counts_by_edition(ids) == {edition.id: 4, second.id: 1}
    assert services.speaker_counts_by_edition(ids) == {edition.id: 4, second.id: 1}
