"""Tests for techfest.forum.conflicts (pure, no app fixtures)."""
from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from techfest.forum.conflicts import (
    DEFAULT_MESSAGES,
    Conflict,
    ConflictKind,
    Programme,
    Room,
    Session,
    Severity,
    find_conflicts,
    has_blocking,
    programme_from_json,
)

REPO = Path(__file__).resolve().parents[2]
UTC = timezone.utc
HCM = "Asia/Ho_Chi_Minh"
DAY1, DAY2 = date(2026, 11, 24), date(2026, 11, 25)


def at(hh: int, mm: int = 0, day: date = DAY1, tz: str = HCM) -> datetime:
    """Local wall time in ``tz`` converted to UTC (as the app stores it)."""
    return datetime.combine(day, time(hh, mm), tzinfo=ZoneInfo(tz)).astimezone(UTC)


def sess(sid, start, end, room=1, people=(), title=None, expected=None) -> Session:
    return Session(id=sid, title=title or f"S{sid}", room_id=room, start=start, end=end,
                   expected_attendance=expected, person_ids=tuple(people))


ROOMS = [
    Room(1, "A1", capacity=100, hall="A"),
    Room(2, "A2", capacity=50, hall="A"),
    Room(3, "B1", capacity=200, hall="B"),
]


def prog(sessions, rooms=ROOMS, days=(DAY1, DAY2), tz=HCM, buffer=10) -> Programme:
    return Programme(sessions=list(sessions), rooms=list(rooms), days=list(days), tz=tz,
                     buffer_minutes=buffer)


def kinds(conflicts: Iterable[Conflict]) -> list[str]:
    return [c.kind.value for c in conflicts]


# --------------------------------------------------------------------------
# Each conflict kind
# --------------------------------------------------------------------------


def test_clean_programme_has_no_conflicts():
    result = find_conflicts(prog([
        sess(1, at(9), at(10), room=1, people=[1, 2]),
        sess(2, at(9), at(10), room=3, people=[3]),
        sess(3, at(10, 30), at(11), room=3, people=[1]),
    ]))
    assert result == []
    assert not has_blocking(result)


def test_person_overlap_whatever_the_roles():
    # person 7 moderates session 1 and speaks in session 2 in another room
    result = find_conflicts(prog([
        sess(1, at(9), at(10), room=1, people=[7, 1]),
        sess(2, at(9, 30), at(11), room=3, people=[2, 7, 1]),
    ]))
    assert len(result) == 1
    c = result[0]
    assert c.kind is ConflictKind.PERSON_OVERLAP and c.severity is Severity.ERROR
    assert c.session_ids == (1, 2)
    assert c.person_ids == (1, 7)
    assert c.room_ids == (1, 3)
    assert c.params["minutes"] == 30 and c.params["count"] == 2
    assert c.message_key == "forum.conflict.person_overlap"
    assert "S1" in c.message and "30 min" in c.message
    assert has_blocking(result)


def test_room_overlap():
    result = find_conflicts(prog([
        sess(2, at(9, 30), at(10, 30), room=1),
        sess(1, at(9), at(10), room=1),
    ]))
    assert [(c.kind, c.session_ids, c.room_ids) for c in result] == [
        (ConflictKind.ROOM_OVERLAP, (1, 2), (1,))
    ]
    assert result[0].severity is Severity.ERROR


def test_session_contained_in_another_overlaps():
    result = find_conflicts(prog([
        sess(1, at(9), at(12), room=1, people=[1]),
        sess(2, at(10), at(10, 15), room=1, people=[1]),
    ]))
    assert sorted(kinds(result)) == ["person_overlap", "room_overlap"]
    assert all(c.params["minutes"] == 15 for c in result)


