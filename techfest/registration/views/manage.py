"""Organizers' registration pages: the list, new / edit, cancel / re-issue / admit, a badge,
CSV import, CSV and Excel export, the edition's registration settings."""
from __future__ import annotations

import io

from flask import flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from techfest.core.api import paginate_select
from techfest.core.auth import require
from techfest.core.errors import DomainError, NotFound

from .. import csvio, printing, services
from ..forms import ConfirmForm, ImportForm, RegistrationForm, day_choices, settings_form_class
from ..models import BOOTH_SIZE_LABELS, RegistrationStatus
from . import bp
from .common import _apply_errors, _field_message, _filters, _locale, _manage_context, _person_data

PER_PAGE = 50
MAX_IMPORT_BYTES = 2 * 1024 * 1024


@bp.route("/editions/<slug>/manage/registrations")
@require("registration.manage")
def manage(slug: str):
    edition = g.edition
    filters = _filters()
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    result = paginate_select(services.registrations_query(edition, **filters), page, PER_PAGE)
    return render_template("registration/manage_list.html", result=result, filters=filters,
                           counts=services.counts_by_status(edition), summary=services.capacity_summary(edition),
                           confirm=ConfirmForm(), **_manage_context(edition))


@bp.route("/editions/<slug>/manage/registrations/new", methods=["GET", "POST"])
@require("registration.manage")
def create(slug: str):
    edition = g.edition
    form = RegistrationForm()
    form.days.choices = day_choices(services.edition_days(edition))
    if request.method == "GET":
        form.days.data = [c[0] for c in form.days.choices]
    if form.validate_on_submit():
        try:
            outcome = services.register(edition, _person_data(form), actor=current_user, source="organizer",
                                        lang=_locale(), notify_attendee=form.notify.data)
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            reg = outcome.registration
            if outcome.created:
                flash(_("%(name)s is registered (%(status)s).", name=reg.name, status=reg.status_label), "success")
            else:
                flash(_("This e-mail was already registered: the registration of %(name)s has been updated.",
                        name=reg.name), "info")
            return redirect(url_for("registration.manage", slug=slug))
    return render_template("registration/manage_form.html", form=form, reg=None,
                           **_manage_context(edition)), (422 if form.errors else 200)


@bp.route("/editions/<slug>/manage/registrations/<int:reg_id>", methods=["GET", "POST"])
@require("registration.manage")
def edit(slug: str, reg_id: int):
    edition = g.edition
    reg = services.get_registration_in(edition, reg_id)
    form = RegistrationForm(obj=reg)
    form.days.choices = day_choices(services.edition_days(edition))
    if request.method == "GET":
        form.days.data = [d.isoformat() for d in reg.day_list]
        form.notify.data = False
    if form.validate_on_submit():
        try:
            services.update_registration(current_user, reg, _person_data(form), notify_attendee=form.notify.data)
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            flash(_("The registration of %(name)s has been saved.", name=reg.name), "success")
            return redirect(url_for("registration.manage", slug=slug))
    return render_template("registration/manage_form.html", form=form, reg=reg, confirm=ConfirmForm(),
                           **_manage_context(edition)), (422 if form.errors else 200)


def _action(slug: str, reg_id: int, fn, message: str):
    edition = g.edition
    reg = services.get_registration_in(edition, reg_id)
    if ConfirmForm().validate_on_submit():
        try:
            fn(current_user, reg)
        except DomainError as exc:
            flash(_field_message(exc.message), "danger")
        else:
            flash(message(reg), "success")
    return redirect(request.form.get("next") if (request.form.get("next") or "").startswith("/editions/")
                    else url_for("registration.manage", slug=slug))


@bp.route("/editions/<slug>/manage/registrations/<int:reg_id>/cancel", methods=["POST"])
@require("registration.manage")
def cancel(slug: str, reg_id: int):
    return _action(slug, reg_id, services.cancel_registration,
                   lambda reg: _("The registration of %(name)s is cancelled; the badge no longer works.", name=reg.name))


@bp.route("/editions/<slug>/manage/registrations/<int:reg_id>/reissue", methods=["POST"])
@require("registration.manage")
def reissue(slug: str, reg_id: int):
    return _action(slug, reg_id, services.reissue_badge,
                   lambda reg: _("A new badge has been issued to %(name)s; the old one no longer works.", name=reg.name))


@bp.route("/editions/<slug>/manage/registrations/<int:reg_id>/admit", methods=["POST"])
@require("registration.manage")
def admit(slug: str, reg_id: int):
    return _action(slug, reg_id, services.admit_registration,
                   lambda reg: _("%(name)s is admitted from the waiting list.", name=reg.name))


@bp.route("/editions/<slug>/manage/registrations/<int:reg_id>/badge.pdf")
@require("registration.manage")
def organizer_badge(slug: str, reg_id: int):
    reg = services.get_registration_in(g.edition, reg_id)
    if reg.status != RegistrationStatus.ACTIVE:
        raise NotFound(_("This registration has no valid badge."))
    return send_file(io.BytesIO(printing.registration_badge_pdf(reg)), mimetype="application/pdf",
                     download_name=f"badge-{reg.id}.pdf")


