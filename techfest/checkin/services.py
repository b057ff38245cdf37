"""Check-in use-cases: points and their staff, scanning (online and offline batches), undo, stats.

Each function takes the actor explicitly and commits one transaction. The "first entry today
at this point" rule is enforced by the UNIQUE constraint on ``checkins`` (see models.py): we
insert and catch the IntegrityError, never read-then-write.
"""
from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, delete, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from techfest.core.auth import Role, can
from techfest.core.db import MAX_DB_INT, cached_statement, db, utcnow
from techfest.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from techfest.privacy.erasure import scrub

from .models import Checkin, CheckinPoint, Direction, PointKind, PointStaff, Scan, ScanStatus

logger = logging.getLogger(__name__)

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
MAX_BATCH = 500
# Offline scans may be hours old; a clock ahead of the server is clamped to "now".
MAX_FUTURE = timedelta(minutes=5)


# --- the registration domain, through one adapter ----------------------------------------

def _registration_services():
    from techfest.registration import services

    return services


def verify(text: str, edition):
    """(registration or None, status) for a scanned text, by the rules of the registration
    domain's ``verify_badge`` (tests/checkin/test_performance.py compares the two), with the
    edition's public key cached per process: a key never changes for an edition."""
    from techfest.registration import tokens

    try:
        token = tokens.extract_token(text)
        claimed = tokens.peek_token(token)
    except tokens.InvalidToken:
        return None, ScanStatus.INVALID
    if not isinstance(claimed.edition, int):
        return None, ScanStatus.INVALID
    claims, failed = None, None
    for _ in range(2):  # a failure with a cached key re-reads it once (a new database)
        key = _public_key(claimed.edition, failed=failed)
        if key is None:
            return None, ScanStatus.INVALID
        try:
            claims = tokens.verify_token(token, key)
            break
        except tokens.InvalidToken:
            failed = key
    if claims is None:
        return None, ScanStatus.INVALID
    reg = _load_registration(claims.registration_id)
    if reg is not None and reg.edition_id != claims.edition:
        reg = None
    if edition is not None and claims.edition != edition.id:
        return reg, ScanStatus.WRONG_EDITION
    if reg is None:
        return None, ScanStatus.REVOKED
    if not reg.active or not tokens.is_current(claims, reg.badge_version):
        return reg, ScanStatus.REVOKED
    return reg, ScanStatus.OK


def _public_key(edition_id: int, *, failed: str | None = None) -> str | None:
    """The edition's badge public key, cached per process (per app) by edition id. ``failed``:
    the key a token just failed with: read the key again, None if it is still that one."""
    from flask import current_app

    cache = current_app.extensions.setdefault("checkin_public_keys", {})
    key = None if failed is not None else cache.get(edition_id)
    if key is None:
        key = _registration_services().badge_public_key(edition_id)
        if key is None:
            cache.pop(edition_id, None)
            return None
        cache[edition_id] = key
        if key == failed:
            return None
    return key


def _load_registration(reg_id: int):
    """The registration as a scan needs it (registration.services.BadgeHolder), current state."""
    return _registration_services().badge_holder(reg_id)


def _registration_in(edition, reg_id: int):
    reg = _load_registration(reg_id)
    if reg is None or reg.edition_id != edition.id:
        return None, ScanStatus.INVALID
    if not reg.active:
        return reg, ScanStatus.REVOKED
    return reg, ScanStatus.OK


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


# --- scanning -----------------------------------------------------------------------------

def local_day(edition, moment: datetime) -> date:
    try:
        tz = ZoneInfo(edition.timezone or "Asia/Ho_Chi_Minh")
    except Exception:  # noqa: BLE001 - a bad zone name must not stop the gate
        tz = ZoneInfo("Asia/Ho_Chi_Minh")
    return moment.astimezone(tz).date()


def _reg_json(reg) -> dict:
    return {"id": reg.id, "name": reg.name, "type": str(reg.type), "organisation": reg.organisation or ""}


