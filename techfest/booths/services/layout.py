"""Creating, editing and deleting booths: one at a time (the booth form), from a CSV file, or as a
generated grid. Geometry is checked against the hall (inside it, no overlap)."""
from __future__ import annotations

import logging
import re

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from techfest.core.db import db, db_int
from techfest.core.errors import Conflict, ValidationFailed
from techfest.core.search import fold

from .. import csvio, geometry
from ..models import Booth, BoothAssignment, BoothPreference, BoothSizeClass, BoothStatus, BoothType, ChangeAction, Hall, Zone
from .adapter import _sync_product_codes, exhibitors
from .changelog import _log
from .common import _, _err, _metres
from .constraints import _check_competitors, _check_fit
from .queries import _hall_rects

logger = logging.getLogger(__name__)


BOOTH_FIELDS = ("code", "zone_id", "x_m", "y_m", "w_m", "h_m", "type", "size", "has_power", "has_internet",
                "has_water", "accessible", "price_tier", "status")


def _clean_booth(edition, hall: Hall, booth: Booth | None, data: dict) -> dict:
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    code = csvio.normalise_code(data.get("code") or "")
    if not code:
        errors["code"] = [_("This field is required.")]
    elif not csvio.CODE_RE.match(code):
        errors["code"] = [_("Letters, digits, “-”, “.” and “/” only, at most 16 (e.g. A-01).")]
    else:
        clash = db.session.scalar(select(Booth.id).where(Booth.edition_id == edition.id, Booth.code == code,
                                                         Booth.id != (booth.id if booth else -1)))
        if clash is not None:
            errors["code"] = [_("Booth %(code)s already exists in this edition.", code=code)]
    clean["code"] = code
    for name in ("x_m", "y_m"):
        clean[name] = _metres(data.get(name), name, errors, positive=False)
    for name in ("w_m", "h_m"):
        clean[name] = _metres(data.get(name), name, errors)
    zone_id = data.get("zone_id") or None
    if zone_id is not None:
        try:
            zone = db.session.get(Zone, db_int(zone_id))
        except (TypeError, ValueError):
            zone = None
        if zone is None or zone.hall_id != hall.id:
            errors["zone_id"] = [_("Choose a zone of this hall.")]
        else:
            clean["zone_id"] = zone.id
    else:
        clean["zone_id"] = None
    btype = data.get("type") or None
    if btype is not None and btype not in BoothType.__members__.values():
        errors["type"] = [_("Not a valid choice.")]
    clean["type"] = btype
    size = data.get("size") or "standard"
    if size not in BoothSizeClass.__members__.values():
        errors["size"] = [_("Not a valid choice.")]
    clean["size"] = size
    for name in ("has_power", "has_internet", "has_water", "accessible"):
        clean[name] = bool(data.get(name))
    price = (data.get("price_tier") or "").strip()
    if len(price) > 32:
        errors["price_tier"] = [_("At most %(n)s characters.", n=32)]
    clean["price_tier"] = price
    status = data.get("status") or (booth.status if booth else "available")
    if booth is not None and booth.status == BoothStatus.ASSIGNED:
        if status != BoothStatus.ASSIGNED:
            errors["status"] = [_("The booth holds an exhibitor: unassign it first.")]
    elif status not in (BoothStatus.AVAILABLE, BoothStatus.HELD, BoothStatus.BLOCKED):
        errors["status"] = [_("Not a valid choice.")]
    clean["status"] = status
    if not errors:
        r = geometry.Rect(code, geometry.to_cm(clean["x_m"]), geometry.to_cm(clean["y_m"]),
                          geometry.to_cm(clean["w_m"]), geometry.to_cm(clean["h_m"]))
        if geometry.outside([r], geometry.to_cm(hall.width_m), geometry.to_cm(hall.depth_m)):
            errors["x_m"] = [_("The booth must lie inside the hall (%(w)s × %(d)s m).", w=hall.width_m, d=hall.depth_m)]
        else:
            others = _hall_rects(hall.id, exclude=[booth.id] if booth else [])
            hits = [p for p in geometry.overlapping_pairs(others + [r]) if code in p]
            if hits:
                other = hits[0][0] if hits[0][1] == code else hits[0][1]
                errors["x_m"] = [_("The booth would overlap booth %(code)s.", code=other)]
    if errors:
        raise ValidationFailed(_("Check the booth's details."), errors)
    return clean


