"""/api/v1/checkin: scanning (online, offline batches, undo), points and their staff, stats."""
from __future__ import annotations

import marshmallow as ma
from flask import g, url_for
from flask.views import MethodView
from flask_login import current_user

from techfest.core.api import BEARER, DB_ID, Blueprint, ErrorSchema
from techfest.core.auth import require
from techfest.registration.models import AttendeeType

from . import services
from .models import Direction, PointKind, ScanStatus

blp = Blueprint("checkin_api", __name__, description="QR check-in at gates and forum rooms.")


class ScanSchema(ma.Schema):
    token = ma.fields.String(validate=ma.validate.Length(max=2000),
                             metadata={"description": "The badge token, or a URL ending in it"})
    registration_id = ma.fields.Integer(validate=DB_ID,  # an INTEGER id
                                        metadata={"description": "Instead of a token: found by name search"})
    point = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32))
    nonce = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=64),
                             metadata={"description": "Client-made unique id: a retry replays the first answer"})
    scanned_at = ma.fields.AwareDateTime(allow_none=True, metadata={"description": "Offline scans: when scanned"})
    direction = ma.fields.String(load_default="in", validate=ma.validate.OneOf([d.value for d in Direction]))

    class Meta:
        unknown = ma.RAISE

    @ma.validates_schema
    def _token_or_id(self, data, **kwargs):
        if not data.get("token") and data.get("registration_id") is None:
            raise ma.ValidationError("a token or a registration_id is required", "token")


class RegistrationOutSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    type = ma.fields.String()
    organisation = ma.fields.String()


class ScanResultSchema(ma.Schema):
    status = ma.fields.String(validate=ma.validate.OneOf([s.value for s in ScanStatus] + ["error"]))
    registration = ma.fields.Nested(RegistrationOutSchema)
    first_checkin_at = ma.fields.String()
    point = ma.fields.String()
    direction = ma.fields.String()
    scanned_at = ma.fields.String()
    nonce = ma.fields.String(allow_none=True)  # echoes the scan's nonce, null when it had none
    error = ma.fields.String()
    fields = ma.fields.Dict()


class BatchSchema(ma.Schema):
    scans = ma.fields.List(ma.fields.Dict(), required=True,
                           validate=ma.validate.Length(min=1, max=services.MAX_BATCH))

    class Meta:
        unknown = ma.RAISE


class BatchResultSchema(ma.Schema):
    results = ma.fields.List(ma.fields.Nested(ScanResultSchema))


class UndoSchema(ma.Schema):
    nonce = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=64))

    class Meta:
        unknown = ma.RAISE


class UndoResultSchema(ma.Schema):
    undone = ma.fields.Boolean()
    nonce = ma.fields.String()
    removed = ma.fields.Integer()


class PointSchema(ma.Schema):
    code = ma.fields.String(required=True, validate=ma.validate.Regexp(services.CODE_RE))
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=120))
    kind = ma.fields.String(load_default="gate", validate=ma.validate.OneOf([k.value for k in PointKind]))
    types = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf([t.value for t in AttendeeType])),
                           load_default=list)
    days = ma.fields.List(ma.fields.Date(), load_default=list)
    single_entry = ma.fields.Boolean(load_default=True)
    capacity = ma.fields.Integer(allow_none=True, load_default=None, validate=ma.validate.Range(min=1, max=1_000_000))
    exits = ma.fields.Boolean(load_default=False)
    staff = ma.fields.List(ma.fields.Email(), load_default=list)

    class Meta:
        unknown = ma.RAISE


class PointOutSchema(ma.Schema):
    code = ma.fields.String()
    name = ma.fields.String()
    kind = ma.fields.String()
    types = ma.fields.List(ma.fields.String())
    days = ma.fields.List(ma.fields.String(), metadata={"description": "ISO dates; empty: every day"})
    single_entry = ma.fields.Boolean()
    capacity = ma.fields.Integer(allow_none=True)
    exits = ma.fields.Boolean()
    staff = ma.fields.List(ma.fields.String(), metadata={"description": "Staff e-mails"})
    edition = ma.fields.String()


