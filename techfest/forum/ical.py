"""iCalendar (RFC 5545) export of the forum programme, built with ``icalendar``.

Pure module: no Flask, no database. The app turns its sessions into
:class:`CalendarEvent` objects (or converts frab events with
:func:`from_schedule_event`) and serves :func:`calendar_for` as
``text/calendar; charset=utf-8``.

* ``UID`` is ``<guid>@<uid_domain>`` (default ``techfest``); with the stable
  UUIDv5 guids of :func:`techfest.forum.frab.stable_guid` it stays the same in
  every version of the programme, so subscribed calendars update events
  instead of duplicating them. Bump ``sequence`` whenever an event changes.
* ``DTSTART``/``DTEND`` carry ``TZID=<tzname>`` (local wall time of the
  edition) and the calendar contains a matching ``VTIMEZONE`` generated from
  the IANA database for the years the events span (``Asia/Ho_Chi_Minh`` gives
  a single ``+0700`` STANDARD observance, no DST). For ``UTC`` the times are
  written in UTC form (``...Z``) and no ``VTIMEZONE`` is needed.
* ``DTSTAMP`` is ``dtstamp`` (UTC), default now; pass it to get byte-identical
  output for identical input (useful for ETags and tests).
* Content lines are folded at 75 octets by ``icalendar`` without splitting
  UTF-8 sequences; text is UTF-8 (Vietnamese/Korean are kept as is).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from techfest.forum.frab import ScheduleEvent

__all__ = ["CalendarEvent", "PRODID", "calendar_for", "from_schedule_event"]

PRODID = "-//Techfest//Forum programme//EN"
_UTC_NAMES = {"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Zulu", "Etc/Zulu"}


@dataclass(frozen=True, kw_only=True)
class CalendarEvent:
    """One session as a calendar entry; ``start``/``end`` timezone-aware."""

    guid: str
    start: datetime
    end: datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str | None = None
    sequence: int = 0


def from_schedule_event(event: ScheduleEvent, sequence: int = 0) -> CalendarEvent:
    """Calendar entry for a frab :class:`ScheduleEvent` (same guid → same UID).

    The description is the abstract followed by the long description.
    """
    parts = [p for p in (event.abstract, event.description) if p]
    summary = f"{event.title} – {event.subtitle}" if event.subtitle else event.title
    return CalendarEvent(
        guid=event.guid,
        start=event.date,
        end=event.date + event.duration,
        summary=summary,
        description="\n\n".join(parts),
        location=event.room,
        url=event.url,
        sequence=sequence,
    )


def _vtimezone(tzname: str, first: date, last: date) -> Timezone:
    """VTIMEZONE for ``tzname`` valid from 1 Jan of ``first``'s year to the end of ``last``'s."""
    return Timezone.from_tzid(tzname, first_date=date(first.year, 1, 1), last_date=date(last.year + 1, 1, 1))


def calendar_for(events: Iterable[CalendarEvent], calname: str, tzname: str, *,
                 dtstamp: datetime | None = None, uid_domain: str = "techfest") -> bytes:
    """The programme as an RFC 5545 ``VCALENDAR`` (UTF-8 bytes, CRLF lines).

    Events are written in start order (ties by UID). Raises ``ValueError`` for
    naive datetimes, ``end <= start`` or a negative sequence.
    """
    utc_only = tzname in _UTC_NAMES
    zone = timezone.utc if utc_only else ZoneInfo(tzname)
    stamp = (dtstamp or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    items = list(events)
    for ev in items:
        for value in (ev.start, ev.end):
            if value.tzinfo is None or value.utcoffset() is None:
                raise ValueError(f"event {ev.guid}: datetimes must be timezone-aware")
        if ev.end <= ev.start:
            raise ValueError(f"event {ev.guid}: end must be after start")
        if ev.sequence < 0:
            raise ValueError(f"event {ev.guid}: sequence must be >= 0")
    items.sort(key=lambda e: (e.start.astimezone(timezone.utc), e.guid))

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", calname)              # RFC 7986
    cal.add("x-wr-calname", calname)      # widely used de-facto property
    cal.add("x-wr-timezone", tzname)

    if not utc_only:
        local_dates = [e.start.astimezone(zone).date() for e in items]
        local_dates += [e.end.astimezone(zone).date() for e in items]
        first = min(local_dates, default=stamp.date())
        last = max(local_dates, default=stamp.date())
        cal.add_component(_vtimezone(tzname, first, last))

    for ev in items:
        vevent = Event()
        vevent.add("uid", f"{ev.guid}@{uid_domain}")
        vevent.add("dtstamp", stamp)
        vevent.add("sequence", ev.sequence)
        vevent.add("dtstart", ev.start.astimezone(zone).replace(microsecond=0))
        vevent.add("dtend", ev.end.astimezone(zone).replace(microsecond=0))
        vevent.add("summary", ev.summary)
        if ev.description:
            vevent.add("description", ev.description)
        if ev.location:
            vevent.add("location", ev.location)
        if ev.url:
            vevent.add("url", ev.url)
        cal.add_component(vevent)
    return cal.to_ical()
