"""Schedule conflict detection for a forum programme (pure: stdlib only).

This module knows nothing about Flask or the database. The app converts its
models into the frozen dataclasses below (:class:`Room`, :class:`Session`,
:class:`Programme`), calls :func:`find_conflicts` and renders the resulting
:class:`Conflict` objects (translating ``message_key`` with ``params``).

Conflict kinds and severities
-----------------------------
``error`` conflicts block publishing the programme (see :func:`has_blocking`);
``warning`` conflicts are shown to the programme committee but do not block.

=======================  ========  ==============================================
kind                     severity  meaning
=======================  ========  ==============================================
``person_overlap``       error     a person (any role: speaker, moderator, ...)
                                   is in two sessions whose times overlap
``room_overlap``         error     two sessions overlap in the same room
``outside_edition_days`` error     a session (partly) falls on a local date that
                                   is not one of the edition's days
``invalid_time``         error     a session does not end after it starts
``unknown_room``         error     a session references a room id that is not
                                   in the programme
``over_capacity``        warning   expected attendance > room capacity
``outside_room_hours``   warning   a session is not fully inside one of the
                                   room's opening-hour spans
``short_buffer``         warning   a person has less than ``buffer_minutes``
                                   between two sessions in different halls
=======================  ========  ==============================================

Semantics
---------
* Sessions are half-open intervals ``[start, end)``: back-to-back sessions
  (``a.end == b.start``) do not overlap. A gap exactly equal to the buffer is
  fine; a shorter gap is a ``short_buffer`` warning.
* All datetimes must be timezone-aware (the app stores UTC). Edition days and
  room opening hours are *local* to the edition time zone ``Programme.tz``.
* ``Room.hours is None`` means the room is always open. Otherwise it maps a
  local date to a list of ``(open, close)`` local times; a date missing from the
  mapping means the room is closed that day. ``close <= open`` means the span
  runs past midnight into the next day (``(time(0), time(0))`` = 24 hours).
  Adjacent spans are merged, so a session may run across them.
* A session without a room (``room_id=None``) is only checked for person
  overlaps and edition days. The buffer check needs the hall of both rooms;
  rooms with ``hall=None`` never cause ``short_buffer``.
* An empty ``Programme.days`` disables the edition-days check.
* Pairwise conflicts are reported once per session pair; ``person_ids`` lists
  every person affected by that pair. ``session_ids`` are ordered by start
  time (ties by id).
* Sessions with ``invalid_time`` are excluded from all other checks.

Algorithm: sessions are grouped per room and per person, sorted by start and
swept with a small active window, so the cost is ``O(n log n + k)`` for ``k``
reported pairs instead of all ``n²`` pairs.

Command line
------------
``python -m techfest.forum.conflicts programme.json`` (``-`` reads stdin)
prints ``{"blocking": bool, "conflicts": [...]}`` as UTF-8 JSON. Exit status
is 0, or 1 with ``--strict`` when a blocking conflict exists, or 2 when the
input is invalid. Input format::

    {
      "timezone": "Asia/Ho_Chi_Minh",
      "days": ["2026-11-24", "2026-11-25"],
      "buffer_minutes": 10,                       // optional, default 10
      "rooms": [
        {"id": 1, "name": "Hội trường A", "capacity": 300, "hall": "A",
         "hours": {"2026-11-24": [["08:00", "18:00"]]}}   // or null/absent
      ],
      "sessions": [
        {"id": 7, "title": "Tọa đàm", "room_id": 1,     // room_id may be null
         "start": "2026-11-24T02:00:00Z",                // ISO 8601 with offset
         "end": "2026-11-24T03:00:00+00:00",
         "expected_attendance": 120,                     // optional
         "person_ids": [1, 2]}
      ]
    }

Ids may be integers or strings. Each output conflict is
:meth:`Conflict.to_dict`: ``kind``, ``severity``, ``session_ids``,
``person_ids``, ``room_ids``, ``message_key``, ``params`` and the English
``message``.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

__all__ = [
    "Conflict",
    "ConflictKind",
    "DEFAULT_MESSAGES",
    "Id",
    "Programme",
    "Room",
    "Session",
    "Severity",
    "find_conflicts",
    "has_blocking",
    "main",
    "programme_from_json",
]

Id = int | str
"""Identifier of a room, session or person (whatever the app uses)."""

UTC = timezone.utc


class Severity(StrEnum):
    """How bad a conflict is. ``ERROR`` blocks publishing."""

    ERROR = "error"
    WARNING = "warning"


class ConflictKind(StrEnum):
    """What kind of problem a :class:`Conflict` describes (see module doc)."""

    PERSON_OVERLAP = "person_overlap"
    ROOM_OVERLAP = "room_overlap"
    OUTSIDE_EDITION_DAYS = "outside_edition_days"
    INVALID_TIME = "invalid_time"
    UNKNOWN_ROOM = "unknown_room"
    OVER_CAPACITY = "over_capacity"
    OUTSIDE_ROOM_HOURS = "outside_room_hours"
    SHORT_BUFFER = "short_buffer"

    @property
    def severity(self) -> Severity:
        """The fixed severity of this kind."""
        return _SEVERITY[self]

    @property
    def message_key(self) -> str:
        """Translation key, e.g. ``forum.conflict.person_overlap``."""
        return f"forum.conflict.{self.value}"


_SEVERITY: dict[ConflictKind, Severity] = {
    ConflictKind.PERSON_OVERLAP: Severity.ERROR,
    ConflictKind.ROOM_OVERLAP: Severity.ERROR,
    ConflictKind.OUTSIDE_EDITION_DAYS: Severity.ERROR,
    ConflictKind.INVALID_TIME: Severity.ERROR,
    ConflictKind.UNKNOWN_ROOM: Severity.ERROR,
    ConflictKind.OVER_CAPACITY: Severity.WARNING,
    ConflictKind.OUTSIDE_ROOM_HOURS: Severity.WARNING,
    ConflictKind.SHORT_BUFFER: Severity.WARNING,
}

#: English default messages, gettext-style ``%(name)s`` placeholders filled
#: from :attr:`Conflict.params`.
DEFAULT_MESSAGES: dict[ConflictKind, str] = {
    ConflictKind.PERSON_OVERLAP: (
        "%(count)d person(s) are scheduled in both “%(session_a)s” and "
        "“%(session_b)s”, which overlap by %(minutes)d min."
    ),
    ConflictKind.ROOM_OVERLAP: (
        "“%(session_a)s” and “%(session_b)s” overlap by %(minutes)d min "
        "in room %(room)s."
    ),
    ConflictKind.OUTSIDE_EDITION_DAYS: (
        "“%(session)s” is on %(date)s, which is not a day of the edition "
        "(%(first_day)s to %(last_day)s)."
    ),
    ConflictKind.INVALID_TIME: "“%(session)s” does not end after it starts.",
    ConflictKind.UNKNOWN_ROOM: "“%(session)s” is assigned to an unknown room (%(room_id)s).",
    ConflictKind.OVER_CAPACITY: (
        "“%(session)s” expects %(expected)d people but room %(room)s "
        "holds %(capacity)d."
    ),
    ConflictKind.OUTSIDE_ROOM_HOURS: (
        "“%(session)s” (%(date)s %(start)s–%(end)s) is outside the opening "
        "hours of room %(room)s."
    ),
    ConflictKind.SHORT_BUFFER: (
        "%(count)d person(s) have only %(gap)d min between “%(session_a)s” "
        "(hall %(hall_a)s) and “%(session_b)s” (hall %(hall_b)s); "
        "%(buffer)d min are needed."
    ),
}


# --------------------------------------------------------------------------
# Input / output dataclasses
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Room:
    """A room; ``hours`` as described in the module docstring."""

    id: Id
    name: str
    capacity: int | None = None
    hall: str | None = None
    hours: Mapping[date, Sequence[tuple[time, time]]] | None = field(default=None, hash=False)


@dataclass(frozen=True)
class Session:
    """A scheduled session; ``start``/``end`` must be timezone-aware."""

    id: Id
    title: str
    room_id: Id | None
    start: datetime
    end: datetime
    expected_attendance: int | None = None
    person_ids: tuple[Id, ...] = ()


@dataclass(frozen=True)
class Programme:
    """Everything needed to check one edition's forum programme."""

    sessions: Sequence[Session]
    rooms: Sequence[Room]
    days: Sequence[date]
    tz: str
    buffer_minutes: int = 10


