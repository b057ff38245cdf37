"""Reading booths: lookups by id and code, the organizers' filtered list, a hall's booths, and
neighbourhood computed from the stored geometry (booths sharing an edge)."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from techfest.core.db import db
from techfest.core.errors import NotFound
from techfest.core.search import fold

from .. import csvio, geometry
from ..models import Booth, BoothAssignment, BoothStatus, Hall
from .common import _


def get_booth(edition, booth_id: int) -> Booth:
    booth = db.session.get(Booth, booth_id)
    if booth is None or booth.edition_id != edition.id:
        raise NotFound(_("Booth not found."))
    return booth


def booth_by_code(edition, code: str) -> Booth:
    booth = db.session.scalar(select(Booth).where(Booth.edition_id == edition.id,
                                                  Booth.code == csvio.normalise_code(code)[:16]))
    if booth is None:
        raise NotFound(_("Booth not found."))
    return booth


def booths_query(edition, hall_id: int | None = None, zone_id: int | None = None, status: str | None = None,
                 q: str | None = None):
    stmt = (select(Booth).where(Booth.edition_id == edition.id)
            .options(joinedload(Booth.zone), joinedload(Booth.hall),
                     joinedload(Booth.assignment).joinedload(BoothAssignment.organisation))
            .order_by(Booth.code))
    if hall_id:
        stmt = stmt.where(Booth.hall_id == hall_id)
    if zone_id:
        stmt = stmt.where(Booth.zone_id == zone_id)
    if status in BoothStatus.__members__.values():
        stmt = stmt.where(Booth.status == status)
    if q:
        from techfest.accounts.models import Organisation

        words = fold(q)
        pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        orgs = select(BoothAssignment.booth_id).join(Organisation, Organisation.id == BoothAssignment.organisation_id).where(
            BoothAssignment.edition_id == edition.id, Organisation.name_folded.like(pattern, escape="\\"))
        stmt = stmt.where(Booth.code.like(csvio.normalise_code(q).replace("%", "").replace("_", "") + "%")
                          | Booth.id.in_(orgs))
    return stmt


def hall_booths(hall: Hall) -> list[Booth]:
    return list(db.session.scalars(select(Booth).where(Booth.hall_id == hall.id)
                                   .options(joinedload(Booth.zone),
                                            joinedload(Booth.assignment).joinedload(BoothAssignment.organisation))
                                   .order_by(Booth.code)))


def rect(b: Booth) -> geometry.Rect:
    return geometry.Rect(b.code, geometry.to_cm(b.x_m), geometry.to_cm(b.y_m), geometry.to_cm(b.w_m),
                         geometry.to_cm(b.h_m))


def neighbours_by_code(booths: Sequence[Booth]) -> dict[str, set[str]]:
    """Booth code -> codes sharing an edge with it (booths of one hall, or several halls: the
    rectangles of different halls are kept apart)."""
    out: dict[str, set[str]] = {}
    by_hall: dict[int, list[Booth]] = {}
    for b in booths:
        by_hall.setdefault(b.hall_id, []).append(b)
    for hall_booths_ in by_hall.values():
        out.update(geometry.adjacency(rect(b) for b in hall_booths_))
    return out


def _hall_rects(hall_id: int, exclude: Iterable[int] = ()) -> list[geometry.Rect]:
    exclude = set(exclude)
    rows = db.session.execute(select(Booth.id, Booth.code, Booth.x_m, Booth.y_m, Booth.w_m, Booth.h_m)
                              .where(Booth.hall_id == hall_id))
    return [geometry.Rect(code, geometry.to_cm(x), geometry.to_cm(y), geometry.to_cm(w), geometry.to_cm(h))
            for bid, code, x, y, w, h in rows if bid not in exclude]


def neighbour_ids(booth: Booth) -> list[int]:
    """Ids of the booths sharing an edge with ``booth`` (computed from the hall's geometry)."""
    rows = list(db.session.execute(select(Booth.id, Booth.code, Booth.x_m, Booth.y_m, Booth.w_m, Booth.h_m)
                                   .where(Booth.hall_id == booth.hall_id)))
    rects = [geometry.Rect(str(bid), geometry.to_cm(x), geometry.to_cm(y), geometry.to_cm(w), geometry.to_cm(h))
             for bid, _code, x, y, w, h in rows]
    adj = geometry.adjacency(rects)
    return sorted(int(i) for i in adj.get(str(booth.id), ()))
