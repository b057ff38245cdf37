"""What organizers give the allocation besides the plan: exhibitors' priority tiers, competitor
pairs (kept apart, also by manual assignment) and the scoring settings."""
from __future__ import annotations

import logging

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from techfest.core.db import db
from techfest.core.errors import Conflict, NotFound, ValidationFailed

from .. import scoring
from ..models import AllocationSettings, ChangeAction, CompetitorPair, ExhibitorTier, Tier
from .adapter import _exhibitor, exhibitors
from .assignment import _assignment_of_org
from .changelog import _log
from .common import _, _err
from .queries import neighbour_ids

logger = logging.getLogger(__name__)


def tiers_for(edition) -> dict[int, Tier]:
    return dict(db.session.execute(select(ExhibitorTier.organisation_id, ExhibitorTier.tier)
                                   .where(ExhibitorTier.edition_id == edition.id)).all())


def set_tier(actor, edition, organisation_id: int, tier: str) -> None:
    if tier not in Tier.__members__.values():
        raise ValidationFailed(_("Not a valid choice."), {"tier": [_("Not a valid choice.")]})
    ex = _exhibitor(edition, organisation_id)
    row = db.session.scalar(select(ExhibitorTier).where(ExhibitorTier.edition_id == edition.id,
                                                        ExhibitorTier.organisation_id == ex.organisation_id))
    _log(edition, actor, ChangeAction.TIER_CHANGED, org=(ex.organisation_id, ex.name),
         details={"from": str(row.tier) if row else "standard", "to": tier})
    if row is None:
        db.session.add(ExhibitorTier(edition_id=edition.id, organisation_id=ex.organisation_id, tier=tier))
    else:
        row.tier = Tier(tier)
    try:
        db.session.commit()
    except IntegrityError:  # set at the same moment by someone else: apply over it
        db.session.rollback()
        db.session.execute(update(ExhibitorTier).where(ExhibitorTier.edition_id == edition.id,
                                                       ExhibitorTier.organisation_id == ex.organisation_id).values(tier=tier))
        _log(edition, actor, ChangeAction.TIER_CHANGED, org=(ex.organisation_id, ex.name), details={"to": tier})
        db.session.commit()
    logger.info("tier of organisation %s set to %s by user %s", ex.organisation_id, tier, getattr(actor, "id", None))


def competitor_pairs(edition) -> list[CompetitorPair]:
    return list(db.session.scalars(select(CompetitorPair).where(CompetitorPair.edition_id == edition.id)
                                   .options(joinedload(CompetitorPair.first), joinedload(CompetitorPair.second))
                                   .order_by(CompetitorPair.id)))


def add_competitor_pair(actor, edition, org_a: int, org_b: int) -> tuple[CompetitorPair, bool]:
    """Mark two exhibitors as competitors. Returns (pair, currently_neighbours): when they already
    sit side by side the pair is recorded and the caller warns the organizer to move one."""
    known = exhibitors(edition)
    a, b = _exhibitor(edition, org_a, known), _exhibitor(edition, org_b, known)
    if a.organisation_id == b.organisation_id:
        raise ValidationFailed(_("Choose two different exhibitors."), {"second": [_("Choose two different exhibitors.")]})
    first, second = sorted((a.organisation_id, b.organisation_id))
    exists = db.session.scalar(select(CompetitorPair).where(CompetitorPair.edition_id == edition.id,
                                                            CompetitorPair.first_id == first,
                                                            CompetitorPair.second_id == second))
    if exists is not None:
        raise _err(Conflict, "pair_exists", _("These two are already marked as competitors."))
    pair = CompetitorPair(edition_id=edition.id, first_id=first, second_id=second, created_by_id=getattr(actor, "id", None))
    db.session.add(pair)
    _log(edition, actor, ChangeAction.COMPETITORS_ADDED, org=(a.organisation_id, a.name),
         details={"other_organisation": b.name})
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise _err(Conflict, "pair_exists", _("These two are already marked as competitors.")) from None
    adjacent = False
    ra, rb = _assignment_of_org(edition, first), _assignment_of_org(edition, second)
    if ra is not None and rb is not None:
        adjacent = rb.booth_id in neighbour_ids(ra.booth)
    logger.info("competitor pair %s/%s added by user %s", first, second, getattr(actor, "id", None))
    return pair, adjacent


def delete_competitor_pair(actor, edition, pair_id: int) -> None:
    pair = db.session.get(CompetitorPair, pair_id)
    if pair is None or pair.edition_id != edition.id:
        raise NotFound(_("Not found."))
    _log(edition, actor, ChangeAction.COMPETITORS_REMOVED, org=(pair.first_id, pair.first.name),
         details={"other_organisation": pair.second.name})
    db.session.delete(pair)
    db.session.commit()
    logger.info("competitor pair %s removed by user %s", pair_id, getattr(actor, "id", None))


def allocation_config(edition) -> dict:
    row = db.session.scalar(select(AllocationSettings).where(AllocationSettings.edition_id == edition.id))
    config, _errors = scoring.normalise_config(row.config if row else None)
    return config


def save_allocation_config(actor, edition, data: dict) -> dict:
    config, errors = scoring.normalise_config(data)
    if errors:
        raise ValidationFailed(_("Check the settings."), errors)
    row = db.session.scalar(select(AllocationSettings).where(AllocationSettings.edition_id == edition.id))
    if row is None:
        db.session.add(AllocationSettings(edition_id=edition.id, config=config))
    else:
        row.config = config
    _log(edition, actor, ChangeAction.SETTINGS_CHANGED, details=config)
    db.session.commit()
    logger.info("allocation settings of edition %s saved by user %s", edition.id, getattr(actor, "id", None))
    return config