def _decide(point: CheckinPoint, reg, day: date) -> ScanStatus | None:
    """The refusals that need no write (None: go on and try to insert)."""
    edition = point.edition
    if not (edition.start_date <= day <= edition.end_date):
        return ScanStatus.NOT_VALID_TODAY
    reg_days = reg.day_list
    if reg_days and day not in reg_days:
        return ScanStatus.NOT_VALID_TODAY
    if point.days and day.isoformat() not in point.days:
        return ScanStatus.NOT_VALID_TODAY
    if point.types and str(reg.type) not in point.types:
        return ScanStatus.NOT_ALLOWED
    return None


def _occupancy(point: CheckinPoint, day: date) -> int:
    rows = dict(db.session.execute(select(Checkin.direction, func.count()).where(
        Checkin.point_id == point.id, Checkin.local_day == day).group_by(Checkin.direction)).all())
    inside = rows.get(Direction.IN, 0)
    if point.exits:
        inside -= rows.get(Direction.OUT, 0)
    return inside


def _first_entry(point_id: int, reg_id: int, day: date) -> Checkin | None:
    return db.session.scalar(select(Checkin).where(
        Checkin.point_id == point_id, Checkin.registration_id == reg_id, Checkin.local_day == day,
        Checkin.direction == Direction.IN).order_by(Checkin.checked_at).limit(1))


def _replay(nonce: str, actor) -> dict | None:
    """The answer this user got for this nonce (never another user's: nonces are per user)."""
    response = db.session.scalar(select(Scan.response).where(Scan.user_id == actor.id, Scan.nonce == nonce))
    return dict(response) if response is not None else None


def _parse_time(value) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            raise ValidationFailed("invalid scanned_at", {"scanned_at": ["an ISO 8601 date and time"]})
    if moment.tzinfo is None:
        raise ValidationFailed("invalid scanned_at", {"scanned_at": ["a time zone is needed"]})
    return moment.astimezone(timezone.utc)


def _answer(status, *, first_at=None, reg=None, badge=None, point=None, direction=None, scanned_at=None,
            nonce=None) -> dict:
    answer: dict = {"status": str(status)}
    if first_at is not None:
        answer["first_checkin_at"] = first_at.isoformat()
    if reg is not None and badge != ScanStatus.INVALID:
        answer["registration"] = _reg_json(reg)
    answer.update({"point": point.code, "direction": str(direction), "scanned_at": scanned_at.isoformat(),
                   "nonce": nonce})
    return answer


