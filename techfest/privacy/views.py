"""Privacy pages: the public notice, "My data" (export, erasure), the organizers' privacy page."""
from __future__ import annotations

import json

from flask import Blueprint, Response, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from techfest.core.api import paginate_select
from techfest.core.auth import AUTHENTICATED, ROLE_LABELS, public, require
from techfest.core.errors import Conflict
from techfest.registration import services as registrations

from . import services
from .models import ACTION_LABELS
from .forms import ConfirmForm, EraseMyDataForm, PrivacySettingsForm

bp = Blueprint("privacy", __name__)

PER_PAGE = 50


def _json_download(data: dict, filename: str) -> Response:
    resp = Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json")
    resp.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    resp.headers["Cache-Control"] = "private, no-store"
    resp.headers["X-Robots-Tag"] = "noindex"
    return resp


@bp.route("/editions/<slug>/privacy")
@public
def notice(slug: str):
    from techfest.editions.services import visible_edition

    edition = visible_edition(slug, current_user)
    text, is_default = services.notice(edition, str(get_locale() or "vi"))
    return render_template("privacy/notice.html", edition=edition, text=text, is_default=is_default)


@bp.route("/account/data")
@require(AUTHENTICATED)
def my_data():
    data = services.user_data(current_user)
    return render_template("privacy/my_data.html", data=data, form=EraseMyDataForm(), role_labels=ROLE_LABELS)


@bp.route("/account/data/export.json")
@require(AUTHENTICATED)
def my_export():
    data = services.export_user(current_user, current_user)
    return _json_download(data, "techfest-my-data.json")


@bp.route("/account/data/erase", methods=["GET", "POST"])
@require(AUTHENTICATED)
def erase_me():
    form = EraseMyDataForm()
    if request.method == "POST":
        if form.validate_on_submit():
            user = current_user._get_current_object()
            result = services.erase_person(user, user=user)
            logout_user()
            flash(_("Your account has been closed and your personal data erased (%(n)s registrations).",
                    n=result["registrations"]), "success")
            return redirect(url_for("editions.home"))
        return render_template("privacy/erase_me.html", form=form), 422
    return render_template("privacy/erase_me.html", form=form)


@bp.route("/badge/<data_code>/data.json")
@public
def badge_export(data_code: str):
    reg = registrations.get_by_access_code(data_code)
    return _json_download(services.export_registration(None, reg, via_code=True), "techfest-registration.json")


@bp.route("/editions/<slug>/manage/privacy", methods=["GET", "POST"])
@require("privacy.manage")
def manage(slug: str):
    edition = g.edition
    settings = services.settings_for(edition)
    form = PrivacySettingsForm(obj=settings)
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            services.update_settings(current_user, edition, {
                "notice_vi": form.notice_vi.data, "notice_en": form.notice_en.data,
                "retention_months": form.retention_months.data})
            flash(_("Privacy settings saved."), "success")
            return redirect(url_for("privacy.manage", slug=edition.slug))
        status = 422
    q = (request.args.get("q") or "").strip()
    people = registrations.matching_registrations(edition, q, PER_PAGE) if q else []
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    log = paginate_select(services.audit_query(edition), page, PER_PAGE)
    return render_template("privacy/manage.html", edition=edition, form=form, q=q, people=people, log=log,
                           due=services.purge_due_date(edition), confirm=ConfirmForm(),
                           is_erased=registrations.is_anonymised, action_labels=ACTION_LABELS), status


@bp.route("/editions/<slug>/manage/privacy/registrations/<int:privacy_reg_id>/export.json")
@require("privacy.manage")
def export_registration(slug: str, privacy_reg_id: int):
    reg = registrations.get_registration_in(g.edition, privacy_reg_id)
    return _json_download(services.export_registration(current_user, reg), f"registration-{reg.id}.json")


@bp.route("/editions/<slug>/manage/privacy/registrations/<int:privacy_reg_id>/erase", methods=["POST"])
@require("privacy.manage")
def erase_registration(slug: str, privacy_reg_id: int):
    edition = g.edition
    reg = registrations.get_registration_in(edition, privacy_reg_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("Please confirm the erasure."), "danger")
    else:
        try:
            services.erase_person(current_user, registration=reg)
            flash(_("The registration has been anonymised."), "success")
        except Conflict:
            flash(_("This registration has already been anonymised."), "warning")
    return redirect(url_for("privacy.manage", slug=edition.slug, q=request.args.get("q") or None))
