"""Registration use-cases. Each public function is one transaction; the actor is explicit.

Capacity and booth-staff quotas are decided while holding the edition's
:class:`RegistrationSettings` row locked (``SELECT ... FOR UPDATE`` on PostgreSQL), so two
visitors taking the last place at the same moment cannot both get it; the unique
``(edition_id, email)`` constraint is the guard against duplicates.

Other domains call:

* :func:`ensure_speaker_registration` (a speaker confirmed), or :func:`stage_speaker_registration`
  within the forum's own transaction;
* :func:`verify_badge` (check-in: is this scanned token a valid badge?);
* :func:`public_key_info` (the key a scanner needs to verify badges offline).
"""
from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable, Iterable, NamedTuple

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from techfest.core.db import cached_statement, db, utcnow
from techfest.core.errors import Conflict, InvalidTransition, NotFound, ValidationFailed
from techfest.core.search import fold, search_filter
from techfest.privacy import erasure

from . import capacity, csvio, tokens
from .models import (COUNTED_TYPES, PUBLIC_TYPES, AttendeeType, BoothSize, EditionKey, Registration,
                     RegistrationDay, RegistrationSettings, RegistrationStatus)

logger = logging.getLogger(__name__)

ACTIVE, CANCELLED, WAITLISTED = RegistrationStatus.ACTIVE, RegistrationStatus.CANCELLED, RegistrationStatus.WAITLISTED
MAX_LENGTHS = csvio.MAX_LENGTHS


# --- editions, settings and the lock -----------------------------------------------------

def edition_days(edition) -> list[date]:
    days, d = [], edition.start_date
    while d <= edition.end_date and len(days) < 60:
        days.append(d)
        d += timedelta(days=1)
    return days


def settings_for(edition) -> RegistrationSettings:
    """The edition's settings row, created with defaults on first use (no commit)."""
    row = db.session.scalar(select(RegistrationSettings).where(RegistrationSettings.edition_id == edition.id))
    if row is None:
        row = RegistrationSettings(edition_id=edition.id, day_capacity={})
        try:
            with db.session.begin_nested():
                db.session.add(row)
        except IntegrityError:  # created meanwhile by another request
            row = db.session.scalar(select(RegistrationSettings).where(RegistrationSettings.edition_id == edition.id))
    return row


def _lock(edition) -> RegistrationSettings:
    """Lock the edition's settings row until the transaction ends (capacity and quotas)."""
    settings_for(edition)
    return db.session.scalar(select(RegistrationSettings).where(RegistrationSettings.edition_id == edition.id)
                             .with_for_update().execution_options(populate_existing=True))


def registration_open(edition) -> bool:
    from techfest.editions.workflow import EditionStatus

    if edition.status in (EditionStatus.DRAFT, EditionStatus.ARCHIVED):
        return False
    return settings_for(edition).is_open


def update_settings(actor, edition, data: dict) -> RegistrationSettings:
    settings = _lock(edition)
    errors: dict[str, list[str]] = {}
    days = {d.isoformat() for d in edition_days(edition)}
    if "capacity" in data:
        cap = data["capacity"]
        if cap is not None and (not isinstance(cap, int) or cap < 0):
            errors["capacity"] = ["must be a positive number or empty"]
    if "day_capacity" in data:
        clean = {}
        for key, value in (data["day_capacity"] or {}).items():
            if key not in days:
                errors.setdefault("day_capacity", []).append(f"{key} is not a day of the edition")
            elif value is not None:
                if not isinstance(value, int) or value < 0:
                    errors.setdefault("day_capacity", []).append(f"{key}: must be a positive number")
                else:
                    clean[key] = value
        data = {**data, "day_capacity": clean}
    for key in ("staff_quota_standard", "staff_quota_double", "staff_quota_island"):
        if key in data and (not isinstance(data[key], int) or not 0 <= data[key] <= 500):
            errors[key] = ["between 0 and 500"]
    if errors:
        db.session.rollback()
        raise ValidationFailed("invalid settings", errors)
    for key in ("is_open", "capacity", "day_capacity", "staff_quota_standard", "staff_quota_double",
                "staff_quota_island", "practical_info_vi", "practical_info_en", "sponsors"):
        if key in data:
            setattr(settings, key, data[key])
    promoted = _promote_waitlist(edition, settings)
    db.session.commit()
    logger.info("registration settings of edition %s updated by user %s", edition.id, getattr(actor, "id", None))
    for reg in promoted:
        notify(reg, "promoted")
    return settings


# --- validation --------------------------------------------------------------------------

def normalize_email(email: str | None) -> str:
    return (email or "").strip().lower()