def check_in(actor, data: dict, *, offline: bool | None = None) -> dict:
    """One scan. ``data``: token (or registration id for a name search), point, nonce, optional
    scanned_at and direction. Returns the answer (also stored and replayed for the nonce).

    Round trips are counted (tests/checkin/test_performance.py): the point with the actor's
    right to scan there is one query, the badge's key is cached per process, the registration
    with its days is one query, and an accepted first entry is written by one statement (on
    PostgreSQL the scan log row and the check-in row in one INSERT ... WITH), in one transaction."""
    nonce = str(data.get("nonce") or "").strip()
    if not nonce or len(nonce) > 64:
        raise ValidationFailed("a nonce is required", {"nonce": ["1 to 64 characters"]})
    # No read of the nonce first: the scan row is inserted straight away and UNIQUE (user, nonce)
    # refuses a repeat (IntegrityError → this user's stored answer is replayed).
    point = scan_point(actor, str(data.get("point") or ""))
    edition = point.edition
    now = utcnow()
    scanned_at = _parse_time(data.get("scanned_at"))
    if offline is None:  # a scan carrying its own time was made offline (the scanner's queue)
        offline = scanned_at is not None
    if scanned_at is None or scanned_at > now + MAX_FUTURE:
        scanned_at = now
    try:  # offline batches arrive unvalidated: a bad value is a field error, never a 500
        direction = Direction(data.get("direction") or Direction.IN)
    except (TypeError, ValueError):
        raise ValidationFailed("unknown direction", {"direction": ["in or out"]}) from None
    if direction == Direction.OUT and not point.exits:
        raise ValidationFailed("this point does not scan exits", {"direction": ["exits are not scanned here"]})
    day = local_day(edition, scanned_at)

    if data.get("registration_id") is not None:
        try:
            reg_id = int(data["registration_id"])
        except (TypeError, ValueError):
            raise ValidationFailed("invalid registration id", {"registration_id": ["a number"]}) from None
        if not 1 <= reg_id <= MAX_DB_INT:  # beyond an INTEGER column the driver overflows
            raise ValidationFailed("invalid registration id", {"registration_id": ["out of range"]})
        reg, badge = _registration_in(edition, reg_id)
    else:
        token = str(data.get("token") or "")
        if not token.strip():
            raise ValidationFailed("a token is required", {"token": ["required"]})
        reg, badge = verify(token, edition)
        badge = ScanStatus(badge)

    point_code, point_id, single_entry, capacity = point.code, point.id, point.single_entry, point.capacity
    user_id = actor.id
    scan_values = dict(edition_id=edition.id, point_id=point_id, user_id=user_id, nonce=nonce,
                       registration_id=reg.id if reg is not None and badge != ScanStatus.WRONG_EDITION else None,
                       direction=direction, scanned_at=scanned_at, received_at=now, offline=offline,
                       conflict=False, undone_at=None)

    def answer_for(status, first_at=None):
        return _answer(status, first_at=first_at, reg=reg, badge=badge, point=point, direction=direction,
                       scanned_at=scanned_at, nonce=nonce)

    try:
        status = badge if badge != ScanStatus.OK else _decide(point, reg, day)
        first_at = None
        if status is None and capacity:
            db.session.scalar(select(CheckinPoint.id).where(CheckinPoint.id == point_id).with_for_update())
            if _occupancy(point, day) >= capacity:
                first = _first_entry(point_id, reg.id, day) if single_entry else None
                status = ScanStatus.ALREADY if first else ScanStatus.CAPACITY
                first_at = first.checked_at if first else None
        if status is not None:  # a refusal: the log row alone
            answer = answer_for(status, first_at)
            scan_id = _insert_scan({**scan_values, "status": status, "response": answer})
        elif direction == Direction.OUT:
            answer = answer_for(ScanStatus.OK)
            scan_id = _insert_scan({**scan_values, "status": ScanStatus.OK, "response": answer})
            _insert_checkin(dict(edition_id=edition.id, point_id=point_id, registration_id=reg.id, local_day=day,
                                 direction=Direction.OUT, single_key=None, checked_at=scanned_at, scan_id=scan_id))
            status = ScanStatus.OK
        else:
            answer = answer_for(ScanStatus.OK)
            entry = dict(edition_id=edition.id, point_id=point_id, registration_id=reg.id, local_day=day,
                         direction=Direction.IN, single_key=1 if single_entry else None, checked_at=scanned_at)
            scan_id, inserted = _insert_scan_and_entry({**scan_values, "status": ScanStatus.OK, "response": answer},
                                                       entry)
            status = ScanStatus.OK
            if not inserted:  # a second entry today at this single-entry point (or a lost race)
                if scan_id is None:
                    scan_id = db.session.scalar(select(Scan.id).where(Scan.user_id == user_id, Scan.nonce == nonce))
                status, first_at = _resolve_second_entry(point_id, reg.id, day, scanned_at, scan_id, offline, entry)
                if status != ScanStatus.OK:
                    answer = answer_for(status, first_at)
                    db.session.execute(Scan.__table__.update().where(Scan.id == scan_id).values(
                        status=status, response=answer, conflict=bool(offline and first_at is not None)))
        db.session.commit()
    except IntegrityError:  # a repeated nonce: a retry, or one racing the first try
        db.session.rollback()
        replay = _replay(nonce, actor)
        if replay is not None:
            return replay
        raise
    logger.info("scan %s at point %s by user %s: %s (registration %s)", scan_id, point_code, user_id, status,
                scan_values["registration_id"])
    return answer


def _insert_scan(values: dict) -> int:
    return db.session.execute(Scan.__table__.insert().values(**values).returning(Scan.__table__.c.id)).scalar_one()


