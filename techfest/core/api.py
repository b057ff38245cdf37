"""The JSON API object (flask-smorest, OpenAPI 3), bearer-token auth, pagination, error shape.

flask-smorest generates ``/api/v1/openapi.json`` from the schemas and decorators, so the
document cannot drift from the code. Errors use one shape everywhere::

    {"error": "message", "fields": {"email": ["already registered"]}}
"""
from __future__ import annotations

import marshmallow as ma
from flask_smorest import Api as _SmorestApi
from flask_smorest import Blueprint

BEARER = [{"bearerAuth": []}]


def _db_id_range() -> ma.validate.Range:
    from .db import MAX_DB_INT

    return ma.validate.Range(min=1, max=MAX_DB_INT)


def _db_int_range() -> ma.validate.Range:
    from .db import MAX_DB_INT

    return ma.validate.Range(min=-MAX_DB_INT - 1, max=MAX_DB_INT)


DB_ID = _db_id_range()  # validate= for every id taken from a request
DB_INT = _db_int_range()  # validate= for any other integer from a request that reaches an INTEGER column


class ErrorSchema(ma.Schema):
    error = ma.fields.String(required=True, metadata={"description": "What went wrong"})
    fields = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.String()),
        metadata={"description": "Field name to its error messages"},
    )


class Api(_SmorestApi):
    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        """Errors are handled app-wide by techfest.core.errors (one shape for every route)."""





MAX_PAGE = 100_000


class PageArgs(ma.Schema):
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=MAX_PAGE))
    per_page = ma.fields.Integer(load_default=50, validate=ma.validate.Range(min=1, max=200))


_page_schemas: dict[type, type] = {}


def page_of(item_schema: type[ma.Schema]) -> type[ma.Schema]:
    """A list envelope ``{"items": [...], "page", "per_page", "total"}`` for ``item_schema``."""
    if item_schema not in _page_schemas:
        name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
        _page_schemas[item_schema] = type(
            name,
            (ma.Schema,),
            {
                "items": ma.fields.List(ma.fields.Nested(item_schema), required=True),
                "page": ma.fields.Integer(required=True),
                "per_page": ma.fields.Integer(required=True),
                "total": ma.fields.Integer(required=True),
            },
        )
    return _page_schemas[item_schema]


def paginate_select(stmt, page: int, per_page: int) -> dict:
    """Run ``stmt`` for one page and count the total (two queries whatever the page size).
    ``page`` is kept within 1..MAX_PAGE: a page number typed in a URL never overflows the OFFSET."""
    from sqlalchemy import func, select

    from .db import db

    page = min(max(page, 1), MAX_PAGE)

    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    items = list(db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)))
    return {"items": items, "page": page, "per_page": per_page, "total": total}


def flatten_validation_messages(messages) -> dict[str, list[str]]:
    """webargs puts errors under the location ({"json": {"name": [...]}}); flatten to fields."""
    out: dict[str, list[str]] = {}

    def walk(prefix: str, value):
        if isinstance(value, dict):
            for k, v in value.items():
                key = str(k)
                walk(f"{prefix}.{key}" if prefix else key, v)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            out[prefix or "_schema"] = list(value)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(f"{prefix}.{i}", v)
        else:
            out[prefix or "_schema"] = [str(value)]

    if isinstance(messages, dict) and set(messages) <= {"json", "query", "form", "files", "headers", "view_args", "path"}:
        for loc_msgs in messages.values():
            walk("", loc_msgs)
    else:
        walk("", messages)
    return out


__all__ = ["DB_ID", "DB_INT", "MAX_PAGE", "Api", "Blueprint", "ErrorSchema", "PageArgs", "page_of", "paginate_select",
           "BEARER"]
