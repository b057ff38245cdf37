"""/api/v1: categories per edition, the public product catalogue, and product submission.

Public reads show what the catalogue shows (accepted and confirmed products of public
editions). With a bearer token, exhibitors create and change their organisation's products,
submit and withdraw them; organizers and exhibitors move them through the workflow with
``POST /products/<id>/transition``. A refused step answers 409; invalid fields 422.
"""
from __future__ import annotations

from functools import wraps

import marshmallow as ma
from flask import g, url_for
from flask.views import MethodView
from flask_login import current_user

from techfest.core.api import BEARER, Blueprint, ErrorSchema, PageArgs, page_of, paginate_select
from techfest.core.auth import _deny, can, public, require
from techfest.editions.services import SLUG_RE, visible_edition

from . import services
from .models import BoothSize, Stage
from .workflow import ProductStatus

blp = Blueprint("submissions_api", __name__, description="Product categories, submissions and the public catalogue.")


def require_on_product(*perms: str):
    """Like ``@require`` for routes addressed by ``product_id``: the edition is the product's.
    The user needs one of ``perms`` there (checked before the body is read); ownership is
    checked again by the service."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return _deny()
            product = services.get_product(kwargs["product_id"])
            g.edition = product.edition
            if not any(can(current_user, p, product.edition) for p in perms):
                return _deny()
            return view(*args, **kwargs)

        wrapped.required_permission = perms[0]
        return wrapped

    return decorator


# --- schemas -------------------------------------------------------------------------------

class CategorySchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    slug = ma.fields.String(validate=ma.validate.Regexp(SLUG_RE), metadata={
        "example": "co-khi-che-tao", "description": "Made from the name when left out"})
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200),
                            metadata={"example": "Cơ khí chế tạo", "description": "Vietnamese name"})
    name_en = ma.fields.String(validate=ma.validate.Length(max=200), metadata={"example": "Mechanical engineering"})
    position = ma.fields.Integer(validate=ma.validate.Range(min=0, max=10000))

    class Meta:
        unknown = ma.RAISE


class CategoryPatchSchema(CategorySchema):
    """The same fields, all optional (used with partial=True)."""


class CategoryRefSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    slug = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    name_en = ma.fields.String()


class OrganisationRefSchema(ma.Schema):
    name = ma.fields.String(required=True)
    type = ma.fields.String(required=True)
    country = ma.fields.String()
    website = ma.fields.String()


class ImageSchema(ma.Schema):
    url = ma.fields.String(required=True)
    thumb_url = ma.fields.String(required=True)
    width = ma.fields.Integer()
    height = ma.fields.Integer()


class BoothNeedsSchema(ma.Schema):
    size = ma.fields.String(load_default=None, validate=ma.validate.OneOf([s.value for s in BoothSize]),
                            metadata={"description": "standard (3×3 m), double or island"})
    power = ma.fields.Boolean()
    internet = ma.fields.Boolean()
    water = ma.fields.Boolean()
    table = ma.fields.Boolean()

    class Meta:
        unknown = ma.RAISE


class ProductSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    edition = ma.fields.String(required=True, metadata={"description": "Edition slug"})
    status = ma.fields.String(required=True, validate=ma.validate.OneOf([s.value for s in ProductStatus]))
    title = ma.fields.String(required=True)
    title_en = ma.fields.String()
    summary = ma.fields.String()
    description = ma.fields.String(metadata={"description": "Markdown"})
    category = ma.fields.Nested(CategoryRefSchema, allow_none=True)
    stage = ma.fields.String(allow_none=True)
    target_market = ma.fields.String()
    video_url = ma.fields.String()
    website = ma.fields.String()
    team_members = ma.fields.List(ma.fields.String())
    booth = ma.fields.Nested(BoothNeedsSchema)
    booth_code = ma.fields.String(allow_none=True, metadata={"description": "Once booths are allocated"})
    organisation = ma.fields.Nested(OrganisationRefSchema, required=True)
    images = ma.fields.List(ma.fields.Nested(ImageSchema))
    submitted_at = ma.fields.AwareDateTime(allow_none=True)
    updated_at = ma.fields.AwareDateTime()


class ProductInSchema(ma.Schema):
    title = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200),
                             metadata={"example": "Thiết bị giám sát chất lượng nước"})
    title_en = ma.fields.String(validate=ma.validate.Length(max=200))
    summary = ma.fields.String(validate=ma.validate.Length(max=500))
    description = ma.fields.String(validate=ma.validate.Length(max=20000), metadata={"description": "Markdown"})
    category = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=64),
                                metadata={"description": "Category slug of the edition"})
    stage = ma.fields.String(allow_none=True, validate=ma.validate.OneOf([s.value for s in Stage]))
    target_market = ma.fields.String(validate=ma.validate.Length(max=1000))
    video_url = ma.fields.String(validate=ma.validate.Length(max=300))
    website = ma.fields.String(validate=ma.validate.Length(max=300))
    team_members = ma.fields.List(ma.fields.String(validate=ma.validate.Length(max=200)),
                                  validate=ma.validate.Length(max=50))
    booth = ma.fields.Nested(BoothNeedsSchema)

    class Meta:
        unknown = ma.RAISE


class ProductPatchSchema(ProductInSchema):
    """The same fields, all optional (used with partial=True)."""


class ProductQuerySchema(PageArgs):
    q = ma.fields.String(load_default=None, validate=ma.validate.Length(max=200))
    category = ma.fields.String(load_default=None, validate=ma.validate.Length(max=64),
                                metadata={"description": "Category slug"})
    stage = ma.fields.String(load_default=None, validate=ma.validate.OneOf([s.value for s in Stage]))


class TransitionInSchema(ma.Schema):
    to = ma.fields.String(required=True, validate=ma.validate.OneOf([s.value for s in ProductStatus]))
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=5000))

    class Meta:
        unknown = ma.RAISE


class NoteInSchema(ma.Schema):
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=5000))

    class Meta:
        unknown = ma.RAISE


def _category_json(c) -> dict:
    return {"id": c.id, "slug": c.slug, "name": c.name, "name_en": c.name_en, "position": c.position}


def product_json(p) -> dict:
    org = p.organisation
    return {
        "id": p.id, "edition": p.edition.slug, "status": str(p.status), "title": p.title, "title_en": p.title_en,
        "summary": p.summary, "description": p.description,
        "category": {"id": p.category.id, "slug": p.category.slug, "name": p.category.name,
                     "name_en": p.category.name_en} if p.category else None,
        "stage": str(p.stage) if p.stage else None, "target_market": p.target_market, "video_url": p.video_url,
        "website": p.website, "team_members": p.team_list,
        "booth": {"size": str(p.booth_size), "power": p.needs_power, "internet": p.needs_internet,
                  "water": p.needs_water, "table": p.needs_table},
        "booth_code": p.booth_code,
        "organisation": {"name": org.name, "type": str(org.type), "country": org.country, "website": org.website},
        "images": [{"url": url_for("submissions.image", key=i.key, variant="full", _external=True),
                    "thumb_url": url_for("submissions.image", key=i.key, variant="thumb", _external=True),
                    "width": i.width, "height": i.height} for i in p.images],
        "submitted_at": p.submitted_at, "updated_at": p.updated_at,
    }


def _product_data(body: dict) -> dict:
    data = {k: v for k, v in body.items() if k != "booth"}
    booth = body.get("booth") or {}
    for key, target in (("size", "booth_size"), ("power", "needs_power"), ("internet", "needs_internet"),
                        ("water", "needs_water"), ("table", "needs_table")):
        if key in booth and not (key == "size" and booth[key] is None):
            data[target] = booth[key]
    return data


# --- categories ----------------------------------------------------------------------------

@blp.route("/editions/<slug>/categories")
class Categories(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_of(CategorySchema))
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown or draft edition")
    @public
    def get(self, args, slug):
        """The edition's product categories, in their display order."""
        edition = visible_edition(slug, current_user)
        cats = services.categories_for(edition)
        start = (args["page"] - 1) * args["per_page"]
        return {"items": [_category_json(c) for c in cats[start:start + args["per_page"]]], "page": args["page"],
                "per_page": args["per_page"], "total": len(cats)}

    @blp.doc(security=BEARER)
    @require("submissions.categories")
    @blp.arguments(CategorySchema)
    @blp.response(201, CategorySchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown edition")
    @blp.alt_response(409, schema=ErrorSchema, description="Slug already used in this edition")
    @blp.alt_response(422, schema=ErrorSchema, description="Invalid fields")
    def post(self, data, slug):
        """Add a category (organizers)."""
        category = services.create_category(current_user, g.edition, data)
        return _category_json(category), 201, {
            "Location": url_for("submissions_api.Category", slug=slug, category_id=category.id)}


@blp.route("/editions/<slug>/categories/<int:category_id>", endpoint="Category")
class CategoryResource(MethodView):
    @blp.response(200, CategorySchema)
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown category or edition")
    @public
    def get(self, slug, category_id):
        """One category."""
        return _category_json(services.get_category(visible_edition(slug, current_user), category_id))

    @blp.doc(security=BEARER)
    @require("submissions.categories")
    @blp.arguments(CategoryPatchSchema(partial=True))
    @blp.response(200, CategorySchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown category")
    @blp.alt_response(409, schema=ErrorSchema, description="Slug already used in this edition")
    @blp.alt_response(422, schema=ErrorSchema, description="Invalid fields")
    def patch(self, data, slug, category_id):
        """Rename a category (or change its slug or position)."""
        category = services.get_category(g.edition, category_id)
        return _category_json(services.update_category(current_user, g.edition, category, data))

    @blp.doc(security=BEARER)
    @require("submissions.categories")
    @blp.response(204)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown category")
    @blp.alt_response(409, schema=ErrorSchema, description="Products use this category")
    def delete(self, slug, category_id):
        """Delete a category that no product uses (409 otherwise)."""
        services.delete_category(current_user, g.edition, services.get_category(g.edition, category_id))
        return ""


# --- products ------------------------------------------------------------------------------

@blp.route("/editions/<slug>/products")
class Products(MethodView):
    @blp.arguments(ProductQuerySchema, location="query")
    @blp.response(200, page_of(ProductSchema))
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown or draft edition")
    @public
    def get(self, args, slug):
        """The public catalogue: accepted and confirmed products; `q` searches without accents
        (product and organisation), `category` is a category slug, `stage` a development stage."""
        edition = visible_edition(slug, current_user)
        page = paginate_select(services.public_products(edition, args.get("q"), args.get("category"),
                                                        args.get("stage")), args["page"], args["per_page"])
        page["items"] = [product_json(p) for p in page["items"]]
        return page

    @blp.doc(security=BEARER)
    @require("submissions.submit")
    @blp.arguments(ProductInSchema)
    @blp.response(201, ProductSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an exhibitor of this edition, or no organisation")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown edition")
    @blp.alt_response(409, schema=ErrorSchema, description="Submissions are closed (status or deadline)")
    @blp.alt_response(422, schema=ErrorSchema, description="Invalid fields")
    def post(self, data, slug):
        """Create a product of your organisation as a draft (submit it with /submit)."""
        product = services.save_product(current_user, g.edition, None, _product_data(data))
        return product_json(product), 201, {"Location": url_for("submissions_api.Product", product_id=product.id)}


@blp.route("/products/<int:product_id>", endpoint="Product")
class ProductResource(MethodView):
    @blp.response(200, ProductSchema)
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown, or not visible to you")
    @public
    def get(self, product_id):
        """One product: public ones for everybody; with a token, also your organisation's and,
        for organizers, every submitted product of their editions."""
        return product_json(services.product_for_viewer(current_user, product_id))

    @blp.doc(security=BEARER)
    @require_on_product("submissions.submit")
    @blp.arguments(ProductPatchSchema(partial=True))
    @blp.response(200, ProductSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an exhibitor of this product's organisation")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown product")
    @blp.alt_response(409, schema=ErrorSchema, description="Deadline passed, or the product is decided")
    @blp.alt_response(422, schema=ErrorSchema, description="Invalid fields")
    def patch(self, data, product_id):
        """Change your product: drafts until the edition is archived, submitted ones until the deadline."""
        product = services.product_for_owner(current_user, product_id)
        return product_json(services.save_product(current_user, product.edition, product, _product_data(data)))


@blp.route("/products/<int:product_id>/submit")
class ProductSubmit(MethodView):
    @blp.doc(security=BEARER)
    @require_on_product("submissions.submit")
    @blp.arguments(NoteInSchema)
    @blp.response(200, ProductSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an exhibitor of this product's organisation")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown product")
    @blp.alt_response(409, schema=ErrorSchema, description="Not a draft, or submissions are closed")
    @blp.alt_response(422, schema=ErrorSchema, description="The product is incomplete (fields named)")
    def post(self, data, product_id):
        """Submit a draft to the organizers (draft → submitted)."""
        product = services.product_for_owner(current_user, product_id)
        return product_json(services.transition_product(current_user, product, ProductStatus.SUBMITTED,
                                                        data.get("note", "")))


@blp.route("/products/<int:product_id>/withdraw")
class ProductWithdraw(MethodView):
    @blp.doc(security=BEARER)
    @require_on_product("submissions.submit")
    @blp.arguments(NoteInSchema)
    @blp.response(200, ProductSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an exhibitor of this product's organisation")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown product")
    @blp.alt_response(409, schema=ErrorSchema, description="Cannot be withdrawn from its status")
    def post(self, data, product_id):
        """Withdraw a submitted, under-review or accepted product."""
        product = services.product_for_owner(current_user, product_id)
        return product_json(services.transition_product(current_user, product, ProductStatus.WITHDRAWN,
                                                        data.get("note", "")))


@blp.route("/products/<int:product_id>/transition")
class ProductTransition(MethodView):
    @blp.doc(security=BEARER)
    @require_on_product("submissions.submit", "submissions.review")
    @blp.arguments(TransitionInSchema)
    @blp.response(200, ProductSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Neither its exhibitor nor an organizer")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown product")
    @blp.alt_response(409, schema=ErrorSchema, description="The workflow refuses this step")
    @blp.alt_response(422, schema=ErrorSchema, description="Invalid fields, or incomplete product on submit")
    def post(self, data, product_id):
        """Move a product through the workflow: `{"to": "accepted", "note": "..."}`.

        draft → submitted → under_review → accepted | rejected | waitlisted; waitlisted →
        accepted | rejected; accepted → confirmed | withdrawn; submitted / under_review →
        withdrawn. Organizers decide; the exhibitor submits, confirms and withdraws."""
        product = services.get_product(product_id)
        return product_json(services.transition_product(current_user, product, data["to"], data.get("note", "")))
