"""/api/v1/editions/<slug>/judging/...: judges' score sheets (their own only), the organizers'
live ranking, and the published results.

* ``/judging/my/rounds[/<round>/sheets[/<product id>]]`` — a judge's rounds, their products in
  walking order, one sheet (GET) and saving it (PUT: draft or submit). A product not assigned
  to the caller is a 404; nobody else's scores are ever returned.
* ``/judging/rounds[/<round>/ranking]`` — organizers: rounds and the ranking per category with
  intervals, number of judges and the products near the award line.
* ``/judging/rounds/<round>/results`` — public once the round's results are published.
"""
from __future__ import annotations

import marshmallow as ma
from flask import g, url_for
from flask.views import MethodView
from flask_login import current_user

from techfest.core.api import BEARER, DB_INT, Blueprint, ErrorSchema
from techfest.core.auth import public, require
from techfest.editions.services import visible_edition

from . import results, scoring, services
from .models import AwardKind, Method, SheetStatus
from .workflow import RoundStatus

blp = Blueprint("judging_api", __name__, description="Judging: score sheets, rankings and published results.")


# --- schemas ---------------------------------------------------------------------------------

class JudgingCriterionSchema(ma.Schema):
    key = ma.fields.String(metadata={"example": "innovation"})
    name = ma.fields.String(metadata={"example": "Tính đổi mới sáng tạo"})
    name_en = ma.fields.String()
    weight = ma.fields.Integer(metadata={"description": "Relative weight (percent points)", "example": 30})
    min = ma.fields.Integer(attribute="min_value", metadata={"example": 1})
    max = ma.fields.Integer(attribute="max_value", metadata={"example": 10})
    guidance = ma.fields.String(metadata={"description": "Shown to judges while scoring"})
    guidance_en = ma.fields.String()


class JudgingRoundSchema(ma.Schema):
    slug = ma.fields.String(metadata={"example": "san-pham-tieu-bieu"})
    name = ma.fields.String(metadata={"example": "Sản phẩm công nghệ tiêu biểu"})
    name_en = ma.fields.String()
    status = ma.fields.String(validate=ma.validate.OneOf([s.value for s in RoundStatus]))
    method = ma.fields.String(validate=ma.validate.OneOf([m.value for m in Method]))
    judges_per_product = ma.fields.Integer()
    podium = ma.fields.Integer(metadata={"description": "Medals per category (gold, silver, bronze)"})
    criteria = ma.fields.List(ma.fields.Nested(JudgingCriterionSchema))
    category_ids = ma.fields.Method("_categories", metadata={"description": "Empty: every category"})

    def _categories(self, obj):
        return sorted(obj.category_ids)


class JudgingRoundListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(JudgingRoundSchema), required=True)


class JudgingProductRefSchema(ma.Schema):
    id = ma.fields.Integer()
    title = ma.fields.String(metadata={"example": "Robot hàn tự động cho đóng tàu"})
    title_en = ma.fields.String()
    organisation = ma.fields.Function(lambda p: p.organisation.name)
    category_id = ma.fields.Integer(allow_none=True)


class JudgingAwardRefSchema(ma.Schema):
    kind = ma.fields.String(validate=ma.validate.OneOf([k.value for k in AwardKind]))
    prize_name = ma.fields.String()
    code = ma.fields.String(metadata={"description": "Certificate code"})


class JudgingStandingSchema(ma.Schema):
    product = ma.fields.Nested(JudgingProductRefSchema)
    booth = ma.fields.String(allow_none=True, metadata={"example": "A-12"})
    rank = ma.fields.Integer(metadata={"description": "Within the category; equal scores share a rank"})
    score = ma.fields.Float()
    low = ma.fields.Float(metadata={"description": "Lower bound of the 95 % bootstrap interval over judges"})
    high = ma.fields.Float(metadata={"description": "Upper bound of the 95 % bootstrap interval over judges"})
    judges = ma.fields.Integer(metadata={"description": "Judges whose submitted sheets count"})
    flagged = ma.fields.Boolean(metadata={"description": "The interval contains the category's award line"})
    awards = ma.fields.List(ma.fields.Nested(JudgingAwardRefSchema))


class JudgingCategoryRefSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    name_en = ma.fields.String()


