"""Forum pages: the organizers' schedule editor, rooms, speakers, publishing; the public
programme, speaker pages, "my programme", exports; the speakers' invitation pages."""
from __future__ import annotations

import json
import logging
from datetime import date, datetime, time, timedelta

from flask import (Blueprint, abort, current_app, flash, g, jsonify, make_response, redirect, render_template,
                   request, send_file, url_for)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from techfest.accounts.forms import ConfirmForm
from techfest.core.api import paginate_select
from techfest.core.auth import can, public, require
from techfest.core.csvio import csv_bytes, safe_cell
from techfest.core.db import db_int
from techfest.core.errors import DomainError, NotFound
from techfest.core.forms import apply_domain_errors
from techfest.core.i18n import DEFAULT_LOCALE
from techfest.core.mail import send_mail
from techfest.editions.services import visible_edition

from . import changelog as changelog_mod
from . import grid as grid_mod
from . import services
from .conflicts import ConflictKind, has_blocking
from .forms import (PARTICIPANT_ROWS_EXTRA, InvitationForm, MoveForm, PublishForm, RoomForm, SessionForm,
                    ShiftDayForm, SpeakerForm, UndoShiftForm)
from .models import LANGUAGES, PARTICIPANT_ROLE_LABELS, SESSION_TYPE_LABELS, SPEAKER_STATUS_LABELS

logger = logging.getLogger(__name__)

bp = Blueprint("forum", __name__)

PER_PAGE = 30

# Translated versions of techfest.forum.conflicts.DEFAULT_MESSAGES (same placeholders).
CONFLICT_MESSAGES = {
    ConflictKind.PERSON_OVERLAP: _l("%(count)d person(s) are scheduled in both “%(session_a)s” and “%(session_b)s”, "
                                    "which overlap by %(minutes)d min."),
    ConflictKind.ROOM_OVERLAP: _l("“%(session_a)s” and “%(session_b)s” overlap by %(minutes)d min in room %(room)s."),
    ConflictKind.OUTSIDE_EDITION_DAYS: _l("“%(session)s” is on %(date)s, which is not a day of the edition "
                                          "(%(first_day)s to %(last_day)s)."),
    ConflictKind.INVALID_TIME: _l("“%(session)s” does not end after it starts."),
    ConflictKind.UNKNOWN_ROOM: _l("“%(session)s” is assigned to an unknown room (%(room_id)s)."),
    ConflictKind.OVER_CAPACITY: _l("“%(session)s” expects %(expected)d people but room %(room)s holds %(capacity)d."),
    ConflictKind.OUTSIDE_ROOM_HOURS: _l("“%(session)s” (%(date)s %(start)s–%(end)s) is outside the opening hours "
                                        "of room %(room)s."),
    ConflictKind.SHORT_BUFFER: _l("%(count)d person(s) have only %(gap)d min between “%(session_a)s” (hall %(hall_a)s) "
                                  "and “%(session_b)s” (hall %(hall_b)s); %(buffer)d min are needed."),
}

CHANGE_KIND_LABELS = {
    "added": _l("Added"),
    "removed": _l("Removed"),
    "moved": _l("Moved"),
    "retitled": _l("Renamed"),
    "people_changed": _l("People changed"),
    "details_changed": _l("Details changed"),
}

# Service field errors shown in the visitor's language.
FIELD_ERRORS = {
    "required": _l("This field is required."),
    "already used by another room": _l("Another room already has this name."),
    "must be after the start": _l("The session must end after it starts."),
    "no such room in this edition": _l("Choose a room of this edition."),
    "not a valid image file": _l("This file is not an image we can read."),
    "JPEG, PNG, WebP or GIF only": _l("Send a JPEG, PNG, WebP or GIF image."),
    "at most 5 MB": _l("The photo must be at most 5 MB."),
    "the file is empty": _l("The file is empty."),
    "the image has too many pixels": _l("The image is too large (too many pixels)."),
    "required to send an invitation": _l("Add the speaker's e-mail address to send an invitation."),
    "not a valid e-mail address": _l("Invalid email address."),
    "stale": _l("Someone else changed this session meanwhile. Reload the page and make your change again."),
}


