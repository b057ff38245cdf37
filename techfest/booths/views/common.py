"""Helpers shared by the booths pages: locale, paging, plan modes, the label maps templates use,
and the confirmed-delete flow."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import get_locale

from techfest.accounts.forms import ConfirmForm
from techfest.core.errors import DomainError

from .. import planview
from ..models import FEATURE_LABELS, RUN_STATUS_LABELS, SIZE_LABELS, STATUS_LABELS, TIER_LABELS, TYPE_LABELS


def _locale() -> str:
    return str(get_locale() or "vi")


def _page() -> int:
    return max(request.args.get("page", 1, type=int) or 1, 1)


def _mode(default: str = "zone") -> str:
    mode = request.args.get("mode")
    return mode if mode in planview.MODES else default


def _labels() -> dict:
    return {"status_labels": STATUS_LABELS, "size_labels": SIZE_LABELS, "type_labels": TYPE_LABELS,
            "tier_labels": TIER_LABELS, "feature_labels": FEATURE_LABELS, "run_status_labels": RUN_STATUS_LABELS,
            "locale": _locale()}


def _organizer_link(edition):
    return lambda b: url_for("booths.booth", slug=edition.slug, booth_id=b.id)


def _confirmed_delete(delete, success: str, refused_url: str, done_url: str):
    """A delete posted with its confirmation form: ``delete()``, flash ``success`` and go to
    ``done_url``; a refusal (a domain error) is flashed and leads to ``refused_url``. Without
    the confirmation nothing happens (``done_url``)."""
    if ConfirmForm().validate_on_submit():
        try:
            delete()
        except DomainError as exc:
            flash(exc.message, "danger")
            return redirect(refused_url)
        flash(success, "success")
    return redirect(done_url)
