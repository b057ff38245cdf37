"""Organizers' management of registrations: edit, cancel, re-issue a badge, admit over capacity,
CSV import (all rows or none) and export rows."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from techfest.core.db import db, utcnow
from techfest.core.errors import Conflict, InvalidTransition

from .. import capacity, csvio
from ..models import COUNTED_TYPES, AttendeeType, Registration
from .common import ACTIVE, CANCELLED, WAITLISTED
from .notifications import notify
from .registering import (Outcome, _apply_fields, _clean, _commit_or_conflict, _full_day_error, _upsert)
from .settings import _day_limits, _lock, _occupancy, _promote_waitlist, edition_days

logger = logging.getLogger(__name__)


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