def save_booth(actor, edition, hall: Hall, booth: Booth | None, data: dict) -> Booth:
    """Create or edit one booth. An assigned booth keeps its status, and its size and features
    must still fit its exhibitor (and its place keep competitors apart)."""
    clean = _clean_booth(edition, hall, booth, data)
    created = booth is None
    if clean["type"] is None:
        others = _hall_rects(hall.id, exclude=[booth.id] if booth else [])
        r = geometry.Rect(clean["code"], geometry.to_cm(clean["x_m"]), geometry.to_cm(clean["y_m"]),
                          geometry.to_cm(clean["w_m"]), geometry.to_cm(clean["h_m"]))
        clean["type"] = geometry.classify(r, others)
    if created:
        booth = Booth(edition_id=edition.id, hall_id=hall.id)
        db.session.add(booth)
    old = {"code": booth.code, "size": str(booth.size) if booth.size else None,
           "features": sorted(booth.features) if not created else []}
    for key in BOOTH_FIELDS:
        setattr(booth, key, clean[key])
    if not created and booth.assignment is not None:
        db.session.flush()
        ex = exhibitors(edition).get(booth.assignment.organisation_id)
        if ex is not None:
            _check_fit(ex, booth)
            _check_competitors(edition, ex.organisation_id, booth, ignore=set())
    _log(edition, actor, ChangeAction.BOOTH_CREATED if created else ChangeAction.BOOTH_UPDATED, booth.code,
         details={} if created else {"before": old})
    try:
        db.session.flush()  # a code already used fails here
        if booth.assignment is not None and old["code"] != booth.code:
            # in the same transaction: a renamed booth never leaves its exhibitor's products on the old code
            _sync_product_codes(edition, [booth.assignment.organisation_id])
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ValidationFailed(_("Check the booth's details."),
                               {"code": [_("Booth %(code)s already exists in this edition.", code=clean["code"])]}) from None
    except Exception:
        db.session.rollback()
        raise
    logger.info("booth %s %s by user %s", booth.id, "created" if created else "updated", getattr(actor, "id", None))
    return booth


def delete_booth(actor, edition, booth: Booth) -> None:
    if booth.assignment is not None:
        raise _err(Conflict, "booth_assigned", _("Booth %(code)s holds an exhibitor: unassign it first.", code=booth.code))
    code = booth.code
    db.session.execute(delete(BoothPreference).where(BoothPreference.booth_id == booth.id))
    db.session.delete(booth)
    _log(edition, actor, ChangeAction.BOOTH_DELETED, code)
    db.session.commit()
    logger.info("booth %s deleted by user %s", code, getattr(actor, "id", None))


def delete_unassigned_booths(actor, edition, hall: Hall) -> int:
    """Remove every booth of the hall that holds no exhibitor (after a wrong grid, say)."""
    ids = list(db.session.scalars(select(Booth.id).where(Booth.hall_id == hall.id, Booth.status != BoothStatus.ASSIGNED,
                                                         ~Booth.id.in_(select(BoothAssignment.booth_id)))))
    if ids:
        db.session.execute(delete(BoothPreference).where(BoothPreference.booth_id.in_(ids)))
        db.session.execute(delete(Booth).where(Booth.id.in_(ids)))
        _log(edition, actor, ChangeAction.BOOTH_DELETED, details={"hall": hall.name, "count": len(ids)})
    db.session.commit()
    logger.info("%s booths of hall %s deleted by user %s", len(ids), hall.id, getattr(actor, "id", None))
    return len(ids)


class ImportRejected(ValidationFailed):
    """The CSV has errors: ``errors`` lists them (csvio.RowError); nothing was imported."""

    def __init__(self, errors: list[csvio.RowError]):
        super().__init__(_("The file has errors: nothing was imported."), {"file": [_("The file has errors.")]})
        self.errors = errors
        self.reason = "import_rejected"