def _clean(data: dict, edition, *, partial: bool = False, allowed_types=None) -> dict:
    """Check and normalise registration fields; raises ValidationFailed naming each field."""
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    for key in ("name", "email", "phone", "organisation"):
        if key in data or not partial:
            value = data.get(key)
            value = "" if value is None else str(value).strip()
            if key == "email":
                value = value.lower()
            if key in ("name", "email") and not value:
                errors.setdefault(key, []).append("required")
            elif len(value) > MAX_LENGTHS[key]:
                errors.setdefault(key, []).append(f"at most {MAX_LENGTHS[key]} characters")
            clean[key] = value
    if clean.get("email") and not csvio._EMAIL_RE.match(clean["email"]):
        errors.setdefault("email", []).append("not a valid e-mail address")
    if clean.get("phone") and not csvio._PHONE_RE.match(clean["phone"]):
        errors.setdefault("phone", []).append("digits, spaces and + ( ) - only")
    if "type" in data or not partial:
        kind = data.get("type") or AttendeeType.VISITOR
        allowed = {AttendeeType(t) for t in (allowed_types or AttendeeType)}
        try:
            kind = AttendeeType(kind)
        except ValueError:
            errors.setdefault("type", []).append("unknown attendee type")
        else:
            if kind not in allowed:
                errors.setdefault("type", []).append("not allowed here")
            clean["type"] = kind
    if "days" in data or not partial:
        all_days = edition_days(edition)
        raw = data.get("days")
        if raw is None:  # not given: every day of the fair
            raw = all_days
        days = []
        for d in raw:
            if isinstance(d, str):
                try:
                    d = date.fromisoformat(d)
                except ValueError:
                    errors.setdefault("days", []).append(f"{d[:20]} is not a date")
                    continue
            if d not in all_days:
                errors.setdefault("days", []).append(f"{d.isoformat()} is not a day of the edition")
            elif d not in days:
                days.append(d)
        if not days and "days" not in errors:
            errors.setdefault("days", []).append("choose at least one day")
        clean["days"] = sorted(days)
    if errors:
        raise ValidationFailed("invalid registration", errors)
    return clean


# --- capacity ----------------------------------------------------------------------------

def _occupancy(edition, exclude_id: int | None = None) -> capacity.Occupancy:
    base = [Registration.edition_id == edition.id, Registration.status == ACTIVE,
            Registration.type.in_(list(COUNTED_TYPES))]
    if exclude_id is not None:
        base.append(Registration.id != exclude_id)
    occ = capacity.Occupancy()
    occ.total = db.session.scalar(select(func.count()).select_from(Registration).where(*base)) or 0
    rows = db.session.execute(
        select(RegistrationDay.day, func.count()).join(Registration).where(*base).group_by(RegistrationDay.day))
    for day, n in rows:
        occ.per_day[day] = n
    return occ


def _day_limits(settings: RegistrationSettings, edition) -> dict[date, int | None]:
    return {d: settings.day_limit(d) for d in edition_days(edition)}


def _promote_waitlist(edition, settings: RegistrationSettings) -> list[Registration]:
    """Admit waiting registrations that now fit, oldest first (no commit)."""
    waiting = list(db.session.scalars(
        select(Registration).where(Registration.edition_id == edition.id, Registration.status == WAITLISTED)
        .order_by(Registration.waitlisted_at, Registration.id)))
    if not waiting:
        return []
    uncounted = [r for r in waiting if r.type not in COUNTED_TYPES]
    counted = [r for r in waiting if r.type in COUNTED_TYPES]
    occ = _occupancy(edition)
    keys = capacity.admissions([(r, r.day_list) for r in counted], occ, settings.capacity,
                               _day_limits(settings, edition))
    promoted = uncounted + list(keys)
    for reg in promoted:
        reg.status = ACTIVE
        reg.waitlisted_at = None
        logger.info("registration %s admitted from the waiting list of edition %s", reg.id, edition.id)
    return promoted


def capacity_summary(edition) -> dict:
    settings = settings_for(edition)
    occ = _occupancy(edition)
    waiting = db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.edition_id == edition.id, Registration.status == WAITLISTED)) or 0
    return {
        "capacity": settings.capacity, "taken": occ.total, "waiting": waiting,
        "days": [(d, occ.per_day.get(d, 0), settings.day_limit(d)) for d in edition_days(edition)],
    }


# --- registering -------------------------------------------------------------------------

@dataclass
class Outcome:
    registration: Registration
    created: bool
    event: str | None = None   # what to e-mail: confirmed, waitlisted, updated, None


def _set_days(reg: Registration, days: list[date]) -> None:
    current = {d.day: d for d in reg.days}
    for day in list(current):
        if day not in days:
            reg.days.remove(current[day])
    for day in days:
        if day not in current:
            reg.days.append(RegistrationDay(day=day))