def test_over_capacity_is_warning_and_equal_capacity_is_fine():
    result = find_conflicts(prog([
        sess(1, at(9), at(10), room=2, expected=50),
        sess(2, at(10), at(11), room=2, expected=51),
        sess(3, at(11), at(12), room=2, expected=None),
    ]))
    assert [(c.kind, c.session_ids) for c in result] == [(ConflictKind.OVER_CAPACITY, (2,))]
    assert result[0].severity is Severity.WARNING
    assert result[0].params == {"session": "S2", "room": "A2", "expected": 51, "capacity": 50}
    assert not has_blocking(result)


def test_outside_edition_days_is_error():
    result = find_conflicts(prog([sess(1, at(9, day=date(2026, 11, 26)), at(10, day=date(2026, 11, 26)))]))
    assert kinds(result) == ["outside_edition_days"]
    assert result[0].severity is Severity.ERROR
    assert result[0].params["date"] == "2026-11-26"
    assert result[0].params["first_day"] == "2026-11-24"


def test_session_spilling_past_midnight_after_last_day():
    result = find_conflicts(prog([sess(1, at(23, day=DAY2), at(23, 30, day=DAY2) + timedelta(hours=1))]))
    assert kinds(result) == ["outside_edition_days"]
    assert result[0].params["date"] == "2026-11-26"


def test_session_across_midnight_between_edition_days_is_fine():
    assert find_conflicts(prog([sess(1, at(23, day=DAY1), at(1, day=DAY2))])) == []


def test_empty_days_disables_the_check():
    assert find_conflicts(prog([sess(1, at(9), at(10))], days=())) == []


def test_outside_room_hours_is_warning():
    rooms = [Room(1, "A1", 100, "A", hours={DAY1: [(time(8), time(12)), (time(13), time(18))]})]
    result = find_conflicts(prog([
        sess(1, at(8), at(12), room=1),          # exactly the morning span: fine
        sess(2, at(12), at(13, 30), room=1),     # over the lunch closure
        sess(3, at(17, 30), at(18, 1), room=1),  # one minute after closing
        sess(4, at(9, day=DAY2), at(10, day=DAY2), room=1),  # no hours on day 2: closed
    ], rooms=rooms))
    assert [(c.kind.value, c.session_ids) for c in result] == [
        ("outside_room_hours", (2,)), ("outside_room_hours", (3,)), ("outside_room_hours", (4,)),
    ]
    assert all(c.severity is Severity.WARNING for c in result)
    assert result[0].params == {"session": "S2", "room": "A1", "date": "2026-11-24",
                                "start": "12:00", "end": "13:30"}


def test_room_hours_past_midnight_and_adjacent_spans_merge():
    rooms = [Room(1, "Bar", None, "A", hours={
        DAY1: [(time(18), time(0))],              # 18:00 -> midnight
        DAY2: [(time(0), time(2)), (time(20), time(3))],  # 20:00 -> 03:00 next day
    })]
    result = find_conflicts(prog([
        sess(1, at(23, day=DAY1), at(1, 30, day=DAY2), room=1),   # spans merged at midnight
        sess(2, at(22, day=DAY2), at(2, 30, day=date(2026, 11, 26)), room=1),
    ], rooms=rooms, days=()))
    assert result == []


def test_short_buffer_between_halls():
    result = find_conflicts(prog([
        sess(1, at(9), at(10), room=1, people=[5]),
        sess(2, at(10, 5), at(11), room=3, people=[5, 6]),
    ], buffer=10))
    assert len(result) == 1
    c = result[0]
    assert c.kind is ConflictKind.SHORT_BUFFER and c.severity is Severity.WARNING
    assert c.session_ids == (1, 2) and c.person_ids == (5,) and c.room_ids == (1, 3)
    assert c.params["gap"] == 5 and c.params["buffer"] == 10
    assert c.params["hall_a"] == "A" and c.params["hall_b"] == "B"


def test_short_buffer_not_within_same_hall_or_unknown_hall():
    rooms = ROOMS + [Room(4, "Lobby", None, hall=None)]
    result = find_conflicts(prog([
        sess(1, at(9), at(10), room=1, people=[5]),
        sess(2, at(10), at(11), room=2, people=[5]),   # same hall A
        sess(3, at(11), at(12), room=4, people=[5]),   # hall unknown
        sess(4, at(12), at(13), room=None, people=[5]),  # no room
    ], rooms=rooms))
    assert result == []