def _insert_checkin(values: dict, *, skip_duplicate: bool = False) -> bool:
    """Insert a check-in row; with ``skip_duplicate`` a row refused by the UNIQUE rule is skipped
    (ON CONFLICT DO NOTHING) and False is returned."""
    table = Checkin.__table__
    if not skip_duplicate:
        db.session.execute(table.insert().values(**values))
        return True
    stmt = _dialect_insert(table).values(**values).on_conflict_do_nothing().returning(table.c.id)
    return db.session.execute(stmt).first() is not None


def _dialect_insert(table):
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def _insert_scan_and_entry(scan_values: dict, entry: dict) -> tuple[int | None, bool]:
    """(scan id or None when unknown, whether the entry was inserted). On PostgreSQL one statement:
    WITH s AS (INSERT INTO checkin_scans ... RETURNING id) INSERT INTO checkins ... SELECT ... FROM s
    ON CONFLICT DO NOTHING RETURNING scan_id. Elsewhere two statements. A repeated nonce raises
    IntegrityError either way."""
    if db.session.get_bind().dialect.name != "postgresql":
        scan_id = _insert_scan(scan_values)
        return scan_id, _insert_checkin({**entry, "scan_id": scan_id}, skip_duplicate=True)
    stmt = cached_statement("checkin.scan_and_entry", _scan_and_entry_statement)
    params = {**{f"s_{k}": v for k, v in scan_values.items()}, **{f"e_{k}": v for k, v in entry.items()}}
    scan_id = db.session.execute(stmt, params).scalar()
    return scan_id, scan_id is not None


_SCAN_COLUMNS = ("edition_id", "point_id", "user_id", "nonce", "registration_id", "direction", "scanned_at",
                 "received_at", "offline", "conflict", "undone_at", "status", "response")
_ENTRY_COLUMNS = ("edition_id", "point_id", "registration_id", "local_day", "direction", "single_key", "checked_at")


def _scan_and_entry_statement():
    """PostgreSQL: the scan log row and the check-in row in one statement. Written as text()
    because SQLAlchemy 2.0 does not cache its PostgreSQL INSERT ... ON CONFLICT construct
    (``inherit_cache = False``): compiling it on every scan cost more than the round trip it saves.
    The parameters keep their column types (JSON serialised, datetimes in UTC, enums as values)."""
    from sqlalchemy import Integer, text

    scans, checkins = Scan.__table__, Checkin.__table__
    values = ", ".join(f"CAST(:s_{c} AS JSON)" if c == "response" else f":s_{c}" for c in _SCAN_COLUMNS)
    sql = (f"WITH s AS (INSERT INTO {scans.name} ({', '.join(_SCAN_COLUMNS)}) VALUES ({values}) RETURNING id) "
           f"INSERT INTO {checkins.name} ({', '.join(_ENTRY_COLUMNS)}, scan_id) "
           f"SELECT {', '.join(f':e_{c}' for c in _ENTRY_COLUMNS)}, s.id FROM s "
           "ON CONFLICT DO NOTHING RETURNING scan_id")
    return (text(sql).bindparams(*[bindparam(f"s_{c}", type_=scans.c[c].type) for c in _SCAN_COLUMNS],
                                 *[bindparam(f"e_{c}", type_=checkins.c[c].type) for c in _ENTRY_COLUMNS])
            .columns(scan_id=Integer))


def _resolve_second_entry(point_id, reg_id, day, scanned_at, scan_id, offline: bool,
                          entry: dict) -> tuple[ScanStatus, datetime | None]:
    """The UNIQUE rule refused the entry. An offline upload arriving late that was scanned before
    the stored first entry wins (the entry moves back, the other scan is marked as the conflict);
    online scans never move it."""
    first = _first_entry(point_id, reg_id, day)
    if first is None:  # undone meanwhile: try once more
        if _insert_checkin({**entry, "scan_id": scan_id}, skip_duplicate=True):
            return ScanStatus.OK, None
        first = _first_entry(point_id, reg_id, day)
    if offline and first is not None and scanned_at < first.checked_at:
        # A conditional UPDATE, so two late uploads cannot both move it.
        loser_scan_id = first.scan_id
        moved = db.session.execute(
            Checkin.__table__.update().where(Checkin.id == first.id, Checkin.checked_at > scanned_at)
            .values(checked_at=scanned_at, scan_id=scan_id)).rowcount
        if moved:
            if loser_scan_id is not None:
                db.session.execute(Scan.__table__.update().where(Scan.id == loser_scan_id, Scan.offline.is_(True))
                                   .values(conflict=True))
            return ScanStatus.OK, None
    return ScanStatus.ALREADY, (first.checked_at if first is not None else scanned_at)


