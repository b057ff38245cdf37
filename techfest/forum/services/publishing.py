"""Publishing the forum programme: the public part of the working copy frozen as JSON, numbered
versions with their changelog (:mod:`techfest.forum.changelog`), and what publishing now would
change."""
from __future__ import annotations

import logging
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from techfest.core.db import db, utcnow
from techfest.core.errors import Conflict

from .. import changelog as changelog_mod
from .. import conflicts as conflicts_mod
from ..models import Room, ScheduleVersion, Session, Speaker
from .common import _actor_id
from .rooms import rooms_of
from .sessions import DEFAULT_BUFFER_MINUTES, all_sessions, find_conflicts

logger = logging.getLogger(__name__)

SNAPSHOT_FORMAT = 1


def _iso(value: datetime) -> str:
    return value.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def build_snapshot(edition, sessions: list[Session] | None = None, rooms: list[Room] | None = None) -> dict:
    """The public programme as frozen JSON (format in ``techfest.forum.changelog``)."""
    sessions = [s for s in (all_sessions(edition) if sessions is None else sessions) if s.is_public]
    rooms = rooms_of(edition) if rooms is None else rooms
    speakers: dict[int, Speaker] = {}
    for s in sessions:
        for p in s.participants:
            speakers[p.speaker_id] = p.speaker
    return {
        "format": SNAPSHOT_FORMAT,
        "edition": {"slug": edition.slug, "name": edition.name, "timezone": edition.timezone,
                    "start_date": edition.start_date.isoformat(), "end_date": edition.end_date.isoformat()},
        "rooms": [{"id": r.id, "name": r.name, "capacity": r.capacity, "floor": r.floor, "hall": r.hall,
                   "equipment": r.equipment} for r in rooms],
        "speakers": [{"id": sp.id, "code": sp.code, "name": sp.name, "title": sp.title,
                      "organisation": sp.organisation, "country": sp.country, "bio_vi": sp.bio_vi,
                      "bio_en": sp.bio_en, "photo": sp.photo}
                     for sp in sorted(speakers.values(), key=lambda x: (x.name_folded, x.id))],
        "sessions": [{"id": s.id, "code": s.code, "title_vi": s.title_vi, "title_en": s.title_en,
                      "description_vi": s.description_vi, "description_en": s.description_en,
                      "type": s.type.value, "track": s.track, "room_id": s.room_id, "start": _iso(s.starts_at),
                      "end": _iso(s.ends_at), "expected_attendance": s.expected_attendance,
                      "languages": s.language_list, "interpretation": s.interpretation,
                      "participants": [{"speaker_id": p.speaker_id, "role": p.role.value} for p in s.participants]}
                     for s in sessions],
    }


def latest_version(edition) -> ScheduleVersion | None:
    return db.session.scalar(select(ScheduleVersion).where(ScheduleVersion.edition_id == edition.id)
                             .order_by(ScheduleVersion.number.desc()).limit(1))


def versions_of(edition) -> list[ScheduleVersion]:
    return list(db.session.scalars(select(ScheduleVersion).options(selectinload(ScheduleVersion.published_by))
                                   .where(ScheduleVersion.edition_id == edition.id)
                                   .order_by(ScheduleVersion.number.desc())))


def pending_changes(edition) -> dict:
    """What publishing now would change, against the newest published version."""
    latest = latest_version(edition)
    return changelog_mod.diff(latest.snapshot if latest else None, build_snapshot(edition))


def publish_schedule(actor, edition, note: str = "", buffer_minutes: int = DEFAULT_BUFFER_MINUTES) -> ScheduleVersion:
    """Freeze the working copy as the next numbered version, with its changelog.

    Refused (409) while an error-level conflict exists, or when nothing changed since the last
    version. Two organizers publishing at once: the unique (edition, number) lets one win.
    """
    sessions, rooms = all_sessions(edition), rooms_of(edition)
    found = find_conflicts(edition, buffer_minutes, sessions=sessions, rooms=rooms)
    if conflicts_mod.has_blocking(found):
        errors = [c.message for c in found if c.blocking]
        raise Conflict("the programme has blocking conflicts", {"conflicts": errors})
    latest = latest_version(edition)
    snapshot = build_snapshot(edition, sessions, rooms)
    previous = latest.snapshot if latest else None
    log = changelog_mod.diff(previous, snapshot)
    if latest is not None and changelog_mod.is_empty(log) and _same_public_details(previous, snapshot):
        raise Conflict("nothing changed since the last version", {"version": [f"{latest.number} is current"]})
    changelog_mod.assign_sequences(previous, snapshot)
    version = ScheduleVersion(edition_id=edition.id, number=(latest.number if latest else 0) + 1,
                              published_at=utcnow(), published_by_id=_actor_id(actor), note=(note or "").strip()[:2000],
                              snapshot=snapshot, changelog=log)
    db.session.add(version)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("another organizer published a version at the same time; reload and check",
                       {"version": ["published meanwhile"]}) from None
    logger.info("forum schedule version %s of edition %s published by user %s", version.number, edition.id,
                _actor_id(actor))
    return version


def _same_public_details(old: dict | None, new: dict) -> bool:
    """Rooms and speaker profiles also reach the public: a change there is worth a version."""
    if old is None:
        return False
    return old.get("rooms") == new.get("rooms") and old.get("speakers") == new.get("speakers")