def _apply_fields(reg: Registration, clean: dict) -> None:
    for key in ("name", "email", "phone", "organisation"):
        if key in clean:
            setattr(reg, key, clean[key])
    if "type" in clean:
        reg.type = clean["type"]
    if "days" in clean:
        _set_days(reg, clean["days"])
    reg.search_folded = fold(" ".join([reg.name, reg.email, reg.organisation or "", reg.phone or ""]))[:700]


def _place_new(reg: Registration, edition, settings, days: list[date]) -> str:
    """Status of a registration taking a (new) place: active if it fits, else waiting."""
    if reg.type not in COUNTED_TYPES:
        reg.status = ACTIVE
    else:
        occ = _occupancy(edition, exclude_id=reg.id)
        reg.status = ACTIVE if capacity.fits(days, occ, settings.capacity, _day_limits(settings, edition)) else WAITLISTED
    if reg.status == WAITLISTED:
        reg.waitlisted_at = utcnow()
        return "waitlisted"
    reg.waitlisted_at = None
    return "confirmed"


def _full_day_error(days: list[date]) -> Conflict:
    listing = ", ".join(d.strftime("%d/%m/%Y") for d in days)
    return Conflict(f"no place left on {listing}", {"days": [f"full: {listing}"]})


def _upsert(edition, settings, clean: dict, *, source: str, lang: str = "vi", keep_privileged_type: bool = False,
            organisation_id: int | None = None, consent: bool = False) -> Outcome:
    """Create or update the registration of ``clean['email']`` (no commit)."""
    reg = db.session.scalar(select(Registration).where(Registration.edition_id == edition.id,
                                                       Registration.email == clean["email"]))
    if reg is None:
        reg = Registration(edition_id=edition.id, email=clean["email"], name="", status=WAITLISTED,
                           access_code=secrets.token_urlsafe(16), source=source, lang=lang,
                           type=clean.get("type") or AttendeeType.VISITOR, organisation_id=organisation_id,
                           badge_version=1)
        _apply_fields(reg, clean)
        if consent:
            reg.consent_at = utcnow()
        db.session.add(reg)
        db.session.flush()
        event = _place_new(reg, edition, settings, clean["days"])
        return Outcome(reg, True, event)

    old_days, old_type, old_status = reg.day_list, reg.type, reg.status
    if keep_privileged_type and reg.type not in PUBLIC_TYPES:
        clean = {k: v for k, v in clean.items() if k != "type"}  # the public form never demotes a speaker
    if organisation_id is not None:
        reg.organisation_id = organisation_id
    if consent:
        reg.consent_at = utcnow()
    reg.lang = lang or reg.lang
    _apply_fields(reg, clean)
    new_days = reg.day_list
    if old_status == ACTIVE:
        if reg.type in COUNTED_TYPES:
            occ = _occupancy(edition, exclude_id=reg.id)
            limits = _day_limits(settings, edition)
            if old_type not in COUNTED_TYPES:  # now needs a place it did not hold
                if not capacity.fits(new_days, occ, settings.capacity, limits):
                    raise _full_day_error(capacity.full_days(new_days, occ, limits) or new_days)
            else:
                full = capacity.fits_change(old_days, new_days, occ, limits)
                if full:
                    raise _full_day_error(full)
        return Outcome(reg, False, "updated")
    # cancelled or waiting: take a place anew (a cancelled badge's version was already bumped)
    if old_status == CANCELLED:
        reg.cancelled_at = None
    event = _place_new(reg, edition, settings, new_days)
    if old_status == WAITLISTED and event == "waitlisted":
        return Outcome(reg, False, "updated")
    return Outcome(reg, False, event)


def _commit_or_conflict() -> None:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("this e-mail address is already registered", {"email": ["already registered"]}) from None


def register(edition, data: dict, *, actor=None, source: str = "public", lang: str = "vi", allowed_types=None,
             consent: bool = False, notify_attendee: bool = True) -> Outcome:
    """Register someone (public form, organizers, the API). A known e-mail updates its
    registration instead of creating a second one. Visitors and press beyond capacity wait."""
    if source == "public" and not registration_open(edition):
        raise InvalidTransition("registration is closed for this edition")
    clean = _clean(data, edition, allowed_types=allowed_types)
    for attempt in (1, 2):
        settings = _lock(edition)
        try:
            outcome = _upsert(edition, settings, clean, source=source, lang=lang, consent=consent,
                              keep_privileged_type=(source == "public"))
            db.session.commit()
            break
        except IntegrityError:
            db.session.rollback()  # the same e-mail registered at the same moment: update it
            if attempt == 2:
                raise Conflict("this e-mail address is already registered", {"email": ["already registered"]}) from None
        except Conflict:
            db.session.rollback()
            raise
    reg = outcome.registration
    logger.info("registration %s %s in edition %s (%s, %s) by %s", reg.id, "created" if outcome.created else "updated",
                edition.id, reg.status, source, getattr(actor, "id", "visitor"))
    if notify_attendee and outcome.event:
        notify(reg, outcome.event)
    return outcome


