"""The badge check of a scan, and the one adapter to the registration domain.

``verify`` turns a scanned text into (registration, status) by the rules of
``registration.services.verify_badge``, with each edition's public key cached per process; the
other readers of the registration domain (a registration by id, the scanner's lookups) go through
``_registration_services`` too.
"""
from __future__ import annotations

from ..models import ScanStatus


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
