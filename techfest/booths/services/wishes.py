"""Exhibitors' wishes: their ranked booth or zone choices and the organisations they want to be
near, which the allocation turns into scores."""
from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from techfest.core.db import db
from techfest.core.errors import Conflict, PermissionDenied, ValidationFailed

from .. import scoring
from ..models import Booth, BoothPreference, BoothStatus, NearWish
from .adapter import Exhibitor, _exhibitor, exhibitors
from .common import _, _err
from .halls import zones_for

logger = logging.getLogger(__name__)


def preferences_of(edition, organisation_id: int) -> list[BoothPreference]:
    return list(db.session.scalars(select(BoothPreference).where(BoothPreference.edition_id == edition.id,
                                                            BoothPreference.organisation_id == organisation_id)
                                   .options(joinedload(BoothPreference.booth), joinedload(BoothPreference.zone))
                                   .order_by(BoothPreference.rank)))


def near_wishes_of(edition, organisation_id: int) -> list[NearWish]:
    return list(db.session.scalars(select(NearWish).where(NearWish.edition_id == edition.id,
                                                          NearWish.organisation_id == organisation_id)
                                   .options(joinedload(NearWish.near_organisation)).order_by(NearWish.id)))


def exhibitor_for_actor(actor, edition) -> Exhibitor | None:
    """The actor's organisation as an exhibitor of ``edition`` (None: no accepted product yet)."""
    if actor is None or getattr(actor, "organisation_id", None) is None:
        return None
    return exhibitors(edition).get(actor.organisation_id)


def fitting_booths(edition, ex: Exhibitor) -> list[Booth]:
    """Booths an exhibitor may rank: its size, all its needs, not blocked."""
    rows = db.session.scalars(select(Booth).where(Booth.edition_id == edition.id, Booth.size == ex.size,
                                                  Booth.status != BoothStatus.BLOCKED)
                              .options(joinedload(Booth.zone), joinedload(Booth.hall)).order_by(Booth.code))
    return [b for b in rows if ex.needs <= b.features]


def save_preferences(actor, edition, organisation_id: int, choices: Sequence[str | None],
                     near: Sequence[int]) -> None:
    """Replace an exhibitor's ranked choices ("b:<booth id>" or "z:<zone id>", best first, up to
    5, empty ones skipped) and the organisations it wants to be near (up to 3).

    Members of the organisation may do this once a product is accepted; organizers too."""
    from techfest.core.auth import can

    if not (can(actor, "booths.manage", edition) or getattr(actor, "organisation_id", None) == organisation_id):
        raise PermissionDenied(_("You can only change your own organisation's wishes."))
    if edition.status == "archived":
        raise _err(Conflict, "archived", _("The edition is archived."))
    known = exhibitors(edition)
    ex = _exhibitor(edition, organisation_id, known)
    errors: dict[str, list[str]] = {}
    picked = [c for c in choices if c]
    if len(picked) > scoring.MAX_PREFERENCES:
        errors["choices"] = [_("At most %(n)s choices.", n=scoring.MAX_PREFERENCES)]
    if len(set(picked)) != len(picked):
        errors["choices"] = [_("Each booth or zone can be chosen once.")]
    fitting = {b.id for b in fitting_booths(edition, ex)}
    zones = {z.id for z in zones_for(edition)}
    rows = []
    for rank, choice in enumerate(picked[:scoring.MAX_PREFERENCES], start=1):
        kind, _sep, ident = choice.partition(":")
        try:
            ident_int = int(ident)
        except ValueError:
            ident_int = -1
        if kind == "b" and ident_int in fitting:
            rows.append(BoothPreference(edition_id=edition.id, organisation_id=ex.organisation_id, rank=rank, booth_id=ident_int))
        elif kind == "z" and ident_int in zones:
            rows.append(BoothPreference(edition_id=edition.id, organisation_id=ex.organisation_id, rank=rank, zone_id=ident_int))
        else:
            errors.setdefault(f"choice_{rank}", []).append(_("This booth does not fit your needs or no longer exists."))
    near_ids = list(dict.fromkeys(int(n) for n in near if n))
    if len(near_ids) > scoring.MAX_NEAR:
        errors["near"] = [_("At most %(n)s organisations.", n=scoring.MAX_NEAR)]
    for n in near_ids:
        if n == ex.organisation_id or n not in known:
            errors["near"] = [_("Choose exhibitors of this edition (not yourself).")]
    if errors:
        raise ValidationFailed(_("Check your choices."), errors)
    db.session.execute(delete(BoothPreference).where(BoothPreference.edition_id == edition.id,
                                                BoothPreference.organisation_id == ex.organisation_id))
    db.session.execute(delete(NearWish).where(NearWish.edition_id == edition.id,
                                              NearWish.organisation_id == ex.organisation_id))
    db.session.add_all(rows)
    db.session.add_all(NearWish(edition_id=edition.id, organisation_id=ex.organisation_id, near_organisation_id=n)
                       for n in near_ids[:scoring.MAX_NEAR])
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise _err(Conflict, "changed_meanwhile", _("Your wishes were changed meanwhile. Reload and try again.")) from None
    logger.info("booth preferences of organisation %s saved by user %s", ex.organisation_id, getattr(actor, "id", None))
