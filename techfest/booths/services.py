"""Booth use-cases: halls, zones and booths (forms, CSV import, grid generator), manual
assignment with the hard constraints, exhibitor preferences, competitor pairs, tiers, settings.
Each public function taking an ``actor`` is one transaction. The allocation proposals are in
``proposals.py``, the exports in ``exports.py``.

For other domains (catalogue, programme, judging walking order)::

    booth_for_organisation(edition, organisation_id) -> "A-12" | None
    booth_codes_for_organisations(edition, organisation_ids) -> {organisation_id: "A-12"}
    booth_codes_for_products(edition, product_ids) -> {product_id: "A-12"}   (products without a booth are absent)

The products' own ``booth_code`` column (techfest.submissions) is kept in step on every change
through ``submissions.services.record_booth_codes``.

What this domain reads from submissions goes through :func:`exhibitors` (one adapter).
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from flask import has_request_context
from flask_babel import gettext
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from techfest.core.db import db, db_int
from techfest.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from techfest.core.search import fold

from . import csvio, geometry, scoring
from .models import (AllocationSettings, BoothAssignment, Booth, BoothChange, BoothSizeClass, BoothStatus, BoothType,
                     ChangeAction, CompetitorPair, ExhibitorTier, Hall, NearWish, BoothPreference, Tier, Zone)

logger = logging.getLogger(__name__)

MAX_METRES = Decimal("10000")
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
ZONE_COLOURS = ("#8ecae6", "#ffb703", "#90be6d", "#f4a261", "#cdb4db", "#ffafcc", "#a8dadc", "#e9c46a")


def _(message: str, **params) -> str:
    """gettext in a request (the visitor's language); plain English outside one (CLI, demo,
    threads), where Flask-Babel has no locale to pick."""
    if has_request_context():
        return gettext(message, **params)
    return message % params if params else message


def _err(cls, reason: str, message: str, fields: dict | None = None):
    """A domain error carrying a machine ``reason`` (tests, API clients) and a translated message."""
    exc = cls(message, fields)
    exc.reason = reason
    return exc


# --- what we need from submissions (the one adapter) ---------------------------------------

@dataclass
class Exhibitor:
    organisation_id: int
    name: str
    country: str
    product_ids: list[int]
    product_titles: list[str]
    confirmed: bool
    size: str
    needs: frozenset[str]
    categories: frozenset[int] = frozenset()

    @property
    def key(self) -> str:
        return f"org-{self.organisation_id}"


def exhibitors(edition) -> dict[int, Exhibitor]:
    """Organisations with accepted or confirmed products, with their booth needs and product
    categories, by organisation id. The only place that reads the submissions domain's data
    (``accepted_exhibitors`` for needs, ``accepted_products`` for categories)."""
    from techfest.submissions import services as submissions

    categories: dict[int, set[int]] = {}
    for p in submissions.accepted_products(edition):
        if p.category_id is not None:
            categories.setdefault(p.organisation_id, set()).add(p.category_id)
    out = {}
    for e in submissions.accepted_exhibitors(edition):
        needs = frozenset(f for f, on in (("power", e.needs_power), ("internet", e.needs_internet),
                                          ("water", e.needs_water)) if on)
        out[e.organisation_id] = Exhibitor(e.organisation_id, e.organisation_name, e.country, list(e.product_ids),
                                           list(e.product_titles), e.confirmed, str(e.booth_size), needs,
                                           frozenset(categories.get(e.organisation_id, ())))
    return out


def _exhibitor(edition, organisation_id: int, known: dict[int, Exhibitor] | None = None) -> Exhibitor:
    known = exhibitors(edition) if known is None else known
    ex = known.get(int(organisation_id))
    if ex is None:
        raise _err(NotFound, "not_an_exhibitor", _("This organisation has no accepted product in this edition."),
                   {"organisation_id": [_("Not an exhibitor of this edition.")]})
    return ex


def _sync_product_codes(edition, organisation_ids: Iterable[int], known: dict[int, Exhibitor] | None = None) -> None:
    """Write each organisation's booth code on its accepted products (no commit)."""
    from techfest.submissions import services as submissions

    ids = {int(i) for i in organisation_ids}
    if not ids:
        return
    known = exhibitors(edition) if known is None else known
    codes = booth_codes_for_organisations(edition, ids)
    mapping = {pid: codes.get(oid) for oid in ids if oid in known for pid in known[oid].product_ids}
    if mapping:
        submissions.record_booth_codes(edition, mapping)


