"""The public programme (by day, room and track), session and speaker pages, "my programme",
the changes between versions, photos, and the exports (iCalendar, Frab XML/JSON, CSV). All of
them show the newest published version only."""
from __future__ import annotations

import json
from datetime import datetime

from flask import g, make_response, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from techfest.core.auth import can, public
from techfest.core.csvio import csv_bytes, safe_cell
from techfest.core.errors import NotFound
from techfest.editions.services import visible_edition

from .. import services
from . import bp
from .common import CHANGE_KIND_LABELS, current_locale, parse_day

# =========================================================================================


def _public_programme(slug: str):
    edition = visible_edition(slug, current_user)
    g.edition = edition
    return edition, services.published_programme(edition)


def _public_context(edition, programme, **kw):
    return {"edition": edition, "programme": programme, "locale": current_locale(),
            "can_manage": can(current_user, "forum.manage", edition), **kw}


@bp.route("/editions/<slug>/programme")
@public
def programme(slug: str):
    edition, prog = _public_programme(slug)
    day = None
    if prog and prog.days:
        wanted = parse_day(request.args.get("day"))
        day = next((d for d in prog.days if d.date == wanted), None)
        if day is None:
            today = datetime.now(services.zone_of(edition)).date()
            day = next((d for d in prog.days if d.date == today), prog.days[0])
    return render_template("forum/programme.html", **_public_context(edition, prog, day=day, view="day"))


@bp.route("/editions/<slug>/programme/rooms")
@public
def programme_rooms(slug: str):
    edition, prog = _public_programme(slug)
    groups = prog.by_room() if prog else []
    return render_template("forum/programme_rooms.html", **_public_context(edition, prog, groups=groups, view="room"))


@bp.route("/editions/<slug>/programme/tracks")
@public
def programme_tracks(slug: str):
    edition, prog = _public_programme(slug)
    groups = prog.by_track() if prog else []
    return render_template("forum/programme_tracks.html",
                           **_public_context(edition, prog, groups=groups, view="track"))


@bp.route("/editions/<slug>/programme/sessions/<session_code>")
@public
def session_page(slug: str, session_code: str):
    edition, prog = _public_programme(slug)
    session = prog.session(session_code) if prog else None
    if session is None:
        raise NotFound(_("This session is not in the published programme."))
    return render_template("forum/session.html", **_public_context(edition, prog, session=session))


@bp.route("/editions/<slug>/programme/sessions/<session_code>.ics")
@public
def session_ics(slug: str, session_code: str):
    edition, prog = _public_programme(slug)
    session = prog.session(session_code) if prog else None
    if session is None:
        raise NotFound(_("This session is not in the published programme."))
    data = services.export_ics(edition, prog, _session_url(edition), sessions=[session])
    return _download(data, "text/calendar; charset=utf-8", f"{session.code}.ics", prog, inline=True)


@bp.route("/editions/<slug>/programme/speakers")
@public
def speakers_public(slug: str):
    edition, prog = _public_programme(slug)
    return render_template("forum/speakers_public.html", **_public_context(edition, prog, view="speakers"))


@bp.route("/editions/<slug>/programme/speakers/<speaker_code>")
@public
def speaker_page(slug: str, speaker_code: str):
    edition, prog = _public_programme(slug)
    person = prog.speaker(speaker_code) if prog else None
    if person is None:
        raise NotFound(_("This person is not in the published programme."))
    return render_template("forum/speaker.html", **_public_context(edition, prog, person=person,
                                                                     sessions=prog.sessions_of(person)))


@bp.route("/editions/<slug>/programme/mine")
@public
def my_programme(slug: str):
    edition, prog = _public_programme(slug)
    return render_template("forum/my_programme.html", **_public_context(edition, prog, view="mine"))


@bp.route("/editions/<slug>/programme/changes")
@public
def changes(slug: str):
    edition, prog = _public_programme(slug)
    return render_template("forum/versions.html", **_public_context(
        edition, prog, versions=services.versions_of(edition), kind_labels=CHANGE_KIND_LABELS, manage=False,
        view="changes"))


@bp.route("/editions/<slug>/programme/photos/<photo>")
@public
def photo(slug: str, photo: str):
    edition, prog = _public_programme(slug)
    allowed = (prog is not None and photo in prog.photos()) or can(current_user, "forum.manage", edition)
    path = services.photo_path(photo) if allowed else None
    if path is None:
        raise NotFound(_("Not found."))
    return send_file(path, mimetype="image/jpeg", max_age=3600)


# --- exports ---------------------------------------------------------------------------------

def _session_url(edition):
    return lambda code: url_for("forum.session_page", slug=edition.slug, session_code=code, _external=True)


def _download(data, mimetype: str, filename: str, prog, inline: bool = False):
    resp = make_response(data)
    resp.mimetype = mimetype.split(";")[0]
    resp.headers["Content-Type"] = mimetype
    disposition = "inline" if inline else "attachment"
    resp.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    resp.headers["Cache-Control"] = "public, max-age=300"
    resp.set_etag(f"{filename}-v{prog.version if prog else 0}-{current_locale()}")
    return resp.make_conditional(request)


@bp.route("/editions/<slug>/schedule.ics")
@public
def schedule_ics(slug: str):
    edition, prog = _public_programme(slug)
    data = services.export_ics(edition, prog, _session_url(edition))
    return _download(data, "text/calendar; charset=utf-8", f"{edition.slug}.ics", prog, inline=True)


@bp.route("/editions/<slug>/schedule.xml")
@public
def schedule_xml(slug: str):
    edition, prog = _public_programme(slug)
    data = services.export_frab_xml(edition, prog, _session_url(edition), _("Other places"), request.host_url)
    return _download(data, "application/xml; charset=utf-8", "schedule.xml", prog, inline=True)


@bp.route("/editions/<slug>/schedule.json")
@public
def schedule_json(slug: str):
    edition, prog = _public_programme(slug)
    doc = services.export_frab_json(edition, prog, _session_url(edition), _("Other places"), request.host_url)
    data = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    return _download(data, "application/json; charset=utf-8", "schedule.json", prog, inline=True)


@bp.route("/editions/<slug>/schedule.csv")
@public
def schedule_csv(slug: str):
    edition, prog = _public_programme(slug)
    header, *rows = services.export_csv_rows(prog, _session_url(edition))
    data = csv_bytes(header, rows, safe_cell)  # speakers type their own names: no formulas
    return _download(data, "text/csv; charset=utf-8", f"{edition.slug}-programme.csv", prog)