def test_invalid_time_and_unknown_room_are_errors():
    result = find_conflicts(prog([
        sess(1, at(10), at(10), room=1, people=[1]),
        sess(2, at(9), at(11), room=42, people=[1]),
    ]))
    assert [(c.kind.value, c.session_ids) for c in result] == [
        ("invalid_time", (1,)), ("unknown_room", (2,)),
    ]
    assert all(c.blocking for c in result)
    assert result[1].room_ids == (42,)


def test_naive_datetimes_and_duplicate_ids_rejected():
    with pytest.raises(ValueError, match="timezone-aware"):
        find_conflicts(prog([sess(1, datetime(2026, 11, 24, 9), datetime(2026, 11, 24, 10))]))
    with pytest.raises(ValueError, match="duplicate session"):
        find_conflicts(prog([sess(1, at(9), at(10)), sess(1, at(11), at(12))]))
    with pytest.raises(ValueError, match="duplicate room"):
        find_conflicts(prog([], rooms=[ROOMS[0], ROOMS[0]]))


def test_severity_of_every_kind_and_messages_render():
    errors = {ConflictKind.PERSON_OVERLAP, ConflictKind.ROOM_OVERLAP, ConflictKind.OUTSIDE_EDITION_DAYS,
              ConflictKind.INVALID_TIME, ConflictKind.UNKNOWN_ROOM}
    for kind in ConflictKind:
        assert kind.severity is (Severity.ERROR if kind in errors else Severity.WARNING)
        assert kind in DEFAULT_MESSAGES
    rooms = [Room(1, "A1", 10, "A", hours={DAY1: [(time(8), time(18))]}), Room(3, "B1", None, "B")]
    result = find_conflicts(prog([
        sess(1, at(7), at(9), room=1, people=[1], expected=20),
        sess(2, at(8), at(10), room=1, people=[1]),
        sess(3, at(10, 5), at(11), room=3, people=[1]),
        sess(4, at(9, day=date(2026, 12, 1)), at(10, day=date(2026, 12, 1)), room=None),
        sess(5, at(9), at(8), room=None),
        sess(6, at(12), at(13), room=99),
    ], rooms=rooms))
    assert set(kinds(result)) == {k.value for k in ConflictKind}
    for c in result:
        assert c.message and "%(" not in c.message
        d = c.to_dict()
        assert json.loads(json.dumps(d)) == d
        assert d["message_key"] == f"forum.conflict.{c.kind.value}"
    # errors first, then warnings
    severities = [c.severity for c in result]
    assert severities == sorted(severities, key=lambda s: s is Severity.WARNING)


def test_output_is_deterministic_regardless_of_input_order():
    sessions = [
        sess(i, at(9 + i % 3), at(10 + i % 3, 30), room=1 + i % 3, people=[i % 4, 10 + i % 2])
        for i in range(12)
    ]
    expected = find_conflicts(prog(sessions))
    assert expected
    for seed in range(5):
        shuffled = sessions[:]
        random.Random(seed).shuffle(shuffled)
        again = find_conflicts(prog(shuffled))
        assert [c.to_dict() for c in again] == [c.to_dict() for c in expected]


# --------------------------------------------------------------------------
# Boundaries
# --------------------------------------------------------------------------


def test_back_to_back_is_not_a_conflict():
    result = find_conflicts(prog([
        sess(1, at(9), at(10), room=1, people=[1]),
        sess(2, at(10), at(11), room=1, people=[1]),
    ]))
    assert result == []


def test_overlap_by_one_minute_is_a_conflict():
    result = find_conflicts(prog([
        sess(1, at(9), at(10, 1), room=1, people=[1]),
        sess(2, at(10), at(11), room=1, people=[1]),
    ]))
    assert sorted(kinds(result)) == ["person_overlap", "room_overlap"]
    assert all(c.params["minutes"] == 1 for c in result)


