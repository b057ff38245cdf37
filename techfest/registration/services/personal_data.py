"""Personal data (privacy.services orchestrates export and erasure).

No permission checks and no commit here: the caller checks who may, and erasing a person is one
transaction across domains."""
from __future__ import annotations

import secrets

from sqlalchemy import select

from techfest.core.db import db
from techfest.core.search import fold
from techfest.privacy import erasure

from ..models import Registration


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

