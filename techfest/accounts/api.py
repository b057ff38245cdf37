"""/api/v1/me: who the bearer token belongs to (handy to check a token)."""
from __future__ import annotations

import marshmallow as ma
from flask.views import MethodView
from flask_login import current_user

from techfest.core.api import BEARER, Blueprint, ErrorSchema
from techfest.core.auth import AUTHENTICATED, require

blp = Blueprint("accounts_api", __name__, description="The authenticated account.")


class RoleSchema(ma.Schema):
    edition = ma.fields.String(required=True)
    role = ma.fields.String(required=True)


class MeSchema(ma.Schema):
    email = ma.fields.Email(required=True)
    name = ma.fields.String(required=True)
    is_admin = ma.fields.Boolean(required=True)
    organisation = ma.fields.String(allow_none=True)
    roles = ma.fields.List(ma.fields.Nested(RoleSchema), required=True)


@blp.route("/me")
class Me(MethodView):
    @blp.doc(security=BEARER)
    @blp.response(200, MeSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @require(AUTHENTICATED)
    def get(self):
        """The account of the token, with its roles per edition."""
        from .services import roles_overview

        return {
            "email": current_user.email, "name": current_user.name, "is_admin": current_user.is_admin,
            "organisation": current_user.organisation.name if current_user.organisation else None,
            "roles": [{"edition": e.slug, "role": str(r)} for e, r in roles_overview(current_user)],
        }
