"""Builders for the frab schedule formats (``schedule.xml`` and ``schedule.json``).

Pure module (stdlib only): the app maps its models onto the dataclasses below
and serves the result. The output validates against the c3voc schemas kept in
``tests/data/frab/`` (XSD for XML, JSON Schema draft-06 for JSON), which is
what schedule apps such as Giggity, EventFahrplan or ConfClerk read.

Conventions
-----------
* **Days.** A conference day runs from ``day_change`` (default 04:00 local
  time, as pretalx does) to one minute before the next day's change, so a
  networking session 23:00–01:00 stays on the day it started. An event belongs
  to the day of ``(local start - day_change)``. Day ``index`` starts at 1.
  ``day_start``/``day_end`` are local times with the UTC offset. Every
  conference day is emitted (with every room, possibly without events), so an
  empty programme still validates (the XSD needs at least one ``<day>``).
* **Times.** Event ``date`` is the local start with offset
  (``2026-11-24T09:00:00+07:00``), ``start`` is local ``HH:MM``, ``duration`` is
  ``HH:MM`` (whole minutes, below 100 hours); JSON also carries ``end``.
* **GUIDs.** :func:`stable_guid` derives UUIDv5s, so the same key keeps its
  guid in every schedule version (and the iCalendar UID built from it). Rooms
  without a guid get ``stable_guid("techfest:" + acronym, "room:" + name)``.
* **Slugs.** If an event has no slug, :func:`event_slug` builds
  ``<acronym>-<id>-<ascii title>`` (Vietnamese diacritics folded, ``đ`` → ``d``;
  titles without Latin letters such as Korean give ``<acronym>-<id>-session``).
  Explicit slugs must match both schemas' patterns.
* **Persons** use the frab form ``{"id": 1, "public_name": "김민준"}`` in JSON
  (the schema's ``oneOf`` forbids also sending ``name``) and
  ``<person id="1">김민준</person>`` in XML.
* ``time_zone_name`` is left out of the JSON when it does not match the
  schema's pattern (e.g. ``Etc/GMT+7``); the XML always carries it.

Invalid input (bad acronym, slug or URL, duplicate ids/guids/slugs, events
outside the conference days or in unknown rooms, naive datetimes) raises
``ValueError`` rather than producing a document that fails validation.
"""
from __future__ import annotations

import re
import unicodedata
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

__all__ = [
    "GENERATOR",
    "ScheduleConference",
    "ScheduleEvent",
    "ScheduleRoom",
    "event_slug",
    "schedule_json",
    "schedule_xml",
    "slugify",
    "stable_guid",
]

GENERATOR = "techfest"
SCHEMA_URL = "https://c3voc.de/schedule/schema.json"

# Patterns taken from tests/data/frab/schedule.xml.xsd and schedule.schema.json.
_ACRONYM_XSD = re.compile(r"[a-z0-9_-]{4,}")
_ACRONYM_JSON = re.compile(r"[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?")
_SLUG_XSD = re.compile(r"[a-z0-9_]{4,}-[a-z0-9\-_]{4,}")
_SLUG_JSON = re.compile(r"[a-z0-9_-]+[a-z0-9]")
_TZ_JSON = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")
_HTTP_URL = re.compile(r"https?://\S+")
# Characters not allowed in XML 1.0 documents.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, kw_only=True)
class ScheduleConference:
    """The conference (one Techfest edition's forum)."""

    acronym: str
    title: str
    start: date
    end: date
    days: int
    timezone: str
    url: str | None = None
    base_url: str | None = None
    timeslot_duration: timedelta = timedelta(minutes=15)
    day_change: time = time(4, 0)


@dataclass(frozen=True, kw_only=True)
class ScheduleRoom:
    """A room; ``guid`` defaults to a stable UUID derived from the name."""

    name: str
    guid: str | None = None


@dataclass(frozen=True, kw_only=True)
class ScheduleEvent:
    """One scheduled session. ``date`` must be timezone-aware."""

    id: int
    guid: str
    date: datetime
    duration: timedelta
    room: str
    title: str
    url: str
    slug: str | None = None
    subtitle: str | None = None
    track: str | None = None
    type: str = "talk"
    language: str | None = None
    abstract: str | None = None
    description: str | None = None
    persons: tuple[tuple[int, str], ...] = ()


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def stable_guid(namespace: str, key: str | int) -> str:
    """A UUIDv5 for ``key`` within ``namespace``, identical across runs/versions.

    ``namespace`` is any string naming the scope, e.g. ``"techfest:hp-2026"`` or
    the edition's public URL; ``key`` identifies the object in it, e.g.
    ``"session:42"``.
    """
    scope = uuid.uuid5(uuid.NAMESPACE_URL, namespace)
    return str(uuid.uuid5(scope, str(key)))


