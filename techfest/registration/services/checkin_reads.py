"""Reads for the check-in scanner (``checkin.services`` calls these; the scan is the hot path:
:func:`badge_holder` is one cached statement)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from techfest.core.db import cached_statement, db
from techfest.core.search import fold, search_filter

from ..models import EditionKey, Registration, RegistrationDay, RegistrationStatus


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