def check_in_batch(actor, items: list[dict]) -> list[dict]:
    """Offline upload: each scan is processed in the order it was made (earliest first), and
    answered in the order given. An invalid item gets an error answer; nothing else is lost."""
    if len(items) > MAX_BATCH:
        raise ValidationFailed("too many scans", {"scans": [f"at most {MAX_BATCH} per upload"]})

    def sort_key(pair):
        raw = pair[1].get("scanned_at")
        try:
            return (0, _parse_time(raw) or utcnow())
        except ValidationFailed:
            return (1, utcnow())

    results: list[dict | None] = [None] * len(items)
    for index, item in sorted(enumerate(items), key=sort_key):
        try:
            results[index] = check_in(actor, item, offline=True)
        except (ValidationFailed, NotFound, PermissionDenied, Conflict) as exc:
            db.session.rollback()
            results[index] = {"status": "error", "error": exc.message if hasattr(exc, "message") else str(exc),
                              "fields": getattr(exc, "fields", None) or {}, "nonce": item.get("nonce")}
    return results  # type: ignore[return-value]


def undo_scan(actor, nonce: str) -> dict:
    """Undo the actor's own scan with this nonce; an organizer may also undo another staff
    member's scan at a point of their edition (when the nonce names exactly one)."""
    nonce = (nonce or "")[:64]
    scan = db.session.scalar(select(Scan).where(Scan.user_id == actor.id, Scan.nonce == nonce))
    if scan is None:
        others = [s for s in db.session.scalars(select(Scan).where(Scan.nonce == nonce).limit(20))
                  if may_manage(actor, s.point.edition)]
        if not others:
            raise NotFound("scan not found")
        if len(others) > 1:
            raise Conflict("several devices used this nonce", {"nonce": ["ambiguous"]})
        scan = others[0]
    if not may_scan(actor, scan.point) or (scan.user_id != actor.id and not may_manage(actor, scan.point.edition)):
        raise PermissionDenied("only the staff who scanned or an organizer can undo")
    if scan.undone_at is not None:
        return {"undone": True, "nonce": scan.nonce}
    removed = db.session.execute(delete(Checkin).where(Checkin.scan_id == scan.id)).rowcount
    scan.undone_at = utcnow()
    db.session.commit()
    logger.info("scan %s undone by user %s (%s check-in rows removed)", scan.id, actor.id, removed)
    return {"undone": True, "nonce": scan.nonce, "removed": removed}


# --- lookups for the scanner ----------------------------------------------------------------

def search_registrations(point: CheckinPoint, q: str, limit: int = 20) -> list[dict]:
    return [_reg_json(r) for r in _registration_services().active_registrations_matching(point.edition_id, q, limit)]


def offline_bundle(point: CheckinPoint) -> dict:
    """What the scanner keeps for offline use: the public key and the registrations."""
    edition = point.edition
    key = _registration_services().public_key_info(edition)
    regs, revoked = _registration_services().offline_registrations(edition)
    return {"edition": edition.slug, "edition_id": edition.id, "timezone": edition.timezone,
            "public_key": key["public_key"], "token_prefix": key["token_prefix"],
            "point": point_json(point), "registrations": regs, "revoked": revoked,
            "generated_at": utcnow().isoformat()}


def point_json(point: CheckinPoint) -> dict:
    return {"code": point.code, "name": point.name, "kind": str(point.kind), "types": list(point.types or []),
            "days": list(point.days or []), "single_entry": point.single_entry, "capacity": point.capacity,
            "exits": point.exits, "staff": point.staff_emails, "edition": point.edition.slug}


