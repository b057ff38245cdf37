"""The scanner's requests besides a single scan: offline batch uploads, undo, the name search
and the bundle a scanner keeps for offline use."""
from __future__ import annotations

import logging

from sqlalchemy import delete, select

from techfest.core.db import db, utcnow
from techfest.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

from ..models import Checkin, CheckinPoint, Scan
from .badge_check import _registration_services
from .points import may_manage, may_scan, point_json
from .scan import _parse_time, _reg_json, check_in

logger = logging.getLogger(__name__)

MAX_BATCH = 500


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
