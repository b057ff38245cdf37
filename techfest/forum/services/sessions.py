"""Forum sessions and scheduling: the working copy's sessions with their people, moves (one
session, or a whole day shifted), optimistic locking, and the conflicts of the schedule
(computed by the pure :mod:`techfest.forum.conflicts` on plain data loaded here)."""
from __future__ import annotations

import logging
import re
from collections import defaultdict
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from techfest.core.collation import vi_sort_key
from techfest.core.db import MAX_DB_INT, db, utcnow
from techfest.core.errors import Conflict, NotFound, ValidationFailed
from techfest.core.search import fold

from .. import conflicts as conflicts_mod
from ..models import LANGUAGES, ParticipantRole, Room, Session, SessionParticipant, SessionType, Speaker
from .common import _actor_id, _new_code, _text, edition_days, local_datetime, zone_of
from .rooms import room_hours_for, rooms_of

logger = logging.getLogger(__name__)

DEFAULT_BUFFER_MINUTES = 10
MAX_SESSION_HOURS = 24
_INTERP = re.compile(r"^([a-z]{2})\s*(?:↔|<->|<>|-|/)\s*([a-z]{2})$")


def sessions_query(edition):
    return (select(Session).where(Session.edition_id == edition.id)
            .options(selectinload(Session.room),
                     selectinload(Session.participants).selectinload(SessionParticipant.speaker))
            .order_by(Session.starts_at, Session.id))


def all_sessions(edition) -> list[Session]:
    return list(db.session.scalars(sessions_query(edition)))


def get_session(edition, code: str) -> Session:
    session = db.session.scalar(sessions_query(edition).where(Session.code == code))
    if session is None:
        raise NotFound("session not found")
    return session


def tracks_of(edition) -> list[str]:
    rows = db.session.scalars(select(Session.track).where(Session.edition_id == edition.id, Session.track != "")
                              .distinct())
    return sorted(set(rows), key=vi_sort_key)


def parse_interpretation(text: str | None) -> str:
    """Normalise "vi<->ko, vi-en" to "vi↔ko, vi↔en"; raises ValueError on anything else."""
    pairs = []
    for chunk in filter(None, (c.strip() for c in (text or "").replace(";", ",").split(","))):
        match = _INTERP.match(chunk.lower())
        if not match or match.group(1) not in LANGUAGES or match.group(2) not in LANGUAGES \
                or match.group(1) == match.group(2):
            raise ValueError(chunk)
        pair = f"{match.group(1)}↔{match.group(2)}"
        if pair not in pairs:
            pairs.append(pair)
    return ", ".join(pairs)


def _check_time(value, key: str, errors: dict) -> datetime | None:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        errors.setdefault(key, []).append("a date and time with a time zone")
        return None
    if value.second or value.microsecond:
        errors.setdefault(key, []).append("whole minutes only")
        return None
    return value.astimezone(timezone.utc)


def _clean_session(edition, data: dict, current: Session | None) -> dict:
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    partial = current is not None
    if not partial:
        for key in ("title_vi", "type", "start", "end"):
            if data.get(key) in (None, ""):
                errors[key] = ["required"]
    for key, max_len, required in (("title_vi", 300, True), ("title_en", 300, False), ("track", 120, False),
                                   ("description_vi", 20000, False), ("description_en", 20000, False)):
        value = _text(data, key, max_len, errors, required)
        if value is not None:
            clean[key] = value
    if data.get("type") not in (None, ""):
        try:
            clean["type"] = SessionType(data["type"])
        except ValueError:
            errors.setdefault("type", []).append("one of " + ", ".join(t.value for t in SessionType))
    if "room_id" in data:
        room_id = data["room_id"]
        if room_id in (None, ""):
            clean["room_id"] = None
        else:
            room = db.session.get(Room, room_id) if isinstance(room_id, int) and not isinstance(room_id, bool) \
                and 1 <= room_id <= MAX_DB_INT else None
            if room is None or room.edition_id != edition.id:
                errors.setdefault("room_id", []).append("no such room in this edition")
            else:
                clean["room_id"] = room.id
    for key, column in (("start", "starts_at"), ("end", "ends_at")):
        if data.get(key) not in (None, ""):
            value = _check_time(data[key], key, errors)
            if value is not None:
                clean[column] = value
    start = clean.get("starts_at", current.starts_at if current else None)
    end = clean.get("ends_at", current.ends_at if current else None)
    if start is not None and end is not None and "start" not in errors and "end" not in errors:
        if end <= start:
            errors.setdefault("end", []).append("must be after the start")
        elif end - start > timedelta(hours=MAX_SESSION_HOURS):
            errors.setdefault("end", []).append(f"a session lasts at most {MAX_SESSION_HOURS} hours")
    if "expected_attendance" in data:
        value = data["expected_attendance"]
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000):
            errors.setdefault("expected_attendance", []).append("a number of people, or empty")
        clean["expected_attendance"] = value
    if "languages" in data:
        langs = data["languages"] or []
        if isinstance(langs, str):
            langs = [x.strip() for x in langs.split(",") if x.strip()]
        bad = [x for x in langs if x not in LANGUAGES]
        if bad:
            errors.setdefault("languages", []).append("unknown language: " + ", ".join(map(str, bad)))
        else:
            clean["languages"] = ",".join(dict.fromkeys(langs))
    if "interpretation" in data:
        try:
            clean["interpretation"] = parse_interpretation(data["interpretation"])
        except ValueError as exc:
            errors.setdefault("interpretation", []).append(f"write pairs of language codes such as vi↔ko ({exc})")
    if "is_public" in data:
        clean["is_public"] = bool(data["is_public"])
    if "participants" in data:
        clean["participants"] = _clean_participants(edition, data["participants"] or [], errors)
    if errors:
        raise ValidationFailed("invalid session", errors)
    return clean


