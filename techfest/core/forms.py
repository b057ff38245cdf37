"""The base form: Flask-WTF (CSRF) with WTForms' own messages translated by our catalog, and
the one way a view shows a service's DomainError on its form (``apply_domain_errors``).

WTForms ships no Vietnamese catalog, so its built-in validator messages are listed below
for extraction and translated in techfest/translations like every other string.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

from flask import flash
from flask_babel import get_translations
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _ln
from flask_wtf import FlaskForm
from wtforms import HiddenField

from techfest.core.errors import DomainError


class _BabelTranslations:
    """WTForms formats the messages itself, so hand back the raw translations."""

    def gettext(self, string: str) -> str:
        return get_translations().gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ngettext(singular, plural, n)


class TechfestForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return _BabelTranslations()


def apply_domain_errors(form, exc: DomainError, translate: Callable[[str], object] | None = None, *,
                        aliases: Mapping[str, str] | None = None, only_new: bool = False,
                        flash_unplaced: bool = False, message: str | None = None) -> None:
    """Show a service's DomainError ``exc`` on ``form``, which the view then renders again.

    Each ``exc.fields`` entry (service field name -> messages) goes onto the form field of that
    name, or ``aliases[name]``, each message passed through ``translate``: the domain's own map
    from its services' messages to the page's language (default: shown as they are). With
    ``only_new``, a field that already shows an error keeps just that one.

    An entry that no visible field can show (the form has no such field, or it is hidden) is
    dropped, or with ``flash_unplaced`` flashed (all of them in one message). ``message``
    (default ``exc.message``) is flashed as "danger" when the error names no field at all, and,
    without ``flash_unplaced``, also when none of its fields is on the form.
    """
    translate = translate or (lambda m: m)
    aliases = aliases or {}
    placed = False
    unplaced: list[str] = []
    for name, messages in exc.fields.items():
        target = aliases.get(name, name)
        field = form[target] if target in form else None
        texts = [str(translate(str(m))) for m in messages]
        if field is None or isinstance(field, HiddenField):
            unplaced.extend(texts)
            continue
        placed = True
        if only_new and field.errors:
            continue
        field.errors = list(field.errors or []) + texts
    text = message if message is not None else exc.message
    if flash_unplaced and unplaced:
        flash(" ".join(unplaced) or text, "danger")
    elif not exc.fields or (not placed and not flash_unplaced):
        flash(text, "danger")


def flash_refusal(form) -> None:
    """An action form (a button, perhaps with a note) failed validation: say why instead of
    redirecting in silence. Errors of visible fields are named with their label; anything else
    (a tampered hidden field, an expired form) gets the general message."""
    shown = [f"{field.label.text}: {error}" for field in form
             if field.errors and not isinstance(field, HiddenField) and field.name != "csrf_token"
             for error in field.errors]
    flash(" ".join(shown) if shown else _("Nothing was changed: the form was incomplete or out of date. "
                                          "Reload the page and try again."), "danger")


def logo_error(reason: str) -> str:
    """What the logo field says when techfest.submissions.images refused the upload
    (``ImageRejected.reason``; the account's and the edition's logo)."""
    if reason == "too_large":
        return _("The logo is larger than 5 MB.")
    return _("The logo must be a JPEG, PNG or WebP image.")


# WTForms' built-in messages (wtforms/validators.py, fields), marked for extraction.
WTFORMS_MESSAGES = (
    _l("This field is required."),
    _l("Invalid email address."),
    _l("Invalid URL."),
    _l("Invalid input."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
    _l("Not a valid date value."),
    _l("Not a valid datetime value."),
    _l("Not a valid time value."),
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("'%(value)s' is not a valid choice for this field."),
    _l("'%(value)s' are not valid choices for this field."),
    _ln("Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long.", 1),
    _ln("Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters.", 1),
    _ln("Field must be exactly %(max)d character long.", "Field must be exactly %(max)d characters long.", 1),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Date must be at least %(min)s."),
    _l("Date must be at most %(max)s."),
    _l("Date must be between %(min)s and %(max)s."),
    _l("Field must be equal to %(other_name)s."),
    _l("Invalid value, must be one of: %(values)s."),
    _l("The CSRF token is missing."),
    _l("The CSRF token is invalid."),
    _l("The CSRF token has expired."),
    _l("The CSRF tokens do not match."),
    _l("The CSRF session token is missing."),
)
