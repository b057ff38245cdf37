"""/api/v1/editions: public read of non-draft editions; organizers create, edit and transition."""
from __future__ import annotations

import marshmallow as ma
from flask import url_for
from flask.views import MethodView
from flask_login import current_user
from flask_smorest.fields import Upload

from techfest.core.api import BEARER, Blueprint, ErrorSchema, PageArgs, page_of, paginate_select
from techfest.core.auth import public, require

from . import services
from .workflow import EditionStatus

blp = Blueprint("editions_api", __name__, description="Editions of the fair and their workflow.")


class EditionSchema(ma.Schema):
    slug = ma.fields.String(required=True, validate=ma.validate.Regexp(services.SLUG_RE), metadata={"example": "hai-phong-2026"})
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    year = ma.fields.Integer(required=True, validate=ma.validate.Range(min=2000, max=2200))
    city = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=120))
    venue = ma.fields.String(validate=ma.validate.Length(max=300))
    start_date = ma.fields.Date(required=True)
    end_date = ma.fields.Date(required=True)
    timezone = ma.fields.String(validate=ma.validate.Length(max=64), metadata={"example": "Asia/Ho_Chi_Minh"})
    description = ma.fields.String(validate=ma.validate.Length(max=20000))
    submission_deadline = ma.fields.AwareDateTime(allow_none=True)
    status = ma.fields.String(dump_only=True, validate=ma.validate.OneOf([s.value for s in EditionStatus]))
    logo_url = ma.fields.Method("_logo_url", dump_only=True, metadata={
        "type": "string", "nullable": True,
        "description": "The edition's logo (PNG, JPEG or WebP; upload it with PUT /editions/{slug}/logo), "
                       "null when it has none"})

    class Meta:
        unknown = ma.RAISE

    def _logo_url(self, edition):
        if not getattr(edition, "logo_key", ""):
            return None
        return url_for("editions.logo", slug=edition.slug, logo_key=edition.logo_key, thumb=False, _external=True)


class EditionPatchSchema(EditionSchema):
    """The same fields, all optional (used with partial=True)."""


class EditionQuerySchema(PageArgs):
    q = ma.fields.String(load_default=None, validate=ma.validate.Length(max=200))


class TransitionSchema(ma.Schema):
    to = ma.fields.String(required=True, validate=ma.validate.OneOf([s.value for s in EditionStatus]))

    class Meta:
        unknown = ma.RAISE


@blp.route("/editions")
class Editions(MethodView):
    @blp.arguments(EditionQuerySchema, location="query")
    @blp.response(200, page_of(EditionSchema))
    @public
    def get(self, args):
        """List public (non-draft) editions, newest first; `q` searches names without accents."""
        return paginate_select(services.public_editions(args.get("q")), args["page"], args["per_page"])

    @blp.doc(security=BEARER)
    @require("edition.create")
    @blp.arguments(EditionSchema)
    @blp.response(201, EditionSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer")
    @blp.alt_response(409, schema=ErrorSchema, description="Slug already used")
    def post(self, data):
        """Create an edition (starts as a draft). Organizers and admins."""
        edition = services.create_edition(current_user, data)
        return edition, 201, {"Location": url_for("editions_api.Edition", slug=edition.slug)}


@blp.route("/editions/<slug>", endpoint="Edition")
class EditionResource(MethodView):
    @blp.response(200, EditionSchema)
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown or draft edition")
    @public
    def get(self, slug):
        """One edition. Drafts are visible to their organizers only (a bearer token is needed)."""
        return services.visible_edition(slug, current_user)

    @blp.doc(security=BEARER)
    @require("edition.manage")
    @blp.arguments(EditionPatchSchema(partial=True))
    @blp.response(200, EditionSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown edition")
    @blp.alt_response(409, schema=ErrorSchema, description="Slug already used")
    def patch(self, data, slug):
        """Change an edition's details (not its status: use /transition)."""
        return services.update_edition(current_user, services.get_edition_or_404(slug, include_draft=True), data)


@blp.route("/editions/<slug>/transition")
class EditionTransition(MethodView):
    @blp.doc(security=BEARER)
    @require("edition.manage")
    @blp.arguments(TransitionSchema)
    @blp.response(200, EditionSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown edition")
    @blp.alt_response(409, schema=ErrorSchema, description="The workflow refuses this step")
    def post(self, data, slug):
        """Move the edition through draft → open → closed → live → archived (closed → open re-opens)."""
        return services.transition_edition(current_user, services.get_edition_or_404(slug, include_draft=True), data["to"])


class LogoUploadSchema(ma.Schema):
    logo = Upload(required=True, metadata={"description": "A JPEG, PNG or WebP image (checked by content), at most 5 MB"})


@blp.route("/editions/<slug>/logo")
class EditionLogo(MethodView):
    @blp.doc(security=BEARER)
    @require("edition.manage")
    @blp.arguments(LogoUploadSchema, location="files")
    @blp.response(200, EditionSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown edition")
    @blp.alt_response(422, schema=ErrorSchema, description="Not a JPEG, PNG or WebP image, or larger than 5 MB")
    def put(self, files, slug):
        """Upload or replace the edition's logo (multipart/form-data, one file field `logo`). It is
        re-encoded without metadata and printed on badges and the programme cover."""
        from techfest.submissions import images

        edition = services.get_edition_or_404(slug, include_draft=True)
        services.set_edition_logo(current_user, edition, images.read_limited(files["logo"].stream))
        return edition

    @blp.doc(security=BEARER)
    @require("edition.manage")
    @blp.response(204)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown edition")
    def delete(self, slug):
        """Remove the logo: badges and the programme show the Techfest mark again. Removing when
        there is none changes nothing."""
        edition = services.get_edition_or_404(slug, include_draft=True)
        if edition.logo_key:
            services.set_edition_logo(current_user, edition, None)
