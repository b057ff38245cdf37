"""Organizers: the schedule editor (a day's grid of rooms), sessions (new, edit, move by form or
drag and drop, duplicate, delete) and shifting a whole day, with its undo."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import abort, current_app, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from techfest.accounts.forms import ConfirmForm
from techfest.core.auth import require
from techfest.core.errors import DomainError

from .. import changelog as changelog_mod
from .. import grid as grid_mod
from .. import services
from ..conflicts import has_blocking
from ..forms import PARTICIPANT_ROWS_EXTRA, MoveForm, SessionForm, ShiftDayForm, UndoShiftForm
from . import bp
from .common import FIELD_ERRORS, apply_errors, conflict_text, int_or_none, parse_day, to_local


def _undo_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="techfest-forum-undo-shift")


def _editor_days(edition, sessions) -> list[date]:
    days = set(services.edition_days(edition))
    days.update(to_local(edition, s.starts_at).date() for s in sessions)
    return sorted(days)


def _closed_cells(rooms, day: date, layout) -> set[tuple[int, int]]:
    """(room id, slot index) of the grid cells when a room is closed (drawn hatched)."""
    closed: set[tuple[int, int]] = set()
    step = timedelta(minutes=layout.slot_minutes)
    for room in rooms:
        hours = services.room_hours_for(room, [day])
        if hours is None:
            continue
        spans = [(datetime.combine(day, a), datetime.combine(day if b > a else day + timedelta(days=1), b))
                 for a, b in hours.get(day, [])]
        for i in range(layout.rows):
            start = layout.slot_start(i)
            if not any(a <= start and start + step <= b for a, b in spans):
                closed.add((room.id, i))
    return closed


@bp.route("/editions/<slug>/manage/forum")
@require("forum.manage")
def editor(slug: str):
    edition = g.edition
    sessions = services.all_sessions(edition)
    rooms = services.rooms_of(edition)
    found = services.find_conflicts(edition, sessions=sessions, rooms=rooms)
    by_session = services.conflicts_by_session(found)
    days = _editor_days(edition, sessions)
    day = parse_day(request.args.get("day"))
    if day not in days:
        today = datetime.now(services.zone_of(edition)).date()
        day = today if today in days else days[0]
    day_sessions = [s for s in sessions if to_local(edition, s.starts_at).date() == day]
    layout = grid_mod.layout_day(day, [r.id for r in rooms], [
        grid_mod.GridSession(s.id, s.room_id, to_local(edition, s.starts_at), to_local(edition, s.ends_at))
        for s in day_sessions])
    blocks = {b.session_id: b for b in layout.blocks}
    closed = _closed_cells(rooms, day, layout)
    names = {p.speaker_id: p.speaker.name for s in sessions for p in s.participants}
    titles = {s.id: s for s in sessions}
    latest = services.latest_version(edition)
    pending = changelog_mod.diff(latest.snapshot if latest else None,
                                 services.build_snapshot(edition, sessions, rooms))
    undo = None
    if request.args.get("undo"):
        try:
            undo = _undo_serializer().loads(request.args["undo"])
        except BadSignature:
            undo = None
    undo_form = None
    if undo:
        undo_form = UndoShiftForm(formdata=None, undo=request.args["undo"])
    shift_form = ShiftDayForm(formdata=None, day=day)
    return render_template(
        "forum/editor.html", edition=edition, rooms=rooms, sessions=sessions, day_sessions=day_sessions,
        days=days, day=day, layout=layout, blocks=blocks, closed=closed, conflicts=found, by_session=by_session,
        blocking=has_blocking(found), names=names, titles=titles, latest=latest, pending=pending,
        shift_form=shift_form, undo=undo, undo_form=undo_form, confirm=ConfirmForm(),
        zone=services.zone_of(edition), edition_days=set(services.edition_days(edition)))


def _session_form_data(edition, form: SessionForm) -> dict:
    day = form.day.data
    return {
        "title_vi": form.title_vi.data or "", "title_en": form.title_en.data or "", "type": form.type.data,
        "track": form.track.data or "", "room_id": int_or_none(form.room.data),
        "start": services.local_datetime(edition, day, form.start.data),
        "end": services.local_datetime(edition, day, form.end.data),
        "expected_attendance": form.expected_attendance.data, "languages": form.languages.data or [],
        "interpretation": form.interpretation.data or "", "is_public": bool(form.is_public.data),
        "description_vi": form.description_vi.data or "", "description_en": form.description_en.data or "",
        "participants": [{"speaker": row.speaker.data, "role": row.role.data}
                         for row in form.participants if row.speaker.data],
    }


SESSION_FIELD_MAP = {"room_id": "room", "start": "start", "end": "end"}


def _render_session_form(edition, form, session=None, status=200):
    return render_template("forum/session_form.html", edition=edition, form=form, session=session,
                           tracks=services.tracks_of(edition), confirm=ConfirmForm(),
                           days=services.edition_days(edition)), status


@bp.route("/editions/<slug>/manage/forum/sessions/new", methods=["GET", "POST"])
@require("forum.manage")
def session_new(slug: str):
    edition = g.edition
    if request.method == "GET":
        day = parse_day(request.args.get("day")) or edition.start_date
        try:
            start = time.fromisoformat(request.args.get("start", "09:00"))
        except ValueError:
            start = time(9, 0)
        end = (datetime.combine(day, start) + timedelta(hours=1)).time()
        if end <= start:
            end = time(23, 59)
        form = SessionForm(data={"day": day, "start": start, "end": end, "room": request.args.get("room", ""),
                                 "languages": ["vi"], "is_public": True, "type": "forum_session",
                                 "participants": []})
    else:
        form = SessionForm()
    form.set_choices(services.rooms_of(edition), services.all_speakers(edition))
    if form.validate_on_submit():
        try:
            session = services.create_session(current_user, edition, _session_form_data(edition, form))
        except DomainError as exc:
            apply_errors(form, exc, SESSION_FIELD_MAP)
        else:
            flash(_("Session “%(title)s” created.", title=session.title_vi), "success")
            return redirect(url_for("forum.editor", slug=slug, day=form.day.data.isoformat()) + f"#s-{session.code}")
    return _render_session_form(edition, form, None, 422 if form.errors or request.method == "POST" else 200)


@bp.route("/editions/<slug>/manage/forum/sessions/<session_code>/edit", methods=["GET", "POST"])
@require("forum.manage")
def session_edit(slug: str, session_code: str):
    edition = g.edition
    session = services.get_session(edition, session_code)
    if request.method == "GET":
        start, end = to_local(edition, session.starts_at), to_local(edition, session.ends_at)
        form = SessionForm(data={
            "title_vi": session.title_vi, "title_en": session.title_en, "type": session.type.value,
            "track": session.track, "room": str(session.room_id or ""), "day": start.date(), "start": start.time(),
            "end": end.time(), "expected_attendance": session.expected_attendance,
            "languages": session.language_list, "interpretation": session.interpretation,
            "is_public": session.is_public, "description_vi": session.description_vi,
            "description_en": session.description_en, "lock_version": session.lock_version,
            "participants": [{"speaker": p.speaker.code, "role": p.role.value} for p in session.participants]})
        wanted = len(session.participants) + PARTICIPANT_ROWS_EXTRA  # the people, then a few empty rows
        while len(form.participants) < wanted:
            form.participants.append_entry({"speaker": "", "role": "panelist"})
    else:
        form = SessionForm()
    form.set_choices(services.rooms_of(edition), services.all_speakers(edition))
    if form.validate_on_submit():
        try:
            services.update_session(current_user, edition, session, _session_form_data(edition, form),
                                    lock_version=int_or_none(form.lock_version.data))
        except DomainError as exc:
            from techfest.core.db import db

            db.session.rollback()
            apply_errors(form, exc, SESSION_FIELD_MAP)
        else:
            flash(_("Session “%(title)s” saved.", title=session.title_vi), "success")
            return redirect(url_for("forum.editor", slug=slug, day=form.day.data.isoformat()) + f"#s-{session.code}")
    return _render_session_form(edition, form, session, 422 if request.method == "POST" else 200)


@bp.route("/editions/<slug>/manage/forum/sessions/<session_code>/move", methods=["GET", "POST"])
@require("forum.manage")
def session_move(slug: str, session_code: str):
    """Move form (no JavaScript) and the endpoint the drag and drop posts to (JSON answer)."""
    edition = g.edition
    session = services.get_session(edition, session_code)
    wants_json = request.accept_mimetypes.best == "application/json"
    start = to_local(edition, session.starts_at)
    if request.method == "GET":
        form = MoveForm(data={"room": str(session.room_id or ""), "day": start.date(), "start": start.time(),
                              "lock_version": session.lock_version})
    else:
        form = MoveForm()
    rooms = services.rooms_of(edition)
    form.room.choices = [("", _("— no room yet —"))] + [(str(r.id), r.name) for r in rooms]
    if form.validate_on_submit():
        try:
            services.move_session(current_user, edition, session, int_or_none(form.room.data),
                                  services.local_datetime(edition, form.day.data, form.start.data),
                                  lock_version=int_or_none(form.lock_version.data))
        except DomainError as exc:
            from techfest.core.db import db

            db.session.rollback()
            if wants_json:
                from techfest.core.errors import json_error

                texts = [str(FIELD_ERRORS.get(m, m)) for msgs in exc.fields.values() for m in msgs]
                return json_error(exc.status, " ".join(texts) or exc.message, exc.fields)
            apply_errors(form, exc, {"room_id": "room", "start": "start", "end": "start"})
        else:
            found = services.find_conflicts(edition)
            mine = [c for c in found if session.id in c.session_ids]
            target = url_for("forum.editor", slug=slug, day=form.day.data.isoformat()) + f"#s-{session.code}"
            if wants_json:
                return jsonify({"ok": True, "redirect": target, "lock_version": session.lock_version,
                                "conflicts": [conflict_text(c) for c in mine]})
            flash(_("Session “%(title)s” moved.", title=session.title_vi), "success")
            for c in mine:
                flash(conflict_text(c), "danger" if c.blocking else "warning")
            return redirect(target)
    elif request.method == "POST" and wants_json:
        from techfest.core.errors import json_error

        return json_error(422, _("The move is not valid."), {k: [str(m) for m in v] for k, v in form.errors.items()})
    return render_template("forum/move_form.html", edition=edition, form=form, session=session), (
        422 if request.method == "POST" else 200)


@bp.route("/editions/<slug>/manage/forum/sessions/<session_code>/duplicate", methods=["POST"])
@require("forum.manage")
def session_duplicate(slug: str, session_code: str):
    edition = g.edition
    session = services.get_session(edition, session_code)
    if ConfirmForm().validate_on_submit():
        copy = services.duplicate_session(current_user, edition, session, title_suffix=" " + _("(copy)"))
        flash(_("A copy of “%(title)s” was placed right after it. Check its time and room.",
                title=session.title_vi), "success")
        return redirect(url_for("forum.session_edit", slug=slug, session_code=copy.code))
    return redirect(url_for("forum.session_edit", slug=slug, session_code=session.code))


@bp.route("/editions/<slug>/manage/forum/sessions/<session_code>/delete", methods=["POST"])
@require("forum.manage")
def session_delete(slug: str, session_code: str):
    edition = g.edition
    session = services.get_session(edition, session_code)
    day = to_local(edition, session.starts_at).date().isoformat()
    if ConfirmForm().validate_on_submit():
        title = session.title_vi
        services.delete_session(current_user, edition, session)
        flash(_("Session “%(title)s” deleted. The public programme keeps it until the next publication.",
                title=title), "success")
    return redirect(url_for("forum.editor", slug=slug, day=day))


@bp.route("/editions/<slug>/manage/forum/shift", methods=["POST"])
@require("forum.manage")
def shift(slug: str):
    edition = g.edition
    undo = UndoShiftForm()
    if "undo" in request.form:
        if undo.validate_on_submit():
            try:
                data = _undo_serializer().loads(undo.undo.data)
                codes, minutes, day = list(data["codes"]), int(data["minutes"]), date.fromisoformat(data["day"])
            except (BadSignature, KeyError, TypeError, ValueError):
                abort(400)
            services.shift_day(current_user, edition, day, -minutes, codes=codes)
            flash(_("The shift has been undone."), "success")
            return redirect(url_for("forum.editor", slug=slug, day=day.isoformat()))
        return redirect(url_for("forum.editor", slug=slug))
    form = ShiftDayForm()
    if form.validate_on_submit():
        codes = services.shift_day(current_user, edition, form.day.data, form.minutes.data)
        if not codes:
            flash(_("There is no session on that day."), "info")
            return redirect(url_for("forum.editor", slug=slug, day=form.day.data.isoformat()))
        token = _undo_serializer().dumps({"codes": codes, "minutes": form.minutes.data,
                                          "day": form.day.data.isoformat()})
        flash(_("Sessions shifted by %(minutes)s minutes: %(count)s.", count=len(codes), minutes=form.minutes.data),
              "success")
        return redirect(url_for("forum.editor", slug=slug, day=form.day.data.isoformat(), undo=token))
    for field, errors in form.errors.items():
        for error in errors:
            flash(f"{getattr(form, field).label.text}: {error}", "danger")
    return redirect(url_for("forum.editor", slug=slug))
