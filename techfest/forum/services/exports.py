"""The published programme exported: Frab-compatible XML and JSON (:mod:`techfest.forum.frab`),
iCalendar (:mod:`techfest.forum.ical`) and CSV rows. Session GUIDs and calendar UIDs are stable
across versions."""
from __future__ import annotations

import re
from datetime import datetime, time, timezone
from typing import Callable

from ..models import ParticipantRole
from .programme import PublishedProgramme


def _acronym(slug: str) -> str:
    acronym = re.sub(r"[^a-z0-9_]", "_", slug.lower())
    return acronym if len(acronym) >= 4 else (acronym + "_forum")


def session_guid(edition_id: int, session_id: int) -> str:
    """Stable across versions (and so the iCalendar UID): derived from the session row."""
    from ..frab import stable_guid

    return stable_guid(f"techfest:edition:{edition_id}", f"session:{session_id}")


def _frab_parts(edition, programme: PublishedProgramme | None, session_url: Callable[[str], str],
                unplaced_room: str, base_url: str | None = None):
    from ..frab import ScheduleConference, ScheduleEvent, ScheduleRoom, stable_guid

    sessions = programme.sessions if programme else []
    start, end = edition.start_date, edition.end_date
    for s in sessions:
        start, end = min(start, s.start.date()), max(end, s.start.date())
    conf = ScheduleConference(acronym=_acronym(edition.slug), title=edition.name, start=start, end=end,
                              days=(end - start).days + 1, timezone=edition.timezone, base_url=base_url,
                              day_change=time(0, 0))
    rooms = [ScheduleRoom(name=r.name, guid=stable_guid(f"techfest:edition:{edition.id}", f"room:{r.id}"))
             for r in (programme.rooms if programme else ())]
    if any(s.room is None for s in sessions):
        rooms.append(ScheduleRoom(name=unplaced_room))
    events = []
    for s in sessions:
        who = [p for p in s.participants if p.role != ParticipantRole.INTERPRETER]
        lang = s.languages[0] if s.languages else None
        events.append(ScheduleEvent(
            id=s.id, guid=session_guid(edition.id, s.id), date=s.start, duration=s.duration,
            room=s.room.name if s.room else unplaced_room, title=s.title_vi, subtitle=s.title_en or None,
            url=session_url(s.code), track=s.track or None, type=s.type.value, language=lang,
            abstract=s.description_vi.split("\n\n")[0] if s.description_vi else "",
            description=s.description_vi or None,
            persons=tuple((p.person.id, p.person.name) for p in who)))
    version = f"{programme.version}" if programme else "0"
    return conf, rooms, events, version


def export_frab_xml(edition, programme, session_url, unplaced_room: str, base_url: str | None = None) -> bytes:
    from ..frab import schedule_xml

    conf, rooms, events, version = _frab_parts(edition, programme, session_url, unplaced_room, base_url)
    return schedule_xml(conf, rooms, events, version)


def export_frab_json(edition, programme, session_url, unplaced_room: str, base_url: str | None = None) -> dict:
    from ..frab import schedule_json

    conf, rooms, events, version = _frab_parts(edition, programme, session_url, unplaced_room, base_url)
    return schedule_json(conf, rooms, events, version)


def export_ics(edition, programme: PublishedProgramme | None, session_url, sessions=None) -> bytes:
    """iCalendar of the published programme (or of ``sessions`` only). UIDs are stable."""
    from ..ical import CalendarEvent, calendar_for

    chosen = programme.sessions if (programme and sessions is None) else (sessions or [])
    events = []
    for s in chosen:
        people = "; ".join(f"{p.person.name} ({p.role_label})" for p in s.participants)
        description = "\n\n".join(x for x in (s.title_en, s.description_vi, people) if x)
        events.append(CalendarEvent(guid=session_guid(edition.id, s.id), start=s.start, end=s.end,
                                    summary=s.title_vi, description=description,
                                    location=s.room.name if s.room else "", url=session_url(s.code),
                                    sequence=s.sequence))
    stamp = programme.published_at if programme else datetime(edition.start_date.year, 1, 1, tzinfo=timezone.utc)
    return calendar_for(events, edition.name, edition.timezone, dtstamp=stamp)


CSV_COLUMNS = ("date", "start", "end", "room", "type", "track", "title_vi", "title_en", "moderators",
               "speakers", "languages", "interpretation", "url")


def export_csv_rows(programme: PublishedProgramme | None, session_url) -> list[list[str]]:
    rows: list[list[str]] = [list(CSV_COLUMNS)]
    for s in (programme.sessions if programme else []):
        mods = "; ".join(p.person.name for p in s.with_role(ParticipantRole.MODERATOR))
        others = "; ".join(f"{p.person.name} ({p.role_label})" for p in s.participants
                           if p.role != ParticipantRole.MODERATOR)
        rows.append([s.start.date().isoformat(), s.start.strftime("%H:%M"), s.end.strftime("%H:%M"),
                     s.room.name if s.room else "", s.type_label, s.track, s.title_vi, s.title_en, mods, others,
                     ", ".join(s.languages), s.interpretation, session_url(s.code)])
    return rows