def test_buffer_exactly_equal_is_fine_one_minute_less_is_not():
    ok = find_conflicts(prog([
        sess(1, at(9), at(10), room=1, people=[1]),
        sess(2, at(10, 15), at(11), room=3, people=[1]),
    ], buffer=15))
    assert ok == []
    short = find_conflicts(prog([
        sess(1, at(9), at(10), room=1, people=[1]),
        sess(2, at(10, 14), at(11), room=3, people=[1]),
    ], buffer=15))
    assert kinds(short) == ["short_buffer"]
    assert short[0].params["gap"] == 14


def test_back_to_back_across_halls_is_short_buffer_not_overlap():
    result = find_conflicts(prog([
        sess(1, at(9), at(10), room=1, people=[1]),
        sess(2, at(10), at(11), room=3, people=[1]),
    ], buffer=10))
    assert kinds(result) == ["short_buffer"]
    assert find_conflicts(prog([
        sess(1, at(9), at(10), room=1, people=[1]),
        sess(2, at(10), at(11), room=3, people=[1]),
    ], buffer=0)) == []


# --------------------------------------------------------------------------
# Time zones
# --------------------------------------------------------------------------


def test_edition_days_are_local_to_the_edition_timezone():
    # 2026-11-23 18:00 UTC is 2026-11-24 01:00 in Hồ Chí Minh City: inside.
    early = sess(1, datetime(2026, 11, 23, 18, tzinfo=UTC), datetime(2026, 11, 23, 19, tzinfo=UTC))
    # 2026-11-25 17:30 UTC is 2026-11-26 00:30 local: outside.
    late = sess(2, datetime(2026, 11, 25, 17, 30, tzinfo=UTC), datetime(2026, 11, 25, 18, tzinfo=UTC))
    # 2026-11-23 16:59 UTC is 2026-11-23 23:59 local: outside, though it ends on the 24th.
    straddle = sess(3, datetime(2026, 11, 23, 16, 59, tzinfo=UTC), datetime(2026, 11, 23, 17, 30, tzinfo=UTC))
    result = find_conflicts(prog([early, late, straddle]))
    assert [(c.session_ids, c.params["date"]) for c in result] == [
        ((2,), "2026-11-26"), ((3,), "2026-11-23"),
    ]
    # The same sessions checked as if the edition were in UTC give other answers.
    utc_result = find_conflicts(prog([early, late, straddle], tz="UTC"))
    assert [c.session_ids for c in utc_result] == [(1,), (3,)]


def test_room_hours_are_local_and_input_offsets_do_not_matter():
    rooms = [Room(1, "A1", None, "A", hours={DAY1: [(time(8), time(18))]})]
    inside = sess(1, datetime(2026, 11, 24, 1, tzinfo=UTC), datetime(2026, 11, 24, 2, tzinfo=UTC))  # 08-09 local
    before = sess(2, datetime(2026, 11, 24, 0, 30, tzinfo=UTC), datetime(2026, 11, 24, 1, 30, tzinfo=UTC))
    seoul = ZoneInfo("Asia/Seoul")  # the same instants expressed in another offset
    inside_kst = sess(3, inside.start.astimezone(seoul), inside.end.astimezone(seoul))
    result = find_conflicts(prog([inside, before, inside_kst], rooms=rooms))
    kinds_by_session = {(c.kind.value, c.session_ids) for c in result}
    assert ("outside_room_hours", (2,)) in kinds_by_session
    assert not any(k == "outside_room_hours" and s in {(1,), (3,)} for k, s in kinds_by_session)
    hours = next(c for c in result if c.kind is ConflictKind.OUTSIDE_ROOM_HOURS)
    assert (hours.params["start"], hours.params["end"]) == ("07:30", "08:30")