def import_booths(actor, edition, hall: Hall, data: bytes) -> int:
    """Create the booths of a CSV file in ``hall``: all of them, or none when any row is bad
    (format, unknown zone, code already used, outside the hall, overlapping)."""
    rows, errors = csvio.parse(data)
    if not errors:
        zones = {z.name_folded: z for z in hall.zones}
        existing = set(db.session.scalars(select(Booth.code).where(Booth.edition_id == edition.id)))
        width, depth = geometry.to_cm(hall.width_m), geometry.to_cm(hall.depth_m)
        rects = {}
        for row in rows:
            if row.zone and fold(row.zone) not in zones:
                errors.append(csvio.RowError(row.line, "zone", "unknown_zone",
                                             {"value": row.zone, "choices": ", ".join(z.name for z in hall.zones) or "—"}))
            if row.code in existing:
                errors.append(csvio.RowError(row.line, "code", "code_exists", {"code": row.code}))
            r = geometry.Rect(row.code, geometry.to_cm(row.x), geometry.to_cm(row.y), geometry.to_cm(row.w),
                              geometry.to_cm(row.h))
            if geometry.outside([r], width, depth):
                errors.append(csvio.RowError(row.line, "x", "outside_hall", {"w": hall.width_m, "d": hall.depth_m}))
            rects[row.code] = r
        line_of = {row.code: row.line for row in rows}
        old = _hall_rects(hall.id)
        old_codes = {r.id for r in old}
        for a, b in geometry.overlapping_pairs(old + list(rects.values())):
            if a in old_codes and b in old_codes:
                continue
            new, other = (a, b) if a in line_of and (b not in line_of or line_of[a] > line_of[b]) else (b, a)
            if new not in line_of:
                continue
            errors.append(csvio.RowError(line_of[new], "x", "overlap", {"code": other}))
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: (e.line, e.column)))
    rect_list = _hall_rects(hall.id) + [geometry.Rect(r.code, geometry.to_cm(r.x), geometry.to_cm(r.y),
                                                      geometry.to_cm(r.w), geometry.to_cm(r.h)) for r in rows]
    adj = geometry.adjacency(rect_list)
    by_code = {r.id: r for r in rect_list}
    zones = {z.name_folded: z for z in hall.zones}
    for row in rows:
        btype = row.type or geometry.classify(by_code[row.code], (by_code[n] for n in adj[row.code]))
        db.session.add(Booth(edition_id=edition.id, hall_id=hall.id, code=row.code,
                             zone_id=zones[fold(row.zone)].id if row.zone else None,
                             x_m=row.x, y_m=row.y, w_m=row.w, h_m=row.h, type=btype, size=row.size,
                             has_power="power" in row.features, has_internet="internet" in row.features,
                             has_water="water" in row.features, accessible=row.accessible,
                             price_tier=row.price_tier, status=row.status))
    _log(edition, actor, ChangeAction.IMPORTED, details={"hall": hall.name, "count": len(rows)})
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise _err(Conflict, "changed_meanwhile", _("Booths were added meanwhile. Import the file again.")) from None
    logger.info("%s booths imported into hall %s by user %s", len(rows), hall.id, getattr(actor, "id", None))
    return len(rows)


