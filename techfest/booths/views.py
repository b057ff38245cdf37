"""Floor plan pages: organizers (halls, zones, booths, import, grid, assignments, allocation,
exhibitors, competitors, settings, log, exports), exhibitors (their booth and wishes) and the
public plan."""
from __future__ import annotations

from flask import Blueprint, Response, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from techfest.accounts.forms import ConfirmForm
from techfest.core.api import paginate_select
from techfest.core.auth import public, require
from techfest.core.db import db, db_int
from techfest.core.errors import DomainError, NotFound
from techfest.core.forms import apply_domain_errors
from techfest.editions.services import visible_edition

from . import exports, planview, proposals, scoring, services
from .forms import (AssignForm, BoothForm, CompetitorForm, GridForm, HallForm, ImportForm, MoveForm, PreferencesForm,
                    RunForm, SettingsForm, StatusForm, SwapForm, TierForm, ZoneForm)
from .models import (FEATURE_LABELS, RUN_STATUS_LABELS, SIZE_LABELS, STATUS_LABELS, TIER_LABELS, TYPE_LABELS,
                     BoothStatus, ChangeAction)

bp = Blueprint("booths", __name__)

BOOTHS_PER_PAGE = 50
LOG_PER_PAGE = 50


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


# --- organizer: overview and halls ---------------------------------------------------------

@bp.route("/editions/<slug>/manage/booths")
@require("booths.manage")
def manage(slug: str):
    edition = g.edition
    halls = services.halls_for(edition)
    counts = services.status_counts(edition)
    booths_per_hall = dict(db.session.execute(
        db.select(services.Booth.hall_id, db.func.count()).where(services.Booth.edition_id == edition.id)
        .group_by(services.Booth.hall_id)).all())
    known = services.exhibitors(edition)
    assigned = services.assignments_by_org(edition)
    return render_template("booths/manage.html", edition=edition, halls=halls, counts=counts,
                           booths_per_hall=booths_per_hall, exhibitor_count=len(known),
                           assigned_count=sum(1 for oid in known if oid in assigned),
                           proposal=proposals.latest_proposal(edition), **_labels())


@bp.route("/editions/<slug>/manage/booths/halls/new", methods=["GET", "POST"])
@require("booths.manage")
def new_hall(slug: str):
    edition = g.edition
    form = HallForm()
    if form.validate_on_submit():
        try:
            hall = services.save_hall(current_user, edition, None, form.data)
        except DomainError as exc:
            apply_domain_errors(form, exc)
        else:
            flash(_("Hall “%(name)s” created. Add booths with the grid generator or a CSV file.", name=hall.name), "success")
            return redirect(url_for("booths.hall", slug=slug, hall_id=hall.id))
    return render_template("booths/hall_form.html", edition=edition, form=form, hall=None,
                           confirm=ConfirmForm()), (422 if form.errors else 200)


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
    hall = services.get_hall(edition, hall_id)
    form = HallForm(obj=hall)
    if form.validate_on_submit():
        try:
            services.save_hall(current_user, edition, hall, form.data)
        except DomainError as exc:
            db.session.rollback()
            apply_domain_errors(form, exc)
        else:
            flash(_("The hall has been saved."), "success")
            return redirect(url_for("booths.hall", slug=slug, hall_id=hall.id))
    return render_template("booths/hall_form.html", edition=edition, form=form, hall=hall,
                           confirm=ConfirmForm()), (422 if form.errors else 200)