def conflict_text(conflict) -> str:
    return str(CONFLICT_MESSAGES[conflict.kind]) % dict(conflict.params)


def _locale() -> str:
    from flask_babel import get_locale

    return str(get_locale() or DEFAULT_LOCALE)


@bp.app_context_processor
def _forum_helpers():
    return {"forum_conflict_text": conflict_text, "forum_type_labels": SESSION_TYPE_LABELS,
            "forum_role_labels": PARTICIPANT_ROLE_LABELS, "forum_languages": LANGUAGES}


@bp.app_template_filter("forum_when")
def _forum_when(value: str | None, tz: str, fmt: str = "EEE d/M HH:mm") -> str:
    """An ISO timestamp from a snapshot or changelog, shown in the edition's time zone."""
    from techfest.core.i18n import fmt_datetime

    if not value:
        return ""
    try:
        return fmt_datetime(datetime.fromisoformat(value), tz, fmt)
    except ValueError:
        return value


def _apply_errors(form, exc: DomainError, mapping: dict | None = None) -> None:
    """Put a service's field errors on the form fields (others become a flash)."""
    apply_domain_errors(form, exc, lambda m: FIELD_ERRORS.get(m, m), aliases=mapping, flash_unplaced=True)


def _read_upload(storage) -> bytes | None:
    if storage is None or not getattr(storage, "filename", None):
        return None
    return storage.read(services.PHOTO_MAX_BYTES + 1)


def _int_or_none(value) -> int | None:
    try:
        return db_int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return -1  # an id that does not exist (also past what the database holds): the service names the field


def _local(edition, value: datetime) -> datetime:
    return value.astimezone(services.zone_of(edition))


def _parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


# =========================================================================================
# Organizer: schedule editor
# =========================================================================================

def _undo_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="techfest-forum-undo-shift")


