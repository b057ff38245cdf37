"""The hard constraints of a placement, checked before every write: the booth's size and
features fit the exhibitor, and no competitor of the exhibitor is on a neighbouring booth."""
from __future__ import annotations

from flask import has_request_context
from sqlalchemy import select

from techfest.core.db import db
from techfest.core.errors import Conflict

from ..models import Booth, BoothAssignment, BoothSizeClass, CompetitorPair
from .adapter import Exhibitor
from .common import _, _err
from .queries import neighbour_ids


def _check_fit(ex: Exhibitor, booth: Booth) -> None:
    if str(booth.size) != ex.size:
        raise _err(Conflict, "size_mismatch",
                   _("Booth %(code)s is a %(booth)s booth; %(name)s needs a %(needed)s booth.", code=booth.code,
                     booth=_size_label(str(booth.size)), name=ex.name, needed=_size_label(ex.size)),
                   {"booth": [_("Wrong size.")]})
    missing = sorted(ex.needs - booth.features)
    if missing:
        raise _err(Conflict, "missing_features",
                   _("Booth %(code)s lacks what %(name)s needs: %(missing)s.", code=booth.code, name=ex.name,
                     missing=", ".join(_feature_label(m) for m in missing)),
                   {"booth": [_("Missing features.")]})


def _size_label(size: str) -> str:
    from ..models import SIZE_LABELS

    if not has_request_context() or size not in BoothSizeClass.__members__.values():
        return size
    return str(SIZE_LABELS[BoothSizeClass(size)]).lower()


def _feature_label(feature: str) -> str:
    from ..models import FEATURE_LABELS

    if not has_request_context():
        return feature
    return str(FEATURE_LABELS.get(feature, feature)).lower()


def competitors_of(edition, organisation_id: int) -> set[int]:
    rows = db.session.execute(select(CompetitorPair.first_id, CompetitorPair.second_id).where(
        CompetitorPair.edition_id == edition.id,
        (CompetitorPair.first_id == organisation_id) | (CompetitorPair.second_id == organisation_id)))
    return {b if a == organisation_id else a for a, b in rows}


def _check_competitors(edition, organisation_id: int, booth: Booth, ignore: set[int],
                       planned: dict[int, int] | None = None) -> None:
    """No competitor of ``organisation_id`` on a booth sharing an edge with ``booth``.

    ``planned`` maps booth id -> organisation id for booths changing in the same operation
    (a swap), overriding the table; organisations in ``ignore`` are leaving their booths."""
    rivals = competitors_of(edition, organisation_id)
    if not rivals:
        return
    near = neighbour_ids(booth)
    holders = dict(db.session.execute(select(BoothAssignment.booth_id, BoothAssignment.organisation_id)
                                      .where(BoothAssignment.booth_id.in_(near))).all()) if near else {}
    for bid in near:
        holder = (planned or {}).get(bid, holders.get(bid))
        if holder in ignore and bid not in (planned or {}):
            continue
        if holder in rivals:
            neighbour = db.session.get(Booth, bid)
            from techfest.accounts.models import Organisation

            rival = db.session.get(Organisation, holder)
            raise _err(Conflict, "competitor_adjacent",
                       _("%(rival)s is on the neighbouring booth %(other)s and is marked as a competitor.",
                         rival=rival.name if rival else holder, other=neighbour.code),
                       {"booth": [_("A competitor is next door.")]})