@bp.route("/editions/<slug>/manage/booths/halls/<int:hall_id>/delete", methods=["POST"])
@require("booths.manage")
def delete_hall(slug: str, hall_id: int):
    edition = g.edition
    hall = services.get_hall(edition, hall_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.delete_hall(current_user, edition, hall)
        except DomainError as exc:
            flash(exc.message, "danger")
            return redirect(url_for("booths.edit_hall", slug=slug, hall_id=hall_id))
        flash(_("The hall has been deleted."), "success")
    return redirect(url_for("booths.manage", slug=slug))


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


# --- booths -------------------------------------------------------------------------------

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


def _booth_page(edition, booth, form=None, status: int = 200, **forms):
    hall = booth.hall
    form = form or BoothForm(obj=booth, formdata=None)
    form.set_zones(hall.zones)
    if booth.status == BoothStatus.ASSIGNED:
        form.status.choices = [("assigned", STATUS_LABELS[BoothStatus.ASSIGNED])]
    known = services.exhibitors(edition)
    assigned = services.assignments_by_org(edition)
    assign_form = forms.get("assign_form") or AssignForm(formdata=None)
    fitting = sorted((e for e in known.values() if e.organisation_id not in assigned
                      and e.size == str(booth.size) and e.needs <= booth.features), key=lambda e: e.name.casefold())
    assign_form.organisation_id.choices = [(None, _("— choose —"))] + [(e.organisation_id, e.name) for e in fitting]
    a = booth.assignment
    neighbours = [services.get_booth(edition, i) for i in services.neighbour_ids(booth)]
    changes = list(db.session.scalars(services.changes_query(edition, booth.code).limit(20)))
    status_form = forms.get("status_form") or StatusForm(formdata=None, status=str(booth.status))
    return render_template("booths/booth.html", edition=edition, hall=hall, booth=booth, form=form,
                           assignment=a, exhibitor=known.get(a.organisation_id) if a else None,
                           assign_form=assign_form, move_form=forms.get("move_form") or MoveForm(formdata=None),
                           swap_form=forms.get("swap_form") or SwapForm(formdata=None), status_form=status_form,
                           fitting_count=len(fitting), unplaced=len(known) - sum(1 for o in known if o in assigned),
                           neighbours=neighbours, changes=changes, confirm=ConfirmForm(), **_labels()), status


@bp.route("/editions/<slug>/manage/booths/<int:booth_id>", methods=["GET", "POST"])
@require("booths.manage")
def booth(slug: str, booth_id: int):
    edition = g.edition
    booth = services.get_booth(edition, booth_id)
    if request.method == "GET":
        form = BoothForm(obj=booth, formdata=None)
        form.type.data = str(booth.type)
        form.size.data = str(booth.size)
        form.status.data = str(booth.status)
        return _booth_page(edition, booth, form)
    form = BoothForm()
    form.set_zones(booth.hall.zones)
    if booth.status == BoothStatus.ASSIGNED:
        form.status.choices = [("assigned", STATUS_LABELS[BoothStatus.ASSIGNED])]
    if form.validate_on_submit():
        try:
            services.save_booth(current_user, edition, booth.hall, booth, form.booth_data())
        except DomainError as exc:
            db.session.rollback()
            apply_domain_errors(form, exc, aliases={"booth": "size"})
        else:
            flash(_("Booth %(code)s saved.", code=booth.code), "success")
            return redirect(url_for("booths.booth", slug=slug, booth_id=booth.id))
    booth = services.get_booth(edition, booth_id)
    return _booth_page(edition, booth, form, 422)


@bp.route("/editions/<slug>/manage/booths/<int:booth_id>/delete", methods=["POST"])
@require("booths.manage")
def delete_booth(slug: str, booth_id: int):
    edition = g.edition
    booth = services.get_booth(edition, booth_id)
    hall_id = booth.hall_id
    if ConfirmForm().validate_on_submit():
        try:
            services.delete_booth(current_user, edition, booth)
        except DomainError as exc:
            flash(exc.message, "danger")
            return redirect(url_for("booths.booth", slug=slug, booth_id=booth_id))
        flash(_("The booth has been deleted."), "success")
    return redirect(url_for("booths.hall", slug=slug, hall_id=hall_id))


def _action(slug, booth_id, fn, success: str):
    try:
        fn()
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "danger")
        return redirect(url_for("booths.booth", slug=slug, booth_id=booth_id)), False
    flash(success, "success")
    return redirect(url_for("booths.booth", slug=slug, booth_id=booth_id)), True


@bp.route("/editions/<slug>/manage/booths/<int:booth_id>/assign", methods=["POST"])
@require("booths.manage")
def assign(slug: str, booth_id: int):
    edition = g.edition
    booth = services.get_booth(edition, booth_id)
    form = AssignForm()
    if not form.validate_on_submit() or not form.organisation_id.data:
        flash(_("Choose an exhibitor."), "danger")
        return redirect(url_for("booths.booth", slug=slug, booth_id=booth_id))
    code = booth.code
    resp, _ok = _action(slug, booth_id, lambda: services.assign_booth(
        current_user, edition, booth.id, form.organisation_id.data, locked=form.locked.data),
        _("Booth %(code)s assigned.", code=code))
    return resp


