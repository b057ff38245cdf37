"""Registering: checking the fields, creating or updating the registration of an e-mail
(:func:`_upsert`, shared by the public form, organizers, the API, imports, booth staff and
speakers) and placing it within capacity or on the waiting list.

The unique ``(edition_id, email)`` constraint is the guard against duplicates."""
from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from techfest.core.db import db, utcnow
from techfest.core.errors import Conflict, InvalidTransition, ValidationFailed
from techfest.core.search import fold

from .. import capacity, csvio
from ..models import COUNTED_TYPES, PUBLIC_TYPES, AttendeeType, Registration, RegistrationDay
from .common import ACTIVE, CANCELLED, MAX_LENGTHS, WAITLISTED
from .notifications import notify
from .settings import _day_limits, _lock, _occupancy, edition_days, registration_open

logger = logging.getLogger(__name__)


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