# --- read API for other domains -----------------------------------------------------------

def booth_codes_for_organisations(edition, organisation_ids: Iterable[int]) -> dict[int, str]:
    ids = list({int(i) for i in organisation_ids})
    if not ids:
        return {}
    rows = db.session.execute(select(BoothAssignment.organisation_id, Booth.code).join(Booth, Booth.id == BoothAssignment.booth_id)
                              .where(BoothAssignment.edition_id == edition.id, BoothAssignment.organisation_id.in_(ids)))
    return {oid: code for oid, code in rows}


def booth_for_organisation(edition, organisation_id: int) -> str | None:
    """The booth code of an organisation in ``edition`` ("A-12"), or None."""
    return booth_codes_for_organisations(edition, [organisation_id]).get(int(organisation_id))


def booth_codes_for_products(edition, product_ids: Iterable[int]) -> dict[int, str]:
    """Booth codes of products (their organisation's booth); products without one are absent."""
    from techfest.submissions import services as submissions

    products = {pid: p for pid, p in submissions.products_by_ids(product_ids).items() if p.edition_id == edition.id}
    codes = booth_codes_for_organisations(edition, {p.organisation_id for p in products.values()})
    return {pid: codes[p.organisation_id] for pid, p in products.items() if p.organisation_id in codes}


# --- halls --------------------------------------------------------------------------------

def halls_for(edition) -> list[Hall]:
    return list(db.session.scalars(select(Hall).where(Hall.edition_id == edition.id)
                                   .options(selectinload(Hall.zones)).order_by(Hall.position, Hall.name_folded, Hall.id)))


def get_hall(edition, hall_id: int) -> Hall:
    hall = db.session.get(Hall, hall_id)
    if hall is None or hall.edition_id != edition.id:
        raise NotFound(_("Hall not found."))
    return hall


def _metres(value, name: str, errors: dict, positive: bool = True) -> Decimal | None:
    try:
        d = Decimal(str(value)).quantize(Decimal("0.01"))
    except Exception:  # noqa: BLE001 - any unparsable input is a field error
        errors.setdefault(name, []).append(_("Enter a number of metres."))
        return None
    if (positive and d <= 0) or (not positive and d < 0):
        errors.setdefault(name, []).append(_("Must be greater than zero.") if positive else _("Cannot be negative."))
        return None
    if d > MAX_METRES:
        errors.setdefault(name, []).append(_("At most %(n)s metres.", n=int(MAX_METRES)))
        return None
    return d


def save_hall(actor, edition, hall: Hall | None, data: dict) -> Hall:
    errors: dict[str, list[str]] = {}
    name = (data.get("name") or "").strip()
    if not name:
        errors["name"] = [_("This field is required.")]
    elif len(name) > 100:
        errors["name"] = [_("At most %(n)s characters.", n=100)]
    width = _metres(data.get("width_m"), "width_m", errors)
    depth = _metres(data.get("depth_m"), "depth_m", errors)
    if not errors:
        clash = db.session.scalar(select(Hall.id).where(Hall.edition_id == edition.id, Hall.name_folded == fold(name),
                                                        Hall.id != (hall.id if hall else -1)))
        if clash is not None:
            errors["name"] = [_("Another hall of this edition has this name.")]
    if hall is not None and not errors:
        w, h = db.session.execute(select(func.max(Booth.x_m + Booth.w_m), func.max(Booth.y_m + Booth.h_m))
                                  .where(Booth.hall_id == hall.id)).one()
        if w is not None and Decimal(w) > width:
            errors["width_m"] = [_("Booths reach %(n)s m: the hall cannot be narrower.", n=Decimal(w))]
        if h is not None and Decimal(h) > depth:
            errors["depth_m"] = [_("Booths reach %(n)s m: the hall cannot be shallower.", n=Decimal(h))]
    if errors:
        raise ValidationFailed(_("Check the hall's details."), errors)
    created = hall is None
    if created:
        position = db.session.scalar(select(func.count(Hall.id)).where(Hall.edition_id == edition.id)) or 0
        hall = Hall(edition_id=edition.id, position=position)
        db.session.add(hall)
    hall.name, hall.name_folded, hall.width_m, hall.depth_m = name, fold(name), width, depth
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ValidationFailed(_("Check the hall's details."), {"name": [_("Another hall of this edition has this name.")]}) from None
    logger.info("hall %s %s by user %s", hall.id, "created" if created else "updated", getattr(actor, "id", None))
    return hall


