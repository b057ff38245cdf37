"""Aggregate counts of active registrations that other domains read (reports): one grouped query
each, no rows loaded, nothing written. Cancelled and waiting registrations are left out."""
from __future__ import annotations

from datetime import date
from typing import Iterable

from sqlalchemy import distinct, func, select

from techfest.core.db import db

from ..models import AttendeeType, Registration, RegistrationDay
from .common import ACTIVE


def active_counts_by_type(edition) -> dict[str, int]:
    """{attendee type: active registrations of ``edition``}; types nobody holds are absent."""
    return {str(t): int(n) for t, n in db.session.execute(
        select(Registration.type, func.count())
        .where(Registration.edition_id == edition.id, Registration.status == ACTIVE)
        .group_by(Registration.type)).all()}


def active_counts_by_day(edition) -> list[tuple[date, int]]:
    """(day, active registrations valid that day), oldest day first."""
    return [(day, int(n)) for day, n in db.session.execute(
        select(RegistrationDay.day, func.count(distinct(Registration.id)))
        .join(Registration, Registration.id == RegistrationDay.registration_id)
        .where(Registration.edition_id == edition.id, Registration.status == ACTIVE)
        .group_by(RegistrationDay.day).order_by(RegistrationDay.day)).all()]


def active_visitor_counts_by_edition(edition_ids: Iterable[int]) -> dict[int, int]:
    """{edition id: active visitor registrations} for the given editions (absent: none)."""
    ids = list(edition_ids)
    return {eid: int(n) for eid, n in db.session.execute(
        select(Registration.edition_id, func.count())
        .where(Registration.edition_id.in_(ids), Registration.status == ACTIVE,
               Registration.type == AttendeeType.VISITOR)
        .group_by(Registration.edition_id)).all()}
