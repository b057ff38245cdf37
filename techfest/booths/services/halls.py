"""Halls and their zones: listing, creating, editing, deleting."""
from __future__ import annotations

import logging
import re
from decimal import Decimal

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from techfest.core.db import db
from techfest.core.errors import Conflict, NotFound, ValidationFailed
from techfest.core.search import fold

from ..models import Booth, BoothAssignment, BoothPreference, ChangeAction, Hall, Zone
from .changelog import _log
from .common import _, _err, _metres

logger = logging.getLogger(__name__)

COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
ZONE_COLOURS = ("#8ecae6", "#ffb703", "#90be6d", "#f4a261", "#cdb4db", "#ffafcc", "#a8dadc", "#e9c46a")


# --- halls --------------------------------------------------------------------------------

def halls_for(edition) -> list[Hall]:
    return list(db.session.scalars(select(Hall).where(Hall.edition_id == edition.id)
                                   .options(selectinload(Hall.zones)).order_by(Hall.position, Hall.name_folded, Hall.id)))


def get_hall(edition, hall_id: int) -> Hall:
    hall = db.session.get(Hall, hall_id)
    if hall is None or hall.edition_id != edition.id:
        raise NotFound(_("Hall not found."))
    return hall


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