def update_registration(actor, registration: Registration, data: dict, *, notify_attendee: bool = False) -> Registration:
    """Organizer edit (form or API PATCH): any field, e-mail included."""
    edition = registration.edition
    clean = _clean(data, edition, partial=True)
    if "email" in clean and clean["email"] != registration.email:
        other = db.session.scalar(select(Registration.id).where(
            Registration.edition_id == edition.id, Registration.email == clean["email"]))
        if other is not None:
            raise Conflict("another registration uses this e-mail", {"email": ["already registered"]})
    settings = _lock(edition)
    reg = db.session.get(Registration, registration.id, populate_existing=True)
    old_days, old_type, old_email = reg.day_list, reg.type, reg.email
    try:
        _apply_fields(reg, clean)
        if reg.status == ACTIVE and reg.type in COUNTED_TYPES:
            occ = _occupancy(edition, exclude_id=reg.id)
            limits = _day_limits(settings, edition)
            if old_type not in COUNTED_TYPES and not capacity.fits(reg.day_list, occ, settings.capacity, limits):
                raise _full_day_error(capacity.full_days(reg.day_list, occ, limits) or reg.day_list)
            full = capacity.fits_change(old_days, reg.day_list, occ, limits)
            if full:
                raise _full_day_error(full)
        promoted = _promote_waitlist(edition, settings) if reg.day_list != old_days or reg.type != old_type else []
    except Conflict:
        db.session.rollback()
        raise
    _commit_or_conflict()
    logger.info("registration %s updated by user %s", reg.id, getattr(actor, "id", None))
    for other in promoted:
        notify(other, "promoted")
    if notify_attendee or reg.email != old_email:
        notify(reg, "updated")
    return reg


def cancel_registration(actor, registration: Registration, *, notify_attendee: bool = True) -> Registration:
    """Cancel: the badge stops working (its version is bumped) and the place goes to the
    waiting list."""
    edition = registration.edition
    settings = _lock(edition)
    reg = db.session.get(Registration, registration.id, populate_existing=True)
    if reg.status == CANCELLED:
        db.session.rollback()
        raise InvalidTransition("this registration is already cancelled")
    reg.status = CANCELLED
    reg.cancelled_at = utcnow()
    reg.waitlisted_at = None
    reg.badge_version += 1
    promoted = _promote_waitlist(edition, settings)
    db.session.commit()
    logger.info("registration %s cancelled by user %s", reg.id, getattr(actor, "id", None))
    if notify_attendee:
        notify(reg, "cancelled")
        for other in promoted:
            notify(other, "promoted")
    return reg


def reissue_badge(actor, registration: Registration, *, notify_attendee: bool = True) -> Registration:
    """A new badge (lost or stolen): the version is bumped, older tokens answer "revoked"."""
    result = db.session.execute(
        Registration.__table__.update()
        .where(Registration.id == registration.id, Registration.status == ACTIVE)
        .values(badge_version=Registration.badge_version + 1, updated_at=utcnow()))
    if result.rowcount != 1:
        db.session.rollback()
        raise InvalidTransition("only a confirmed registration has a badge to re-issue")
    db.session.commit()
    db.session.refresh(registration)
    logger.info("badge of registration %s re-issued (version %s) by user %s", registration.id,
                registration.badge_version, getattr(actor, "id", None))
    if notify_attendee:
        notify(registration, "reissued")
    return registration


def admit_registration(actor, registration: Registration) -> Registration:
    """Organizer override: admit a waiting registration even if capacity is reached."""
    result = db.session.execute(
        Registration.__table__.update()
        .where(Registration.id == registration.id, Registration.status == WAITLISTED)
        .values(status=ACTIVE, waitlisted_at=None, updated_at=utcnow()))
    if result.rowcount != 1:
        db.session.rollback()
        raise InvalidTransition("only a registration on the waiting list can be admitted")
    db.session.commit()
    db.session.refresh(registration)
    logger.info("registration %s admitted over capacity by user %s", registration.id, getattr(actor, "id", None))
    notify(registration, "promoted")
    return registration


# --- other domains -----------------------------------------------------------------------

class StagedSpeakerRegistration(NamedTuple):
    registration: Registration
    mail_due: bool  # send notify(registration, "confirmed") once the caller has committed


