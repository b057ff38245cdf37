"""Check-in points and their staff: who may manage and who may scan at a point (including the
one-query ``scan_point`` of the scan path), listing, creating, updating and deleting points."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, delete, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from techfest.core.auth import Role, can
from techfest.core.db import cached_statement, db
from techfest.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

from ..models import Checkin, CheckinPoint, PointKind, PointStaff, Scan

logger = logging.getLogger(__name__)

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")


# --- permissions --------------------------------------------------------------------------

def may_manage(actor, edition) -> bool:
    return can(actor, "checkin.manage", edition)


def may_scan(actor, point: CheckinPoint) -> bool:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    if may_manage(actor, point.edition):
        return True
    if Role.CHECKIN not in _roles(actor, point.edition):
        return False
    return any(s.user_id == actor.id for s in point.staff)


def _roles(actor, edition):
    from techfest.core.auth import roles_of

    return roles_of(actor, edition)


# --- points -------------------------------------------------------------------------------

def points_for_edition(edition) -> list[CheckinPoint]:
    return list(db.session.scalars(select(CheckinPoint).where(CheckinPoint.edition_id == edition.id)
                                   .order_by(CheckinPoint.kind, CheckinPoint.code)))


def points_for_user(user) -> list[CheckinPoint]:
    """Points this user may scan at, in live/open editions (organizers: all of their editions)."""
    from techfest.editions.models import Edition
    from techfest.editions.workflow import EditionStatus

    stmt = (select(CheckinPoint).join(Edition, Edition.id == CheckinPoint.edition_id)
            .where(Edition.status != EditionStatus.ARCHIVED).order_by(Edition.start_date.desc(), CheckinPoint.code))
    return [p for p in db.session.scalars(stmt) if may_scan(user, p)]


def get_point(code: str) -> CheckinPoint:
    point = db.session.scalar(select(CheckinPoint).options(joinedload(CheckinPoint.edition))
                              .where(CheckinPoint.code == (code or "")[:32]))
    if point is None:
        raise NotFound("check-in point not found")
    return point


@dataclass(frozen=True, slots=True)
class ScanEdition:
    id: int
    timezone: str | None
    start_date: date
    end_date: date


@dataclass(frozen=True, slots=True)
class ScanPoint:
    """A check-in point as the scan path needs it (a plain value, no ORM object)."""
    id: int
    code: str
    edition: ScanEdition
    single_entry: bool
    capacity: int | None
    exits: bool
    types: list
    days: list


def _point_statement():
    from techfest.accounts.models import EditionRole
    from techfest.editions.models import Edition

    p, e, uid = CheckinPoint.__table__, Edition.__table__, bindparam("uid")

    def holds(role):
        return exists().where(EditionRole.user_id == uid, EditionRole.edition_id == p.c.edition_id,
                              EditionRole.role == role)

    assigned = exists().where(PointStaff.point_id == p.c.id, PointStaff.user_id == uid)
    return (select(p.c.id, p.c.code, p.c.single_entry, p.c.capacity, p.c.exits, p.c.types, p.c.days,
                   e.c.id.label("edition_id"), e.c.timezone, e.c.start_date, e.c.end_date,
                   holds(Role.ORGANIZER).label("organizer"), holds(Role.CHECKIN).label("checkin"),
                   assigned.label("staff"))
            .select_from(p.join(e, e.c.id == p.c.edition_id)).where(p.c.code == bindparam("code")))


def scan_point(actor, code: str) -> ScanPoint:
    """The point, its edition and whether ``actor`` may scan there, in one query (the same rule
    as ``may_scan``: an organizer of the edition, or check-in staff assigned to the point)."""
    uid = getattr(actor, "id", None) or 0
    row = db.session.execute(cached_statement("checkin.point", _point_statement), {"uid": uid, "code": (code or "")[:32]}).first()
    if row is None:
        raise NotFound("check-in point not found")
    active = (actor is not None and getattr(actor, "is_authenticated", False) and actor.is_active)
    if not (active and (actor.is_admin or row.organizer or (row.checkin and row.staff))):
        raise PermissionDenied("you are not staff at this check-in point")
    return ScanPoint(row.id, row.code, ScanEdition(row.edition_id, row.timezone, row.start_date, row.end_date),
                     row.single_entry, row.capacity, row.exits, row.types or [], row.days or [])


def get_point_for_scan(actor, code: str) -> CheckinPoint:
    """The point (an ORM object, for pages) if ``actor`` may scan there (see ``scan_point``)."""
    return db.session.get(CheckinPoint, scan_point(actor, code).id)


def get_point_to_manage(actor, code: str) -> CheckinPoint:
    point = get_point(code)
    if not may_manage(actor, point.edition):
        raise PermissionDenied("not an organizer of this edition")
    return point


def _clean_point(edition, data: dict, point: CheckinPoint | None) -> dict:
    from techfest.registration.models import AttendeeType

    errors: dict[str, list[str]] = {}
    clean: dict = {}
    if "code" in data or point is None:
        code = (data.get("code") or "").strip()
        if not CODE_RE.match(code):
            errors["code"] = ["1 to 32 letters, digits, '-' or '_'"]
        else:
            clean["code"] = code
    if "name" in data or point is None:
        name = " ".join((data.get("name") or "").split())
        if not name or len(name) > 120:
            errors["name"] = ["required, at most 120 characters"]
        else:
            clean["name"] = name
    if "kind" in data or point is None:
        kind = data.get("kind") or PointKind.GATE
        if kind not in PointKind.__members__.values():
            errors["kind"] = ["gate or session"]
        else:
            clean["kind"] = PointKind(kind)
    if "types" in data:
        types = data.get("types") or []
        bad = [t for t in types if t not in AttendeeType.__members__.values()]
        if bad:
            errors["types"] = ["unknown attendee type: " + ", ".join(map(str, bad))]
        else:
            clean["types"] = sorted(set(types))
    if "days" in data:
        days = []
        for d in data.get("days") or []:
            if isinstance(d, str):
                try:
                    d = date.fromisoformat(d)
                except ValueError:
                    d = None
            if not isinstance(d, date) or not (edition.start_date <= d <= edition.end_date):
                errors["days"] = ["days must be dates of the edition"]
                break
            days.append(d.isoformat())
        else:
            clean["days"] = sorted(set(days))
    for flag in ("single_entry", "exits"):
        if flag in data:
            clean[flag] = bool(data[flag])
    if "capacity" in data:
        cap = data.get("capacity")
        if cap is not None and (not isinstance(cap, int) or isinstance(cap, bool) or cap < 1 or cap > 1_000_000):
            errors["capacity"] = ["a positive number or empty"]
        else:
            clean["capacity"] = cap
    if "staff" in data:
        from techfest.accounts.services import get_user_by_email

        users, unknown = [], []
        for email in data.get("staff") or []:
            user = get_user_by_email(str(email))
            (users.append(user) if user is not None else unknown.append(str(email)))
        if unknown:
            errors["staff"] = ["no account with this e-mail: " + ", ".join(unknown)]
        else:
            clean["staff"] = users
    for key, attr in (("room_id", "room_id"), ("session_id", "session_id")):
        if key in data:
            clean[attr] = data[key]
    if errors:
        raise ValidationFailed("invalid check-in point", errors)
    return clean


def _apply(point: CheckinPoint, edition, clean: dict) -> None:
    from techfest.accounts.services import _grant

    staff = clean.pop("staff", None)
    for k, v in clean.items():
        setattr(point, k, v)
    if staff is not None:
        wanted = {u.id: u for u in staff}
        point.staff = [s for s in point.staff if s.user_id in wanted]
        have = {s.user_id for s in point.staff}
        for uid, user in wanted.items():
            if uid not in have:
                point.staff.append(PointStaff(user_id=uid, user=user))
            if Role.CHECKIN not in _roles_fresh(user, edition) and not may_manage(user, edition):
                _grant(user, edition, Role.CHECKIN)  # staff of a point scan with the check-in role


def _roles_fresh(user, edition):
    from techfest.accounts.services import roles_for_user

    return roles_for_user(user, edition)


def _commit_point(point: CheckinPoint) -> None:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("this code is already used", {"code": ["already used"]})


def create_point(actor, edition, data: dict) -> CheckinPoint:
    clean = _clean_point(edition, data, None)
    clean.setdefault("types", [])
    clean.setdefault("days", [])
    if db.session.scalar(select(CheckinPoint.id).where(CheckinPoint.code == clean["code"])) is not None:
        raise Conflict("this code is already used", {"code": ["already used"]})
    point = CheckinPoint(edition_id=edition.id, edition=edition, staff=[])
    _apply(point, edition, clean)
    db.session.add(point)
    _commit_point(point)
    logger.info("check-in point %s (%s) created in edition %s by user %s", point.id, point.code, edition.id,
                actor.id)
    return point


def update_point(actor, point: CheckinPoint, data: dict) -> CheckinPoint:
    clean = _clean_point(point.edition, data, point)
    if clean.get("code") not in (None, point.code) and db.session.scalar(
            select(CheckinPoint.id).where(CheckinPoint.code == clean["code"])) is not None:
        raise Conflict("this code is already used", {"code": ["already used"]})
    _apply(point, point.edition, clean)
    _commit_point(point)
    logger.info("check-in point %s updated by user %s", point.id, actor.id)
    return point


def delete_point(actor, point: CheckinPoint) -> None:
    pid = point.id
    db.session.execute(delete(Checkin).where(Checkin.point_id == pid))
    db.session.execute(delete(Scan).where(Scan.point_id == pid))
    db.session.delete(point)
    db.session.commit()
    logger.info("check-in point %s deleted by user %s", pid, actor.id)


def point_json(point: CheckinPoint) -> dict:
    return {"code": point.code, "name": point.name, "kind": str(point.kind), "types": list(point.types or []),
            "days": list(point.days or []), "single_entry": point.single_entry, "capacity": point.capacity,
            "exits": point.exits, "staff": point.staff_emails, "edition": point.edition.slug}