def _clean_participants(edition, rows, errors: dict) -> list[tuple[Speaker, ParticipantRole]]:
    out: list[tuple[Speaker, ParticipantRole]] = []
    seen: set[int] = set()
    codes = [r.get("speaker") for r in rows if isinstance(r, dict)]
    speakers = {s.code: s for s in db.session.scalars(
        select(Speaker).where(Speaker.edition_id == edition.id, Speaker.code.in_([c for c in codes if c])))}
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            errors.setdefault("participants", []).append(f"{i}: must be an object")
            continue
        speaker = speakers.get(row.get("speaker"))
        if speaker is None:
            errors.setdefault("participants", []).append(f"{i}: no such speaker in this edition")
            continue
        try:
            role = ParticipantRole(row.get("role") or ParticipantRole.SPEAKER)
        except ValueError:
            errors.setdefault("participants", []).append(f"{i}: unknown role")
            continue
        if speaker.id in seen:
            errors.setdefault("participants", []).append(f"{i}: {speaker.name} is listed twice")
            continue
        seen.add(speaker.id)
        out.append((speaker, role))
    return out


def _apply(session: Session, clean: dict) -> None:
    participants = clean.pop("participants", None)
    for key, value in clean.items():
        setattr(session, key, value)
    if "title_vi" in clean or "title_en" in clean:
        session.title_folded = fold(session.title_vi + " " + (session.title_en or ""))
    if participants is not None:
        wanted = {sp.id: (pos, role) for pos, (sp, role) in enumerate(participants)}
        for p in list(session.participants):
            if p.speaker_id not in wanted:
                session.participants.remove(p)
        existing = {p.speaker_id: p for p in session.participants}
        for sp, role in participants:
            pos, _ = wanted[sp.id]
            if sp.id in existing:
                existing[sp.id].role, existing[sp.id].position = role, pos
            else:
                session.participants.append(SessionParticipant(speaker=sp, role=role, position=pos))
        session.participants.sort(key=lambda p: p.position)
    session.updated_at = utcnow()  # always an UPDATE, so the lock version moves even for people-only edits


def _check_lock(session: Session, lock_version: int | None) -> None:
    if lock_version is not None and lock_version != session.lock_version:
        raise Conflict("this session was changed by someone else meanwhile; reload the page and try again",
                       {"lock_version": ["stale"]})


def _commit_session(session: Session) -> None:
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise Conflict("this session was changed by someone else meanwhile; reload the page and try again",
                       {"lock_version": ["stale"]}) from None


def create_session(actor, edition, data: dict) -> Session:
    clean = _clean_session(edition, data, None)
    clean.setdefault("participants", [])
    session = Session(edition_id=edition.id, code=_new_code(Session), title_en="", description_vi="",
                      description_en="", track="", languages="vi", interpretation="", is_public=True)
    session.participants = []
    _apply(session, clean)
    db.session.add(session)
    db.session.commit()
    logger.info("forum session %s created in edition %s by user %s", session.id, edition.id, _actor_id(actor))
    return session


def update_session(actor, edition, session: Session, data: dict, lock_version: int | None = None) -> Session:
    """Change a session (partial ``data``); ``lock_version`` from the form/API guards against
    overwriting someone else's change (409)."""
    _check_lock(session, lock_version)
    clean = _clean_session(edition, data, session)
    _apply(session, clean)
    _commit_session(session)
    logger.info("forum session %s updated by user %s", session.id, _actor_id(actor))
    return session


def move_session(actor, edition, session: Session, room_id: int | None, start: datetime,
                 lock_version: int | None = None) -> Session:
    """Move a session to ``room_id`` at ``start``, keeping its duration (drag and drop, move form)."""
    _check_lock(session, lock_version)
    duration = session.ends_at - session.starts_at
    clean = _clean_session(edition, {"room_id": room_id, "start": start,
                                     "end": start + duration if isinstance(start, datetime) else None}, session)
    _apply(session, clean)
    _commit_session(session)
    logger.info("forum session %s moved by user %s", session.id, _actor_id(actor))
    return session