# --- stats and dashboard ------------------------------------------------------------------

def stats(edition) -> dict:
    points = points_for_edition(edition)
    by_point = {p.id: p for p in points}
    tz = ZoneInfo(edition.timezone or "Asia/Ho_Chi_Minh")
    per_point: dict[str, dict] = {p.code: {"name": p.name, "kind": str(p.kind), "entries": 0, "exits": 0,
                                           "capacity": p.capacity, "inside": None} for p in points}
    per_day: dict[str, int] = defaultdict(int)
    per_hour: dict[str, int] = defaultdict(int)
    today = local_day(edition, utcnow())
    inside_today: dict[str, int] = defaultdict(int)
    rows = db.session.execute(select(Checkin.point_id, Checkin.direction, Checkin.local_day, Checkin.checked_at)
                              .where(Checkin.edition_id == edition.id))
    for point_id, direction, day, at in rows:
        p = by_point.get(point_id)
        if p is None:
            continue
        entry = per_point[p.code]
        if direction == Direction.IN:
            entry["entries"] += 1
            per_day[day.isoformat()] += 1
            per_hour[at.astimezone(tz).strftime("%Y-%m-%dT%H:00")] += 1
            if day == today:
                inside_today[p.code] += 1
        else:
            entry["exits"] += 1
            if day == today:
                inside_today[p.code] -= 1
    total_inside = 0
    for p in points:
        if p.exits:
            per_point[p.code]["inside"] = max(inside_today[p.code], 0)
            if p.kind == PointKind.GATE:
                total_inside += per_point[p.code]["inside"]
    return {"edition": edition.slug, "today": today.isoformat(), "points": per_point,
            "days": dict(sorted(per_day.items())), "hours": dict(sorted(per_hour.items())),
            "inside": total_inside}


def arrivals_per_quarter(edition, day: date) -> dict[str, dict[str, int]]:
    """{gate code: {"HH:MM": arrivals}} in 15-minute buckets of ``day`` (local time)."""
    tz = ZoneInfo(edition.timezone or "Asia/Ho_Chi_Minh")
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = db.session.execute(select(CheckinPoint.code, Checkin.checked_at).join(
        CheckinPoint, CheckinPoint.id == Checkin.point_id).where(
        Checkin.edition_id == edition.id, Checkin.local_day == day, Checkin.direction == Direction.IN,
        CheckinPoint.kind == PointKind.GATE))
    for code, at in rows:
        local = at.astimezone(tz)
        out[code][f"{local.hour:02d}:{local.minute // 15 * 15:02d}"] += 1
    return {k: dict(v) for k, v in out.items()}


def last_scans(edition, limit: int = 20) -> list[Scan]:
    return list(db.session.scalars(select(Scan).where(Scan.edition_id == edition.id)
                                   .order_by(Scan.received_at.desc(), Scan.id.desc()).limit(limit)))


def conflicts(edition, limit: int = 100) -> list[Scan]:
    return list(db.session.scalars(select(Scan).where(Scan.edition_id == edition.id, Scan.conflict.is_(True))
                                   .order_by(Scan.scanned_at.desc()).limit(limit)))


# --- personal data (privacy.services orchestrates export and erasure) ----------------------

def checkins_of(reg) -> list[tuple[Checkin, str]]:
    """The registration's check-ins with their point's name, in time order."""
    return list(db.session.execute(
        select(Checkin, CheckinPoint.name).join(CheckinPoint, CheckinPoint.id == Checkin.point_id)
        .where(Checkin.registration_id == reg.id).order_by(Checkin.checked_at)).all())


def anonymise_scans_of(reg, personal: set[str]) -> None:
    """Replace the ``personal`` values (the registration's name, e-mail...) in the answers its
    scans stored. Scans and check-ins stay, so counts are unchanged. No commit: part of the
    caller's erasure transaction."""
    for scan in db.session.scalars(select(Scan).where(Scan.registration_id == reg.id)):
        scan.response = scrub(scan.response or {}, personal)
