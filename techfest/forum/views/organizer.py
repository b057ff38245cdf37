"""Organizers: rooms, speakers (profiles, photos, invitations) and publishing the programme."""
from __future__ import annotations

from datetime import time

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from techfest.accounts.forms import ConfirmForm
from techfest.core.api import paginate_select
from techfest.core.auth import require
from techfest.core.errors import DomainError
from techfest.core.mail import send_mail

from .. import changelog as changelog_mod
from .. import services
from ..conflicts import has_blocking
from ..forms import PublishForm, RoomForm, SpeakerForm
from ..models import SPEAKER_STATUS_LABELS
from . import bp
from .common import CHANGE_KIND_LABELS, FIELD_ERRORS, apply_errors, read_photo, speaker_data

PER_PAGE = 30


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
            apply_errors(form, exc)
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
            apply_errors(form, exc)
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


@bp.route("/editions/<slug>/manage/forum/speakers/new", methods=["GET", "POST"])
@require("forum.manage")
def speaker_new(slug: str):
    edition = g.edition
    form = SpeakerForm()
    if form.validate_on_submit():
        try:
            speaker = services.create_speaker(current_user, edition, speaker_data(form),
                                              photo=read_photo(form.photo.data))
        except DomainError as exc:
            apply_errors(form, exc)
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
            services.update_speaker(current_user, edition, speaker, speaker_data(form),
                                    photo=read_photo(form.photo.data), remove_photo=bool(form.remove_photo.data))
        except DomainError as exc:
            from techfest.core.db import db

            db.session.rollback()
            apply_errors(form, exc)
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
    refused = None  # the status of a refused publication: the page comes back with why
    if form.validate_on_submit():
        try:
            version = services.publish_schedule(current_user, edition, form.note.data or "")
        except DomainError as exc:
            refused = exc.status  # 409: blocking conflicts, nothing changed, or published meanwhile
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
                           zone=services.zone_of(edition)), (refused or (422 if form.errors else 200))


@bp.route("/editions/<slug>/manage/forum/versions")
@require("forum.manage")
def versions(slug: str):
    edition = g.edition
    return render_template("forum/versions.html", edition=edition, versions=services.versions_of(edition),
                           kind_labels=CHANGE_KIND_LABELS, zone=services.zone_of(edition), manage=True)
