"""Badge keys and tokens: the edition's Ed25519 key pair (private key encrypted with the app's
secret), signing the token a badge's QR code holds, and verifying a scanned one."""
from __future__ import annotations

import logging
from typing import Callable, NamedTuple

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from techfest.core.db import db

from .. import tokens
from ..models import EditionKey, Registration
from .common import ACTIVE

logger = logging.getLogger(__name__)


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


def _key_context(edition_id: int) -> str:
    return f"edition:{edition_id}"


def edition_key(edition) -> EditionKey:
    """The edition's badge key pair, created on first use."""
    key = db.session.scalar(select(EditionKey).where(EditionKey.edition_id == edition.id))
    if key is not None:
        return key
    private_raw, public_raw = tokens.generate_keypair()
    key = EditionKey(edition_id=edition.id, public_key=tokens.public_key_b64(public_raw),
                     private_key_encrypted=tokens.encrypt_private_key(private_raw, _secret(),
                                                                      context=_key_context(edition.id)))
    try:
        with db.session.begin_nested():
            db.session.add(key)
    except IntegrityError:
        return db.session.scalar(select(EditionKey).where(EditionKey.edition_id == edition.id))
    db.session.commit()
    logger.info("badge key pair created for edition %s", edition.id)
    return key


def public_key_info(edition) -> dict:
    """What a scanner needs to verify this edition's badges offline."""
    key = edition_key(edition)
    return {"edition": edition.slug, "edition_id": edition.id, "algorithm": "Ed25519",
            "token_prefix": tokens.PREFIX, "public_key": key.public_key,
            "public_key_pem": tokens.public_key_pem(key.public_key),
            "created_at": key.created_at.isoformat()}


def token_signer(edition) -> Callable[[Registration], str]:
    """A function signing badge tokens for this edition (the key is decrypted once)."""
    key = edition_key(edition)
    private_raw = tokens.decrypt_private_key(key.private_key_encrypted, _secret(), context=_key_context(edition.id))
    edition_id = edition.id

    def sign(reg: Registration) -> str:
        return tokens.sign_token(private_raw, edition_id, reg.id, reg.badge_version)

    return sign


def badge_token(registration: Registration) -> str | None:
    """The token the badge QR holds; None when the registration has no valid badge."""
    if registration.status != ACTIVE:
        return None
    return token_signer(registration.edition)(registration)


class BadgeCheck(NamedTuple):
    """The answer to "is this a valid badge?": ``registration, status = verify_badge(text)[:2]``."""

    registration: Registration | None
    status: str                          # ok, invalid, revoked, wrong_edition
    claims: tokens.TokenClaims | None = None
    reason: str = ""


BADGE_OK, BADGE_INVALID, BADGE_REVOKED, BADGE_WRONG_EDITION = "ok", "invalid", "revoked", "wrong_edition"


def verify_badge(text: str, edition=None) -> BadgeCheck:
    """Check a scanned badge (a bare token or a text/URL ending in one).

    * ``invalid``: not a token, tampered, forged, truncated, unknown edition;
    * ``wrong_edition``: a genuine badge of another edition than ``edition``;
    * ``revoked``: genuine, but re-issued since, cancelled, on the waiting list or deleted;
    * ``ok``: genuine and current; ``registration`` is the attendee.
    """
    try:
        token = tokens.extract_token(text)
        claimed = tokens.peek_token(token)
    except tokens.InvalidToken as exc:
        return BadgeCheck(None, BADGE_INVALID, None, exc.reason)
    if not isinstance(claimed.edition, int):
        return BadgeCheck(None, BADGE_INVALID, None, "unknown edition")
    key = db.session.scalar(select(EditionKey).where(EditionKey.edition_id == claimed.edition))
    if key is None:
        return BadgeCheck(None, BADGE_INVALID, None, "unknown edition")
    try:
        claims = tokens.verify_token(token, key.public_key)
    except tokens.InvalidToken as exc:
        return BadgeCheck(None, BADGE_INVALID, None, exc.reason)
    reg = db.session.get(Registration, claims.registration_id, populate_existing=True)  # current state, not a cached one
    if reg is not None and reg.edition_id != claims.edition:
        reg = None
    if edition is not None and claims.edition != edition.id:
        return BadgeCheck(reg, BADGE_WRONG_EDITION, claims, "badge of another edition")
    if reg is None:
        return BadgeCheck(None, BADGE_REVOKED, claims, "registration deleted")
    if reg.status != ACTIVE:
        return BadgeCheck(reg, BADGE_REVOKED, claims, f"registration {reg.status}")
    if not tokens.is_current(claims, reg.badge_version):
        return BadgeCheck(reg, BADGE_REVOKED, claims, "badge re-issued")
    return BadgeCheck(reg, BADGE_OK, claims, "")

