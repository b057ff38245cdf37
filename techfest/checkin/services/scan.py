"""One scan (the hot path): the decision and the answer of ``check_in``.

The "first entry today at this point" rule is enforced by the UNIQUE constraint on ``checkins``
(see models.py): the rows are inserted (entries.py) and a refusal by the constraint is caught,
never read-then-write. tests/checkin/test_performance.py counts the statements of a scan.
"""
from __future__ import annotations

import logging
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from techfest.core.db import MAX_DB_INT, db, utcnow
from techfest.core.errors import ValidationFailed

from ..models import CheckinPoint, Direction, Scan, ScanStatus
from .badge_check import _registration_in, verify
from .entries import (_first_entry, _insert_checkin, _insert_scan, _insert_scan_and_entry, _occupancy,
                      _resolve_second_entry)
from .points import scan_point

logger = logging.getLogger(__name__)

# Offline scans may be hours old; a clock ahead of the server is clamped to "now".
MAX_FUTURE = timedelta(minutes=5)


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