def generate_booths(actor, edition, hall: Hall, data: dict) -> int:
    """Create a grid of booths (rows × columns with aisles) in ``hall``."""
    errors: dict[str, list[str]] = {}

    def integer(name, lo, hi):
        try:
            v = int(data.get(name))
        except (TypeError, ValueError):
            errors.setdefault(name, []).append(_("Enter a whole number."))
            return lo
        if not lo <= v <= hi:
            errors.setdefault(name, []).append(_("Between %(lo)s and %(hi)s.", lo=lo, hi=hi))
        return v

    rows = integer("rows", 1, 200)
    cols = integer("cols", 1, 200)
    every_rows = integer("aisle_every_rows", 0, 200)
    every_cols = integer("aisle_every_cols", 0, 200)
    start = integer("start", 0, 99999)
    bw = _metres(data.get("booth_w"), "booth_w", errors)
    bh = _metres(data.get("booth_h"), "booth_h", errors)
    aisle = _metres(data.get("aisle_m"), "aisle_m", errors, positive=False)
    ox = _metres(data.get("origin_x"), "origin_x", errors, positive=False)
    oy = _metres(data.get("origin_y"), "origin_y", errors, positive=False)
    prefix = csvio.normalise_code(data.get("prefix") or "")
    if prefix and not re.fullmatch(r"[A-Z0-9]{1,6}", prefix):
        errors["prefix"] = [_("Up to 6 letters or digits.")]
    if rows * cols > geometry.MAX_GRID_BOOTHS:
        errors.setdefault("cols", []).append(_("At most %(n)s booths at once.", n=geometry.MAX_GRID_BOOTHS))
    size = data.get("size") or "standard"
    if size not in BoothSizeClass.__members__.values():
        errors["size"] = [_("Not a valid choice.")]
    zone_id = data.get("zone_id") or None
    if zone_id is not None and int(zone_id) not in {z.id for z in hall.zones}:
        errors["zone_id"] = [_("Choose a zone of this hall.")]
    status = data.get("status") or "available"
    if status not in (BoothStatus.AVAILABLE, BoothStatus.HELD, BoothStatus.BLOCKED):
        errors["status"] = [_("Not a valid choice.")]
    if errors:
        raise ValidationFailed(_("Check the grid's settings."), errors)
    spec = geometry.GridSpec(rows=rows, cols=cols, booth_w=geometry.to_cm(bw), booth_h=geometry.to_cm(bh),
                             origin_x=geometry.to_cm(ox), origin_y=geometry.to_cm(oy), aisle_every_cols=every_cols,
                             aisle_every_rows=every_rows, aisle_cm=geometry.to_cm(aisle), prefix=prefix, start=start)
    grid = geometry.generate_grid(spec)
    codes = [g.code for g in grid]
    if any(len(c) > 16 for c in codes):
        raise ValidationFailed(_("Check the grid's settings."), {"prefix": [_("The codes would be too long.")]})
    taken = sorted(set(db.session.scalars(select(Booth.code).where(Booth.edition_id == edition.id,
                                                                   Booth.code.in_(codes)))))
    if taken:
        raise ValidationFailed(_("Check the grid's settings."), {"start": [
            _("Booth codes already used: %(codes)s. Change the prefix or the first number.",
              codes=", ".join(taken[:5]) + ("…" if len(taken) > 5 else ""))]})
    rects = [geometry.Rect(g.code, g.x, g.y, g.w, g.h) for g in grid]
    out = geometry.outside(rects, geometry.to_cm(hall.width_m), geometry.to_cm(hall.depth_m))
    if out:
        right, bottom = geometry.extent(rects)
        raise ValidationFailed(_("Check the grid's settings."), {"cols": [
            _("The grid needs %(w)s × %(d)s m from the hall's corner; the hall is %(hw)s × %(hd)s m.",
              w=geometry.to_m(right), d=geometry.to_m(bottom), hw=hall.width_m, hd=hall.depth_m)]})
    old = _hall_rects(hall.id)
    old_codes = {r.id for r in old}
    hits = [p for p in geometry.overlapping_pairs(old + rects) if (p[0] in old_codes) != (p[1] in old_codes)]
    if hits:
        existing = hits[0][0] if hits[0][0] in old_codes else hits[0][1]
        raise ValidationFailed(_("Check the grid's settings."), {"origin_x": [
            _("The grid would overlap booth %(code)s: move its corner (x, y).", code=existing)]})
    for g in grid:
        db.session.add(Booth(edition_id=edition.id, hall_id=hall.id, code=g.code, zone_id=int(zone_id) if zone_id else None,
                             x_m=geometry.to_m(g.x), y_m=geometry.to_m(g.y), w_m=geometry.to_m(g.w),
                             h_m=geometry.to_m(g.h), type=g.type, size=size,
                             has_power=bool(data.get("has_power")), has_internet=bool(data.get("has_internet")),
                             has_water=bool(data.get("has_water")), accessible=bool(data.get("accessible")),
                             price_tier=(data.get("price_tier") or "").strip()[:32], status=status))
    _log(edition, actor, ChangeAction.GENERATED, details={"hall": hall.name, "count": len(grid),
                                                          "first": codes[0], "last": codes[-1]})
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise _err(Conflict, "changed_meanwhile", _("Booths were added meanwhile. Try again.")) from None
    logger.info("%s booths generated in hall %s by user %s", len(grid), hall.id, getattr(actor, "id", None))
    return len(grid)
