"""Domain exceptions and the one place that maps them (and HTTP errors) to responses."""
from __future__ import annotations

import logging

from flask import flash, jsonify, redirect, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

logger = logging.getLogger(__name__)


class DomainError(Exception):
    status = 400

    def __init__(self, message: str = "", fields: dict | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class NotFound(DomainError):
    status = 404


class PermissionDenied(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409


class InvalidTransition(Conflict):
    status = 409


class ValidationFailed(DomainError):
    status = 422


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def json_error(status: int, message: str, fields: dict | None = None):
    body = {"error": message}
    if fields:
        body["fields"] = fields
    resp = jsonify(body)
    resp.status_code = status
    return resp


_TITLES = {
    400: lambda: _("Bad request"),
    401: lambda: _("Please log in"),
    403: lambda: _("Access denied"),
    404: lambda: _("Page not found"),
    405: lambda: _("Method not allowed"),
    409: lambda: _("Conflict"),
    413: lambda: _("The file is too large"),
    422: lambda: _("Invalid data"),
    429: lambda: _("Too many attempts"),
    500: lambda: _("Something went wrong"),
}

_HINTS = {
    400: lambda: _("The request could not be understood. Go back and try again."),
    401: lambda: _("You need to log in to see this page."),
    403: lambda: _("You do not have permission to see this page."),
    404: lambda: _("The page you asked for does not exist or has been moved."),
    405: lambda: _("This action is not available here."),
    409: lambda: _("The action conflicts with the current state."),
    413: lambda: _("The file you sent is larger than allowed."),
    422: lambda: _("Some of the data is not valid."),
    429: lambda: _("Too many attempts. Please wait a moment and try again."),
    500: lambda: _("An unexpected error occurred. The organizers have been notified."),
}


def error_page(status: int, detail: str | None = None):
    title = _TITLES.get(status, _TITLES[500])()
    hint = detail or _HINTS.get(status, _HINTS[500])()
    return render_template("errors/error.html", status=status, title=title, hint=hint), status


def register_error_handlers(app) -> None:
    @app.errorhandler(DomainError)
    def handle_domain_error(exc: DomainError):
        if wants_json():
            return json_error(exc.status, exc.message or _TITLES.get(exc.status, _TITLES[400])(), exc.fields)
        if request.method == "POST" and exc.status in (409, 422):
            # Back to the page the form was on; without a Referer, to this URL only if it has a
            # page to show (a POST-only action would answer 405 instead of the message).
            back = request.referrer or (request.url if request.url_rule is not None
                                        and "GET" in request.url_rule.methods else None)
            if back:
                flash(exc.message, "danger")
                return redirect(back)
        return error_page(exc.status, exc.message or None)

    @app.errorhandler(HTTPException)
    def handle_http(exc: HTTPException):
        status = exc.code or 500
        if wants_json():
            data = getattr(exc, "data", None) or {}
            if "messages" in data or "errors" in data:
                from .api import flatten_validation_messages

                fields = flatten_validation_messages(data.get("errors") or data.get("messages"))
                return json_error(status, data.get("message") or "invalid input", fields)
            message = exc.description if status < 500 else "internal error"
            return json_error(status, message)
        from flask_wtf.csrf import CSRFError

        if isinstance(exc, CSRFError):
            return error_page(400, _("The form has expired or was not sent from this site. Go back, reload the page and try again."))
        return error_page(status)

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        if isinstance(exc, HTTPException):
            return handle_http(exc)
        logger.exception("unhandled error on %s %s", request.method, request.path)
        try:
            from .db import db
            db.session.rollback()
        except Exception:  # pragma: no cover - best effort
            pass
        if wants_json():
            return json_error(500, "internal error")
        return error_page(500)
