"""/api/v1/editions/<slug>/halls and /booths: the floor plan as JSON (public read), and booth
assignment for organizers (the same service and hard constraints as the pages)."""
from __future__ import annotations

import marshmallow as ma
from flask.views import MethodView
from flask_login import current_user

from techfest.core.api import BEARER, DB_ID, Blueprint, ErrorSchema, PageArgs, page_of
from techfest.core.auth import public, require
from techfest.core.db import db
from techfest.editions.services import get_edition_or_404, visible_edition

from . import planview, services
from .models import BoothSizeClass, BoothStatus, BoothType, Hall

blp = Blueprint("booths_api", __name__, description="Floor plan: halls, zones, booths and their exhibitors.")


class BoothZoneSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True, metadata={"example": "Khu công nghiệp điện tử"})
    colour = ma.fields.String(required=True, metadata={"example": "#8ecae6"})
    category_id = ma.fields.Integer(allow_none=True, metadata={"description": "Product category with affinity"})


class BoothHallSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    width_m = ma.fields.Float(required=True, metadata={"description": "Width in metres"})
    depth_m = ma.fields.Float(required=True, metadata={"description": "Depth in metres"})
    zones = ma.fields.List(ma.fields.Nested(BoothZoneSchema), required=True)
    booth_count = ma.fields.Integer(required=True)


class BoothExhibitorSchema(ma.Schema):
    name = ma.fields.String(required=True, metadata={"example": "Công ty CP Điện tử Hải Phòng"})
    product_ids = ma.fields.List(ma.fields.Integer(), required=True,
                                 metadata={"description": "Accepted products (see /editions/{slug}/products/{id})"})


class BoothSchema(ma.Schema):
    code = ma.fields.String(required=True, metadata={"example": "A-01"})
    hall_id = ma.fields.Integer(required=True)
    zone_id = ma.fields.Integer(allow_none=True)
    zone = ma.fields.String(allow_none=True)
    x = ma.fields.Float(required=True, metadata={"description": "Metres from the hall's left wall"})
    y = ma.fields.Float(required=True, metadata={"description": "Metres from the hall's top wall"})
    w = ma.fields.Float(required=True)
    h = ma.fields.Float(required=True)
    type = ma.fields.String(required=True, validate=ma.validate.OneOf([t.value for t in BoothType]))
    size = ma.fields.String(required=True, validate=ma.validate.OneOf([s.value for s in BoothSizeClass]))
    features = ma.fields.List(ma.fields.String(), required=True, metadata={"example": ["power", "internet"]})
    accessible = ma.fields.Boolean(required=True)
    price_tier = ma.fields.String(required=True)
    status = ma.fields.String(required=True, validate=ma.validate.OneOf([s.value for s in BoothStatus]))
    exhibitor = ma.fields.Nested(BoothExhibitorSchema, allow_none=True)


class BoothPlanItemSchema(BoothSchema):
    neighbors = ma.fields.List(ma.fields.String(), required=True,
                               metadata={"description": "Codes of the booths sharing an edge (derived from geometry)"})


class BoothPlanSchema(ma.Schema):
    hall = ma.fields.Nested(BoothHallSchema, required=True)
    booths = ma.fields.List(ma.fields.Nested(BoothPlanItemSchema), required=True)




class BoothQuerySchema(PageArgs):
    hall_id = ma.fields.Integer(load_default=None, validate=DB_ID)
    zone_id = ma.fields.Integer(load_default=None, validate=DB_ID)
    status = ma.fields.String(load_default=None, validate=ma.validate.OneOf([s.value for s in BoothStatus]))
    q = ma.fields.String(load_default=None, validate=ma.validate.Length(max=100),
                         metadata={"description": "Booth code prefix or exhibitor name (accents ignored)"})


class BoothAssignmentInputSchema(ma.Schema):
    organisation_id = ma.fields.Integer(required=True, validate=DB_ID, metadata={"description": "An exhibitor of the edition"})
    locked = ma.fields.Boolean(load_default=False, metadata={"description": "Kept by the allocation"})

    class Meta:
        unknown = ma.RAISE


