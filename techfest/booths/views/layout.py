"""The organizers' layout pages: halls, zones, new booths, CSV import and the grid generator."""
from __future__ import annotations

from flask import Response, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from techfest.accounts.forms import ConfirmForm
from techfest.core.api import paginate_select
from techfest.core.auth import require
from techfest.core.db import db, db_int
from techfest.core.errors import DomainError
from techfest.core.forms import apply_domain_errors

from .. import csvio, planview, services
from ..forms import BoothForm, GridForm, HallForm, ImportForm, ZoneForm
from . import bp
from .common import _confirmed_delete, _labels, _locale, _mode, _organizer_link, _page

BOOTHS_PER_PAGE = 50


# --- halls --------------------------------------------------------------------------------

def _hall_form(slug: str, edition, hall):
    """The hall form, for a new hall (``hall`` None) or an existing one."""
    form = HallForm(obj=hall)
    if form.validate_on_submit():
        try:
            saved = services.save_hall(current_user, edition, hall, form.data)
        except DomainError as exc:
            db.session.rollback()
            apply_domain_errors(form, exc)
        else:
            if hall is None:
                flash(_("Hall “%(name)s” created. Add booths with the grid generator or a CSV file.", name=saved.name),
                      "success")
            else:
                flash(_("The hall has been saved."), "success")
            return redirect(url_for("booths.hall", slug=slug, hall_id=saved.id))
    return render_template("booths/hall_form.html", edition=edition, form=form, hall=hall,
                           confirm=ConfirmForm()), (422 if form.errors else 200)


@bp.route("/editions/<slug>/manage/booths/halls/new", methods=["GET", "POST"])
@require("booths.manage")
def new_hall(slug: str):
    return _hall_form(slug, g.edition, None)


@bp.route("/editions/<slug>/manage/booths/halls/<int:hall_id>")
@require("booths.manage")
def hall(slug: str, hall_id: int):
    edition = g.edition
    hall = services.get_hall(edition, hall_id)
    mode = _mode()
    booths = services.hall_booths(hall)
    ctx = planview.context(edition)
    svg = planview.render(hall, booths, mode=mode, audience="organizer", ctx=ctx, locale=_locale(),
                          link=_organizer_link(edition))
    legend = planview.legend(hall, booths, mode, ctx, _locale())
    q = (request.args.get("q") or "")[:100]
    zone_id = request.args.get("zone", type=db_int)
    status = request.args.get("status") or None
    result = paginate_select(services.booths_query(edition, hall.id, zone_id, status, q), _page(), BOOTHS_PER_PAGE)
    return render_template("booths/hall.html", edition=edition, hall=hall, svg=svg, legend=legend, mode=mode,
                           result=result, q=q, zone_id=zone_id, status=status, booth_total=len(booths),
                           halls=services.halls_for(edition), confirm=ConfirmForm(), **_labels())


@bp.route("/editions/<slug>/manage/booths/halls/<int:hall_id>/edit", methods=["GET", "POST"])
@require("booths.manage")
def edit_hall(slug: str, hall_id: int):
    edition = g.edition
    return _hall_form(slug, edition, services.get_hall(edition, hall_id))


@bp.route("/editions/<slug>/manage/booths/halls/<int:hall_id>/delete", methods=["POST"])
@require("booths.manage")
def delete_hall(slug: str, hall_id: int):
    edition = g.edition
    hall = services.get_hall(edition, hall_id)
    return _confirmed_delete(lambda: services.delete_hall(current_user, edition, hall), _("The hall has been deleted."),
                             url_for("booths.edit_hall", slug=slug, hall_id=hall_id), url_for("booths.manage", slug=slug))


@bp.route("/editions/<slug>/manage/booths/halls/<int:hall_id>/clear", methods=["POST"])
@require("booths.manage")
def clear_hall(slug: str, hall_id: int):
    edition = g.edition
    hall = services.get_hall(edition, hall_id)
    if ConfirmForm().validate_on_submit():
        n = services.delete_unassigned_booths(current_user, edition, hall)
        flash(ngettext("%(num)d booth deleted.", "%(num)d booths deleted.", n), "success")
    return redirect(url_for("booths.hall", slug=slug, hall_id=hall_id))


# --- zones --------------------------------------------------------------------------------