@bp.route("/editions/<slug>/manage/booths/<int:booth_id>/unassign", methods=["POST"])
@require("booths.manage")
def unassign(slug: str, booth_id: int):
    edition = g.edition
    booth = services.get_booth(edition, booth_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("booths.booth", slug=slug, booth_id=booth_id))
    code = booth.code
    resp, _ok = _action(slug, booth_id, lambda: services.unassign_booth(current_user, edition, booth.id),
                        _("Booth %(code)s is free again.", code=code))
    return resp


@bp.route("/editions/<slug>/manage/booths/<int:booth_id>/move", methods=["POST"])
@require("booths.manage")
def move(slug: str, booth_id: int):
    edition = g.edition
    booth = services.get_booth(edition, booth_id)
    form = MoveForm()
    if not form.validate_on_submit():
        flash(_("Enter the code of the booth to move to."), "danger")
        return redirect(url_for("booths.booth", slug=slug, booth_id=booth_id))
    if booth.assignment is None:
        flash(_("Booth %(code)s holds no exhibitor.", code=booth.code), "danger")
        return redirect(url_for("booths.booth", slug=slug, booth_id=booth_id))
    org_id = booth.assignment.organisation_id
    try:
        target = services.booth_by_code(edition, form.target.data)
        services.move_exhibitor(current_user, edition, org_id, target.id)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message if not isinstance(exc, NotFound) else _("There is no booth %(code)s.", code=form.target.data.strip().upper()),
              "danger")
        return redirect(url_for("booths.booth", slug=slug, booth_id=booth_id))
    flash(_("Moved to booth %(code)s.", code=target.code), "success")
    return redirect(url_for("booths.booth", slug=slug, booth_id=target.id))


@bp.route("/editions/<slug>/manage/booths/<int:booth_id>/swap", methods=["POST"])
@require("booths.manage")
def swap(slug: str, booth_id: int):
    edition = g.edition
    booth = services.get_booth(edition, booth_id)
    form = SwapForm()
    if not form.validate_on_submit():
        flash(_("Enter the code of the booth to swap with."), "danger")
        return redirect(url_for("booths.booth", slug=slug, booth_id=booth_id))
    try:
        other = services.booth_by_code(edition, form.other.data)
        services.swap_booths(current_user, edition, booth.id, other.id)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message if not isinstance(exc, NotFound) else _("There is no booth %(code)s.", code=form.other.data.strip().upper()),
              "danger")
        return redirect(url_for("booths.booth", slug=slug, booth_id=booth_id))
    flash(_("Booths %(a)s and %(b)s swapped.", a=booth.code, b=other.code), "success")
    return redirect(url_for("booths.booth", slug=slug, booth_id=booth_id))


@bp.route("/editions/<slug>/manage/booths/<int:booth_id>/lock", methods=["POST"])
@require("booths.manage")
def lock(slug: str, booth_id: int):
    edition = g.edition
    booth = services.get_booth(edition, booth_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("booths.booth", slug=slug, booth_id=booth_id))
    locked = request.form.get("locked") == "1"
    code = booth.code
    resp, _ok = _action(slug, booth_id, lambda: services.set_lock(current_user, edition, booth.id, locked),
                        _("Booth %(code)s locked: the allocation keeps it.", code=code) if locked
                        else _("Booth %(code)s unlocked.", code=code))
    return resp


@bp.route("/editions/<slug>/manage/booths/<int:booth_id>/status", methods=["POST"])
@require("booths.manage")
def set_status(slug: str, booth_id: int):
    edition = g.edition
    booth = services.get_booth(edition, booth_id)
    form = StatusForm()
    if not form.validate_on_submit():
        flash(_("Choose a status."), "danger")
        return redirect(url_for("booths.booth", slug=slug, booth_id=booth_id))
    code = booth.code
    resp, _ok = _action(slug, booth_id, lambda: services.set_booth_status(current_user, edition, booth.id, form.status.data),
                        _("Booth %(code)s is now: %(status)s.", code=code, status=STATUS_LABELS[BoothStatus(form.status.data)]))
    return resp


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
    from . import csvio

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


# --- exhibitors, tiers, competitors, settings --------------------------------------------