def stage_speaker_registration(edition, name: str, email: str, organisation: str = "") -> StagedSpeakerRegistration:
    """:func:`ensure_speaker_registration` without its commit and its e-mail, for a caller that
    makes it part of its own transaction (the forum confirms a speaker and registers them in one
    commit). The change is written in a SAVEPOINT: a registration of the same e-mail made
    meanwhile is updated instead. After committing, the caller e-mails the speaker with
    ``notify(registration, "confirmed")`` when ``mail_due``."""
    email = normalize_email(email)
    clean = _clean({"name": name, "email": email, "organisation": organisation or "", "phone": "",
                    "type": AttendeeType.SPEAKER, "days": None}, edition)
    clean.pop("phone")
    settings = _lock(edition)
    existing = db.session.scalar(select(Registration).where(Registration.edition_id == edition.id,
                                                            Registration.email == email))
    if existing is not None and existing.type in (AttendeeType.VIP, AttendeeType.ORGANIZER_STAFF):
        clean.pop("type")
    if existing is not None and existing.organisation_id is not None and "type" in clean:
        existing.organisation_id = None  # no longer counted as booth staff
    before = (existing.status, existing.type) if existing is not None else None
    try:
        with db.session.begin_nested():
            outcome = _upsert(edition, settings, clean, source="forum")
    except IntegrityError:
        return stage_speaker_registration(edition, name, email, organisation)
    reg = outcome.registration
    changed = before is None or before != (reg.status, reg.type)
    return StagedSpeakerRegistration(reg, changed and reg.status == ACTIVE)


def ensure_speaker_registration(edition, name: str, email: str, organisation: str = "", *,
                                notify_attendee: bool = True) -> Registration:
    """Called by the forum when a speaker confirms: make sure they hold an active speaker
    registration for every day of the edition, and a badge.

    Idempotent. An existing registration with the same e-mail is updated in place: a visitor,
    press or exhibitor-staff registration becomes a speaker one, a cancelled or waiting one is
    re-activated; VIP guests and organizer staff keep their type (their badge already opens
    every door). Speakers never wait for a place. Returns the registration.
    """
    staged = stage_speaker_registration(edition, name, email, organisation)
    db.session.commit()
    reg = staged.registration
    logger.info("speaker registration %s ensured in edition %s", reg.id, edition.id)
    if notify_attendee and staged.mail_due:
        notify(reg, "confirmed")
    return reg


# --- badge keys and tokens ---------------------------------------------------------------

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


# --- queries -----------------------------------------------------------------------------

def registrations_query(edition, *, q: str | None = None, type: str | None = None, status: str | None = None,
                        day: date | None = None, organisation_id: int | None = None):
    stmt = select(Registration).where(Registration.edition_id == edition.id)
    cond = search_filter(Registration.search_folded, q)
    if cond is not None:
        stmt = stmt.where(cond)
    if type in AttendeeType.__members__.values():
        stmt = stmt.where(Registration.type == type)
    if status in RegistrationStatus.__members__.values():
        stmt = stmt.where(Registration.status == status)
    if day is not None:
        stmt = stmt.where(Registration.id.in_(select(RegistrationDay.registration_id).where(RegistrationDay.day == day)))
    if organisation_id is not None:
        stmt = stmt.where(Registration.organisation_id == organisation_id)
    return stmt.order_by(Registration.created_at.desc(), Registration.id.desc())


def get_registration(reg_id: int) -> Registration:
    reg = db.session.get(Registration, reg_id)
    if reg is None:
        raise NotFound("registration not found")
    return reg


def get_registration_in(edition, reg_id: int) -> Registration:
    reg = db.session.get(Registration, reg_id)
    if reg is None or reg.edition_id != edition.id:
        raise NotFound("registration not found")
    return reg


def get_by_access_code(code: str) -> Registration:
    if not code or len(code) > 32:
        raise NotFound("badge not found")
    reg = db.session.scalar(select(Registration).where(Registration.access_code == code))
    if reg is None:
        raise NotFound("badge not found")
    return reg


def counts_by_status(edition) -> dict[str, int]:
    rows = db.session.execute(select(Registration.status, func.count()).where(
        Registration.edition_id == edition.id).group_by(Registration.status))
    return {str(s): n for s, n in rows}


def matching_registrations(edition, q: str, limit: int) -> list[Registration]:
    """The first ``limit`` registrations of the edition found by the search box's ``q``, newest first."""
    return list(db.session.scalars(registrations_query(edition, q=q).limit(limit)))


# --- personal data (privacy.services orchestrates export and erasure) ----------------------
# No permission checks and no commit here: the caller checks who may, and erasing a person is
# one transaction across domains.

