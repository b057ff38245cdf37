"""The scanner (phone first, /checkin) with its JSON calls, and the organizers' live dashboard.

The scanner's JSON endpoints use the browser session and the CSRF header (the /api ones take
bearer tokens only); both call the same services.
"""
from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, current_app, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from techfest.core.auth import public, require
from techfest.core.db import db, utcnow
from techfest.core.errors import DomainError, ValidationFailed
from techfest.core.forms import apply_domain_errors

from . import chart, services
from .models import SCAN_STATUS_LABELS, PointKind

bp = Blueprint("checkin", __name__)


@bp.route("/checkin")
@require("checkin.scan")
def index():
    return render_template("checkin/index.html", points=services.points_for_user(current_user))


@bp.route("/checkin/<point_code>")
@require("checkin.scan")
def scanner(point_code):
    point = services.get_point_for_scan(current_user, point_code)
    return render_template("checkin/scanner.html", point=point, labels=SCAN_STATUS_LABELS)


def _json_body() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ValidationFailed("a JSON object is expected", {"_schema": ["a JSON object is expected"]})
    return data


@bp.route("/checkin/<point_code>/scan", methods=["POST"])
@require("checkin.scan")
def scan(point_code):
    services.get_point_for_scan(current_user, point_code)
    data = _json_body()
    item = {k: data.get(k) for k in ("token", "registration_id", "nonce", "scanned_at", "direction")}
    if item["registration_id"] is not None and not isinstance(item["registration_id"], int):
        raise ValidationFailed("invalid registration", {"registration_id": ["a number"]})
    item["point"] = point_code
    return jsonify(services.check_in(current_user, item))


@bp.route("/checkin/<point_code>/batch", methods=["POST"])
@require("checkin.scan")
def batch(point_code):
    services.get_point_for_scan(current_user, point_code)
    scans = _json_body().get("scans")
    if not isinstance(scans, list) or not all(isinstance(s, dict) for s in scans):
        raise ValidationFailed("a list of scans is expected", {"scans": ["a list of scans"]})
    items = [{**{k: s.get(k) for k in ("token", "registration_id", "nonce", "scanned_at", "direction")},
              "point": point_code} for s in scans]
    return jsonify({"results": services.check_in_batch(current_user, items)})


@bp.route("/checkin/<point_code>/undo", methods=["POST"])
@require("checkin.scan")
def undo(point_code):
    services.get_point_for_scan(current_user, point_code)
    return jsonify(services.undo_scan(current_user, str(_json_body().get("nonce") or "")))


@bp.route("/checkin/<point_code>/search")
@require("checkin.scan")
def search(point_code):
    point = services.get_point_for_scan(current_user, point_code)
    return jsonify({"items": services.search_registrations(point, request.args.get("q", "")[:100])})


@bp.route("/checkin/<point_code>/offline.json")
@require("checkin.scan")
def offline(point_code):
    point = services.get_point_for_scan(current_user, point_code)
    resp = jsonify(services.offline_bundle(point))
    resp.headers["Cache-Control"] = "private, no-store"
    return resp


@bp.route("/checkin/manifest.webmanifest")
@public
def manifest():
    data = {"name": "Techfest check-in", "short_name": _("Check-in"), "start_url": url_for("checkin.index"),
            "scope": "/checkin/", "display": "standalone", "background_color": "#ffffff",
            "theme_color": "#0d6efd",
            "icons": [{"src": url_for("static", filename="img/checkin-icon.svg"), "sizes": "any",
                       "type": "image/svg+xml"}]}
    return current_app.response_class(current_app.json.dumps(data), mimetype="application/manifest+json")


@bp.route("/checkin/sw.js")
@public
def service_worker():
    """Served from /checkin/ so its scope covers the scanner pages."""
    path = current_app.static_folder + "/js/checkin-sw.js"
    with open(path, encoding="utf-8") as fh:
        body = fh.read()
    resp = Response(body, mimetype="application/javascript")
    resp.headers["Cache-Control"] = "no-cache"
    resp.headers["Service-Worker-Allowed"] = "/checkin/"
    return resp


# --- organizers ---------------------------------------------------------------------------

