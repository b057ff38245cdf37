"""Exhibitors' booth staff: the list within the quota, registering, cancelling, their badges."""
from __future__ import annotations

import io

from flask import flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from techfest.core.auth import require
from techfest.core.errors import DomainError, NotFound

from .. import printing, services
from ..forms import BoothStaffForm, ConfirmForm, day_choices
from ..models import BOOTH_SIZE_LABELS, STATUS_LABELS, RegistrationStatus
from . import bp
from .common import _apply_errors, _field_message, _person_data


@bp.route("/editions/<slug>/booth-staff", methods=["GET", "POST"])
@require("registration.booth_staff")
def booth_staff(slug: str):
    edition = g.edition
    org = current_user.organisation
    form = BoothStaffForm()
    form.days.choices = day_choices(services.edition_days(edition))
    if request.method == "GET":
        form.days.data = [c[0] for c in form.days.choices]
    if org is not None and form.validate_on_submit():
        try:
            reg = services.register_booth_staff(current_user, edition, org, _person_data(form))
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            flash(_("%(name)s is registered as booth staff; the badge has been e-mailed.", name=reg.name), "success")
            return redirect(url_for("registration.booth_staff", slug=slug))
    elif org is None and request.method == "POST":
        flash(_("Your account is not linked to an organisation."), "danger")
    staff = services.booth_staff(edition, org) if org is not None else []
    size, quota = services.booth_staff_quota(edition, org) if org is not None else (None, 0)
    return render_template("registration/booth_staff.html", edition=edition, form=form, staff=staff, org=org,
                           size_label=BOOTH_SIZE_LABELS.get(size) if size else None, quota=quota,
                           confirm=ConfirmForm(), status_labels=STATUS_LABELS), (422 if form.errors else 200)


@bp.route("/editions/<slug>/booth-staff/<int:staff_id>/cancel", methods=["POST"])
@require("registration.booth_staff")
def booth_staff_cancel(slug: str, staff_id: int):
    reg = services.get_booth_staff(g.edition, current_user.organisation, staff_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.cancel_registration(current_user, reg)
        except DomainError as exc:
            flash(_field_message(exc.message), "danger")
        else:
            flash(_("The registration of %(name)s is cancelled.", name=reg.name), "success")
    return redirect(url_for("registration.booth_staff", slug=slug))


@bp.route("/editions/<slug>/booth-staff/<int:staff_id>/badge.pdf")
@require("registration.booth_staff")
def booth_staff_badge(slug: str, staff_id: int):
    reg = services.get_booth_staff(g.edition, current_user.organisation, staff_id)
    if reg.status != RegistrationStatus.ACTIVE:
        raise NotFound(_("This registration has no valid badge."))
    return send_file(io.BytesIO(printing.registration_badge_pdf(reg)), mimetype="application/pdf",
                     download_name=f"badge-{reg.id}.pdf")