class JudgingCategoryBlockSchema(ma.Schema):
    category = ma.fields.Nested(JudgingCategoryRefSchema, allow_none=True)
    line = ma.fields.Float(allow_none=True, metadata={"description": "Award line: midway between the last "
                                                                     "medal place and the next product"})
    rows = ma.fields.List(ma.fields.Nested(JudgingStandingSchema))
    unscored = ma.fields.List(ma.fields.Nested(JudgingProductRefSchema))


class JudgingRankingSchema(ma.Schema):
    round = ma.fields.Function(lambda st: st.round.slug)
    provisional = ma.fields.Boolean(metadata={"description": "True while scoring is open (computed live)"})
    method = ma.fields.String()
    interval = ma.fields.String(metadata={"description": "How low/high were computed"})
    judges = ma.fields.Integer()
    sheets_submitted = ma.fields.Integer()
    sheets_open = ma.fields.Integer(metadata={"description": "Assigned sheets not submitted (not counted)"})
    blocks = ma.fields.List(ma.fields.Nested(JudgingCategoryBlockSchema), data_key="categories")


class JudgingPublicAwardSchema(ma.Schema):
    kind = ma.fields.Function(lambda a: str(a.award.kind))
    prize_name = ma.fields.Function(lambda a: a.award.prize_name)
    prize_name_en = ma.fields.Function(lambda a: a.award.prize_name_en)
    category = ma.fields.Function(lambda a: {"id": a.award.category.id, "name": a.award.category.name,
                                             "name_en": a.award.category.name_en} if a.award.category else None)
    product = ma.fields.Nested(JudgingProductRefSchema)
    booth = ma.fields.String(allow_none=True)
    score = ma.fields.Float(allow_none=True)
    rank = ma.fields.Integer(allow_none=True)
    certificate = ma.fields.Function(lambda a: url_for(
        "judging.public_certificate", slug=g.edition.slug, round_slug=g.round_slug,
        cert_code=a.award.code, _external=True))


class JudgingPublicResultsSchema(ma.Schema):
    round = ma.fields.Function(lambda r: {"slug": r.round.slug, "name": r.round.name, "name_en": r.round.name_en,
                                          "method": str(r.round.method)})
    awards = ma.fields.Function(lambda r: JudgingPublicAwardSchema(many=True).dump(
        [a for _cat, items in r.medals for a in items] + r.specials))
    products_judged = ma.fields.Integer()
    judges = ma.fields.Integer()


class JudgingMyRoundSchema(ma.Schema):
    slug = ma.fields.Function(lambda t: t[0].slug)
    name = ma.fields.Function(lambda t: t[0].name)
    status = ma.fields.Function(lambda t: str(t[0].status))
    products = ma.fields.Function(lambda t: t[1])
    submitted = ma.fields.Function(lambda t: t[2])


class JudgingMyRoundListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(JudgingMyRoundSchema), required=True)


class JudgingSheetRowSchema(ma.Schema):
    position = ma.fields.Integer(metadata={"description": "Place in the walking order (1 = first)"})
    product = ma.fields.Nested(JudgingProductRefSchema)
    booth = ma.fields.String(allow_none=True)
    status = ma.fields.Function(lambda r: str(r.assignment.status),
                                metadata={"enum": [s.value for s in SheetStatus]})
    scored = ma.fields.Integer(metadata={"description": "Criteria with a value"})


class JudgingSheetListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(JudgingSheetRowSchema), required=True)


class JudgingSheetSchema(ma.Schema):
    round = ma.fields.Function(lambda v: v.round.slug)
    product = ma.fields.Nested(JudgingProductRefSchema)
    booth = ma.fields.String(allow_none=True)
    status = ma.fields.Function(lambda v: str(v.assignment.status))
    editable = ma.fields.Boolean(metadata={"description": "Scores can change (the round is scoring)"})
    criteria = ma.fields.List(ma.fields.Nested(JudgingCriterionSchema))
    scores = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(), attribute="values",
                            metadata={"description": "Your own values by criterion key", "example": {"innovation": 8}})
    comment = ma.fields.Function(lambda v: v.assignment.comment)
    position = ma.fields.Integer()
    total = ma.fields.Integer()
    next_unscored_id = ma.fields.Integer(allow_none=True)


class JudgingSheetInputSchema(ma.Schema):
    scores = ma.fields.Dict(keys=ma.fields.String(validate=ma.validate.Length(min=1, max=40)),
                            values=ma.fields.Integer(allow_none=True, strict=True, validate=DB_INT), required=True,
                            metadata={"description": "Every criterion key → value (null: not scored yet). "
                                                     "A criterion left out counts as not scored.",
                                      "example": {"innovation": 8, "feasibility": 7, "impact": 9,
                                                  "presentation": 6}})
    comment = ma.fields.String(validate=ma.validate.Length(max=5000), load_default=None)
    submit = ma.fields.Boolean(load_default=False, metadata={"description": "Submit the sheet (needs every "
                                                                            "criterion); false saves a draft"})

    class Meta:
        unknown = ma.RAISE