@bp.route("/editions/<slug>/manage/booths/exhibitors")
@require("booths.manage")
def exhibitors(slug: str):
    edition = g.edition
    rows = services.exhibitor_rows(edition)
    q = (request.args.get("q") or "")[:100]
    if q:
        from techfest.core.search import fold

        words = fold(q).split()
        rows = [r for r in rows if all(w in fold(r.exhibitor.name) for w in words)]
    only = request.args.get("show")
    if only == "unplaced":
        rows = [r for r in rows if r.assignment is None]
    return render_template("booths/exhibitors.html", edition=edition, rows=rows, q=q, show=only,
                           tier_form=TierForm(formdata=None), **_labels())


@bp.route("/editions/<slug>/manage/booths/exhibitors/tier", methods=["POST"])
@require("booths.manage")
def set_tier(slug: str):
    edition = g.edition
    form = TierForm()
    if form.validate_on_submit():
        try:
            services.set_tier(current_user, edition, db_int(form.organisation_id.data), form.tier.data)
        except (DomainError, ValueError) as exc:
            db.session.rollback()
            flash(getattr(exc, "message", _("Not a valid choice.")), "danger")
        else:
            flash(_("Priority tier saved."), "success")
    else:
        flash(_("Choose a tier."), "danger")
    return redirect(url_for("booths.exhibitors", slug=slug, **({"q": request.args["q"]} if request.args.get("q") else {})))


@bp.route("/editions/<slug>/manage/booths/competitors", methods=["GET", "POST"])
@require("booths.manage")
def competitors(slug: str):
    edition = g.edition
    known = sorted(services.exhibitors(edition).values(), key=lambda e: e.name.casefold())
    form = CompetitorForm()
    form.set_exhibitors(known)
    if form.validate_on_submit():
        try:
            _pair, adjacent = services.add_competitor_pair(current_user, edition, form.first.data, form.second.data)
        except DomainError as exc:
            db.session.rollback()
            apply_domain_errors(form, exc, aliases={"organisation_id": "first"})
        else:
            flash(_("Competitor pair added: the allocation keeps them apart."), "success")
            if adjacent:
                flash(_("These two are on neighbouring booths right now: move one of them."), "warning")
            return redirect(url_for("booths.competitors", slug=slug))
    return render_template("booths/competitors.html", edition=edition, form=form,
                           pairs=services.competitor_pairs(edition), confirm=ConfirmForm()), (422 if form.errors else 200)


@bp.route("/editions/<slug>/manage/booths/competitors/<int:pair_id>/delete", methods=["POST"])
@require("booths.manage")
def delete_competitor(slug: str, pair_id: int):
    edition = g.edition
    if ConfirmForm().validate_on_submit():
        services.delete_competitor_pair(current_user, edition, pair_id)
        flash(_("The competitor pair has been removed."), "success")
    return redirect(url_for("booths.competitors", slug=slug))


@bp.route("/editions/<slug>/manage/booths/settings", methods=["GET", "POST"])
@require("booths.manage")
def settings(slug: str):
    edition = g.edition
    form = SettingsForm()
    if request.method == "GET":
        form.load(services.allocation_config(edition))
    if form.validate_on_submit():
        try:
            services.save_allocation_config(current_user, edition, form.config())
        except DomainError as exc:
            apply_domain_errors(form, exc)
        else:
            flash(_("The allocation settings have been saved."), "success")
            return redirect(url_for("booths.settings", slug=slug))
    config = services.allocation_config(edition)
    return render_template("booths/settings.html", edition=edition, form=form, config=config,
                           defaults=scoring.DEFAULT_CONFIG, **_labels()), (422 if form.errors else 200)


# --- allocation ---------------------------------------------------------------------------

@bp.route("/editions/<slug>/manage/booths/allocation", methods=["GET", "POST"])
@require("booths.manage")
def allocation(slug: str):
    edition = g.edition
    form = RunForm()
    if form.validate_on_submit():
        try:
            run = proposals.run_allocation(current_user, edition, float(form.time_limit.data or 10))
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
        else:
            flash(_("Proposal computed: %(placed)s of %(total)s exhibitors placed.", placed=run.assigned_count,
                    total=run.exhibitor_count), "success")
            return redirect(url_for("booths.proposal", slug=slug, run_id=run.id))
    known = services.exhibitors(edition)
    counts = services.status_counts(edition)
    return render_template("booths/allocation.html", edition=edition, form=form, runs=proposals.runs_for(edition),
                           exhibitor_count=len(known), counts=counts, **_labels()), (422 if form.errors else 200)


