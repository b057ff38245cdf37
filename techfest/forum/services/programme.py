"""The published programme as others read it (public pages, the API, registration's printed
programme): frozen dataclasses built from the newest version's snapshot, never from the
organizers' working copy."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from techfest.core.collation import vi_sort_key

from ..models import ParticipantRole, SessionType
from .publishing import latest_version


@dataclass(frozen=True)
class ProgrammeRoom:
    id: int
    name: str
    capacity: int | None
    floor: str
    hall: str
    equipment: str


@dataclass(frozen=True)
class ProgrammePerson:
    id: int
    code: str
    name: str
    title: str
    organisation: str
    country: str
    bio_vi: str
    bio_en: str
    photo: str | None

    def bio(self, locale: str = "vi") -> str:
        return self.bio_en if locale == "en" and self.bio_en else self.bio_vi

    @property
    def affiliation(self) -> str:
        return ", ".join(x for x in (self.title, self.organisation) if x)


@dataclass(frozen=True)
class ProgrammeParticipant:
    person: ProgrammePerson
    role: ParticipantRole

    @property
    def role_label(self) -> str:
        from ..models import PARTICIPANT_ROLE_LABELS

        return str(PARTICIPANT_ROLE_LABELS[self.role])


@dataclass(frozen=True)
class ProgrammeSession:
    id: int
    code: str
    title_vi: str
    title_en: str
    description_vi: str
    description_en: str
    type: SessionType
    track: str
    room: ProgrammeRoom | None
    start: datetime          # aware, in the edition's time zone
    end: datetime
    expected_attendance: int | None
    languages: tuple[str, ...]
    interpretation: str
    participants: tuple[ProgrammeParticipant, ...]
    sequence: int = 0

    def title(self, locale: str = "vi") -> str:
        return self.title_en if locale == "en" and self.title_en else self.title_vi

    def description(self, locale: str = "vi") -> str:
        return self.description_en if locale == "en" and self.description_en else self.description_vi

    @property
    def type_label(self) -> str:
        from ..models import SESSION_TYPE_LABELS

        return str(SESSION_TYPE_LABELS[self.type])

    @property
    def day(self) -> date:
        return self.start.date()

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    def with_role(self, *roles: str) -> list[ProgrammeParticipant]:
        return [p for p in self.participants if p.role in roles]


@dataclass(frozen=True)
class ProgrammeDay:
    date: date
    sessions: tuple[ProgrammeSession, ...]


@dataclass(frozen=True)
class PublishedProgramme:
    """The newest published version of an edition's programme, ready to display or print."""

    edition_slug: str
    edition_name: str
    timezone: str
    start_date: date
    end_date: date
    version: int
    published_at: datetime
    days: tuple[ProgrammeDay, ...]
    rooms: tuple[ProgrammeRoom, ...]
    speakers: tuple[ProgrammePerson, ...]
    tracks: tuple[str, ...] = field(default=())

    @property
    def sessions(self) -> list[ProgrammeSession]:
        return [s for d in self.days for s in d.sessions]

    def session(self, code: str) -> ProgrammeSession | None:
        return next((s for s in self.sessions if s.code == code), None)

    def speaker(self, code: str) -> ProgrammePerson | None:
        return next((p for p in self.speakers if p.code == code), None)

    def sessions_of(self, person: ProgrammePerson) -> list[ProgrammeSession]:
        return [s for s in self.sessions if any(p.person.id == person.id for p in s.participants)]

    def photos(self) -> set[str]:
        return {p.photo for p in self.speakers if p.photo}

    def by_room(self) -> list[tuple[ProgrammeRoom | None, list[ProgrammeSession]]]:
        """(room, its sessions) for each room holding sessions, then (None, sessions elsewhere)."""
        sessions = self.sessions
        groups = [(room, [s for s in sessions if s.room and s.room.id == room.id]) for room in self.rooms]
        others = [s for s in sessions if s.room is None]
        return [(room, items) for room, items in groups if items] + ([(None, others)] if others else [])

    def by_track(self) -> list[tuple[str, list[ProgrammeSession]]]:
        """(track, its sessions) for each track, then ("", sessions without a track)."""
        sessions = self.sessions
        groups = [(track, [s for s in sessions if s.track == track]) for track in self.tracks]
        others = [s for s in sessions if not s.track]
        return groups + ([("", others)] if others else [])


def programme_from_snapshot(snapshot: dict, number: int, published_at: datetime) -> PublishedProgramme:
    ed = snapshot["edition"]
    zone = ZoneInfo(ed["timezone"])
    rooms = {r["id"]: ProgrammeRoom(r["id"], r["name"], r.get("capacity"), r.get("floor") or "", r.get("hall") or "",
                                    r.get("equipment") or "") for r in snapshot.get("rooms", [])}
    people = {p["id"]: ProgrammePerson(p["id"], p["code"], p["name"], p.get("title") or "",
                                       p.get("organisation") or "", p.get("country") or "", p.get("bio_vi") or "",
                                       p.get("bio_en") or "", p.get("photo")) for p in snapshot.get("speakers", [])}
    sessions = []
    for s in snapshot.get("sessions", []):
        sessions.append(ProgrammeSession(
            id=s["id"], code=s["code"], title_vi=s["title_vi"], title_en=s.get("title_en") or "",
            description_vi=s.get("description_vi") or "", description_en=s.get("description_en") or "",
            type=SessionType(s["type"]), track=s.get("track") or "", room=rooms.get(s.get("room_id")),
            start=datetime.fromisoformat(s["start"]).astimezone(zone),
            end=datetime.fromisoformat(s["end"]).astimezone(zone),
            expected_attendance=s.get("expected_attendance"), languages=tuple(s.get("languages") or ()),
            interpretation=s.get("interpretation") or "",
            participants=tuple(ProgrammeParticipant(people[p["speaker_id"]], ParticipantRole(p["role"]))
                               for p in s.get("participants", []) if p["speaker_id"] in people),
            sequence=int(s.get("sequence", 0))))
    room_order = {rid: i for i, rid in enumerate(rooms)}
    sessions.sort(key=lambda s: (s.start, room_order.get(s.room.id if s.room else None, len(room_order)), s.id))
    by_day: dict[date, list[ProgrammeSession]] = defaultdict(list)
    for s in sessions:
        by_day[s.day].append(s)
    tracks = sorted({s.track for s in sessions if s.track}, key=vi_sort_key)
    return PublishedProgramme(
        edition_slug=ed["slug"], edition_name=ed["name"], timezone=ed["timezone"],
        start_date=date.fromisoformat(ed["start_date"]), end_date=date.fromisoformat(ed["end_date"]),
        version=number, published_at=published_at,
        days=tuple(ProgrammeDay(d, tuple(by_day[d])) for d in sorted(by_day)),
        rooms=tuple(rooms.values()), speakers=tuple(sorted(people.values(), key=lambda p: (vi_sort_key(p.name), p.id))),
        tracks=tuple(tracks))


def published_programme(edition) -> PublishedProgramme | None:
    """The published programme of ``edition`` (None before the first publication).

    ``days`` lists the days that have sessions, in order; each day's sessions are sorted by
    start time then room, with local (edition time zone) ``start``/``end``, their ``room``
    (or None) and ``participants`` in the order the organizers set (moderators usually first),
    each with ``person`` (name, title, organisation, country, bio, photo) and ``role``.
    One query; nothing of the unpublished working copy is included.
    """
    latest = latest_version(edition)
    if latest is None:
        return None
    return programme_from_snapshot(latest.snapshot, latest.number, latest.published_at)
