"""Registration pages: the public form and badge page, organizer management, exhibitors' booth
staff, badge preview and bulk printing, the public badge key and the printed programme."""
from __future__ import annotations

import io
from datetime import date

from flask import (Blueprint, Response, current_app, flash, g, jsonify, redirect, render_template, request,
                   send_file, url_for)
from flask_babel import gettext as _
from flask_login import current_user

from techfest.core.api import paginate_select
from techfest.core.auth import public, require
from techfest.core.errors import DomainError, NotFound
from techfest.core.extensions import limiter
from techfest.core.forms import apply_domain_errors
from techfest.core.i18n import fmt_date
from techfest.core.queue import QueueUnavailable

from . import csvio, printing, programme, services
from .forms import (BoothStaffForm, ConfirmForm, ImportForm, PreviewForm, PrintForm, PublicRegistrationForm,
                    RegistrationForm, day_choices, settings_form_class)
from .models import (ATTENDEE_TYPE_LABELS, BOOTH_SIZE_LABELS, PUBLIC_TYPES, STATUS_LABELS, AttendeeType,
                     RegistrationStatus)

bp = Blueprint("registration", __name__)

PER_PAGE = 50
MAX_IMPORT_BYTES = 2 * 1024 * 1024


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


# --- public ------------------------------------------------------------------------------

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
    from .badge_layout import qr_png_scaled

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


# --- organizers --------------------------------------------------------------------------

def _manage_context(edition) -> dict:
    return {"edition": edition, "type_labels": ATTENDEE_TYPE_LABELS, "status_labels": STATUS_LABELS,
            "days": services.edition_days(edition)}


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


# --- badges: preview and bulk printing ---------------------------------------------------

@bp.route("/editions/<slug>/manage/badges")
@require("registration.manage")
def badges(slug: str):
    edition = g.edition
    preview = PreviewForm(request.args, prefix="preview")
    return render_template("registration/badges.html", preview=preview, print_form=PrintForm(),
                           jobs=printing.recent_jobs(edition), filters=_filters(), **_manage_context(edition))


def _preview_pdf() -> bytes:
    form = PreviewForm(request.args, prefix="preview")
    form.validate()
    name = (form.name.data or "").strip()[:200] or "Nguyễn Thị Thu Hà"
    kind = form.type.data if form.type.data in AttendeeType.__members__.values() else AttendeeType.VISITOR
    return printing.preview_badge_pdf(g.edition, type=kind, name=name, organisation=(form.organisation.data or "")[:200])


@bp.route("/editions/<slug>/manage/badges/preview.pdf")
@require("registration.manage")
def badge_preview(slug: str):
    resp = send_file(io.BytesIO(_preview_pdf()), mimetype="application/pdf", download_name="badge-preview.pdf")
    resp.headers["Cache-Control"] = "no-store"
    return resp


@bp.route("/editions/<slug>/manage/badges/preview.png")
@require("registration.manage")
def badge_preview_png(slug: str):
    """The same preview as an image (phones cannot show a PDF inside a page)."""
    png = printing.pdf_to_png(_preview_pdf())
    if png is None:
        raise NotFound(_("Image previews need poppler-utils (pdftoppm) on the server: open the PDF instead."))
    resp = send_file(io.BytesIO(png), mimetype="image/png", download_name="badge-preview.png")
    resp.headers["Cache-Control"] = "no-store"
    return resp


@bp.route("/editions/<slug>/manage/badges/print", methods=["POST"])
@require("registration.manage")
def print_badges(slug: str):
    edition = g.edition
    form = PrintForm()
    if form.validate_on_submit():
        filters = {"q": form.q.data, "type": form.type.data, "day": form.day.data}
        try:
            job = printing.create_badge_job(current_user, edition, filters)
        except DomainError:
            flash(_("No confirmed registration matches: there is no badge to print."), "warning")
        else:
            try:
                printing.start_badge_job(job)
            except QueueUnavailable:
                flash(_("The print queue is not reachable: try again in a moment, or tell the site administrator."),
                      "danger")
            else:
                flash(_("Printing %(n)s badges: the file will be ready below in a moment.", n=job.total), "info")
    else:
        flash(_("Invalid data"), "danger")
    return redirect(url_for("registration.badges", slug=slug))


@bp.route("/editions/<slug>/manage/badges/jobs/<int:reg_job_id>")
@require("registration.manage")
def job_status(slug: str, reg_job_id: int):
    job = printing.get_job(g.edition, reg_job_id)
    state = printing.job_state(job)
    if job.status == "done":
        state["download"] = url_for("registration.job_download", slug=slug, reg_job_id=job.id)
    resp = jsonify(state)
    resp.headers["Cache-Control"] = "no-store"
    return resp


@bp.route("/editions/<slug>/manage/badges/jobs/<int:reg_job_id>/download")
@require("registration.manage")
def job_download(slug: str, reg_job_id: int):
    job = printing.get_job(g.edition, reg_job_id)
    path = printing.job_result_path(job)
    return send_file(path, mimetype="application/pdf", as_attachment=True,
                     download_name=f"badges-{slug}-{job.id}.pdf")


# --- exhibitors: booth staff -------------------------------------------------------------

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


@bp.app_template_global()
def registration_day_label(d) -> str:
    return fmt_date(d, "short")
