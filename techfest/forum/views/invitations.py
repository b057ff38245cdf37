"""Speakers: the invitation pages. The signed link opens one speaker's profile, which they edit,
confirm or decline themselves; no account is needed."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from techfest.core.auth import public
from techfest.core.errors import DomainError, NotFound

from .. import services
from ..forms import InvitationForm
from ..models import SPEAKER_STATUS_LABELS
from . import bp
from .common import apply_errors, read_photo, speaker_data


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
            services.respond_to_invitation(token, speaker_data(form), answer=answer,
                                           photo=read_photo(form.photo.data),
                                           remove_photo=bool(form.remove_photo.data), user=current_user)
        except DomainError as exc:
            from techfest.core.db import db

            db.session.rollback()
            apply_errors(form, exc)
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
