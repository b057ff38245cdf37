"""The edition's registration settings, the lock that serialises capacity decisions, and the
capacity itself: occupancy, the waiting list and its promotion.

Capacity and booth-staff quotas are decided while holding the edition's
:class:`RegistrationSettings` row locked (``SELECT ... FOR UPDATE`` on PostgreSQL, :func:`_lock`),
so two visitors taking the last place at the same moment cannot both get it."""
from __future__ import annotations

import logging
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from techfest.core.db import db
from techfest.core.errors import ValidationFailed

from .. import capacity
from ..models import COUNTED_TYPES, Registration, RegistrationDay, RegistrationSettings
from .common import ACTIVE, WAITLISTED
from .notifications import notify

logger = logging.getLogger(__name__)


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