def duplicate_session(actor, edition, session: Session, title_suffix: str = " (copy)") -> Session:
    """A copy of ``session`` with the same people, placed right after it in the same room."""
    duration = session.ends_at - session.starts_at
    copy = Session(edition_id=edition.id, code=_new_code(Session),
                   title_vi=(session.title_vi + title_suffix)[:300],
                   title_en=(session.title_en + title_suffix)[:300] if session.title_en else "",
                   description_vi=session.description_vi, description_en=session.description_en, type=session.type,
                   track=session.track, room_id=session.room_id, starts_at=session.ends_at,
                   ends_at=session.ends_at + duration, expected_attendance=session.expected_attendance,
                   languages=session.languages, interpretation=session.interpretation, is_public=session.is_public)
    copy.title_folded = fold(copy.title_vi + " " + copy.title_en)
    copy.participants = [SessionParticipant(speaker_id=p.speaker_id, role=p.role, position=p.position)
                         for p in session.participants]
    db.session.add(copy)
    db.session.commit()
    logger.info("forum session %s duplicated as %s by user %s", session.id, copy.id, _actor_id(actor))
    return copy


def delete_session(actor, edition, session: Session) -> None:
    session_id = session.id
    db.session.delete(session)
    _commit_session(session)
    logger.info("forum session %s deleted by user %s", session_id, _actor_id(actor))


def sessions_on_day(edition, day: date) -> list[Session]:
    start = local_datetime(edition, day, time(0))
    return list(db.session.scalars(sessions_query(edition).where(
        Session.starts_at >= start, Session.starts_at < start + timedelta(days=1))))


def shift_day(actor, edition, day: date, minutes: int, codes: list[str] | None = None) -> list[str]:
    """Move every session starting on local ``day`` (or only ``codes``) by ``minutes``.

    Returns the codes of the moved sessions so the move can be undone with ``-minutes``.
    """
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes == 0 or abs(minutes) > 24 * 60:
        raise ValidationFailed("invalid shift", {"minutes": ["between -1440 and 1440, not 0"]})
    if codes is not None:
        sessions = list(db.session.scalars(select(Session).where(Session.edition_id == edition.id,
                                                                 Session.code.in_(codes))))
    else:
        sessions = sessions_on_day(edition, day)
    delta = timedelta(minutes=minutes)
    for s in sessions:
        s.starts_at += delta
        s.ends_at += delta
        s.updated_at = utcnow()
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise Conflict("a session was changed by someone else meanwhile; reload the page and try again") from None
    logger.info("forum: %s sessions of %s shifted by %s min by user %s", len(sessions), day, minutes, _actor_id(actor))
    return [s.code for s in sessions]


def _programme(edition, sessions: list[Session], rooms: list[Room], buffer_minutes: int) -> conflicts_mod.Programme:
    days = edition_days(edition)
    zone = zone_of(edition)
    hour_days = set(days)
    for s in sessions:  # room hours must also be known on the (wrong) days sessions use
        d = s.starts_at.astimezone(zone).date()
        while d <= (s.ends_at - timedelta(microseconds=1)).astimezone(zone).date():
            hour_days.add(d)
            d += timedelta(days=1)
    return conflicts_mod.Programme(
        sessions=[conflicts_mod.Session(s.id, s.title_vi, s.room_id, s.starts_at, s.ends_at, s.expected_attendance,
                                        tuple(p.speaker_id for p in s.participants)) for s in sessions],
        rooms=[conflicts_mod.Room(r.id, r.name, r.capacity, r.hall or None, room_hours_for(r, sorted(hour_days)))
               for r in rooms],
        days=days, tz=edition.timezone, buffer_minutes=buffer_minutes)


def find_conflicts(edition, buffer_minutes: int = DEFAULT_BUFFER_MINUTES, *,
                   sessions: list[Session] | None = None,
                   rooms: list[Room] | None = None) -> list[conflicts_mod.Conflict]:
    """Conflicts of the working copy (all sessions, public or not)."""
    sessions = all_sessions(edition) if sessions is None else sessions
    rooms = rooms_of(edition) if rooms is None else rooms
    return conflicts_mod.find_conflicts(_programme(edition, sessions, rooms, buffer_minutes))


def conflicts_by_session(found: list[conflicts_mod.Conflict]) -> dict[int, list[conflicts_mod.Conflict]]:
    out: dict[int, list[conflicts_mod.Conflict]] = defaultdict(list)
    for c in found:
        for sid in c.session_ids:
            out[sid].append(c)
    return out