def delete_hall(actor, edition, hall: Hall) -> None:
    assigned = db.session.scalar(select(func.count(BoothAssignment.id)).join(Booth, Booth.id == BoothAssignment.booth_id)
                                 .where(Booth.hall_id == hall.id))
    if assigned:
        raise _err(Conflict, "hall_has_assignments",
                   _("%(n)s booths of this hall hold exhibitors: unassign them first.", n=assigned))
    name = hall.name
    booth_ids = select(Booth.id).where(Booth.hall_id == hall.id)
    zone_ids = select(Zone.id).where(Zone.hall_id == hall.id)
    # Explicit deletes: SQLite does not enforce ON DELETE CASCADE here.
    db.session.execute(delete(BoothPreference).where(BoothPreference.booth_id.in_(booth_ids) | BoothPreference.zone_id.in_(zone_ids)))
    db.session.execute(delete(Booth).where(Booth.hall_id == hall.id))
    db.session.execute(delete(Zone).where(Zone.hall_id == hall.id))
    db.session.expire(hall)
    db.session.delete(hall)
    _log(edition, actor, ChangeAction.HALL_DELETED, details={"hall": name})
    db.session.commit()
    logger.info("hall %s deleted by user %s", hall.id, getattr(actor, "id", None))


# --- zones --------------------------------------------------------------------------------

def get_zone(edition, zone_id: int) -> Zone:
    zone = db.session.get(Zone, zone_id)
    if zone is None or zone.edition_id != edition.id:
        raise NotFound(_("Zone not found."))
    return zone


def zones_for(edition) -> list[Zone]:
    return list(db.session.scalars(select(Zone).join(Hall, Hall.id == Zone.hall_id).where(Zone.edition_id == edition.id)
                                   .order_by(Hall.position, Hall.id, Zone.name_folded)))


def next_zone_colour(hall: Hall) -> str:
    return ZONE_COLOURS[len(hall.zones) % len(ZONE_COLOURS)]


def save_zone(actor, edition, hall: Hall, zone: Zone | None, data: dict) -> Zone:
    from techfest.submissions import services as submissions

    errors: dict[str, list[str]] = {}
    name = (data.get("name") or "").strip()
    if not name:
        errors["name"] = [_("This field is required.")]
    elif len(name) > 100:
        errors["name"] = [_("At most %(n)s characters.", n=100)]
    colour = (data.get("colour") or "").strip()
    if not COLOUR_RE.match(colour):
        errors["colour"] = [_("A colour such as #8ecae6.")]
    category_id = data.get("category_id") or None
    if category_id is not None:
        if int(category_id) not in {c.id for c in submissions.categories_for(edition)}:
            errors["category_id"] = [_("Choose a category from the list.")]
    if not errors:
        clash = db.session.scalar(select(Zone.id).where(Zone.hall_id == hall.id, Zone.name_folded == fold(name),
                                                        Zone.id != (zone.id if zone else -1)))
        if clash is not None:
            errors["name"] = [_("Another zone of this hall has this name.")]
    if errors:
        raise ValidationFailed(_("Check the zone's details."), errors)
    created = zone is None
    if created:
        zone = Zone(edition_id=edition.id, hall_id=hall.id)
        db.session.add(zone)
    zone.name, zone.name_folded, zone.colour = name, fold(name), colour.lower()
    zone.category_id = int(category_id) if category_id is not None else None
    db.session.commit()
    logger.info("zone %s %s by user %s", zone.id, "created" if created else "updated", getattr(actor, "id", None))
    return zone


def delete_zone(actor, edition, zone: Zone) -> None:
    """The zone's booths stay (without a zone); preferences naming the zone are dropped."""
    db.session.execute(update(Booth).where(Booth.zone_id == zone.id).values(zone_id=None)
                       .execution_options(synchronize_session=False))
    db.session.execute(delete(BoothPreference).where(BoothPreference.zone_id == zone.id))
    db.session.delete(zone)
    db.session.commit()
    logger.info("zone %s deleted by user %s", zone.id, getattr(actor, "id", None))