@bp.route("/editions/<slug>/manage/booths/allocation/<int:run_id>")
@require("booths.manage")
def proposal(slug: str, run_id: int):
    edition = g.edition
    run = proposals.get_run(edition, run_id)
    show = request.args.get("show") or "changes"
    rows = run.rows
    if show == "changes":
        rows = [r for r in rows if r["change"] != "unchanged"]
    elif show == "unassigned":
        rows = [r for r in rows if not r["proposed"]]
    order = {"removed": 0, "unassigned": 1, "moved": 2, "new": 3, "unchanged": 4}
    rows = sorted(rows, key=lambda r: (order.get(r["change"], 9), r["name"].casefold()))
    return render_template("booths/proposal.html", edition=edition, run=run, rows=rows, show=show,
                           summary=proposals.summary(run), current=proposals.is_current(edition, run),
                           confirm=ConfirmForm(), **_labels())


@bp.route("/editions/<slug>/manage/booths/allocation/<int:run_id>/publish", methods=["POST"])
@require("booths.manage")
def publish(slug: str, run_id: int):
    edition = g.edition
    if ConfirmForm().validate_on_submit():
        try:
            counts = proposals.publish_run(current_user, edition, run_id)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
            return redirect(url_for("booths.proposal", slug=slug, run_id=run_id))
        flash(_("Proposal published: %(new)s new, %(moved)s moved, %(removed)s removed, %(same)s unchanged.",
                new=counts["new"], moved=counts["moved"], removed=counts["removed"], same=counts["unchanged"]), "success")
        return redirect(url_for("booths.manage", slug=slug))
    return redirect(url_for("booths.proposal", slug=slug, run_id=run_id))


@bp.route("/editions/<slug>/manage/booths/allocation/<int:run_id>/discard", methods=["POST"])
@require("booths.manage")
def discard(slug: str, run_id: int):
    edition = g.edition
    if ConfirmForm().validate_on_submit():
        try:
            proposals.discard_run(current_user, edition, run_id)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
        else:
            flash(_("The proposal has been discarded."), "success")
    return redirect(url_for("booths.allocation", slug=slug))


@bp.route("/editions/<slug>/manage/booths/allocation/<int:run_id>/problem.json")
@require("booths.manage")
def problem_json(slug: str, run_id: int):
    import json

    run = proposals.get_run(g.edition, run_id)
    body = json.dumps(run.problem, ensure_ascii=False, indent=1, sort_keys=True)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="allocation-{run.id}.json"'})


# --- log and exports ----------------------------------------------------------------------

@bp.route("/editions/<slug>/manage/booths/log")
@require("booths.manage")
def log(slug: str):
    edition = g.edition
    code = (request.args.get("booth") or "")[:16]
    result = paginate_select(services.changes_query(edition, code or None), _page(), LOG_PER_PAGE)
    return render_template("booths/log.html", edition=edition, result=result, code=code, actions=ChangeAction,
                           **_labels())