def registrations_of_email(email: str) -> list[Registration]:
    """Every registration made with ``email``, in any edition, oldest first."""
    return list(db.session.scalars(select(Registration).where(Registration.email == email.lower())
                                   .order_by(Registration.id)))


def is_anonymised(reg: Registration) -> bool:
    return erasure.is_erased_email(reg.email)


def identifiable_registrations(edition) -> list[Registration]:
    """The edition's registrations that still hold personal data (not anonymised), oldest first."""
    return [r for r in db.session.scalars(select(Registration).where(Registration.edition_id == edition.id)
                                          .order_by(Registration.id)) if not is_anonymised(r)]


def anonymise_registration(reg: Registration) -> set[str]:
    """Remove the person from ``reg``: name, e-mail, phone and organisation. Every printed badge
    now answers "revoked" and the old badge page link stops working. The row stays with its type,
    status and days, so every count is unchanged.

    Returns the personal values removed, for the caller to scrub copies kept elsewhere (check-in
    scan answers); an empty set when ``reg`` was already anonymised (nothing changes)."""
    if is_anonymised(reg):
        return set()
    personal = erasure.personal_values(reg.name, reg.email, reg.phone, reg.organisation)
    reg.name = erasure.ERASED_NAME
    reg.email = erasure.erased_email(f"erased-{reg.id}")
    reg.phone = ""
    reg.organisation = ""
    reg.search_folded = fold(f"{reg.name} {reg.email}")
    reg.badge_version = (reg.badge_version or 1) + 1   # every printed badge now answers "revoked"
    reg.access_code = secrets.token_urlsafe(18)[:24]   # the old badge page link stops working
    return personal


# --- exhibitors' booth staff -------------------------------------------------------------

def domain_services(name: str):
    """Another domain's services module, if that domain is part of the app (else None).

    Other issues build those domains: registration uses them when present and degrades
    gracefully when not (no import of a domain whose tables the app did not create)."""
    from importlib import import_module

    from techfest import DOMAINS

    if name not in DOMAINS:
        return None
    try:
        return import_module(f"techfest.{name}.services")
    except ImportError:
        return None


def booth_size_for(edition, organisation) -> BoothSize:
    """The exhibitor's booth size: the allocated booth (booths domain) if known, else the size its
    accepted products asked for (submissions domain), else standard."""
    sizes = []
    booths = domain_services("booths")
    finder = getattr(booths, "booth_size_for_organisation", None) if booths else None
    try:
        if finder is not None:
            sizes.append(finder(edition, organisation))
        submissions = domain_services("submissions")
        exhibitors = getattr(submissions, "accepted_exhibitors", None) if submissions else None
        if exhibitors is not None and not any(sizes):
            sizes += [getattr(e, "booth_size", None) for e in exhibitors(edition)
                      if getattr(e, "organisation_id", None) == organisation.id]
    except Exception:  # noqa: BLE001 - another domain's problem must not block staff registration
        logger.exception("booth size lookup failed for organisation %s", getattr(organisation, "id", None))
    for size in sizes:
        if size in BoothSize.__members__.values():
            return BoothSize(size)
    return BoothSize.STANDARD


def booth_staff_quota(edition, organisation) -> tuple[BoothSize, int]:
    size = booth_size_for(edition, organisation)
    return size, settings_for(edition).quota_for(size)


def booth_staff(edition, organisation) -> list[Registration]:
    return list(db.session.scalars(
        select(Registration).where(Registration.edition_id == edition.id,
                                   Registration.organisation_id == organisation.id,
                                   Registration.type == AttendeeType.EXHIBITOR_STAFF,
                                   Registration.status != CANCELLED)
        .order_by(Registration.created_at, Registration.id)))


def get_booth_staff(edition, organisation, reg_id: int) -> Registration:
    """One of this organisation's staff registrations; another organisation's is "not found"."""
    reg = db.session.get(Registration, reg_id)
    if (reg is None or reg.edition_id != edition.id or organisation is None
            or reg.organisation_id != organisation.id or reg.type != AttendeeType.EXHIBITOR_STAFF):
        raise NotFound("registration not found")
    return reg