def slugify(text: str, max_length: int = 60) -> str:
    """ASCII slug: diacritics folded (``Tọa đàm`` → ``toa-dam``), ``[a-z0-9-]`` only."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-")


def event_slug(acronym: str, event_id: int, title: str) -> str:
    """Default event slug ``<acronym>-<id>-<title>`` valid for both schemas."""
    prefix = re.sub(r"[^a-z0-9_]", "_", acronym.lower())
    return f"{prefix}-{event_id}-{slugify(title) or 'session'}"


def _fmt_duration(value: timedelta, what: str) -> str:
    seconds = value.total_seconds()
    if seconds <= 0 or seconds % 60 or seconds >= 100 * 3600:
        raise ValueError(f"{what}: duration must be whole minutes between 1 min and 99:59, got {value}")
    minutes = int(seconds // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _iso(value: datetime) -> str:
    return value.replace(microsecond=0).isoformat()


def _check_url(value: str | None, what: str) -> None:
    if value is not None and not _HTTP_URL.fullmatch(value):
        raise ValueError(f"{what}: {value!r} is not an absolute http(s) URL")


def _xml_text(value: str | None) -> str:
    return _XML_INVALID.sub("", value or "")


@dataclass(frozen=True)
class _Day:
    index: int
    date: date
    start: datetime
    end: datetime
    rooms: dict[str, list[tuple[ScheduleEvent, datetime, str]]]  # room -> (event, local start, slug)


@dataclass(frozen=True)
class _Plan:
    """Validated, day-split programme shared by the XML and JSON writers."""

    conf: ScheduleConference
    rooms: list[tuple[str, str]]  # (name, guid)
    days: list[_Day]
    tracks: list[str]
    tz_name_json_ok: bool


def _plan(conf: ScheduleConference, rooms: Sequence[ScheduleRoom], events: Iterable[ScheduleEvent]) -> _Plan:
    if not (_ACRONYM_XSD.fullmatch(conf.acronym) and _ACRONYM_JSON.fullmatch(conf.acronym)):
        raise ValueError(f"acronym {conf.acronym!r} must match [a-z0-9_-]{{4,}} and the JSON schema "
                         "pattern (e.g. 'techfest2026' or 'techfest-2026-hp')")
    if conf.days < 1 or conf.days != (conf.end - conf.start).days + 1:
        raise ValueError(f"days={conf.days} does not match {conf.start}..{conf.end}")
    _check_url(conf.url, "conference url")
    _check_url(conf.base_url, "conference base_url")
    _fmt_duration(conf.timeslot_duration, "timeslot_duration")
    tz = ZoneInfo(conf.timezone)

    room_list: list[tuple[str, str]] = []
    for room in rooms:
        if any(room.name == name for name, _ in room_list):
            raise ValueError(f"duplicate room {room.name!r}")
        guid = room.guid or stable_guid(f"techfest:{conf.acronym}", f"room:{room.name}")
        room_list.append((room.name, str(uuid.UUID(guid))))

    days: list[_Day] = []
    by_date: dict[date, _Day] = {}
    for i in range(conf.days):
        d = conf.start + timedelta(days=i)
        start = datetime.combine(d, conf.day_change, tzinfo=tz)
        end = datetime.combine(d + timedelta(days=1), conf.day_change, tzinfo=tz) - timedelta(minutes=1)
        day = _Day(i + 1, d, start, end, {name: [] for name, _ in room_list})
        days.append(day)
        by_date[d] = day

    seen_ids: set[int] = set()
    seen_guids: set[str] = set()
    seen_slugs: set[str] = set()
    tracks: list[str] = []
    shift = timedelta(hours=conf.day_change.hour, minutes=conf.day_change.minute)
    for ev in events:
        what = f"event {ev.id}"
        if isinstance(ev.id, bool) or not isinstance(ev.id, int) or ev.id < 1:
            raise ValueError(f"{what}: id must be a positive integer")
        if ev.date.tzinfo is None or ev.date.utcoffset() is None:
            raise ValueError(f"{what}: date must be timezone-aware")
        guid = str(uuid.UUID(ev.guid))
        slug = ev.slug or event_slug(conf.acronym, ev.id, ev.title)
        if not (_SLUG_XSD.fullmatch(slug) and _SLUG_JSON.fullmatch(slug)):
            raise ValueError(f"{what}: slug {slug!r} does not match the frab slug patterns")
        for value, seen, label in ((ev.id, seen_ids, "id"), (guid, seen_guids, "guid"), (slug, seen_slugs, "slug")):
            if value in seen:
                raise ValueError(f"{what}: duplicate {label} {value!r}")
            seen.add(value)  # type: ignore[attr-defined]
        _fmt_duration(ev.duration, what)
        _check_url(ev.url, f"{what} url")
        local = ev.date.astimezone(tz)
        day = by_date.get((local.replace(tzinfo=None) - shift).date())
        if day is None:
            raise ValueError(f"{what}: starts {local.isoformat()}, outside the conference days")
        if ev.room not in day.rooms:
            raise ValueError(f"{what}: unknown room {ev.room!r}")
        day.rooms[ev.room].append((ev, local, slug))
        if ev.track and ev.track not in tracks:
            tracks.append(ev.track)

    for day in days:
        for items in day.rooms.values():
            items.sort(key=lambda item: (item[1].timestamp(), item[0].id))
    return _Plan(conf, room_list, days, tracks, bool(_TZ_JSON.search(conf.timezone)))


# --------------------------------------------------------------------------
# XML
# --------------------------------------------------------------------------


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrib)
    if text is not None:
        el.text = _xml_text(text)
    return el


def schedule_xml(conf: ScheduleConference, rooms: Sequence[ScheduleRoom],
                 events: Iterable[ScheduleEvent], version: str) -> bytes:
    """``schedule.xml`` as UTF-8 bytes (with XML declaration)."""
    plan = _plan(conf, rooms, events)
    root = ET.Element("schedule")
    _sub(root, "generator", name=GENERATOR)
    _sub(root, "version", version)
    c = _sub(root, "conference")
    _sub(c, "acronym", conf.acronym)
    _sub(c, "title", conf.title)
    _sub(c, "start", conf.start.isoformat())
    _sub(c, "end", conf.end.isoformat())
    _sub(c, "days", str(conf.days))
    _sub(c, "timeslot_duration", _fmt_duration(conf.timeslot_duration, "timeslot_duration"))
    if conf.base_url:
        _sub(c, "base_url", conf.base_url)
    if conf.url:
        _sub(c, "url", conf.url)
    _sub(c, "time_zone_name", conf.timezone)
    for track in plan.tracks:
        _sub(c, "track", name=_xml_text(track))

    guid_of = dict(plan.rooms)
    for day in plan.days:
        d = _sub(root, "day", index=str(day.index), date=day.date.isoformat(),
                 start=_iso(day.start), end=_iso(day.end))
        for room_name, items in day.rooms.items():
            r = _sub(d, "room", name=_xml_text(room_name), guid=guid_of[room_name])
            for ev, local, slug in items:
                e = _sub(r, "event", guid=str(uuid.UUID(ev.guid)), id=str(ev.id))
                _sub(e, "date", _iso(local))
                _sub(e, "start", local.strftime("%H:%M"))
                _sub(e, "duration", _fmt_duration(ev.duration, f"event {ev.id}"))
                _sub(e, "room", ev.room)
                _sub(e, "slug", slug)
                _sub(e, "url", ev.url)
                _sub(e, "title", ev.title)
                _sub(e, "subtitle", ev.subtitle or "")
                _sub(e, "track", ev.track or "")
                _sub(e, "type", ev.type)
                if ev.language:
                    _sub(e, "language", ev.language)
                _sub(e, "abstract", ev.abstract or "")
                if ev.description is not None:
                    _sub(e, "description", ev.description)
                people = _sub(e, "persons")
                for pid, name in ev.persons:
                    _sub(people, "person", name, id=str(pid))
                _sub(e, "links")
                _sub(e, "attachments")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


# --------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------


def _event_json(ev: ScheduleEvent, local: datetime, slug: str) -> dict[str, Any]:
    return {
        "guid": str(uuid.UUID(ev.guid)),
        "id": ev.id,
        "date": _iso(local),
        "start": local.strftime("%H:%M"),
        "end": _iso((local.astimezone(timezone.utc) + ev.duration).astimezone(local.tzinfo)),
        "duration": _fmt_duration(ev.duration, f"event {ev.id}"),
        "room": ev.room,
        "slug": slug,
        "url": ev.url,
        "title": ev.title,
        "subtitle": ev.subtitle,
        "track": ev.track,
        "type": ev.type,
        "language": ev.language,
        "abstract": ev.abstract,
        "description": ev.description,
        "persons": [{"id": pid, "public_name": name} for pid, name in ev.persons],
        "links": [],
        "attachments": [],
    }


def schedule_json(conf: ScheduleConference, rooms: Sequence[ScheduleRoom],
                  events: Iterable[ScheduleEvent], version: str) -> dict[str, Any]:
    """``schedule.json`` as a dict (serialise with ``json.dumps(..., ensure_ascii=False)``)."""
    plan = _plan(conf, rooms, events)
    conference: dict[str, Any] = {
        "acronym": conf.acronym,
        "title": conf.title,
        "start": conf.start.isoformat(),
        "end": conf.end.isoformat(),
        "daysCount": conf.days,
        "timeslot_duration": _fmt_duration(conf.timeslot_duration, "timeslot_duration"),
    }
    if plan.tz_name_json_ok:
        conference["time_zone_name"] = conf.timezone
    if conf.url:
        conference["url"] = conf.url
    conference["rooms"] = [{"name": name, "guid": guid} for name, guid in plan.rooms]
    conference["tracks"] = [{"name": track} for track in plan.tracks]
    conference["days"] = [
        {
            "index": day.index,
            "date": day.date.isoformat(),
            "day_start": _iso(day.start),
            "day_end": _iso(day.end),
            "rooms": {name: [_event_json(*item) for item in items] for name, items in day.rooms.items()},
        }
        for day in plan.days
    ]
    schedule: dict[str, Any] = {"version": version}
    if conf.base_url:
        schedule["base_url"] = conf.base_url
    schedule["conference"] = conference
    return {"$schema": SCHEMA_URL, "generator": {"name": GENERATOR}, "schedule": schedule}