def test_overlap_detected_across_offsets():
    a = sess(1, datetime(2026, 11, 24, 2, tzinfo=UTC), datetime(2026, 11, 24, 3, tzinfo=UTC), people=[1])
    b = sess(2, at(9, 59), at(11), room=3, people=[1])  # 02:59 UTC
    assert kinds(find_conflicts(prog([a, b]))) == ["person_overlap"]


def test_dst_timezone_hours():
    # Europe/Berlin switches to summer time on 2026-03-29 at 02:00 local.
    day = date(2026, 3, 29)
    rooms = [Room(1, "R", None, "A", hours={day: [(time(1), time(4))]})]  # 2 real hours
    s = sess(1, datetime(2026, 3, 29, 0, tzinfo=UTC), datetime(2026, 3, 29, 2, tzinfo=UTC))  # 01:00-04:00 local
    assert find_conflicts(prog([s], rooms=rooms, days=[day], tz="Europe/Berlin")) == []
    longer = sess(1, datetime(2026, 3, 29, 0, tzinfo=UTC), datetime(2026, 3, 29, 2, 1, tzinfo=UTC))
    assert kinds(find_conflicts(prog([longer], rooms=rooms, days=[day], tz="Europe/Berlin"))) == [
        "outside_room_hours"
    ]


# --------------------------------------------------------------------------
# Brute-force oracle (all pairs, written independently of the sweep)
# --------------------------------------------------------------------------


def _idk(v):
    return (0, v, "") if isinstance(v, int) else (1, 0, str(v))


def brute_force(p: Programme) -> set[tuple]:
    """All conflicts as (kind, session_ids, person_ids, room_ids) signatures."""
    tz = ZoneInfo(p.tz)
    rooms = {r.id: r for r in p.rooms}
    days = set(p.days)
    out: set[tuple] = set()
    valid = []
    for s in p.sessions:
        if s.end <= s.start:
            out.add(("invalid_time", (s.id,), (), ()))
            continue
        valid.append(s)
        room = rooms.get(s.room_id)
        if s.room_id is not None and room is None:
            out.add(("unknown_room", (s.id,), (), (s.room_id,)))
        if days:
            # does [start, end) intersect a local calendar day that is not an edition day?
            d = s.start.astimezone(tz).date() - timedelta(days=1)
            while datetime.combine(d, time(0), tzinfo=tz) < s.end:
                lo = datetime.combine(d, time(0), tzinfo=tz)
                hi = datetime.combine(d + timedelta(days=1), time(0), tzinfo=tz)
                if d not in days and lo < s.end and s.start < hi:
                    out.add(("outside_edition_days", (s.id,), (), (room.id,) if room else ()))
                    break
                d += timedelta(days=1)
        if room is None:
            continue
        if room.capacity is not None and s.expected_attendance is not None and s.expected_attendance > room.capacity:
            out.add(("over_capacity", (s.id,), (), (room.id,)))
        if room.hours is not None:
            # subtract every opening span from the session; anything left is outside
            left = [(s.start, s.end)]
            for d, spans in room.hours.items():
                for o, c in spans:
                    lo = datetime.combine(d, o, tzinfo=tz)
                    hi = datetime.combine(d if c > o else d + timedelta(days=1), c, tzinfo=tz)
                    nxt = []
                    for a, b in left:
                        if hi <= a or b <= lo:
                            nxt.append((a, b))
                            continue
                        if a < lo:
                            nxt.append((a, lo))
                        if hi < b:
                            nxt.append((hi, b))
                    left = nxt
            if left:
                out.add(("outside_room_hours", (s.id,), (), (room.id,)))
    buffer = timedelta(minutes=p.buffer_minutes)
    for i, x in enumerate(valid):
        for y in valid[i + 1:]:
            a, b = sorted((x, y), key=lambda s: (s.start, _idk(s.id)))
            ids = (a.id, b.id)
            overlap = a.start < b.end and b.start < a.end
            shared = tuple(sorted(set(a.person_ids) & set(b.person_ids), key=_idk))
            ra, rb = rooms.get(a.room_id), rooms.get(b.room_id)
            known = tuple(sorted({r.id for r in (ra, rb) if r is not None}, key=_idk))
            if overlap and shared:
                out.add(("person_overlap", ids, shared, known))
            if overlap and ra is not None and ra is rb:
                out.add(("room_overlap", ids, (), (ra.id,)))
            if (not overlap and shared and b.start - a.end < buffer and ra and rb
                    and ra.hall is not None and rb.hall is not None and ra.hall != rb.hall):
                out.add(("short_buffer", ids, shared, known))
    return out


