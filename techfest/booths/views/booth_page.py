"""One booth, for organizers: its page (details form, neighbours, recent changes), delete, and the
actions on it: assign, free, move, swap, lock and status. Each action flashes the outcome and
leads back to the booth page."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from techfest.accounts.forms import ConfirmForm
from techfest.core.auth import require
from techfest.core.db import db
from techfest.core.errors import DomainError, NotFound
from techfest.core.forms import apply_domain_errors

from .. import services
from ..forms import AssignForm, BoothForm, MoveForm, StatusForm, SwapForm
from ..models import STATUS_LABELS, BoothStatus
from . import bp
from .common import _confirmed_delete, _labels


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
    return _confirmed_delete(lambda: services.delete_booth(current_user, edition, booth), _("The booth has been deleted."),
                             url_for("booths.booth", slug=slug, booth_id=booth_id),
                             url_for("booths.hall", slug=slug, hall_id=booth.hall_id))


# --- actions ------------------------------------------------------------------------------

def _back(slug: str, booth_id: int):
    return redirect(url_for("booths.booth", slug=slug, booth_id=booth_id))


def _act(slug: str, booth_id: int, act, success: str):
    """Run one action; flash its refusal or ``success``, then back to the booth page."""
    try:
        act()
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "danger")
    else:
        flash(success, "success")
    return _back(slug, booth_id)


def _act_on_typed_booth(edition, code: str, act):
    """Find the booth whose code the organizer typed and ``act(target)`` (move to it, swap with
    it). Returns the target, or None after flashing why not: no such booth, or the refusal."""
    try:
        target = services.booth_by_code(edition, code)
        act(target)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message if not isinstance(exc, NotFound) else _("There is no booth %(code)s.", code=code.strip().upper()),
              "danger")
        return None
    return target


@bp.route("/editions/<slug>/manage/booths/<int:booth_id>/assign", methods=["POST"])
@require("booths.manage")
def assign(slug: str, booth_id: int):
    edition = g.edition
    booth = services.get_booth(edition, booth_id)
    form = AssignForm()
    if not form.validate_on_submit() or not form.organisation_id.data:
        flash(_("Choose an exhibitor."), "danger")
        return _back(slug, booth_id)
    code = booth.code
    return _act(slug, booth_id, lambda: services.assign_booth(
        current_user, edition, booth.id, form.organisation_id.data, locked=form.locked.data),
        _("Booth %(code)s assigned.", code=code))


@bp.route("/editions/<slug>/manage/booths/<int:booth_id>/unassign", methods=["POST"])
@require("booths.manage")
def unassign(slug: str, booth_id: int):
    edition = g.edition
    booth = services.get_booth(edition, booth_id)
    if not ConfirmForm().validate_on_submit():
        return _back(slug, booth_id)
    code = booth.code
    return _act(slug, booth_id, lambda: services.unassign_booth(current_user, edition, booth.id),
                _("Booth %(code)s is free again.", code=code))


@bp.route("/editions/<slug>/manage/booths/<int:booth_id>/move", methods=["POST"])
@require("booths.manage")
def move(slug: str, booth_id: int):
    edition = g.edition
    booth = services.get_booth(edition, booth_id)
    form = MoveForm()
    if not form.validate_on_submit():
        flash(_("Enter the code of the booth to move to."), "danger")
        return _back(slug, booth_id)
    if booth.assignment is None:
        flash(_("Booth %(code)s holds no exhibitor.", code=booth.code), "danger")
        return _back(slug, booth_id)
    org_id = booth.assignment.organisation_id
    target = _act_on_typed_booth(edition, form.target.data,
                                 lambda t: services.move_exhibitor(current_user, edition, org_id, t.id))
    if target is None:
        return _back(slug, booth_id)
    flash(_("Moved to booth %(code)s.", code=target.code), "success")
    return _back(slug, target.id)


@bp.route("/editions/<slug>/manage/booths/<int:booth_id>/swap", methods=["POST"])
@require("booths.manage")
def swap(slug: str, booth_id: int):
    edition = g.edition
    booth = services.get_booth(edition, booth_id)
    form = SwapForm()
    if not form.validate_on_submit():
        flash(_("Enter the code of the booth to swap with."), "danger")
        return _back(slug, booth_id)
    other = _act_on_typed_booth(edition, form.other.data,
                                lambda o: services.swap_booths(current_user, edition, booth.id, o.id))
    if other is not None:
        flash(_("Booths %(a)s and %(b)s swapped.", a=booth.code, b=other.code), "success")
    return _back(slug, booth_id)


@bp.route("/editions/<slug>/manage/booths/<int:booth_id>/lock", methods=["POST"])
@require("booths.manage")
def lock(slug: str, booth_id: int):
    edition = g.edition
    booth = services.get_booth(edition, booth_id)
    if not ConfirmForm().validate_on_submit():
        return _back(slug, booth_id)
    locked = request.form.get("locked") == "1"
    code = booth.code
    return _act(slug, booth_id, lambda: services.set_lock(current_user, edition, booth.id, locked),
                _("Booth %(code)s locked: the allocation keeps it.", code=code) if locked
                else _("Booth %(code)s unlocked.", code=code))


@bp.route("/editions/<slug>/manage/booths/<int:booth_id>/status", methods=["POST"])
@require("booths.manage")
def set_status(slug: str, booth_id: int):
    edition = g.edition
    booth = services.get_booth(edition, booth_id)
    form = StatusForm()
    if not form.validate_on_submit():
        flash(_("Choose a status."), "danger")
        return _back(slug, booth_id)
    code = booth.code
    return _act(slug, booth_id, lambda: services.set_booth_status(current_user, edition, booth.id, form.status.data),
                _("Booth %(code)s is now: %(status)s.", code=code, status=STATUS_LABELS[BoothStatus(form.status.data)]))
