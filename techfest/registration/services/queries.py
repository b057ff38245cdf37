"""Reading registrations: the organizers' filtered list, one registration by id or by its badge
page's access code, counts."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from techfest.core.db import db
from techfest.core.errors import NotFound
from techfest.core.search import search_filter

from ..models import AttendeeType, Registration, RegistrationDay, RegistrationStatus


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