class PointPatchSchema(ma.Schema):
    code = ma.fields.String(validate=ma.validate.Regexp(services.CODE_RE))
    name = ma.fields.String(validate=ma.validate.Length(min=1, max=120))
    kind = ma.fields.String(validate=ma.validate.OneOf([k.value for k in PointKind]))
    types = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf([t.value for t in AttendeeType])))
    days = ma.fields.List(ma.fields.Date())
    single_entry = ma.fields.Boolean()
    capacity = ma.fields.Integer(allow_none=True, validate=ma.validate.Range(min=1, max=1_000_000))
    exits = ma.fields.Boolean()
    staff = ma.fields.List(ma.fields.Email())

    class Meta:
        unknown = ma.RAISE


class PointListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(PointOutSchema))
    total = ma.fields.Integer()


class StatsSchema(ma.Schema):
    edition = ma.fields.String()
    today = ma.fields.String()
    inside = ma.fields.Integer(metadata={"description": "People inside (gates scanning exits), today"})
    points = ma.fields.Dict(metadata={"description": "Per point code: name, kind, entries, exits, capacity, inside"})
    days = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    hours = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())


@blp.route("/checkin")
class CheckinScan(MethodView):
    @blp.doc(security=BEARER)
    @require("checkin.scan")
    @blp.arguments(ScanSchema)
    @blp.response(200, ScanResultSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not staff at this point")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown point")
    @blp.alt_response(422, schema=ErrorSchema, description="Invalid input")
    def post(self, data):
        """Scan one badge at a point. Always 200 with a status once the point is known; a repeated
        nonce replays the first answer and records nothing new."""
        return services.check_in(current_user, data)


@blp.route("/checkin/batch")
class CheckinBatch(MethodView):
    @blp.doc(security=BEARER)
    @require("checkin.scan")
    @blp.arguments(BatchSchema)
    @blp.response(200, BatchResultSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(422, schema=ErrorSchema, description="Invalid input")
    def post(self, data):
        """Upload scans made offline: one result each, in the order given. At a single-entry point
        the earliest scan wins; the others answer already_checked_in and are shown to organizers."""
        return {"results": services.check_in_batch(current_user, data["scans"])}


@blp.route("/checkin/undo")
class CheckinUndo(MethodView):
    @blp.doc(security=BEARER)
    @require("checkin.scan")
    @blp.arguments(UndoSchema)
    @blp.response(200, UndoResultSchema)
    @blp.alt_response(403, schema=ErrorSchema, description="Not the staff who scanned")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown scan")
    def post(self, data):
        """Undo a mistaken check-in (the scan stays in the log, marked undone)."""
        return services.undo_scan(current_user, data["nonce"])


@blp.route("/editions/<slug>/checkin/points")
class Points(MethodView):
    @blp.doc(security=BEARER)
    @require("checkin.manage")
    @blp.response(200, PointListSchema)
    def get(self, slug):
        """Check-in points of the edition with their staff."""
        items = [services.point_json(p) for p in services.points_for_edition(g.edition)]
        return {"items": items, "total": len(items)}

    @blp.doc(security=BEARER)
    @require("checkin.manage")
    @blp.arguments(PointSchema)
    @blp.response(201, PointOutSchema)
    @blp.alt_response(409, schema=ErrorSchema, description="Code already used")
    @blp.alt_response(422, schema=ErrorSchema, description="Invalid input")
    def post(self, data, slug):
        """Create a check-in point (gate or forum session) and give it staff (by e-mail)."""
        point = services.create_point(current_user, g.edition, data)
        return services.point_json(point), 201, {"Location": url_for("checkin_api.Point", point_code=point.code)}


@blp.route("/checkin/points/<point_code>", endpoint="Point")
class PointResource(MethodView):
    @blp.doc(security=BEARER)
    @require("checkin.points")
    @blp.arguments(PointPatchSchema)
    @blp.response(200, PointOutSchema)
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of the point's edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown point")
    def patch(self, data, point_code):
        """Change a point; `staff` replaces the whole list."""
        point = services.get_point_to_manage(current_user, point_code)
        return services.point_json(services.update_point(current_user, point, data))

    @blp.doc(security=BEARER)
    @require("checkin.points")
    @blp.response(204)
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of the point's edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown point")
    def delete(self, point_code):
        """Delete a point with its scans and check-ins."""
        services.delete_point(current_user, services.get_point_to_manage(current_user, point_code))
        return "", 204


@blp.route("/editions/<slug>/checkin/stats")
class Stats(MethodView):
    @blp.doc(security=BEARER)
    @require("checkin.manage")
    @blp.response(200, StatsSchema)
    def get(self, slug):
        """Counts per point, per day and per hour (local time), and people inside where exits are scanned."""
        return services.stats(g.edition)