@bp.route("/editions/<slug>/manage/booths/booths.csv")
@require("booths.manage")
def export_csv(slug: str):
    edition = g.edition
    return Response(exports.csv_bytes(edition), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="booths-{edition.slug}.csv"'})


@bp.route("/editions/<slug>/manage/booths/plan.pdf")
@require("booths.manage")
def plan_pdf(slug: str):
    edition = g.edition
    pdf = exports.plan_pdf(edition, _locale())
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="plan-{edition.slug}.pdf"'})


# --- exhibitor: my booth and wishes -------------------------------------------------------

def _preference_options(edition, ex):
    zones = services.zones_for(edition)
    choices = [("", _("— none —"))]
    choices += [(f"z:{z.id}", _("Zone: %(zone)s (%(hall)s)", zone=z.name, hall=z.hall.name)) for z in zones]
    choices += [(f"b:{b.id}", _("Booth %(code)s", code=b.code) + (f" – {b.zone.name}" if b.zone else ""))
                for b in services.fitting_booths(edition, ex)]
    others = sorted((e for e in services.exhibitors(edition).values() if e.organisation_id != ex.organisation_id),
                    key=lambda e: e.name.casefold())
    near = [(None, _("— none —"))] + [(e.organisation_id, e.name) for e in others]
    return choices, near


@bp.route("/editions/<slug>/my-booth", methods=["GET", "POST"])
@require("booths.prefer")
def my_booth(slug: str):
    edition = g.edition
    ex = services.exhibitor_for_actor(current_user, edition)
    if ex is None:
        return render_template("booths/my_booth.html", edition=edition, ex=None, form=None, svg=None)
    form = PreferencesForm()
    choices, near = _preference_options(edition, ex)
    form.set_options(choices, near)
    if request.method == "GET":
        for p in services.preferences_of(edition, ex.organisation_id):
            getattr(form, f"choice_{p.rank}").data = f"b:{p.booth_id}" if p.booth_id else f"z:{p.zone_id}"
        for i, n in enumerate(services.near_wishes_of(edition, ex.organisation_id)[:3], start=1):
            getattr(form, f"near_{i}").data = n.near_organisation_id
    if form.validate_on_submit():
        try:
            services.save_preferences(current_user, edition, ex.organisation_id,
                                      [getattr(form, n).data for n in form.CHOICES],
                                      [getattr(form, n).data for n in form.NEAR])
        except DomainError as exc:
            db.session.rollback()
            apply_domain_errors(form, exc, aliases={"choices": "choice_1", "near": "near_1"})
        else:
            flash(_("Your booth wishes have been saved."), "success")
            return redirect(url_for("booths.my_booth", slug=slug))
    code = services.booth_for_organisation(edition, ex.organisation_id)
    booth = services.booth_by_code(edition, code) if code else None
    halls = services.halls_for(edition)
    hall = booth.hall if booth else (halls[0] if halls else None)
    svg = None
    if hall is not None:
        booths = services.hall_booths(hall)
        svg = planview.render(hall, booths, mode="zone", audience="exhibitor", ctx=planview.context(edition),
                              locale=_locale(), highlight_org=ex.organisation_id)
    return render_template("booths/my_booth.html", edition=edition, ex=ex, form=form, svg=svg, booth=booth,
                           hall=hall, **_labels()), (422 if form.errors else 200)


# --- public plan --------------------------------------------------------------------------

def _public_link(edition, ctx):
    def link(b):
        a = b.assignment
        if a is None:
            return None
        ex = ctx.exhibitors.get(a.organisation_id)
        if ex is not None and len(ex.product_ids) == 1:
            return url_for("submissions.product_page", slug=edition.slug, product_id=ex.product_ids[0])
        return f"#exhibitor-{b.code}"
    return link


@bp.route("/editions/<slug>/floor-plan")
@public
def floor_plan(slug: str):
    edition = visible_edition(slug, current_user)
    halls = services.halls_for(edition)
    hall_id = request.args.get("hall", type=db_int)
    hall = next((h for h in halls if h.id == hall_id), halls[0] if halls else None)
    mode = _mode()
    if mode == "status":
        mode = "zone"
    svg, legend, listing = None, [], []
    if hall is not None:
        booths = services.hall_booths(hall)
        ctx = planview.context(edition)
        svg = planview.render(hall, booths, mode=mode, audience="public", ctx=ctx, locale=_locale(),
                              link=_public_link(edition, ctx))
        legend = planview.legend(hall, booths, mode, ctx, _locale())
        for b in booths:
            if b.assignment is not None:
                ex = ctx.exhibitors.get(b.assignment.organisation_id)
                listing.append((b, b.assignment.organisation.name,
                                list(zip(ex.product_ids, ex.product_titles)) if ex else []))
    return render_template("booths/floor_plan.html", edition=edition, halls=halls, hall=hall, mode=mode, svg=svg,
                           legend=legend, listing=listing, **_labels())


@bp.route("/editions/<slug>/floor-plan/<int:hall_id>.svg")
@public
def plan_svg(slug: str, hall_id: int):
    edition = visible_edition(slug, current_user)
    hall = services.get_hall(edition, hall_id)
    mode = _mode()
    if mode == "status":
        mode = "zone"
    ctx = planview.context(edition)
    svg = planview.render(hall, services.hall_booths(hall), mode=mode, audience="public", ctx=ctx, locale=_locale(),
                          link=lambda b: url_for("booths.floor_plan", slug=slug, hall=hall.id, _external=True)
                          + f"#exhibitor-{b.code}" if b.assignment else None,
                          standalone=True, with_legend=True)
    return Response(svg, mimetype="image/svg+xml")
