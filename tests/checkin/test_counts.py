"""The check-in counts the reports read (checkin.services.counts), against a hand count."""
from datetime import date, datetime, timezone

import pytest

from techfest.checkin import services
from techfest.checkin.models import Checkin, Direction
from techfest.core.db import db
from tests.checkin.factories import make_point
from tests.factories import make_edition, make_user
from tests.registration.factories import make_registration

D1, D2 = date(2026, 11, 25), date(2026, 11, 26)


def _utc(day: date, hh: int, mm: int) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=timezone.utc)


def _rows(edition, rows):
    for point, reg, day, hh, mm, direction in rows:
        db.session.add(Checkin(edition_id=edition.id, point_id=point.id, registration_id=reg.id, local_day=day,
                               direction=direction, checked_at=_utc(day, hh, mm)))
    db.session.commit()


@pytest.fixture
def scene(app):
    """Day 1 (UTC times): Hà enters the gate 01:10, leaves 05:00, enters again 06:00 and enters the
    keynote room 02:00 (leaving it 03:00); Minh enters the gate 01:40. Day 2: Jisoo enters the
    gate 01:20 and leaves 03:00.
    → entries 5; people per day: day 1 Hà and Minh (2), day 2 Jisoo (1); 3 people in all;
    one entry at a session point; entries per UTC hour: d1 01h 2, d1 02h 1, d1 06h 1, d2 01h 1."""
    edition = make_edition(start_date=D1)
    organizer = make_user(role="organizer", edition=edition)
    gate = make_point(edition, f"GATE-{edition.id}", name="Cổng chính", kind="gate", actor=organizer)
    room = make_point(edition, f"KEYNOTE-{edition.id}", name="Hội trường A", kind="session", actor=organizer)
    ha = make_registration(edition, name="Nguyễn Thị Thu Hà")
    minh = make_registration(edition, name="Lê Văn Minh")
    jisoo = make_registration(edition, name="Kim Ji-soo")
    IN, OUT = Direction.IN, Direction.OUT
    _rows(edition, [(gate, ha, D1, 1, 10, IN), (gate, ha, D1, 5, 0, OUT), (gate, ha, D1, 6, 0, IN),
                    (room, ha, D1, 2, 0, IN), (room, ha, D1, 3, 0, OUT), (gate, minh, D1, 1, 40, IN),
                    (gate, jisoo, D2, 1, 20, IN), (gate, jisoo, D2, 3, 0, OUT)])
    return edition, organizer


def test_session_entry_count_counts_entries_at_session_points_only(scene):
    edition, _ = scene
    assert services.session_entry_count(edition) == 1
    assert services.session_entry_count(make_edition()) == 0


def test_people_checked_in_by_day_counts_each_badge_once_a_day(scene):
    edition, _ = scene
    assert services.people_checked_in_by_day(edition) == [(D1, 2), (D2, 1)]
    assert services.people_checked_in_by_day(make_edition()) == []


def test_entries_by_utc_hour_counts_entries_not_exits(scene):
    edition, _ = scene
    assert services.entries_by_utc_hour(edition) == [(_utc(D1, 1, 0), 2), (_utc(D1, 2, 0), 1), (_utc(D1, 6, 0), 1),
                                                     (_utc(D2, 1, 0), 1)]
    assert services.entries_by_utc_hour(make_edition()) == []


def test_people_checked_in_by_edition_counts_each_badge_once(scene):
    edition, organizer = scene
    other = make_edition(year=2025, start_date=D1.replace(year=2025))
    gate = make_point(other, f"GATE-{other.id}", name="Cổng chính", kind="gate", actor=organizer)
    guest = make_registration(other, name="Phạm Thị Lan")
    _rows(other, [(gate, guest, D1.replace(year=2025), 2, 0, Direction.IN),
                  (gate, guest, D1.replace(year=2025), 7, 0, Direction.IN)])
    empty = make_edition()
    assert services.people_checked_in_by_edition([edition.id, other.id, empty.id]) == {edition.id: 3, other.id: 1}
