"""Helpers shared by the registration pages: domain error messages on forms, the person fields of
a form, the list filters, the organizers' page context."""
from __future__ import annotations

from datetime import date

from flask import request
from flask_babel import gettext as _

from techfest.core.errors import DomainError
from techfest.core.forms import apply_domain_errors
from techfest.core.i18n import fmt_date

from .. import services
from ..models import ATTENDEE_TYPE_LABELS, STATUS_LABELS
from . import bp


def _locale() -> str:
    from flask_babel import get_locale

    return str(get_locale() or "vi")


def _field_message(message: str) -> str:
    known = {
        "required": _("This field is required."),
        "already registered": _("This e-mail address is already registered for this edition."),
        "not a valid e-mail address": _("Invalid email address."),
        "choose at least one day": _("Choose at least one day."),
        "registered by another exhibitor": _("This person is already registered by another exhibitor."),
        "already registered with another role": _("This person is already registered with another role. Ask the organizers."),
        "digits, spaces and + ( ) - only": _("Digits, spaces and + ( ) - only."),
        "unknown attendee type": _("Not a valid choice."),
        "not allowed here": _("Not a valid choice."),
    }
    if message in known:
        return known[message]
    if message.startswith("full: "):
        return _("No place left on %(days)s.", days=message[6:])
    if message.startswith("quota of "):
        return _("Your booth staff quota (%(n)s people) is reached.", n=message.split()[2])
    return message


def _apply_errors(form, exc: DomainError) -> None:
    apply_domain_errors(form, exc, _field_message,
                        message=_field_message(exc.message) if exc.message else _("Invalid data"))


def _person_data(form) -> dict:
    data = {"name": form.name.data, "email": form.email.data, "phone": form.phone.data or "",
            "days": [date.fromisoformat(d) for d in (form.days.data or [])]}
    if getattr(form, "organisation", None) is not None:
        data["organisation"] = form.organisation.data or ""
    if getattr(form, "type", None) is not None:
        data["type"] = form.type.data
    return data


def _filters() -> dict:
    args = request.args
    day = args.get("day") or None
    try:
        day_value = date.fromisoformat(day) if day else None
    except ValueError:
        day_value = None
    return {"q": (args.get("q") or "")[:200], "type": args.get("type") or None,
            "status": args.get("status") or None, "day": day_value}


def _manage_context(edition) -> dict:
    return {"edition": edition, "type_labels": ATTENDEE_TYPE_LABELS, "status_labels": STATUS_LABELS,
            "days": services.edition_days(edition)}



@bp.app_template_global()
def registration_day_label(d) -> str:
    return fmt_date(d, "short")
