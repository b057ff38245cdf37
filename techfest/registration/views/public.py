"""Public pages: the registration form, the attendee's badge page (PDF, QR code), the edition's
public badge key and the printed programme."""
from __future__ import annotations

import io

from flask import Response, current_app, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from techfest.core.auth import public
from techfest.core.errors import DomainError, NotFound
from techfest.core.extensions import limiter

from .. import printing, programme, services
from ..forms import PublicRegistrationForm, day_choices
from ..models import PUBLIC_TYPES, STATUS_LABELS, RegistrationStatus
from . import bp
from .common import _apply_errors, _locale, _person_data


@bp.route("/editions/<slug>/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config.get("REGISTRATION_RATE_LIMIT", "60 per minute"), methods=["POST"])
@public
def register(slug: str):
    from techfest.editions.services import visible_edition

    edition = visible_edition(slug, current_user)
    days = services.edition_days(edition)
    form = PublicRegistrationForm()
    form.days.choices = day_choices(days)
    is_open = services.registration_open(edition)
    if request.method == "GET":
        form.days.data = [d.isoformat() for d in days]
        if current_user.is_authenticated:
            form.name.data, form.email.data = current_user.name, current_user.email
            if current_user.organisation is not None:
                form.organisation.data = current_user.organisation.name
    if request.method == "POST" and not is_open:
        flash(_("Registration for this edition is closed."), "warning")
        return redirect(url_for("registration.register", slug=slug))
    if form.validate_on_submit():
        try:
            outcome = services.register(edition, _person_data(form), source="public", lang=_locale(),
                                        allowed_types=PUBLIC_TYPES, consent=True)
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            reg = outcome.registration
            if reg.status == RegistrationStatus.WAITLISTED:
                flash(_("The fair is full for the days you chose: you are on the waiting list. We have sent the details to %(email)s.",
                        email=reg.email), "warning")
            elif outcome.created:
                flash(_("Thank you! Your registration is confirmed. We have e-mailed your badge to %(email)s.",
                        email=reg.email), "success")
            else:
                flash(_("Your registration has been updated. We have e-mailed the link to your badge to %(email)s.",
                        email=reg.email), "success")
            return redirect(url_for("registration.registered", slug=slug))
    status = 422 if form.errors else 200
    return render_template("registration/register.html", edition=edition, form=form, is_open=is_open,
                           summary=services.capacity_summary(edition)), status


@bp.route("/editions/<slug>/register/thanks")
@public
def registered(slug: str):
    from techfest.editions.services import visible_edition

    edition = visible_edition(slug, current_user)
    return render_template("registration/registered.html", edition=edition)


def _private(resp: Response) -> Response:
    resp.headers["Cache-Control"] = "private, no-store"
    resp.headers["Referrer-Policy"] = "no-referrer"
    resp.headers["X-Robots-Tag"] = "noindex"
    return resp


@bp.route("/badge/<reg_code>")
@public
def badge_page(reg_code: str):
    reg = services.get_by_access_code(reg_code)
    resp = Response(render_template("registration/badge_page.html", reg=reg, edition=reg.edition,
                                    status_labels=STATUS_LABELS))
    return _private(resp)


@bp.route("/badge/<reg_code>/badge.pdf")
@public
def badge_pdf(reg_code: str):
    reg = services.get_by_access_code(reg_code)
    pdf = printing.registration_badge_pdf(reg)
    return _private(send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=False,
                              download_name=f"badge-{reg.edition.slug}.pdf"))


@bp.route("/badge/<reg_code>/qr.png")
@public
def badge_qr(reg_code: str):
    from ..badge_layout import qr_png_scaled

    reg = services.get_by_access_code(reg_code)
    token = services.badge_token(reg)
    if token is None:
        raise NotFound(_("This registration has no valid badge."))
    return _private(send_file(io.BytesIO(qr_png_scaled(token)), mimetype="image/png",
                              download_name=f"badge-qr-{reg.edition.slug}.png"))


@bp.route("/editions/<slug>/badge-key")
@public
def badge_key(slug: str):
    """The edition's public badge key (JSON), for scanners that verify badges offline."""
    from techfest.editions.services import visible_edition

    edition = visible_edition(slug, current_user)
    resp = jsonify(services.public_key_info(edition))
    resp.headers["Cache-Control"] = "public, max-age=3600"
    return resp


@bp.route("/editions/<slug>/programme.pdf")
@public
def programme_pdf(slug: str):
    from techfest.editions.services import visible_edition

    edition = visible_edition(slug, current_user)
    lang = request.args.get("lang") if request.args.get("lang") in programme.LANGS else _locale()
    path, key = programme.programme_pdf(edition, lang)
    resp = send_file(path, mimetype="application/pdf", download_name=f"programme-{edition.slug}-{lang}.pdf",
                     etag=key, conditional=True, max_age=300)
    return resp