def _dashboard_context(edition) -> dict:
    today = services.local_day(edition, utcnow())
    day = today if edition.start_date <= today <= edition.end_date else edition.start_date
    arg = request.args.get("day")
    if arg:
        try:
            day = date.fromisoformat(arg)
        except ValueError:
            pass
    st = services.stats(edition)
    points = services.points_for_edition(edition)
    sessions = [(p, st["points"][p.code]) for p in points if p.kind == PointKind.SESSION]
    gates = [(p, st["points"][p.code]) for p in points if p.kind == PointKind.GATE]
    return {"edition": edition, "stats": st, "day": day, "gates": gates, "sessions": sessions,
            "chart_svg": Markup(chart.arrivals_svg(services.arrivals_per_quarter(edition, day))),  # labels escaped in chart.py
            "scans": services.last_scans(edition), "conflicts": services.conflicts(edition),
            "labels": SCAN_STATUS_LABELS}


@bp.route("/editions/<slug>/checkin")
@require("checkin.manage")
def dashboard(slug):
    return render_template("checkin/dashboard.html", **_dashboard_context(g.edition))


@bp.route("/editions/<slug>/checkin/live")
@require("checkin.manage")
def dashboard_live(slug):
    """The dashboard's body alone, fetched by static/js/checkin-dashboard.js every few seconds."""
    return render_template("checkin/_live.html", **_dashboard_context(g.edition))


# --- organizers: check-in points (the same services as /api/v1/.../checkin/points) ----------

def _point_of_edition(edition, point_code):
    from techfest.core.errors import NotFound

    point = services.get_point(point_code)
    if point.edition_id != edition.id:
        raise NotFound("check-in point not found")
    return point


def _service_message(message: str) -> str:
    """The services' field messages (English, shared with the API) in the page's language."""
    prefix = "no account with this e-mail: "
    if message.startswith(prefix):
        return _("No account with this e-mail: %(emails)s", emails=message[len(prefix):])
    return {"already used": _("This code is already used."),
            "days must be dates of the edition": _("Days must be dates of the edition.")}.get(message, message)


@bp.route("/editions/<slug>/checkin/points")
@require("checkin.manage")
def points(slug):
    from techfest.accounts.forms import ConfirmForm

    return render_template("checkin/points.html", edition=g.edition, points=services.points_for_edition(g.edition),
                           confirm=ConfirmForm())


@bp.route("/editions/<slug>/checkin/points/new", methods=["GET", "POST"])
@require("checkin.manage")
def point_new(slug):
    from .forms import PointForm

    form = PointForm()
    form.set_choices(g.edition)
    if form.validate_on_submit():
        try:
            point = services.create_point(current_user, g.edition, form.data_for_service())
        except DomainError as exc:
            db.session.rollback()
            apply_domain_errors(form, exc, _service_message)
        else:
            flash(_("Check-in point “%(name)s” created.", name=point.name), "success")
            return redirect(url_for("checkin.points", slug=g.edition.slug))
    return render_template("checkin/point_form.html", edition=g.edition, form=form, point=None), \
        (422 if form.errors else 200)


@bp.route("/editions/<slug>/checkin/points/<point_code>/edit", methods=["GET", "POST"])
@require("checkin.manage")
def point_edit(slug, point_code):
    from .forms import PointForm

    point = _point_of_edition(g.edition, point_code)
    form = PointForm(obj=point) if request.method == "GET" else PointForm()
    form.set_choices(g.edition)
    if request.method == "GET":
        form.types.data, form.days.data = list(point.types or []), list(point.days or [])
        form.staff.data = "\n".join(point.staff_emails)
        form.kind.data = str(point.kind)
    if form.validate_on_submit():
        try:
            services.update_point(current_user, point, form.data_for_service())
        except DomainError as exc:
            db.session.rollback()
            apply_domain_errors(form, exc, _service_message)
        else:
            flash(_("The check-in point has been saved."), "success")
            return redirect(url_for("checkin.points", slug=g.edition.slug))
    return render_template("checkin/point_form.html", edition=g.edition, form=form, point=point), \
        (422 if form.errors else 200)


@bp.route("/editions/<slug>/checkin/points/<point_code>/delete", methods=["POST"])
@require("checkin.manage")
def point_delete(slug, point_code):
    from techfest.accounts.forms import ConfirmForm

    point = _point_of_edition(g.edition, point_code)
    if ConfirmForm().validate_on_submit():
        name = point.name
        services.delete_point(current_user, point)
        flash(_("Check-in point “%(name)s” deleted with its scans.", name=name), "success")
    else:
        flash(_("The form has expired; please try again."), "danger")
    return redirect(url_for("checkin.points", slug=g.edition.slug))