# --- booths: reading ----------------------------------------------------------------------

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


# --- booths: writing ----------------------------------------------------------------------

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


# --- hard constraints ---------------------------------------------------------------------

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
    from .models import SIZE_LABELS

    if not has_request_context() or size not in BoothSizeClass.__members__.values():
        return size
    return str(SIZE_LABELS[BoothSizeClass(size)]).lower()


def _feature_label(feature: str) -> str:
    from .models import FEATURE_LABELS

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


def _lock_booths(ids: Iterable[int]) -> dict[int, Booth]:
    """Lock booth rows (PostgreSQL: SELECT ... FOR UPDATE, in id order so two organizers never
    deadlock) and return them fresh from the database."""
    ids = sorted({int(i) for i in ids})
    if not ids:
        return {}
    rows = db.session.scalars(select(Booth).where(Booth.id.in_(ids)).order_by(Booth.id)
                              .with_for_update().execution_options(populate_existing=True))
    return {b.id: b for b in rows}


def _assignment_of_booth(booth_id: int) -> BoothAssignment | None:
    return db.session.scalar(select(BoothAssignment).where(BoothAssignment.booth_id == booth_id)
                             .execution_options(populate_existing=True))


def _assignment_of_org(edition, organisation_id: int) -> BoothAssignment | None:
    return db.session.scalar(select(BoothAssignment).where(BoothAssignment.edition_id == edition.id,
                                                      BoothAssignment.organisation_id == organisation_id)
                             .execution_options(populate_existing=True))


def _taken_error(booth: Booth, holder_id: int) -> Conflict:
    from techfest.accounts.models import Organisation

    org = db.session.get(Organisation, holder_id)
    return _err(Conflict, "booth_taken",
                _("Booth %(code)s is already assigned to %(name)s.", code=booth.code, name=org.name if org else "?"),
                {"booth": [_("Already assigned.")]})


def _commit_or_conflict(booth_code: str) -> None:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise _err(Conflict, "booth_taken",
                   _("Booth %(code)s was assigned by someone else a moment ago. Reload the plan.", code=booth_code),
                   {"booth": [_("Already assigned.")]}) from None


