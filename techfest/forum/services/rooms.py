"""Forum rooms: their opening hours (per day, with exceptions), and their create/update/delete."""
from __future__ import annotations

import logging
import re
from datetime import date, time
from typing import Any, Iterable

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from techfest.core.db import db
from techfest.core.errors import Conflict, NotFound, ValidationFailed
from techfest.core.search import fold

from ..models import Room, Session
from .common import _actor_id, _text

logger = logging.getLogger(__name__)

_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def parse_hours_exceptions(text: str) -> dict[str, list[list[str]]]:
    """Parse per-day opening hours, one day a line::

        2026-11-25 08:00-12:00, 13:30-17:00
        2026-11-26 closed            (or "đóng cửa")

    Raises ``ValueError`` naming the bad line.
    """
    out: dict[str, list[list[str]]] = {}
    for n, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = line.split(None, 1)
        try:
            day = date.fromisoformat(parts[0])
        except ValueError:
            raise ValueError(f"line {n}: start with a date such as 2026-11-25") from None
        rest = parts[1].strip() if len(parts) > 1 else ""
        if fold(rest) in {"closed", "dong cua", "dong", "nghi"}:
            out[day.isoformat()] = []
            continue
        spans = []
        for chunk in filter(None, (c.strip() for c in rest.split(","))):
            times = [t.strip() for t in re.split(r"\s*[-–—]\s*", chunk)]
            if len(times) != 2 or not all(_HHMM.match(t) for t in times):
                raise ValueError(f"line {n}: write the hours as 08:00-12:00")
            spans.append(times)
        if not spans:
            raise ValueError(f"line {n}: give hours such as 08:00-12:00, or 'closed'")
        out[day.isoformat()] = spans
    return out


def format_hours_exceptions(hours: dict | None) -> str:
    if not hours:
        return ""
    lines = []
    for key in sorted(k for k in hours if k != "*"):
        spans = hours[key]
        lines.append(f"{key} " + (", ".join(f"{a}-{b}" for a, b in spans) if spans else "closed"))
    return "\n".join(lines)


def _validate_hours(value, errors: dict) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        errors.setdefault("hours", []).append("must be an object of day → [[open, close], ...]")
        return None
    clean: dict[str, list[list[str]]] = {}
    for key, spans in value.items():
        if key != "*":
            try:
                key = date.fromisoformat(str(key)).isoformat()
            except ValueError:
                errors.setdefault("hours", []).append(f"{key}: not a date (YYYY-MM-DD) or *")
                continue
        if not isinstance(spans, list) or not all(
                isinstance(s, (list, tuple)) and len(s) == 2 and all(isinstance(t, str) and _HHMM.match(t) for t in s)
                for s in spans):
            errors.setdefault("hours", []).append(f"{key}: spans must look like [\"08:00\", \"18:00\"]")
            continue
        clean[key] = [list(s) for s in spans]
    return clean


def room_hours_for(room: Room, days: Iterable[date]) -> dict[date, list[tuple[time, time]]] | None:
    if room.hours is None:
        return None
    default = room.hours.get("*")
    out: dict[date, list[tuple[time, time]]] = {}
    for day in days:
        spans = room.hours.get(day.isoformat(), default)
        if spans is None:
            continue  # no rule for that day and no every-day rule: closed
        out[day] = [(time.fromisoformat(a), time.fromisoformat(b)) for a, b in spans]
    return out


def rooms_of(edition) -> list[Room]:
    return list(db.session.scalars(select(Room).where(Room.edition_id == edition.id)
                                   .order_by(Room.position, Room.name_folded, Room.id)))


def get_room(edition, room_id: int) -> Room:
    room = db.session.get(Room, room_id)
    if room is None or room.edition_id != edition.id:
        raise NotFound("room not found")
    return room


def _clean_room(data: dict, partial: bool) -> dict:
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    if not partial and "name" not in data:
        errors["name"] = ["required"]
    for key, max_len, required in (("name", 120, True), ("floor", 60, False), ("hall", 60, False),
                                   ("equipment", 2000, False)):
        value = _text(data, key, max_len, errors, required)
        if value is not None:
            clean[key] = value
    if "capacity" in data:
        cap = data["capacity"]
        if cap is not None and (isinstance(cap, bool) or not isinstance(cap, int) or not 1 <= cap <= 100000):
            errors.setdefault("capacity", []).append("between 1 and 100000, or empty")
        clean["capacity"] = cap
    if "position" in data:
        pos = data["position"] or 0
        if isinstance(pos, bool) or not isinstance(pos, int) or not -1000 <= pos <= 1000:
            errors.setdefault("position", []).append("between -1000 and 1000")
        clean["position"] = pos
    if "hours" in data:
        clean["hours"] = _validate_hours(data["hours"], errors)
    if errors:
        raise ValidationFailed("invalid room", errors)
    return clean


def _room_name_taken(edition, name_folded: str, except_id: int | None = None) -> bool:
    stmt = select(Room.id).where(Room.edition_id == edition.id, Room.name_folded == name_folded)
    if except_id is not None:
        stmt = stmt.where(Room.id != except_id)
    return db.session.scalar(stmt) is not None


def create_room(actor, edition, data: dict) -> Room:
    clean = _clean_room(data, partial=False)
    if _room_name_taken(edition, fold(clean["name"])):
        raise Conflict("room name already used", {"name": ["already used by another room"]})
    if "position" not in clean:
        clean["position"] = (db.session.scalar(select(func.max(Room.position)).where(Room.edition_id == edition.id))
                             or 0) + 1
    room = Room(edition_id=edition.id, name_folded=fold(clean["name"]), **clean)
    db.session.add(room)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("room name already used", {"name": ["already used by another room"]}) from None
    logger.info("forum room %s created in edition %s by user %s", room.id, edition.id, _actor_id(actor))
    return room


def update_room(actor, edition, room: Room, data: dict) -> Room:
    clean = _clean_room(data, partial=True)
    if "name" in clean and _room_name_taken(edition, fold(clean["name"]), room.id):
        raise Conflict("room name already used", {"name": ["already used by another room"]})
    for key, value in clean.items():
        setattr(room, key, value)
    if "name" in clean:
        room.name_folded = fold(clean["name"])
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("room name already used", {"name": ["already used by another room"]}) from None
    logger.info("forum room %s updated by user %s", room.id, _actor_id(actor))
    return room


def delete_room(actor, edition, room: Room) -> int:
    """Delete a room; its sessions stay, without a room. Returns how many sessions were in it."""
    count = db.session.scalar(select(func.count()).select_from(Session).where(Session.room_id == room.id)) or 0
    for session in db.session.scalars(select(Session).where(Session.room_id == room.id)):
        session.room_id = None
    db.session.delete(room)
    db.session.commit()
    logger.info("forum room %s deleted by user %s (%s sessions unassigned)", room.id, _actor_id(actor), count)
    return count