def _editor_days(edition, sessions) -> list[date]:
    days = set(services.edition_days(edition))
    days.update(_local(edition, s.starts_at).date() for s in sessions)
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
    day = _parse_day(request.args.get("day"))
    if day not in days:
        today = datetime.now(services.zone_of(edition)).date()
        day = today if today in days else days[0]
    day_sessions = [s for s in sessions if _local(edition, s.starts_at).date() == day]
    layout = grid_mod.layout_day(day, [r.id for r in rooms], [
        grid_mod.GridSession(s.id, s.room_id, _local(edition, s.starts_at), _local(edition, s.ends_at))
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
        "track": form.track.data or "", "room_id": _int_or_none(form.room.data),
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
        day = _parse_day(request.args.get("day")) or edition.start_date
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
            _apply_errors(form, exc, SESSION_FIELD_MAP)
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
        start, end = _local(edition, session.starts_at), _local(edition, session.ends_at)
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
                                    lock_version=_int_or_none(form.lock_version.data))
        except DomainError as exc:
            from techfest.core.db import db

            db.session.rollback()
            _apply_errors(form, exc, SESSION_FIELD_MAP)
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
    start = _local(edition, session.starts_at)
    if request.method == "GET":
        form = MoveForm(data={"room": str(session.room_id or ""), "day": start.date(), "start": start.time(),
                              "lock_version": session.lock_version})
    else:
        form = MoveForm()
    rooms = services.rooms_of(edition)
    form.room.choices = [("", _("— no room yet —"))] + [(str(r.id), r.name) for r in rooms]
    if form.validate_on_submit():
        try:
            services.move_session(current_user, edition, session, _int_or_none(form.room.data),
                                  services.local_datetime(edition, form.day.data, form.start.data),
                                  lock_version=_int_or_none(form.lock_version.data))
        except DomainError as exc:
            from techfest.core.db import db

            db.session.rollback()
            if wants_json:
                from techfest.core.errors import json_error

                texts = [str(FIELD_ERRORS.get(m, m)) for msgs in exc.fields.values() for m in msgs]
                return json_error(exc.status, " ".join(texts) or exc.message, exc.fields)
            _apply_errors(form, exc, {"room_id": "room", "start": "start", "end": "start"})
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
    day = _local(edition, session.starts_at).date().isoformat()
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


# =========================================================================================
# Organizer: rooms
# =========================================================================================

def _room_data(form: RoomForm) -> dict:
    return {"name": form.name.data or "", "capacity": form.capacity.data, "floor": form.floor.data or "",
            "hall": form.hall.data or "", "equipment": form.equipment.data or "", "hours": form.hours(),
            **({"position": form.position.data} if form.position.data is not None else {})}


@bp.route("/editions/<slug>/manage/forum/rooms", methods=["GET", "POST"])
@require("forum.manage")
def rooms(slug: str):
    edition = g.edition
    form = RoomForm()
    if request.method == "GET":
        form.opens.data, form.closes.data = time(7, 30), time(18, 0)
    if form.validate_on_submit():
        try:
            room = services.create_room(current_user, edition, _room_data(form))
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            flash(_("Room “%(name)s” added.", name=room.name), "success")
            return redirect(url_for("forum.rooms", slug=slug))
    counts = {}
    for s in services.all_sessions(edition):
        counts[s.room_id] = counts.get(s.room_id, 0) + 1
    return render_template("forum/rooms.html", edition=edition, form=form, rooms=services.rooms_of(edition),
                           counts=counts, confirm=ConfirmForm()), (422 if form.errors else 200)


@bp.route("/editions/<slug>/manage/forum/rooms/<int:room_id>/edit", methods=["GET", "POST"])
@require("forum.manage")
def room_edit(slug: str, room_id: int):
    edition = g.edition
    room = services.get_room(edition, room_id)
    form = RoomForm(obj=room if request.method == "GET" else None)
    if request.method == "GET":
        every = (room.hours or {}).get("*") or []
        if every:
            form.opens.data, form.closes.data = time.fromisoformat(every[0][0]), time.fromisoformat(every[0][1])
        form.hours_exceptions.data = services.format_hours_exceptions(room.hours)
    if form.validate_on_submit():
        try:
            services.update_room(current_user, edition, room, _room_data(form))
        except DomainError as exc:
            from techfest.core.db import db

            db.session.rollback()
            _apply_errors(form, exc)
        else:
            flash(_("Room “%(name)s” saved.", name=room.name), "success")
            return redirect(url_for("forum.rooms", slug=slug))
    return render_template("forum/room_form.html", edition=edition, form=form, room=room), (
        422 if form.errors else 200)


@bp.route("/editions/<slug>/manage/forum/rooms/<int:room_id>/delete", methods=["POST"])
@require("forum.manage")
def room_delete(slug: str, room_id: int):
    edition = g.edition
    room = services.get_room(edition, room_id)
    if ConfirmForm().validate_on_submit():
        name = room.name
        count = services.delete_room(current_user, edition, room)
        flash(_("Room “%(name)s” deleted. Sessions now without a room: %(count)s.", name=name, count=count), "success")
    return redirect(url_for("forum.rooms", slug=slug))


# =========================================================================================
# Organizer: speakers
# =========================================================================================

@bp.route("/editions/<slug>/manage/forum/speakers")
@require("forum.manage")
def speakers(slug: str):
    edition = g.edition
    q = request.args.get("q", "")
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    result = paginate_select(services.speakers_query(edition, q), page, PER_PAGE)
    counts = services.session_counts(edition)
    return render_template("forum/speakers.html", edition=edition, result=result, q=q, counts=counts,
                           status_labels=SPEAKER_STATUS_LABELS, confirm=ConfirmForm())


def _speaker_data(form) -> dict:
    data = {k: getattr(form, k).data or "" for k in ("name", "title", "organisation", "country", "bio_vi", "bio_en")}
    if hasattr(form, "email"):
        data["email"] = form.email.data or None
    return data


@bp.route("/editions/<slug>/manage/forum/speakers/new", methods=["GET", "POST"])
@require("forum.manage")
def speaker_new(slug: str):
    edition = g.edition
    form = SpeakerForm()
    if form.validate_on_submit():
        try:
            speaker = services.create_speaker(current_user, edition, _speaker_data(form),
                                              photo=_read_upload(form.photo.data))
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            flash(_("%(name)s added to the speakers.", name=speaker.name), "success")
            return redirect(url_for("forum.speakers", slug=slug))
    return render_template("forum/speaker_form.html", edition=edition, form=form, speaker=None), (
        422 if form.errors else 200)


@bp.route("/editions/<slug>/manage/forum/speakers/<speaker_code>/edit", methods=["GET", "POST"])
@require("forum.manage")
def speaker_edit(slug: str, speaker_code: str):
    edition = g.edition
    speaker = services.get_speaker(edition, speaker_code)
    form = SpeakerForm(obj=speaker if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.update_speaker(current_user, edition, speaker, _speaker_data(form),
                                    photo=_read_upload(form.photo.data), remove_photo=bool(form.remove_photo.data))
        except DomainError as exc:
            from techfest.core.db import db

            db.session.rollback()
            _apply_errors(form, exc)
        else:
            flash(_("%(name)s saved.", name=speaker.name), "success")
            return redirect(url_for("forum.speakers", slug=slug))
    link = None
    token = services.invitation_token(speaker)
    if token:
        link = url_for("forum.invitation", token=token, _external=True)
    return render_template("forum/speaker_form.html", edition=edition, form=form, speaker=speaker,
                           sessions=services.sessions_of_speaker(speaker), link=link, confirm=ConfirmForm(),
                           status_labels=SPEAKER_STATUS_LABELS), (422 if form.errors else 200)


@bp.route("/editions/<slug>/manage/forum/speakers/<speaker_code>/invite", methods=["POST"])
@require("forum.manage")
def speaker_invite(slug: str, speaker_code: str):
    edition = g.edition
    speaker = services.get_speaker(edition, speaker_code)
    if ConfirmForm().validate_on_submit():
        try:
            token = services.invite_speaker(current_user, edition, speaker)
        except DomainError as exc:
            flash(str(FIELD_ERRORS.get((exc.fields.get("email") or [""])[0], exc.message)), "danger")
        else:
            link = url_for("forum.invitation", token=token, _external=True)
            sessions = services.sessions_of_speaker(speaker)
            body = render_template("forum/mail/invitation.txt", edition=edition, speaker=speaker, link=link,
                                   sessions=sessions, zone=services.zone_of(edition))
            send_mail(speaker.email, f"{edition.name}: lời mời tham gia diễn đàn / Invitation to speak", body)
            flash(_("Invitation sent to %(email)s.", email=speaker.email), "success")
    return redirect(url_for("forum.speaker_edit", slug=slug, speaker_code=speaker.code))


@bp.route("/editions/<slug>/manage/forum/speakers/<speaker_code>/delete", methods=["POST"])
@require("forum.manage")
def speaker_delete(slug: str, speaker_code: str):
    edition = g.edition
    speaker = services.get_speaker(edition, speaker_code)
    if ConfirmForm().validate_on_submit():
        name = speaker.name
        services.delete_speaker(current_user, edition, speaker)
        flash(_("%(name)s deleted from the speakers and from their sessions.", name=name), "success")
    return redirect(url_for("forum.speakers", slug=slug))


# =========================================================================================
# Organizer: publishing and versions
# =========================================================================================

@bp.route("/editions/<slug>/manage/forum/publish", methods=["GET", "POST"])
@require("forum.manage")
def publish(slug: str):
    edition = g.edition
    form = PublishForm()
    if form.validate_on_submit():
        try:
            version = services.publish_schedule(current_user, edition, form.note.data or "")
        except DomainError as exc:
            if "conflicts" in exc.fields:
                flash(_("The programme cannot be published while it has errors. Fix the conflicts marked in red."),
                      "danger")
            elif "version" in exc.fields and "published meanwhile" in exc.fields["version"]:
                flash(_("Another organizer published a version at the same time. Check the versions."), "danger")
            else:
                flash(_("Nothing changed since the last published version."), "info")
        else:
            flash(_("Version %(number)s of the programme is now public.", number=version.number), "success")
            return redirect(url_for("forum.versions", slug=slug))
    sessions, rooms = services.all_sessions(edition), services.rooms_of(edition)
    found = services.find_conflicts(edition, sessions=sessions, rooms=rooms)
    latest = services.latest_version(edition)
    pending = changelog_mod.diff(latest.snapshot if latest else None,
                                 services.build_snapshot(edition, sessions, rooms))
    return render_template("forum/publish.html", edition=edition, form=form, conflicts=found,
                           blocking=has_blocking(found), latest=latest, pending=pending,
                           kind_labels=CHANGE_KIND_LABELS, hidden=sum(1 for s in sessions if not s.is_public),
                           zone=services.zone_of(edition)), (422 if form.errors else 200)


@bp.route("/editions/<slug>/manage/forum/versions")
@require("forum.manage")
def versions(slug: str):
    edition = g.edition
    return render_template("forum/versions.html", edition=edition, versions=services.versions_of(edition),
                           kind_labels=CHANGE_KIND_LABELS, zone=services.zone_of(edition), manage=True)


# =========================================================================================
# Speakers: invitation (the signed link opens one profile)
# =========================================================================================

@bp.route("/speakers/invitation/<token>", methods=["GET", "POST"])
@public
def invitation(token: str):
    speaker = services.speaker_for_invitation(token)
    if speaker is None:
        raise NotFound(_("This invitation link is not valid any more. Ask the organizers for a new one."))
    edition = speaker.edition
    form = InvitationForm(obj=speaker if request.method == "GET" else None)
    if form.validate_on_submit():
        answer = "confirm" if form.confirm.data else ("decline" if form.decline.data else None)
        try:
            services.respond_to_invitation(token, _speaker_data(form), answer=answer,
                                           photo=_read_upload(form.photo.data),
                                           remove_photo=bool(form.remove_photo.data), user=current_user)
        except DomainError as exc:
            from techfest.core.db import db

            db.session.rollback()
            _apply_errors(form, exc)
        else:
            if answer == "confirm":
                flash(_("Thank you! Your participation is confirmed."), "success")
            elif answer == "decline":
                flash(_("We have told the organizers that you cannot take part."), "info")
            else:
                flash(_("Your profile has been saved."), "success")
            return redirect(url_for("forum.invitation", token=token))
    return render_template("forum/invitation.html", edition=edition, speaker=speaker, form=form, token=token,
                           sessions=services.sessions_of_speaker(speaker), zone=services.zone_of(edition),
                           status_labels=SPEAKER_STATUS_LABELS), (422 if form.errors else 200)


@bp.route("/speakers/invitation/<token>/photo")
@public
def invitation_photo(token: str):
    speaker = services.speaker_for_invitation(token)
    path = services.photo_path(speaker.photo) if speaker and speaker.photo else None
    if path is None:
        raise NotFound(_("Not found."))
    return send_file(path, mimetype="image/jpeg", max_age=0)


# =========================================================================================
# Public programme
# =========================================================================================

def _public_programme(slug: str):
    edition = visible_edition(slug, current_user)
    g.edition = edition
    return edition, services.published_programme(edition)


def _public_context(edition, programme, **kw):
    return {"edition": edition, "programme": programme, "locale": _locale(),
            "can_manage": can(current_user, "forum.manage", edition), **kw}


@bp.route("/editions/<slug>/programme")
@public
def programme(slug: str):
    edition, prog = _public_programme(slug)
    day = None
    if prog and prog.days:
        wanted = _parse_day(request.args.get("day"))
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
    resp.set_etag(f"{filename}-v{prog.version if prog else 0}-{_locale()}")
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