def _rows(rows):
    for i, row in enumerate(rows, start=1):
        row.position = i
    return rows


# --- judges ----------------------------------------------------------------------------------

@blp.route("/editions/<slug>/judging/my/rounds")
class MyRounds(MethodView):
    @blp.doc(security=BEARER)
    @require("judging.score")
    @blp.response(200, JudgingMyRoundListSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not a judge of this edition")
    def get(self, slug):
        """The rounds the caller judges (once scoring has opened), with their progress."""
        return {"items": scoring.judge_rounds(current_user, g.edition)}


@blp.route("/editions/<slug>/judging/my/rounds/<round_slug>/sheets")
class MySheets(MethodView):
    @blp.doc(security=BEARER)
    @require("judging.score")
    @blp.response(200, JudgingSheetListSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not a judge of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown round, or not open to judges yet")
    def get(self, slug, round_slug):
        """The caller's products in walking order (booth codes first), each with the sheet status."""
        rnd = services.get_round(g.edition, round_slug)
        return {"items": _rows(scoring.judge_sheets(current_user, g.edition, rnd))}


@blp.route("/editions/<slug>/judging/my/rounds/<round_slug>/sheets/<int:pid>")
class MySheet(MethodView):
    @blp.doc(security=BEARER)
    @require("judging.score")
    @blp.response(200, JudgingSheetSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not a judge of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown round or a product not assigned to the caller")
    def get(self, slug, round_slug, pid):
        """The caller's sheet for one product: the rubric with guidance, their own values and comment."""
        rnd = services.get_round(g.edition, round_slug)
        return scoring.judge_sheet(current_user, g.edition, rnd, pid)

    @blp.doc(security=BEARER)
    @require("judging.score")
    @blp.arguments(JudgingSheetInputSchema)
    @blp.response(200, JudgingSheetSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not a judge of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown round or a product not assigned to the caller")
    @blp.alt_response(409, schema=ErrorSchema, description="Scoring is not open, or a conflict of interest")
    @blp.alt_response(422, schema=ErrorSchema, description="A value outside the scale, an unknown criterion, or an "
                                                           "incomplete sheet submitted (fields name the criteria)")
    def put(self, data, slug, round_slug, pid):
        """Save the caller's scores (a draft, or ``submit``). Every change is logged; edits after
        submission are allowed until the round closes."""
        rnd = services.get_round(g.edition, round_slug)
        scoring.save_sheet(current_user, g.edition, rnd, pid, data["scores"], data.get("comment"),
                           submit=data.get("submit", False))
        return scoring.judge_sheet(current_user, g.edition, services.get_round(g.edition, round_slug), pid)


# --- organizers ------------------------------------------------------------------------------

@blp.route("/editions/<slug>/judging/rounds")
class Rounds(MethodView):
    @blp.doc(security=BEARER)
    @require("judging.manage")
    @blp.response(200, JudgingRoundListSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    def get(self, slug):
        """The edition's judging rounds with their rubric."""
        return {"items": services.rounds_for(g.edition)}


@blp.route("/editions/<slug>/judging/rounds/<round_slug>/ranking")
class Ranking(MethodView):
    @blp.doc(security=BEARER)
    @require("judging.manage")
    @blp.response(200, JudgingRankingSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown round")
    def get(self, slug, round_slug):
        """The ranking per category (live while scoring, stored when scoring closed), with the
        interval, the number of judges and the products whose interval crosses the award line."""
        rnd = services.get_round(g.edition, round_slug)
        return results.round_standings(g.edition, rnd)


@blp.route("/editions/<slug>/judging/rounds/<round_slug>/results")
class Results(MethodView):
    @blp.response(200, JudgingPublicResultsSchema)
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown round or results not published")
    @public
    def get(self, slug, round_slug):
        """The published awards of a round: medals per category and special prizes, with each
        winner's final score and certificate link."""
        edition = visible_edition(slug, current_user)
        g.edition, g.round_slug = edition, round_slug
        rnd = results.published_round(edition, round_slug)
        return results.public_results(edition, rnd)