def _zone_forms(edition, hall, new_form=None, edit_forms=None):
    from techfest.submissions import services as submissions

    categories = submissions.categories_for(edition)
    new_form = new_form or ZoneForm(prefix="new", formdata=None, colour=services.next_zone_colour(hall))
    new_form.set_categories(categories, _locale())
    forms = {}
    for z in hall.zones:
        f = (edit_forms or {}).get(z.id) or ZoneForm(prefix=f"z{z.id}", formdata=None, obj=z)
        f.set_categories(categories, _locale())
        forms[z.id] = f
    return new_form, forms


@bp.route("/editions/<slug>/manage/booths/halls/<int:hall_id>/zones", methods=["GET", "POST"])
@require("booths.manage")
def zones(slug: str, hall_id: int):
    edition = g.edition
    hall = services.get_hall(edition, hall_id)
    new_form = ZoneForm(prefix="new") if request.method == "POST" else None
    if new_form is not None:
        from techfest.submissions import services as submissions

        new_form.set_categories(submissions.categories_for(edition), _locale())
        if new_form.validate_on_submit():
            try:
                zone = services.save_zone(current_user, edition, hall, None, new_form.data)
            except DomainError as exc:
                apply_domain_errors(new_form, exc)
            else:
                flash(_("Zone “%(name)s” created.", name=zone.name), "success")
                return redirect(url_for("booths.zones", slug=slug, hall_id=hall.id))
    new_form, forms = _zone_forms(edition, hall, new_form)
    return render_template("booths/zones.html", edition=edition, hall=hall, new_form=new_form, forms=forms,
                           confirm=ConfirmForm(), **_labels()), (422 if new_form.errors else 200)


@bp.route("/editions/<slug>/manage/booths/zones/<int:zone_id>", methods=["POST"])
@require("booths.manage")
def update_zone(slug: str, zone_id: int):
    from techfest.submissions import services as submissions

    edition = g.edition
    zone = services.get_zone(edition, zone_id)
    hall = zone.hall
    form = ZoneForm(prefix=f"z{zone.id}")
    form.set_categories(submissions.categories_for(edition), _locale())
    if form.validate_on_submit():
        try:
            services.save_zone(current_user, edition, hall, zone, form.data)
        except DomainError as exc:
            db.session.rollback()
            apply_domain_errors(form, exc)
        else:
            flash(_("The zone has been saved."), "success")
            return redirect(url_for("booths.zones", slug=slug, hall_id=hall.id))
    new_form, forms = _zone_forms(edition, hall, None, {zone.id: form})
    return render_template("booths/zones.html", edition=edition, hall=hall, new_form=new_form, forms=forms,
                           confirm=ConfirmForm(), **_labels()), 422


@bp.route("/editions/<slug>/manage/booths/zones/<int:zone_id>/delete", methods=["POST"])
@require("booths.manage")
def delete_zone(slug: str, zone_id: int):
    edition = g.edition
    zone = services.get_zone(edition, zone_id)
    hall_id = zone.hall_id
    if ConfirmForm().validate_on_submit():
        services.delete_zone(current_user, edition, zone)
        flash(_("The zone has been deleted; its booths have no zone now."), "success")
    return redirect(url_for("booths.zones", slug=slug, hall_id=hall_id))


# --- new booths ---------------------------------------------------------------------------

@bp.route("/editions/<slug>/manage/booths/halls/<int:hall_id>/booths/new", methods=["GET", "POST"])
@require("booths.manage")
def new_booth(slug: str, hall_id: int):
    edition = g.edition
    hall = services.get_hall(edition, hall_id)
    form = BoothForm()
    form.set_zones(hall.zones)
    if form.validate_on_submit():
        try:
            booth = services.save_booth(current_user, edition, hall, None, form.booth_data())
        except DomainError as exc:
            db.session.rollback()
            apply_domain_errors(form, exc)
        else:
            flash(_("Booth %(code)s created.", code=booth.code), "success")
            return redirect(url_for("booths.hall", slug=slug, hall_id=hall.id))
    return render_template("booths/booth_form.html", edition=edition, hall=hall, form=form, booth=None,
                           **_labels()), (422 if form.errors else 200)


# --- import and grid ----------------------------------------------------------------------

