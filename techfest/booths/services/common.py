"""Helpers every booths use-case shares: translated messages that also work outside a request,
domain errors carrying a machine ``reason``, and lengths in metres read from forms."""
from __future__ import annotations

from decimal import Decimal

from flask import has_request_context
from flask_babel import gettext

MAX_METRES = Decimal("10000")


def _(message: str, **params) -> str:
    """gettext in a request (the visitor's language); plain English outside one (CLI, demo,
    threads), where Flask-Babel has no locale to pick."""
    if has_request_context():
        return gettext(message, **params)
    return message % params if params else message


def _err(cls, reason: str, message: str, fields: dict | None = None):
    """A domain error carrying a machine ``reason`` (tests, API clients) and a translated message."""
    exc = cls(message, fields)
    exc.reason = reason
    return exc


def _metres(value, name: str, errors: dict, positive: bool = True) -> Decimal | None:
    try:
        d = Decimal(str(value)).quantize(Decimal("0.01"))
    except Exception:  # noqa: BLE001 - any unparsable input is a field error
        errors.setdefault(name, []).append(_("Enter a number of metres."))
        return None
    if (positive and d <= 0) or (not positive and d < 0):
        errors.setdefault(name, []).append(_("Must be greater than zero.") if positive else _("Cannot be negative."))
        return None
    if d > MAX_METRES:
        errors.setdefault(name, []).append(_("At most %(n)s metres.", n=int(MAX_METRES)))
        return None
    return d