@dataclass(frozen=True)
class Conflict:
    """One detected problem. Sorted/compared by kind and the ids involved."""

    kind: ConflictKind
    severity: Severity
    session_ids: tuple[Id, ...]
    person_ids: tuple[Id, ...] = ()
    room_ids: tuple[Id, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def message_key(self) -> str:
        """Translation key for the app (``forum.conflict.<kind>``)."""
        return self.kind.message_key

    @property
    def message(self) -> str:
        """English default message."""
        return DEFAULT_MESSAGES[self.kind] % dict(self.params)

    @property
    def blocking(self) -> bool:
        """True for errors, which block publishing."""
        return self.severity is Severity.ERROR

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable representation."""
        return {
            "kind": self.kind.value,
            "severity": self.severity.value,
            "session_ids": list(self.session_ids),
            "person_ids": list(self.person_ids),
            "room_ids": list(self.room_ids),
            "message_key": self.message_key,
            "params": dict(self.params),
            "message": self.message,
        }


def has_blocking(conflicts: Iterable[Conflict]) -> bool:
    """True if any conflict is an error (the programme may not be published)."""
    return any(c.severity is Severity.ERROR for c in conflicts)


# --------------------------------------------------------------------------
# Internals
# --------------------------------------------------------------------------


def _id_key(value: Id) -> tuple[int, int, str]:
    """Total order over mixed int/str ids (ints first)."""
    if isinstance(value, int):
        return (0, value, "")
    return (1, 0, str(value))


def _ids_key(values: Iterable[Id]) -> tuple[tuple[int, int, str], ...]:
    return tuple(_id_key(v) for v in values)


def _sorted_ids(values: Iterable[Id]) -> tuple[Id, ...]:
    return tuple(sorted(set(values), key=_id_key))


_KIND_ORDER = {kind: i for i, kind in enumerate(ConflictKind)}
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1}


def _conflict_sort_key(c: Conflict) -> tuple[Any, ...]:
    return (
        _SEVERITY_ORDER[c.severity],
        _KIND_ORDER[c.kind],
        _ids_key(c.session_ids),
        _ids_key(c.room_ids),
        _ids_key(c.person_ids),
    )


@dataclass(frozen=True, slots=True, eq=False)
class _Slot:
    """A valid session normalised to UTC, with its room resolved (identity-hashed)."""

    session: Session
    start: datetime
    end: datetime
    room: Room | None
    order: tuple[datetime, tuple[int, int, str]]


def _minutes_ceil(delta: timedelta) -> int:
    return math.ceil(delta.total_seconds() / 60)


def _check_aware(session: Session) -> None:
    for name in ("start", "end"):
        value: datetime = getattr(session, name)
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"session {session.id!r}: {name} must be timezone-aware")


def _room_spans(room: Room, tz: ZoneInfo) -> list[tuple[datetime, datetime]] | None:
    """Merged opening spans of ``room`` in UTC, sorted; None = always open."""
    if room.hours is None:
        return None
    spans: list[tuple[datetime, datetime]] = []
    for day, pairs in room.hours.items():
        for opens, closes in pairs:
            end_day = day if closes > opens else day + timedelta(days=1)
            start = datetime.combine(day, opens, tzinfo=tz).astimezone(UTC)
            end = datetime.combine(end_day, closes, tzinfo=tz).astimezone(UTC)
            spans.append((start, end))
    spans.sort()
    merged: list[tuple[datetime, datetime]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _inside(spans: list[tuple[datetime, datetime]], start: datetime, end: datetime) -> bool:
    """True if ``[start, end)`` lies within one of the merged ``spans``."""
    i = bisect_right(spans, start, key=lambda span: span[0]) - 1
    return i >= 0 and end <= spans[i][1]


def _sweep(slots: list[_Slot], buffer: timedelta) -> Iterator[tuple[_Slot, _Slot, bool]]:
    """Yield ``(a, b, overlapping)`` for pairs where b starts before a.end + buffer.

    ``slots`` must be sorted by ``order``; ``a`` always precedes ``b``. Pairs
    with ``overlapping=False`` have a gap in ``[0, buffer)``.
    """
    active: list[_Slot] = []
    for b in slots:
        active = [a for a in active if a.end + buffer > b.start]
        for a in active:
            yield a, b, a.end > b.start
        active.append(b)


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def find_conflicts(programme: Programme) -> list[Conflict]:
    """Find every conflict in ``programme``, sorted deterministically.

    Order: errors before warnings, then by kind (declaration order of
    :class:`ConflictKind`), then by session, room and person ids.

    Raises ``ValueError`` for naive datetimes or duplicate session/room ids.
    """
    tz = ZoneInfo(programme.tz)
    rooms: dict[Id, Room] = {}
    for room in programme.rooms:
        if room.id in rooms:
            raise ValueError(f"duplicate room id {room.id!r}")
        rooms[room.id] = room
    seen: set[Id] = set()
    for session in programme.sessions:
        if session.id in seen:
            raise ValueError(f"duplicate session id {session.id!r}")
        seen.add(session.id)
        _check_aware(session)

    conflicts: list[Conflict] = []
    add = conflicts.append
    days = frozenset(programme.days)
    first_day = min(days).isoformat() if days else ""
    last_day = max(days).isoformat() if days else ""
    spans_by_room = {rid: _room_spans(room, tz) for rid, room in rooms.items()}

    slots: list[_Slot] = []
    for s in programme.sessions:
        start, end = s.start.astimezone(UTC), s.end.astimezone(UTC)
        if end <= start:
            add(Conflict(ConflictKind.INVALID_TIME, Severity.ERROR, (s.id,), params={"session": s.title}))
            continue
        room = rooms.get(s.room_id) if s.room_id is not None else None
        if s.room_id is not None and room is None:
            add(Conflict(ConflictKind.UNKNOWN_ROOM, Severity.ERROR, (s.id,),
                         room_ids=(s.room_id,), params={"session": s.title, "room_id": str(s.room_id)}))
        slot = _Slot(s, start, end, room, (start, _id_key(s.id)))
        slots.append(slot)

        local_start = start.astimezone(tz)
        local_last = (end - timedelta(microseconds=1)).astimezone(tz)
        if days:
            day = local_start.date()
            while day <= local_last.date():
                if day not in days:
                    add(Conflict(ConflictKind.OUTSIDE_EDITION_DAYS, Severity.ERROR, (s.id,),
                                 room_ids=(room.id,) if room else (),
                                 params={"session": s.title, "date": day.isoformat(),
                                         "first_day": first_day, "last_day": last_day}))
                    break
                day += timedelta(days=1)

        if room is None:
            continue
        if (room.capacity is not None and s.expected_attendance is not None
                and s.expected_attendance > room.capacity):
            add(Conflict(ConflictKind.OVER_CAPACITY, Severity.WARNING, (s.id,), room_ids=(room.id,),
                         params={"session": s.title, "room": room.name,
                                 "expected": s.expected_attendance, "capacity": room.capacity}))
        spans = spans_by_room[room.id]
        if spans is not None and not _inside(spans, start, end):
            local_end = end.astimezone(tz)
            add(Conflict(ConflictKind.OUTSIDE_ROOM_HOURS, Severity.WARNING, (s.id,), room_ids=(room.id,),
                         params={"session": s.title, "room": room.name,
                                 "date": local_start.date().isoformat(),
                                 "start": local_start.strftime("%H:%M"),
                                 "end": local_end.strftime("%H:%M")}))

    slots.sort(key=lambda x: x.order)

    # Room overlaps: sweep each room's sessions.
    by_room: dict[Id, list[_Slot]] = defaultdict(list)
    for slot in slots:
        if slot.room is not None:
            by_room[slot.room.id].append(slot)
    for room_slots in by_room.values():
        for a, b, _ in _sweep(room_slots, timedelta(0)):
            add(Conflict(ConflictKind.ROOM_OVERLAP, Severity.ERROR, (a.session.id, b.session.id),
                         room_ids=(a.room.id,),  # type: ignore[union-attr]
                         params={"session_a": a.session.title, "session_b": b.session.title,
                                 "room": a.room.name,  # type: ignore[union-attr]
                                 "minutes": _minutes_ceil(min(a.end, b.end) - b.start)}))

    # Person overlaps and short buffers: sweep each person's sessions with the
    # buffer as look-ahead window; aggregate people per session pair.
    buffer = timedelta(minutes=max(programme.buffer_minutes, 0))
    by_person: dict[Id, list[_Slot]] = defaultdict(list)
    for slot in slots:
        for pid in set(slot.session.person_ids):
            by_person[pid].append(slot)
    overlaps: dict[tuple[_Slot, _Slot], set[Id]] = defaultdict(set)
    short_gaps: dict[tuple[_Slot, _Slot], set[Id]] = defaultdict(set)
    for pid, person_slots in by_person.items():
        for a, b, overlapping in _sweep(person_slots, buffer):
            if overlapping:
                overlaps[(a, b)].add(pid)
            elif (a.room is not None and b.room is not None and a.room.hall is not None
                  and b.room.hall is not None and a.room.hall != b.room.hall):
                short_gaps[(a, b)].add(pid)

    for (a, b), people in overlaps.items():
        add(Conflict(ConflictKind.PERSON_OVERLAP, Severity.ERROR, (a.session.id, b.session.id),
                     person_ids=_sorted_ids(people),
                     room_ids=_sorted_ids(x.room.id for x in (a, b) if x.room is not None),
                     params={"session_a": a.session.title, "session_b": b.session.title,
                             "count": len(people),
                             "minutes": _minutes_ceil(min(a.end, b.end) - b.start)}))
    for (a, b), people in short_gaps.items():
        assert a.room is not None and b.room is not None
        add(Conflict(ConflictKind.SHORT_BUFFER, Severity.WARNING, (a.session.id, b.session.id),
                     person_ids=_sorted_ids(people), room_ids=_sorted_ids((a.room.id, b.room.id)),
                     params={"session_a": a.session.title, "session_b": b.session.title,
                             "hall_a": a.room.hall, "hall_b": b.room.hall, "count": len(people),
                             "gap": int((b.start - a.end).total_seconds() // 60),
                             "buffer": programme.buffer_minutes}))

    conflicts.sort(key=_conflict_sort_key)
    return conflicts


# --------------------------------------------------------------------------
# JSON input and command line
# --------------------------------------------------------------------------


def _parse_datetime(value: str, what: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"{what}: datetime {value!r} needs a UTC offset")
    return parsed


def programme_from_json(data: Mapping[str, Any]) -> Programme:
    """Build a :class:`Programme` from the JSON structure in the module doc."""
    rooms = []
    for r in data.get("rooms", []):
        hours = r.get("hours")
        rooms.append(Room(
            id=r["id"],
            name=str(r.get("name", r["id"])),
            capacity=r.get("capacity"),
            hall=r.get("hall"),
            hours=None if hours is None else {
                date.fromisoformat(day): [(time.fromisoformat(o), time.fromisoformat(c)) for o, c in spans]
                for day, spans in hours.items()
            },
        ))
    sessions = [
        Session(
            id=s["id"],
            title=str(s.get("title", s["id"])),
            room_id=s.get("room_id"),
            start=_parse_datetime(s["start"], f"session {s['id']!r}"),
            end=_parse_datetime(s["end"], f"session {s['id']!r}"),
            expected_attendance=s.get("expected_attendance"),
            person_ids=tuple(s.get("person_ids", ())),
        )
        for s in data.get("sessions", [])
    ]
    return Programme(
        sessions=sessions,
        rooms=rooms,
        days=[date.fromisoformat(d) for d in data.get("days", [])],
        tz=data.get("timezone", "UTC"),
        buffer_minutes=int(data.get("buffer_minutes", 10)),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; see the module docstring."""
    parser = argparse.ArgumentParser(
        prog="python -m techfest.forum.conflicts",
        description="Check a forum programme (JSON) for scheduling conflicts.",
    )
    parser.add_argument("programme", help="programme JSON file, or - for stdin")
    parser.add_argument("--strict", action="store_true",
                        help="exit with status 1 if a blocking conflict exists")
    args = parser.parse_args(argv)
    try:
        if args.programme == "-":
            data = json.loads(sys.stdin.buffer.read().decode("utf-8"))
        else:
            with open(args.programme, encoding="utf-8") as fh:
                data = json.load(fh)
        conflicts = find_conflicts(programme_from_json(data))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    blocking = has_blocking(conflicts)
    out = {"blocking": blocking, "conflicts": [c.to_dict() for c in conflicts]}
    sys.stdout.buffer.write(json.dumps(out, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")
    sys.stdout.flush()
    return 1 if (args.strict and blocking) else 0


if __name__ == "__main__":  # pragma: no cover - exercised via subprocess in tests
    sys.exit(main())