IMPORT_MESSAGES = {
    "too_large": lambda p: _("The file is larger than %(n)s MB.", n=p.get("max_mb")),
    "not_utf8": lambda p: _("The file is not UTF-8 text. In Excel choose “CSV UTF-8”."),
    "not_csv": lambda p: _("This is not a CSV file."),
    "empty": lambda p: _("The file has no booth."),
    "missing_column": lambda p: _("The header row has no column “%(name)s”.", name=p.get("column")),
    "too_many_rows": lambda p: _("At most %(n)s booths per file.", n=p.get("max")),
    "duplicate_in_file": lambda p: _("Code %(code)s is already on line %(line)s.", code=p.get("code"), line=p.get("other")),
    "required": lambda p: _("Required."),
    "bad_code": lambda p: _("“%(value)s” is not a booth code (letters, digits, “-”, “.”, “/”; at most 16).", value=p.get("value")),
    "not_a_number": lambda p: _("“%(value)s” is not a number of metres.", value=p.get("value")),
    "too_big": lambda p: _("At most %(n)s metres.", n=p.get("max")),
    "not_positive": lambda p: _("Must be greater than zero."),
    "negative": lambda p: _("Cannot be negative."),
    "bad_choice": lambda p: _("“%(value)s” is not one of: %(choices)s.", value=p.get("value"), choices=p.get("choices")),
    "bad_boolean": lambda p: _("“%(value)s” is not yes or no.", value=p.get("value")),
    "too_long": lambda p: _("At most %(n)s characters.", n=p.get("max")),
    "unknown_zone": lambda p: _("No zone “%(value)s” in this hall (zones: %(choices)s).", value=p.get("value"),
                                choices=p.get("choices")),
    "code_exists": lambda p: _("Booth %(code)s already exists in this edition.", code=p.get("code")),
    "outside_hall": lambda p: _("Outside the hall (%(w)s × %(d)s m).", w=p.get("w"), d=p.get("d")),
    "overlap": lambda p: _("Overlaps booth %(code)s.", code=p.get("code")),
}


def import_message(error) -> str:
    params = dict(error.params)
    if error.code == "missing_column":
        params["column"] = error.column
    fn = IMPORT_MESSAGES.get(error.code)
    return fn(params) if fn else error.code


@bp.route("/editions/<slug>/manage/booths/halls/<int:hall_id>/import", methods=["GET", "POST"])
@require("booths.manage")
def import_csv(slug: str, hall_id: int):
    edition = g.edition
    hall = services.get_hall(edition, hall_id)
    form = ImportForm()
    errors = []
    refused = None
    if form.validate_on_submit():
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            form.file.errors = [_("Choose a CSV file.")]
        else:
            data = upload.read(2 * 1024 * 1024 + 1)
            try:
                n = services.import_booths(current_user, edition, hall, data)
            except services.ImportRejected as exc:
                errors = [(e.line, e.column, import_message(e)) for e in exc.errors]
            except DomainError as exc:
                flash(exc.message, "danger")
                refused = exc.status
            else:
                flash(ngettext("%(num)d booth imported.", "%(num)d booths imported.", n), "success")
                return redirect(url_for("booths.hall", slug=slug, hall_id=hall.id))
    status = 422 if (form.errors or errors) else (refused or 200)
    return render_template("booths/import.html", edition=edition, hall=hall, form=form, errors=errors), status


@bp.route("/editions/<slug>/manage/booths/template.csv")
@require("booths.manage")
def import_template(slug: str):
    rows = [["A-01", "Khu công nghiệp điện tử", "2", "2", "3", "3", "corner", "standard", "power;internet", "yes", "A",
             "available"],
            ["A-02", "Khu công nghiệp điện tử", "5", "2", "3", "3", "inline", "standard", "power", "yes", "A", "available"],
            ["B-01", "", "2", "10", "6", "3", "", "double", "power;water", "no", "B", "held"]]
    return Response(csvio.write(rows, csvio.COLUMNS), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="booths-template.csv"'})


@bp.route("/editions/<slug>/manage/booths/halls/<int:hall_id>/grid", methods=["GET", "POST"])
@require("booths.manage")
def grid(slug: str, hall_id: int):
    edition = g.edition
    hall = services.get_hall(edition, hall_id)
    form = GridForm()
    form.set_zones(hall.zones)
    if form.validate_on_submit():
        try:
            n = services.generate_booths(current_user, edition, hall, form.grid_data())
        except DomainError as exc:
            db.session.rollback()
            apply_domain_errors(form, exc)
        else:
            flash(ngettext("%(num)d booth created.", "%(num)d booths created.", n), "success")
            return redirect(url_for("booths.hall", slug=slug, hall_id=hall.id))
    return render_template("booths/grid.html", edition=edition, hall=hall, form=form), (422 if form.errors else 200)