PROBLEM_MESSAGES = {
    "required": lambda p: _("This field is required."),
    "too_long": lambda p: _("At most %(max)s characters.", max=p.get("max")),
    "bad_email": lambda p: _("“%(value)s” is not a valid e-mail address.", value=p.get("value")),
    "duplicate_email": lambda p: _("This e-mail address is already on line %(line)s.", line=p.get("first")),
    "bad_phone": lambda p: _("“%(value)s” is not a phone number.", value=p.get("value")),
    "unknown_type": lambda p: _("Unknown attendee type “%(value)s”.", value=p.get("value")),
    "bad_day": lambda p: _("“%(value)s” is not a day of this edition.", value=p.get("value")),
    "day_full": lambda p: _("No place left on the days chosen."),
    "missing_column": lambda p: _("The header line has no such column."),
    "not_text": lambda p: _("This is not a CSV text file."),
    "encoding": lambda p: _("The file could not be read: save it as “CSV UTF-8”."),
    "empty": lambda p: _("The file is empty."),
    "no_rows": lambda p: _("The file has a header line but no attendee."),
    "too_many_rows": lambda p: _("Too many lines (at most %(max)s).", max=p.get("max")),
    "malformed": lambda p: _("The file is not valid CSV."),
    "concurrent": lambda p: _("Someone registered at the same time; import again."),
    "too_large": lambda p: _("The file is larger than 2 MB."),
}
FIELD_LABELS = {
    "name": lambda: _("Full name"), "email": lambda: _("E-mail"), "phone": lambda: _("Phone"),
    "organisation": lambda: _("Organisation"), "type": lambda: _("Attendee type"), "days": lambda: _("Days"),
    "file": lambda: _("File"),
}


@bp.route("/editions/<slug>/manage/registrations/import", methods=["GET", "POST"])
@require("registration.manage")
def import_csv(slug: str):
    edition = g.edition
    form = ImportForm()
    report = None
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read(MAX_IMPORT_BYTES + 1) if hasattr(upload, "read") else b""
        if len(data) > MAX_IMPORT_BYTES:
            report = services.ImportReport(problems=[csvio.Problem(0, "file", "too_large")])
        else:
            report = services.import_registrations(current_user, edition, data, notify_attendees=form.notify.data)
        if report.ok:
            flash(_("%(created)s registrations created and %(updated)s updated (%(waiting)s on the waiting list).",
                    created=report.created, updated=report.updated, waiting=report.waitlisted), "success")
            return redirect(url_for("registration.manage", slug=slug))
        flash(_("Nothing was imported: correct the lines below and import the file again."), "danger")
    problems = [{"row": p.row, "field": FIELD_LABELS.get(p.field, lambda: p.field)(),
                 "message": PROBLEM_MESSAGES.get(p.code, lambda q: p.code)(p.params)} for p in (report.problems if report else [])]
    return render_template("registration/import.html", form=form, problems=problems, **_manage_context(edition)), \
        (422 if (form.errors or problems) else 200)


def _export_table(edition):
    headers = [_("Id"), _("Full name"), _("E-mail"), _("Phone"), _("Organisation"), _("Attendee type"), _("Status"),
               _("Days"), _("Badge version"), _("Source"), _("Registered at")]
    return headers, services.export_rows(edition, services.registrations_query(edition, **_filters()))


@bp.route("/editions/<slug>/manage/registrations/export.csv")
@require("registration.manage")
def export_csv(slug: str):
    headers, rows = _export_table(g.edition)
    return send_file(io.BytesIO(csvio.write_csv(headers, rows)), mimetype="text/csv; charset=utf-8",
                     as_attachment=True, download_name=f"registrations-{slug}.csv")


@bp.route("/editions/<slug>/manage/registrations/export.xlsx")
@require("registration.manage")
def export_xlsx(slug: str):
    headers, rows = _export_table(g.edition)
    data = csvio.write_xlsx(headers, rows, title=_("Registrations"))
    return send_file(io.BytesIO(data), as_attachment=True, download_name=f"registrations-{slug}.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.route("/editions/<slug>/manage/registrations/settings", methods=["GET", "POST"])
@require("registration.manage")
def settings(slug: str):
    edition = g.edition
    days = services.edition_days(edition)
    current = services.settings_for(edition)
    form_class = settings_form_class(days)
    form = form_class(obj=current)
    if request.method == "GET":
        for d in days:
            getattr(form, f"day_{d:%Y%m%d}").data = current.day_limit(d)
    if form.validate_on_submit():
        data = {k: getattr(form, k).data for k in ("is_open", "capacity", "practical_info_vi", "practical_info_en",
                                                   "sponsors")}
        for k, default in (("staff_quota_standard", 3), ("staff_quota_double", 5), ("staff_quota_island", 8)):
            value = getattr(form, k).data
            data[k] = default if value is None else value
        data["day_capacity"] = {d.isoformat(): getattr(form, f"day_{d:%Y%m%d}").data for d in days
                                if getattr(form, f"day_{d:%Y%m%d}").data is not None}
        for key in ("practical_info_vi", "practical_info_en", "sponsors"):
            data[key] = data[key] or ""
        try:
            services.update_settings(current_user, edition, data)
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            flash(_("The registration settings have been saved."), "success")
            return redirect(url_for("registration.settings", slug=slug))
    return render_template("registration/settings.html", form=form, day_fields=[(d, f"day_{d:%Y%m%d}") for d in days],
                           booth_labels=BOOTH_SIZE_LABELS, **_manage_context(edition)), (422 if form.errors else 200)
