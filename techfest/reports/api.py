"""/api/v1/editions/<slug>/stats: the edition's figures as JSON (organizers)."""
from __future__ import annotations

import marshmallow as ma
from flask import g
from flask.views import MethodView

from techfest.core.api import BEARER, Blueprint, ErrorSchema
from techfest.core.auth import require

from . import services

blp = Blueprint("reports_api", __name__, description="Edition figures: headline, counted and recorded.")


class ReportHeadlineSchema(ma.Schema):
    value = ma.fields.Raw(allow_none=True, metadata={"description": "Integer or decimal; null when unknown"})
    source = ma.fields.String(metadata={"description": "counted (from the edition's data), recorded, or empty"})


class ReportRowSchema(ma.Schema):
    label = ma.fields.String()
    value = ma.fields.Raw()


class ReportGroupSchema(ma.Schema):
    key = ma.fields.String()
    title = ma.fields.String()
    rows = ma.fields.List(ma.fields.Nested(ReportRowSchema))


class ReportRecordedSchema(ma.Schema):
    key = ma.fields.String()
    label_vi = ma.fields.String()
    label_en = ma.fields.String()
    value = ma.fields.Raw()
    unit = ma.fields.String()
    source = ma.fields.String()
    public = ma.fields.Boolean()


class ReportStatsSchema(ma.Schema):
    edition = ma.fields.String()
    headlines = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Nested(ReportHeadlineSchema))
    groups = ma.fields.List(ma.fields.Nested(ReportGroupSchema))
    recorded = ma.fields.List(ma.fields.Nested(ReportRecordedSchema))


@blp.route("/editions/<slug>/stats", endpoint="Stats")
class Stats(MethodView):
    @blp.doc(security=BEARER)
    @require("reports.view")
    @blp.response(200, ReportStatsSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of the edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown edition")
    def get(self, slug):
        """Headline figures, figure groups (aggregate counts) and recorded figures of the edition."""
        return services.stats_json(services.edition_report(g.edition))