def assign_booth(actor, edition, booth_id: int, organisation_id: int, *, locked: bool = False) -> BoothAssignment:
    """Give a free booth to an exhibitor without one. Checks: the booth is in the edition and not
    blocked, the exhibitor is accepted and has no booth yet, size and needs fit, no competitor
    next door. The unique constraint on ``booth_assignments.booth_id`` is the final guard."""
    known = exhibitors(edition)
    ex = _exhibitor(edition, organisation_id, known)
    booth = get_booth(edition, booth_id)
    locked_rows = _lock_booths([booth.id] + neighbour_ids(booth))
    booth = locked_rows[booth.id]
    if booth.status == BoothStatus.BLOCKED:
        raise _err(Conflict, "booth_blocked", _("Booth %(code)s is blocked.", code=booth.code), {"booth": [_("Blocked.")]})
    holder = _assignment_of_booth(booth.id)
    if holder is not None:
        raise _taken_error(booth, holder.organisation_id)
    mine = _assignment_of_org(edition, ex.organisation_id)
    if mine is not None:
        raise _err(Conflict, "already_has_booth",
                   _("%(name)s already has booth %(code)s: move it instead.", name=ex.name, code=mine.booth.code),
                   {"organisation_id": [_("Already has a booth.")]})
    _check_fit(ex, booth)
    _check_competitors(edition, ex.organisation_id, booth, ignore=set())
    row = BoothAssignment(edition_id=edition.id, booth_id=booth.id, organisation_id=ex.organisation_id, locked=locked,
                     assigned_by_id=getattr(actor, "id", None))
    db.session.add(row)
    result = db.session.execute(update(Booth).where(Booth.id == booth.id,
                                                    Booth.status.in_([BoothStatus.AVAILABLE, BoothStatus.HELD]))
                                .values(status=BoothStatus.ASSIGNED).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        raise _err(Conflict, "booth_taken", _("Booth %(code)s is no longer free. Reload the plan.", code=booth.code),
                   {"booth": [_("Already assigned.")]})
    _log(edition, actor, ChangeAction.ASSIGNED, booth.code, org=(ex.organisation_id, ex.name),
         details={"locked": locked})
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise _err(Conflict, "booth_taken",
                   _("Booth %(code)s was assigned by someone else a moment ago. Reload the plan.", code=booth.code),
                   {"booth": [_("Already assigned.")]}) from None
    _sync_product_codes(edition, [ex.organisation_id], known)
    _commit_or_conflict(booth.code)
    logger.info("booth %s assigned to organisation %s by user %s", booth.code, ex.organisation_id, getattr(actor, "id", None))
    return row


def unassign_booth(actor, edition, booth_id: int) -> None:
    booth = get_booth(edition, booth_id)
    booth = _lock_booths([booth.id])[booth.id]
    row = _assignment_of_booth(booth.id)
    if row is None:
        raise _err(Conflict, "booth_free", _("Booth %(code)s holds no exhibitor.", code=booth.code))
    org_id, org_name = row.organisation_id, row.organisation.name
    db.session.execute(delete(BoothAssignment).where(BoothAssignment.id == row.id))
    booth.status = BoothStatus.AVAILABLE
    _log(edition, actor, ChangeAction.UNASSIGNED, booth.code, org=(org_id, org_name))
    db.session.flush()
    _sync_product_codes(edition, [org_id])
    db.session.commit()
    logger.info("booth %s unassigned (organisation %s) by user %s", booth.code, org_id, getattr(actor, "id", None))


def move_exhibitor(actor, edition, organisation_id: int, target_booth_id: int) -> BoothAssignment:
    """Move an exhibitor from its booth to a free one (the lock, if any, moves with it)."""
    known = exhibitors(edition)
    ex = _exhibitor(edition, organisation_id, known)
    row = _assignment_of_org(edition, ex.organisation_id)
    if row is None:
        raise _err(Conflict, "no_booth", _("%(name)s has no booth yet: assign one.", name=ex.name))
    target = get_booth(edition, target_booth_id)
    locked_rows = _lock_booths([row.booth_id, target.id] + neighbour_ids(target))
    target, source = locked_rows[target.id], locked_rows[row.booth_id]
    if target.id == source.id:
        raise _err(Conflict, "same_booth", _("%(name)s is already on booth %(code)s.", name=ex.name, code=target.code))
    if target.status == BoothStatus.BLOCKED:
        raise _err(Conflict, "booth_blocked", _("Booth %(code)s is blocked.", code=target.code), {"booth": [_("Blocked.")]})
    holder = _assignment_of_booth(target.id)
    if holder is not None:
        raise _taken_error(target, holder.organisation_id)
    _check_fit(ex, target)
    _check_competitors(edition, ex.organisation_id, target, ignore=set())
    result = db.session.execute(update(Booth).where(Booth.id == target.id,
                                                    Booth.status.in_([BoothStatus.AVAILABLE, BoothStatus.HELD]))
                                .values(status=BoothStatus.ASSIGNED).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        raise _err(Conflict, "booth_taken", _("Booth %(code)s is no longer free. Reload the plan.", code=target.code))
    db.session.execute(update(BoothAssignment).where(BoothAssignment.id == row.id).values(
        booth_id=target.id, assigned_by_id=getattr(actor, "id", None)).execution_options(synchronize_session=False))
    db.session.execute(update(Booth).where(Booth.id == source.id).values(status=BoothStatus.AVAILABLE)
                       .execution_options(synchronize_session=False))
    _log(edition, actor, ChangeAction.MOVED, target.code, other=source.code, org=(ex.organisation_id, ex.name))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise _err(Conflict, "booth_taken",
                   _("Booth %(code)s was assigned by someone else a moment ago. Reload the plan.", code=target.code)) from None
    _sync_product_codes(edition, [ex.organisation_id], known)
    _commit_or_conflict(target.code)
    db.session.expire_all()
    logger.info("organisation %s moved from %s to %s by user %s", ex.organisation_id, source.code, target.code,
                getattr(actor, "id", None))
    return db.session.get(BoothAssignment, row.id)


def swap_booths(actor, edition, booth_a_id: int, booth_b_id: int) -> None:
    """Exchange the exhibitors of two assigned booths; both must fit their new booth and keep
    their competitors at a distance."""
    known = exhibitors(edition)
    a, b = get_booth(edition, booth_a_id), get_booth(edition, booth_b_id)
    if a.id == b.id:
        raise _err(Conflict, "same_booth", _("Choose two different booths."))
    locked_rows = _lock_booths([a.id, b.id] + neighbour_ids(a) + neighbour_ids(b))
    a, b = locked_rows[a.id], locked_rows[b.id]
    ra, rb = _assignment_of_booth(a.id), _assignment_of_booth(b.id)
    if ra is None or rb is None:
        free = a if ra is None else b
        raise _err(Conflict, "booth_free", _("Booth %(code)s holds no exhibitor: use “move” instead.", code=free.code))
    ea, eb = _exhibitor(edition, ra.organisation_id, known), _exhibitor(edition, rb.organisation_id, known)
    _check_fit(ea, b)
    _check_fit(eb, a)
    planned = {a.id: eb.organisation_id, b.id: ea.organisation_id}
    _check_competitors(edition, ea.organisation_id, b, ignore=set(), planned=planned)
    _check_competitors(edition, eb.organisation_id, a, ignore=set(), planned=planned)
    # The unique constraint on booth_id forbids an intermediate state with both on one booth:
    # delete both rows, then insert the exchanged pair (one transaction).
    data = [(ra, b), (rb, a)]
    db.session.execute(delete(BoothAssignment).where(BoothAssignment.id.in_([ra.id, rb.id])))
    for old, booth in data:
        db.session.add(BoothAssignment(edition_id=edition.id, booth_id=booth.id, organisation_id=old.organisation_id,
                                  locked=old.locked, assigned_by_id=getattr(actor, "id", None)))
    _log(edition, actor, ChangeAction.SWAPPED, a.code, other=b.code, org=(ea.organisation_id, ea.name),
         details={"other_organisation": eb.name})
    db.session.flush()
    _sync_product_codes(edition, [ea.organisation_id, eb.organisation_id], known)
    _commit_or_conflict(a.code)
    db.session.expire_all()
    logger.info("booths %s and %s swapped by user %s", a.code, b.code, getattr(actor, "id", None))


def set_lock(actor, edition, booth_id: int, locked: bool) -> None:
    """A locked assignment is kept by the allocation (sponsors, partners)."""
    booth = get_booth(edition, booth_id)
    row = _assignment_of_booth(booth.id)
    if row is None:
        raise _err(Conflict, "booth_free", _("Booth %(code)s holds no exhibitor: assign one before locking.", code=booth.code))
    result = db.session.execute(update(BoothAssignment).where(BoothAssignment.id == row.id, BoothAssignment.locked == (not locked))
                                .values(locked=locked).execution_options(synchronize_session=False))
    if result.rowcount == 1:
        _log(edition, actor, ChangeAction.LOCKED if locked else ChangeAction.UNLOCKED, booth.code,
             org=(row.organisation_id, row.organisation.name))
    db.session.commit()
    db.session.expire_all()
    logger.info("booth %s %s by user %s", booth.code, "locked" if locked else "unlocked", getattr(actor, "id", None))


def set_booth_status(actor, edition, booth_id: int, status: str) -> None:
    """available / held / blocked for a booth without exhibitor (conditional update)."""
    if status not in (BoothStatus.AVAILABLE, BoothStatus.HELD, BoothStatus.BLOCKED):
        raise ValidationFailed(_("Not a valid choice."), {"status": [_("Not a valid choice.")]})
    booth = get_booth(edition, booth_id)
    old = booth.status
    result = db.session.execute(update(Booth).where(Booth.id == booth.id, Booth.status != BoothStatus.ASSIGNED)
                                .values(status=status).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        raise _err(Conflict, "booth_assigned", _("Booth %(code)s holds an exhibitor: unassign it first.", code=booth.code))
    _log(edition, actor, ChangeAction.STATUS_CHANGED, booth.code, details={"from": str(old), "to": status})
    db.session.commit()
    db.session.expire_all()


# --- exhibitors' wishes -------------------------------------------------------------------

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


# --- tiers, competitor pairs, settings ----------------------------------------------------

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


# --- change log ---------------------------------------------------------------------------

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


# --- overview -----------------------------------------------------------------------------

def status_counts(edition) -> dict[str, int]:
    rows = db.session.execute(select(Booth.status, func.count()).where(Booth.edition_id == edition.id)
                              .group_by(Booth.status))
    return {str(s): n for s, n in rows}


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