def _booth_dict(b, ctx: planview.PlanContext, neighbors=None) -> dict:
    a = b.assignment
    ex = ctx.exhibitors.get(a.organisation_id) if a else None
    data = {"code": b.code, "hall_id": b.hall_id, "zone_id": b.zone_id, "zone": b.zone.name if b.zone else None,
            "x": float(b.x_m), "y": float(b.y_m), "w": float(b.w_m), "h": float(b.h_m), "type": str(b.type),
            "size": str(b.size), "features": sorted(b.features), "accessible": b.accessible,
            "price_tier": b.price_tier, "status": str(b.status),
            "exhibitor": {"name": a.organisation.name, "product_ids": list(ex.product_ids) if ex else []} if a else None}
    if neighbors is not None:
        data["neighbors"] = sorted(neighbors)
    return data


def _hall_dict(h: Hall, count: int) -> dict:
    return {"id": h.id, "name": h.name, "width_m": float(h.width_m), "depth_m": float(h.depth_m),
            "zones": [{"id": z.id, "name": z.name, "colour": z.colour, "category_id": z.category_id} for z in h.zones],
            "booth_count": count}


@blp.route("/editions/<slug>/halls")
class Halls(MethodView):
    @blp.response(200, page_of(BoothHallSchema))
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown or draft edition")
    @public
    def get(self, slug):
        """The halls of an edition with their zones (one page holds them all)."""
        edition = visible_edition(slug, current_user)
        halls = services.halls_for(edition)
        counts = services.booth_counts_by_hall(edition)
        items = [_hall_dict(h, counts.get(h.id, 0)) for h in halls]
        return {"items": items, "page": 1, "per_page": max(len(items), 1), "total": len(items)}


@blp.route("/editions/<slug>/halls/<int:hall_id>/plan")
class HallPlan(MethodView):
    @blp.response(200, BoothPlanSchema)
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown edition or hall")
    @public
    def get(self, slug, hall_id):
        """A hall's whole plan: every booth with its geometry, neighbours and exhibitor."""
        edition = visible_edition(slug, current_user)
        hall = services.get_hall(edition, hall_id)
        booths = services.hall_booths(hall)
        adj = services.neighbours_by_code(booths)
        ctx = planview.context(edition)
        return {"hall": _hall_dict(hall, len(booths)), "booths": [_booth_dict(b, ctx, adj[b.code]) for b in booths]}


@blp.route("/editions/<slug>/booths")
class Booths(MethodView):
    @blp.arguments(BoothQuerySchema, location="query")
    @blp.response(200, page_of(BoothSchema))
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown or draft edition")
    @public
    def get(self, args, slug):
        """Booths of an edition by code, with their exhibitor; filter by hall, zone, status, `q`."""
        from techfest.core.api import paginate_select

        edition = visible_edition(slug, current_user)
        page = paginate_select(services.booths_query(edition, args["hall_id"], args["zone_id"], args["status"], args["q"]),
                               args["page"], args["per_page"])
        ctx = planview.context(edition)
        page["items"] = [_booth_dict(b, ctx) for b in page["items"]]
        return page


@blp.route("/editions/<slug>/booths/<booth_code>")
class BoothResource(MethodView):
    @blp.response(200, BoothSchema)
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown edition or booth")
    @public
    def get(self, slug, booth_code):
        """One booth by its code (A-01)."""
        edition = visible_edition(slug, current_user)
        return _booth_dict(services.booth_by_code(edition, booth_code), planview.context(edition))


@blp.route("/editions/<slug>/booths/<booth_code>/assignment")
class BoothAssignment(MethodView):
    @blp.doc(security=BEARER)
    @require("booths.manage")
    @blp.arguments(BoothAssignmentInputSchema)
    @blp.response(200, BoothSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown booth or exhibitor")
    @blp.alt_response(409, schema=ErrorSchema, description="Booth taken, exhibitor placed already, size or needs not met, competitor next door")
    def put(self, data, slug, booth_code):
        """Assign the booth to an exhibitor (organizers). Same checks as the pages; a concurrent
        assignment of the same booth gets 409."""
        edition = get_edition_or_404(slug, include_draft=True)
        booth = services.booth_by_code(edition, booth_code)
        services.assign_booth(current_user, edition, booth.id, data["organisation_id"], locked=data["locked"])
        db.session.expire_all()
        return _booth_dict(services.booth_by_code(edition, booth_code), planview.context(edition))

    @blp.doc(security=BEARER)
    @require("booths.manage")
    @blp.response(204)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown booth")
    @blp.alt_response(409, schema=ErrorSchema, description="The booth holds no exhibitor")
    def delete(self, slug, booth_code):
        """Free the booth (organizers)."""
        edition = get_edition_or_404(slug, include_draft=True)
        booth = services.booth_by_code(edition, booth_code)
        services.unassign_booth(current_user, edition, booth.id)
        return None
