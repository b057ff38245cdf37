"""/api/v1 registrations (organizer token): list, create (a known e-mail updates), read, edit,
cancel, re-issue the badge, download the badge PDF."""
from __future__ import annotations

import io
from functools import wraps

import marshmallow as ma
from flask import g, send_file, url_for
from flask.views import MethodView
from flask_login import current_user

from techfest.core.api import BEARER, Blueprint, ErrorSchema, PageArgs, page_of, paginate_select
from techfest.core.auth import _deny, can, require

from . import printing, services
from .models import AttendeeType, RegistrationStatus

blp = Blueprint("registration_api", __name__, description="Attendee registrations and their QR badges (organizers).")

PERMISSION = "registration.manage"


def require_on_registration(view):
    """@require for routes addressed by registration id: the edition comes from the row.
    Anonymous -> 401, unknown id -> 404, not an organizer of its edition -> 403."""

    @wraps(view)
    def wrapped(self, *args, reg_id: int, **kwargs):
        if not current_user.is_authenticated:
            return _deny()
        reg = services.get_registration(reg_id)
        if not can(current_user, PERMISSION, reg.edition):
            return _deny()
        g.registration = reg
        return view(self, *args, reg_id=reg_id, **kwargs)

    wrapped.required_permission = PERMISSION
    return wrapped


class RegistrationSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200),
                            metadata={"example": "Nguyễn Thị Thu Hà"})
    email = ma.fields.Email(required=True, validate=ma.validate.Length(max=254))
    phone = ma.fields.String(validate=ma.validate.Length(max=40), metadata={"example": "0912 345 678"})
    organisation = ma.fields.String(validate=ma.validate.Length(max=200))
    type = ma.fields.String(load_default=AttendeeType.VISITOR.value,
                            validate=ma.validate.OneOf([t.value for t in AttendeeType]))
    days = ma.fields.List(ma.fields.Date(), attribute="day_list", validate=ma.validate.Length(min=1, max=60),
                          metadata={"description": "Days attending (default: every day of the edition)"})
    status = ma.fields.String(dump_only=True, validate=ma.validate.OneOf([s.value for s in RegistrationStatus]))
    badge_token = ma.fields.Method("_token", dump_only=True, allow_none=True,
                                   metadata={"description": "What the badge QR holds (null unless active)"})
    badge_version = ma.fields.Integer(dump_only=True)
    edition = ma.fields.Function(lambda r: r.edition.slug, dump_only=True)
    source = ma.fields.String(dump_only=True)
    created_at = ma.fields.AwareDateTime(dump_only=True)
    updated_at = ma.fields.AwareDateTime(dump_only=True)

    class Meta:
        unknown = ma.RAISE
        ordered = True

    def _token(self, reg):
        if reg.status != RegistrationStatus.ACTIVE:
            return None
        signers = g.setdefault("_registration_signers", {})  # one key decryption per request
        sign = signers.get(reg.edition_id)
        if sign is None:
            sign = signers[reg.edition_id] = services.token_signer(reg.edition)
        return sign(reg)


class RegistrationPatchSchema(RegistrationSchema):
    """The same fields, all optional (used with partial=True)."""


class RegistrationQuerySchema(PageArgs):
    q = ma.fields.String(load_default=None, validate=ma.validate.Length(max=200))
    type = ma.fields.String(load_default=None, validate=ma.validate.OneOf([t.value for t in AttendeeType]))
    status = ma.fields.String(load_default=None, validate=ma.validate.OneOf([s.value for s in RegistrationStatus]))
    day = ma.fields.Date(load_default=None)


def _data(payload: dict) -> dict:
    data = dict(payload)
    if "day_list" in data:
        data["days"] = list(data.pop("day_list") or [])
    return data


@blp.route("/editions/<slug>/registrations")
class Registrations(MethodView):
    @blp.doc(security=BEARER)
    @require(PERMISSION)
    @blp.arguments(RegistrationQuerySchema, location="query")
    @blp.response(200, page_of(RegistrationSchema))
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown edition")
    def get(self, args, slug):
        """Registrations of an edition, newest first; `q` searches name, e-mail, organisation and
        phone without accents."""
        stmt = services.registrations_query(g.edition, q=args.get("q"), type=args.get("type"),
                                            status=args.get("status"), day=args.get("day"))
        return paginate_select(stmt, args["page"], args["per_page"])

    @blp.doc(security=BEARER)
    @require(PERMISSION)
    @blp.arguments(RegistrationSchema)
    @blp.response(201, RegistrationSchema)
    @blp.alt_response(200, schema=RegistrationSchema, description="The e-mail was registered: updated")
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(409, schema=ErrorSchema, description="No place left on a day an active registration adds")
    @blp.alt_response(422, schema=ErrorSchema, description="Invalid field")
    def post(self, data, slug):
        """Register someone (any type). A known e-mail updates that registration (200) instead of
        creating a second one. Visitors and press beyond capacity are put on the waiting list."""
        outcome = services.register(g.edition, _data(data), actor=current_user, source="api")
        reg = outcome.registration
        if outcome.created:
            return reg, 201, {"Location": url_for("registration_api.Registration", reg_id=reg.id)}
        return reg, 200


@blp.route("/registrations/<int:reg_id>", endpoint="Registration")
class RegistrationResource(MethodView):
    @blp.doc(security=BEARER)
    @require_on_registration
    @blp.response(200, RegistrationSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of its edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown registration")
    def get(self, reg_id):
        """One registration."""
        return g.registration

    @blp.doc(security=BEARER)
    @require_on_registration
    @blp.arguments(RegistrationPatchSchema(partial=True))
    @blp.response(200, RegistrationSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of its edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown registration")
    @blp.alt_response(409, schema=ErrorSchema, description="E-mail used by another registration, or a day is full")
    @blp.alt_response(422, schema=ErrorSchema, description="Invalid field")
    def patch(self, data, reg_id):
        """Change fields of a registration."""
        return services.update_registration(current_user, g.registration, _data(data))

    @blp.doc(security=BEARER)
    @require_on_registration
    @blp.response(204)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of its edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown registration")
    @blp.alt_response(409, schema=ErrorSchema, description="Already cancelled")
    def delete(self, reg_id):
        """Cancel a registration: its badge answers "revoked" at check-in from now on, and its
        place goes to the waiting list. The row is kept (status `cancelled`)."""
        services.cancel_registration(current_user, g.registration)
        return None


@blp.route("/registrations/<int:reg_id>/reissue")
class RegistrationReissue(MethodView):
    @blp.doc(security=BEARER)
    @require_on_registration
    @blp.response(200, RegistrationSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of its edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown registration")
    @blp.alt_response(409, schema=ErrorSchema, description="Not active (cancelled or waiting)")
    def post(self, reg_id):
        """Issue a new badge: a new `badge_token`; the previous token answers "revoked"."""
        return services.reissue_badge(current_user, g.registration)


@blp.route("/registrations/<int:reg_id>/badge.pdf")
class RegistrationBadge(MethodView):
    @blp.doc(security=BEARER, responses={"200": {"description": "The A6 badge",
                                                 "content": {"application/pdf": {"schema": {"type": "string",
                                                                                             "format": "binary"}}}}})
    @require_on_registration
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of its edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown registration, or no valid badge (not active)")
    def get(self, reg_id):
        """The registration's badge as a PDF (A6)."""
        reg = g.registration
        return send_file(io.BytesIO(printing.registration_badge_pdf(reg)), mimetype="application/pdf",
                         download_name=f"badge-{reg.id}.pdf")