def register_booth_staff(actor, edition, organisation, data: dict, *, notify_attendee: bool = True) -> Registration:
    """An exhibitor registers one of its booth staff, within the quota of its booth size."""
    if organisation is None:
        raise ValidationFailed("your account has no organisation", {"organisation": ["required"]})
    data = {**data, "type": AttendeeType.EXHIBITOR_STAFF, "organisation": organisation.name}
    clean = _clean(data, edition)
    settings = _lock(edition)
    size = booth_size_for(edition, organisation)
    quota = settings.quota_for(size)
    existing = db.session.scalar(select(Registration).where(Registration.edition_id == edition.id,
                                                            Registration.email == clean["email"]))
    if existing is not None and existing.status != CANCELLED:
        if existing.organisation_id not in (None, organisation.id):
            db.session.rollback()
            raise Conflict("registered by another exhibitor", {"email": ["registered by another exhibitor"]})
        if existing.organisation_id is None and existing.type not in PUBLIC_TYPES:
            db.session.rollback()
            raise Conflict("already registered with another role", {"email": ["already registered with another role"]})
    already_counted = existing is not None and existing.organisation_id == organisation.id and existing.status != CANCELLED
    used = db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.edition_id == edition.id, Registration.organisation_id == organisation.id,
        Registration.type == AttendeeType.EXHIBITOR_STAFF, Registration.status != CANCELLED)) or 0
    if not already_counted and used >= quota:
        db.session.rollback()
        raise Conflict(f"booth staff quota reached ({quota})", {"email": [f"quota of {quota} reached"]})
    outcome = _upsert(edition, settings, clean, source="exhibitor", organisation_id=organisation.id)
    _commit_or_conflict()
    reg = outcome.registration
    logger.info("booth staff %s registered for organisation %s by user %s", reg.id, organisation.id,
                getattr(actor, "id", None))
    if notify_attendee and outcome.event:
        notify(reg, outcome.event)
    return reg


# --- import and export -------------------------------------------------------------------

