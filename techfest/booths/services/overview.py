"""Overview reads for organizers and the allocation: booth counts by status, assignments by
organisation, exhibitors with their tier, booth and wishes, and the fingerprint of the state
that a proposal is computed on."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from techfest.core.db import db

from .. import geometry
from ..models import Booth, BoothAssignment, BoothPreference, CompetitorPair, NearWish, Tier
from .adapter import Exhibitor, exhibitors
from .inputs import tiers_for


def status_counts(edition) -> dict[str, int]:
    rows = db.session.execute(select(Booth.status, func.count()).where(Booth.edition_id == edition.id)
                              .group_by(Booth.status))
    return {str(s): n for s, n in rows}


def booth_counts_by_hall(edition) -> dict[int, int]:
    """Hall id -> number of booths (halls without booths are absent)."""
    return dict(db.session.execute(select(Booth.hall_id, func.count()).where(Booth.edition_id == edition.id)
                                   .group_by(Booth.hall_id)).all())


def assignments_by_org(edition) -> dict[int, BoothAssignment]:
    rows = db.session.scalars(select(BoothAssignment).where(BoothAssignment.edition_id == edition.id)
                              .options(joinedload(BoothAssignment.booth)))
    return {a.organisation_id: a for a in rows}


def state_fingerprint(edition, known: dict[int, Exhibitor] | None = None) -> str:
    """A hash of everything the hard constraints depend on: booths (geometry, size, features,
    status), assignments and locks, exhibitors' needs, competitor pairs. A proposal computed on
    another fingerprint cannot be published."""
    known = exhibitors(edition) if known is None else known
    booths = db.session.execute(select(Booth.code, Booth.hall_id, Booth.x_m, Booth.y_m, Booth.w_m, Booth.h_m, Booth.size,
                                       Booth.has_power, Booth.has_internet, Booth.has_water, Booth.status)
                                .where(Booth.edition_id == edition.id).order_by(Booth.code))
    assignments = db.session.execute(select(Booth.code, BoothAssignment.organisation_id, BoothAssignment.locked)
                                     .join(Booth, Booth.id == BoothAssignment.booth_id)
                                     .where(BoothAssignment.edition_id == edition.id).order_by(Booth.code))
    pairs = db.session.execute(select(CompetitorPair.first_id, CompetitorPair.second_id)
                               .where(CompetitorPair.edition_id == edition.id)
                               .order_by(CompetitorPair.first_id, CompetitorPair.second_id))
    payload = {
        "booths": [[c, h, str(geometry.to_cm(x)), str(geometry.to_cm(y)), str(geometry.to_cm(w)), str(geometry.to_cm(hh)),
                    str(s), p, i, wa, str(st)] for c, h, x, y, w, hh, s, p, i, wa, st in booths],
        "assignments": [[c, o, bool(lk)] for c, o, lk in assignments],
        "exhibitors": sorted([e.organisation_id, e.size, sorted(e.needs)] for e in known.values()),
        "pairs": [[a, b] for a, b in pairs],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


@dataclass
class ExhibitorRow:
    exhibitor: Exhibitor
    tier: str
    assignment: BoothAssignment | None
    preferences: list[BoothPreference] = field(default_factory=list)
    near: list[NearWish] = field(default_factory=list)


def exhibitor_rows(edition) -> list[ExhibitorRow]:
    """Accepted exhibitors with their tier, booth and wishes (a fixed number of queries)."""
    known = exhibitors(edition)
    tiers = tiers_for(edition)
    assigned = assignments_by_org(edition)
    prefs: dict[int, list[BoothPreference]] = {}
    for p in db.session.scalars(select(BoothPreference).where(BoothPreference.edition_id == edition.id)
                                .options(joinedload(BoothPreference.booth), joinedload(BoothPreference.zone))
                                .order_by(BoothPreference.organisation_id, BoothPreference.rank)):
        prefs.setdefault(p.organisation_id, []).append(p)
    near: dict[int, list[NearWish]] = {}
    for n in db.session.scalars(select(NearWish).where(NearWish.edition_id == edition.id)
                                .options(joinedload(NearWish.near_organisation)).order_by(NearWish.id)):
        near.setdefault(n.organisation_id, []).append(n)
    return [ExhibitorRow(e, str(tiers.get(oid, Tier.STANDARD)), assigned.get(oid), prefs.get(oid, []), near.get(oid, []))
            for oid, e in known.items()]