def signatures(conflicts: list[Conflict]) -> list[tuple]:
    return [(c.kind.value, c.session_ids, c.person_ids, c.room_ids) for c in conflicts]


TIMEZONES = ["UTC", "Asia/Ho_Chi_Minh", "Europe/Berlin", "America/St_Johns", "Asia/Kolkata"]
BASE_DAY = date(2026, 3, 28)  # Berlin DST change on the 29th


@st.composite
def programmes(draw) -> Programme:
    tz = draw(st.sampled_from(TIMEZONES))
    zone = ZoneInfo(tz)
    base = datetime.combine(BASE_DAY, time(0), tzinfo=zone).astimezone(UTC)
    rooms = []
    for rid in range(1, draw(st.integers(1, 4)) + 1):
        hours = None
        if draw(st.booleans()):
            hours = {}
            for offset in draw(st.sets(st.integers(0, 2), max_size=3)):
                spans = draw(st.lists(
                    st.tuples(st.integers(0, 23), st.sampled_from([0, 30]),
                              st.integers(0, 23), st.sampled_from([0, 30])),
                    min_size=1, max_size=2))
                hours[BASE_DAY + timedelta(days=offset)] = [(time(h1, m1), time(h2, m2)) for h1, m1, h2, m2 in spans]
        rooms.append(Room(rid, f"R{rid}", draw(st.none() | st.integers(10, 100)),
                          draw(st.sampled_from(["A", "B", "C", None])), hours))
    sessions = []
    for sid in range(draw(st.integers(0, 24))):
        start = base + timedelta(minutes=5 * draw(st.integers(0, 3 * 24 * 12)))
        duration = timedelta(minutes=draw(st.sampled_from([-5, 0, 5, 15, 30, 60, 61, 90, 240])))
        sessions.append(Session(
            id=draw(st.sampled_from([sid, f"s{sid}"])),
            title=f"Phiên {sid}",
            room_id=draw(st.sampled_from([None, 99] + [r.id for r in rooms] * 3)),
            start=start, end=start + duration,
            expected_attendance=draw(st.none() | st.integers(0, 120)),
            person_ids=tuple(draw(st.lists(st.integers(0, 8), max_size=4))),
        ))
    days = [BASE_DAY + timedelta(days=i) for i in sorted(draw(st.sets(st.integers(0, 2), max_size=3)))]
    return Programme(sessions, rooms, days, tz, draw(st.sampled_from([0, 5, 10, 15, 30])))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programmes())
def test_matches_brute_force(programme: Programme):
    result = find_conflicts(programme)
    sigs = signatures(result)
    assert len(sigs) == len(set(sigs)), "no duplicate conflicts"
    assert set(sigs) == brute_force(programme)
    # deterministic and sorted: a second run with reversed input is identical
    reversed_programme = Programme(list(reversed(programme.sessions)), list(reversed(programme.rooms)),
                                   programme.days, programme.tz, programme.buffer_minutes)
    assert signatures(find_conflicts(reversed_programme)) == sigs