@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    waitlisted: int = 0
    problems: list[csvio.Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def import_registrations(actor, edition, data: bytes, *, notify_attendees: bool = False) -> ImportReport:
    """Import a CSV file: every row, or nothing when any row is wrong."""
    parsed = csvio.parse_import(data, edition_days(edition))
    report = ImportReport(problems=list(parsed.problems))
    if not parsed.ok:
        return report
    settings = _lock(edition)
    outcomes: list[Outcome] = []
    for row in parsed.rows:
        clean = {"name": row.name, "email": row.email, "phone": row.phone, "organisation": row.organisation,
                 "days": row.days}
        if row.type:
            clean["type"] = AttendeeType(row.type)
        try:
            outcome = _upsert(edition, settings, clean, source="import")
        except Conflict as exc:
            report.problems.append(csvio.Problem(row.row, "days", "day_full", {"detail": exc.message}))
            continue
        outcomes.append(outcome)
    if report.problems:
        db.session.rollback()
        return report
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        report.problems.append(csvio.Problem(0, "file", "concurrent"))
        return report
    for o in outcomes:
        if o.created:
            report.created += 1
        else:
            report.updated += 1
        if o.registration.status == WAITLISTED:
            report.waitlisted += 1
        if notify_attendees and o.event in ("confirmed", "waitlisted"):
            notify(o.registration, o.event)
    logger.info("%s registrations imported into edition %s by user %s (%s new)", len(outcomes), edition.id,
                getattr(actor, "id", None), report.created)
    return report


EXPORT_FIELDS = ("id", "name", "email", "phone", "organisation", "type", "status", "days", "badge_version",
                 "source", "created_at")


def export_rows(edition, stmt) -> Iterable[list]:
    for reg in db.session.scalars(stmt.execution_options(yield_per=500)):
        yield [reg.id, reg.name, reg.email, reg.phone, reg.organisation, str(reg.type), str(reg.status),
               ";".join(d.isoformat() for d in reg.day_list), reg.badge_version, reg.source,
               reg.created_at.isoformat(timespec="seconds")]


# --- e-mail ------------------------------------------------------------------------------

def _external_url(endpoint: str, **values) -> str:
    from flask import has_request_context, url_for

    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    base = current_app.config.get("PUBLIC_BASE_URL") or "http://127.0.0.1:5000"
    with current_app.test_request_context("/", base_url=base):
        return url_for(endpoint, _external=True, **values)


def notify(reg: Registration, event: str) -> None:
    """E-mail the attendee about ``event`` (confirmed, waitlisted, promoted, updated, reissued,
    cancelled), in the language they registered in."""
    from flask_babel import force_locale
    from flask_babel import gettext as _

    from techfest.core.mail import send_mail

    edition = reg.edition
    with force_locale(reg.lang if reg.lang in ("vi", "en") else "vi"):
        link = _external_url("registration.badge_page", reg_code=reg.access_code)
        days = ", ".join(d.strftime("%d/%m/%Y") for d in reg.day_list)
        subject = _("Your registration for %(edition)s", edition=edition.name)
        greeting = _("Hello %(name)s,", name=reg.name)
        where = _("Where: %(venue)s, %(city)s", venue=edition.venue, city=edition.city) if edition.venue else ""
        if event in ("confirmed", "promoted", "updated", "reissued"):
            lead = {
                "confirmed": _("Your registration for %(edition)s is confirmed.", edition=edition.name),
                "promoted": _("Good news: a place has become free and your registration for %(edition)s is now confirmed.",
                              edition=edition.name),
                "updated": _("Your registration for %(edition)s has been updated.", edition=edition.name),
                "reissued": _("A new badge has been issued for you. The previous badge no longer works."),
            }[event]
            if reg.status == WAITLISTED:
                lead += "\n" + _("You are still on the waiting list. We will e-mail you as soon as a place becomes free.")
            parts = [greeting, "", lead, _("Days: %(days)s", days=days), where, "",
                     _("Your badge (a PDF to print, and the QR code to show on your phone):"), link, "",
                     _("Show the QR code at the entrance. Keep this link to yourself: it opens your badge.")]
        elif event == "waitlisted":
            parts = [greeting, "", _("The fair is full for the days you chose, so you are on the waiting list for %(edition)s.",
                                     edition=edition.name),
                     _("We will e-mail you as soon as a place becomes free."), "",
                     _("Your registration page:"), link]
        elif event == "cancelled":
            parts = [greeting, "", _("Your registration for %(edition)s has been cancelled and your badge no longer works.",
                                     edition=edition.name),
                     _("If this is a mistake, register again or contact the organizers.")]
        else:
            return
        body = "\n".join(p for p in parts if p is not None) + "\n\n" + _("The Techfest organizers") + "\n"
    send_mail(reg.email, subject, body)


# --- reads for the check-in scanner (checkin.services calls these; hot path) ---------------

@dataclass(frozen=True, slots=True)
class BadgeHolder:
    """What a scan needs of a registration, read in its current state (never a cached one)."""
    id: int
    edition_id: int
    name: str
    type: object
    organisation: str | None
    status: object
    badge_version: int
    day_list: tuple

    @property
    def active(self) -> bool:
        return self.status == RegistrationStatus.ACTIVE


def _holder_statement():
    from sqlalchemy import bindparam

    r, d = Registration.__table__, RegistrationDay.__table__
    return (select(r.c.id, r.c.edition_id, r.c.name, r.c.type, r.c.organisation, r.c.status, r.c.badge_version,
                   d.c.day)
            .select_from(r.outerjoin(d, d.c.registration_id == r.c.id))
            .where(r.c.id == bindparam("reg_id")).order_by(d.c.day))


def badge_holder(reg_id: int) -> BadgeHolder | None:
    """The registration ``reg_id`` and its days in one query (one row per day), or None."""
    stmt = cached_statement("registration.badge_holder", _holder_statement)  # the scan hot path
    rows = db.session.execute(stmt, {"reg_id": reg_id}).all()
    if not rows:
        return None
    first = rows[0]
    return BadgeHolder(first.id, first.edition_id, first.name, first.type, first.organisation, first.status,
                       first.badge_version, tuple(row.day for row in rows if row.day is not None))


def badge_public_key(edition_id: int) -> str | None:
    """The edition's badge public key (base64url), None when it has no key yet."""
    return db.session.scalar(select(EditionKey.public_key).where(EditionKey.edition_id == edition_id))


def active_registrations_matching(edition_id: int, q: str, limit: int = 20) -> list[Registration]:
    """Active registrations whose name, e-mail, organisation or phone match ``q`` (accent-folded),
    by name: the scanner's search for someone who lost their badge."""
    cond = search_filter(Registration.search_folded, q)
    if cond is None:
        return []
    return list(db.session.scalars(select(Registration).where(
        Registration.edition_id == edition_id, cond, Registration.status == RegistrationStatus.ACTIVE)
        .order_by(Registration.name).limit(limit)))


def offline_registrations(edition) -> tuple[list[dict], list[int]]:
    """(active registrations as {id, name, name_folded, type, days, version}, ids of the others):
    what a scanner keeps to check badges while the network is down."""
    from collections import defaultdict

    days = defaultdict(list)
    for rid, d in db.session.execute(select(RegistrationDay.registration_id, RegistrationDay.day).join(
            Registration, Registration.id == RegistrationDay.registration_id).where(
            Registration.edition_id == edition.id)):
        days[rid].append(d.isoformat())
    regs, revoked = [], []
    for rid, name, type_, status, version in db.session.execute(select(
            Registration.id, Registration.name, Registration.type, Registration.status, Registration.badge_version)
            .where(Registration.edition_id == edition.id)):
        if status != RegistrationStatus.ACTIVE:
            revoked.append(rid)
            continue
        regs.append({"id": rid, "name": name, "name_folded": fold(name), "type": str(type_), "days": days[rid],
                     "version": version})
    return regs, revoked
