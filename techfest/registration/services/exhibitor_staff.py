"""Exhibitors' booth staff: the quota of their booth size, their list, registering one."""
from __future__ import annotations

import logging

from sqlalchemy import func, select

from techfest.core.db import db
from techfest.core.errors import Conflict, NotFound, ValidationFailed

from ..models import PUBLIC_TYPES, AttendeeType, BoothSize, Registration
from .common import CANCELLED, domain_services
from .notifications import notify
from .registering import _clean, _commit_or_conflict, _upsert
from .settings import _lock, settings_for

logger = logging.getLogger(__name__)


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