def _big_programme(seed: int = 1) -> Programme:
    rng = random.Random(seed)
    rooms = [Room(i, f"R{i}", rng.choice([40, 80, 150, 300]), "ABC"[i % 3]) for i in range(12)]
    base = at(8)
    sessions = []
    for i in range(500):
        day = rng.randrange(2)
        start = base + timedelta(days=day, minutes=15 * rng.randrange(40))
        sessions.append(Session(i, f"S{i}", rng.randrange(12), start,
                                start + timedelta(minutes=rng.choice([30, 45, 60, 90])),
                                rng.randrange(20, 200), tuple(rng.sample(range(1000), rng.randint(1, 5)))))
    return Programme(sessions, rooms, [DAY1, DAY2], HCM, 10)


def test_500_sessions_1000_people_matches_brute_force():
    # Speed is measured by bench/conflicts.py, never asserted in tests.
    programme = _big_programme()
    assert set(signatures(find_conflicts(programme))) == brute_force(programme)


# --------------------------------------------------------------------------
# JSON input, CLI, purity
# --------------------------------------------------------------------------

CLI_INPUT = {
    "timezone": HCM,
    "days": ["2026-11-24", "2026-11-25"],
    "buffer_minutes": 10,
    "rooms": [
        {"id": 1, "name": "Hội trường A", "capacity": 100, "hall": "A",
         "hours": {"2026-11-24": [["08:00", "18:00"]]}},
        {"id": 2, "name": "Phòng B", "capacity": 30, "hall": "B", "hours": None},
    ],
    "sessions": [
        {"id": 1, "title": "Phiên 1: Khai thác thế mạnh đặc thù", "room_id": 1,
         "start": "2026-11-24T02:00:00Z", "end": "2026-11-24T03:00:00+00:00",
         "expected_attendance": 80, "person_ids": [1, 2]},
        {"id": 2, "title": "Tọa đàm", "room_id": 2,
         "start": "2026-11-24T09:30:00+07:00", "end": "2026-11-24T10:30:00+07:00",
         "expected_attendance": 40, "person_ids": [2]},
    ],
}


def test_programme_from_json():
    p = programme_from_json(CLI_INPUT)
    assert p.tz == HCM and p.days == [DAY1, DAY2] and p.buffer_minutes == 10
    assert p.rooms[0].hours == {DAY1: [(time(8), time(18))]}
    assert p.sessions[1].start == datetime(2026, 11, 24, 2, 30, tzinfo=UTC)
    assert p.sessions[0].person_ids == (1, 2)


def _run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "techfest.forum.conflicts", *args], cwd=REPO,
                          input=stdin, capture_output=True, timeout=60)


def test_cli(tmp_path):
    path = tmp_path / "programme.json"
    path.write_text(json.dumps(CLI_INPUT, ensure_ascii=False), encoding="utf-8")
    proc = _run_cli(str(path))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.decode("utf-8"))
    assert out["blocking"] is True
    assert [(c["kind"], c["severity"], c["session_ids"], c["person_ids"]) for c in out["conflicts"]] == [
        ("person_overlap", "error", [1, 2], [2]),
        ("over_capacity", "warning", [2], []),
    ]
    assert "Phiên 1: Khai thác thế mạnh đặc thù" in out["conflicts"][0]["message"]
    assert out["conflicts"][0]["message_key"] == "forum.conflict.person_overlap"

    assert _run_cli("--strict", str(path)).returncode == 1
    proc = _run_cli("-", stdin=json.dumps(CLI_INPUT).encode())
    assert proc.returncode == 0 and json.loads(proc.stdout)["conflicts"]


def test_cli_bad_input(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"sessions": [{"id": 1, "start": "2026-11-24T09:00", "end": "2026-11-24T10:00"}]}')
    proc = _run_cli(str(path))
    assert proc.returncode == 2
    assert b"UTC offset" in proc.stderr
    assert _run_cli(str(tmp_path / "missing.json")).returncode == 2


@pytest.mark.parametrize("module", ["techfest.forum.conflicts", "techfest.forum.frab", "techfest.forum.ical"])
def test_import_does_not_pull_in_flask_or_sqlalchemy(module):
    code = (f"import sys, {module}; "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy', 'flask_sqlalchemy')); "
            "assert not bad, bad")
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
