"""The booths change log: every change to the plan is written as a ``BoothChange`` row in the
transaction that makes it."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from techfest.core.db import db

from .. import csvio
from ..models import BoothChange, ChangeAction


def _log(edition, actor, action: ChangeAction, booth_code: str = "", *, other: str = "",
         org: tuple[int, str] | None = None, details: dict | None = None) -> None:
    db.session.add(BoothChange(edition_id=edition.id, action=action, booth_code=booth_code or "", other_code=other or "",
                               organisation_id=org[0] if org else None, organisation_name=(org[1] if org else "")[:200],
                               details=details or {}, actor_id=getattr(actor, "id", None)))


def changes_query(edition, booth_code: str | None = None):
    stmt = (select(BoothChange).where(BoothChange.edition_id == edition.id)
            .options(joinedload(BoothChange.actor)).order_by(BoothChange.id.desc()))
    if booth_code:
        code = csvio.normalise_code(booth_code)
        stmt = stmt.where((BoothChange.booth_code == code) | (BoothChange.other_code == code))
    return stmt
