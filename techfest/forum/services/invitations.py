"""Speaker self-service: the signed invitation link, and the invited speaker editing their own
profile, confirming or declining. Confirming also gives them a speaker registration (and so a
badge) in the same transaction."""
from __future__ import annotations

import logging
import secrets

from techfest.core.db import db, utcnow
from techfest.core.errors import NotFound, ValidationFailed
from techfest.core.search import fold

from ..models import Speaker, SpeakerStatus
from .common import _actor_id
from .photos import store_photo
from .speakers import _clean_speaker

logger = logging.getLogger(__name__)

INVITATION_MAX_AGE = 400 * 24 * 3600  # an invitation stays valid for the whole season


def _invitation_serializer():
    from flask import current_app
    from itsdangerous import URLSafeTimedSerializer

    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="techfest-forum-invitation")


def invite_speaker(actor, edition, speaker: Speaker) -> str:
    """Create (or renew) the speaker's invitation; returns the token for the link.

    The token is signed with the app secret and carries a random nonce stored on the speaker:
    it cannot be guessed or forged, it opens this speaker's profile only, and a new invitation
    makes older links stop working. The view sends the link by e-mail.
    """
    if not speaker.email:
        raise ValidationFailed("the speaker has no e-mail address", {"email": ["required to send an invitation"]})
    speaker.invitation_nonce = secrets.token_hex(16)
    speaker.invited_at = utcnow()
    if speaker.status == SpeakerStatus.NEW:
        speaker.status = SpeakerStatus.INVITED
    db.session.commit()
    logger.info("forum speaker %s invited by user %s", speaker.id, _actor_id(actor))
    return _invitation_serializer().dumps({"s": speaker.id, "n": speaker.invitation_nonce})


def invitation_token(speaker: Speaker) -> str | None:
    """A fresh link token for an already invited speaker (organizers may copy it), else None."""
    if not speaker.invitation_nonce:
        return None
    return _invitation_serializer().dumps({"s": speaker.id, "n": speaker.invitation_nonce})


def speaker_for_invitation(token: str) -> Speaker | None:
    """The speaker an invitation token opens, or None (forged, expired or replaced token)."""
    from itsdangerous import BadSignature

    if not token or len(token) > 300:
        return None
    try:
        data = _invitation_serializer().loads(token, max_age=INVITATION_MAX_AGE)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("s"), int) or not isinstance(data.get("n"), str):
        return None
    speaker = db.session.get(Speaker, data["s"])
    if speaker is None or not speaker.invitation_nonce or not secrets.compare_digest(speaker.invitation_nonce,
                                                                                      data["n"]):
        return None
    return speaker


def respond_to_invitation(token: str, data: dict, *, answer: str | None = None, photo: bytes | None = None,
                          remove_photo: bool = False, user=None) -> Speaker:
    """The invited speaker edits their own profile and may confirm or decline.

    ``answer`` is "confirm", "decline" or None (just save). Only the profile fields a speaker
    owns are accepted (name, title, organisation, country, bios, photo); e-mail, sessions and
    status are the organizers'. A logged-in ``user`` confirming is linked to the profile.
    Confirming with an e-mail address also makes sure the speaker holds a speaker registration
    (when registration is part of the app): one transaction, so if that fails nothing of the
    answer is saved and the speaker stays unconfirmed. Its e-mail goes out after the commit.
    """
    speaker = speaker_for_invitation(token)
    if speaker is None:
        raise NotFound("invitation not found")
    allowed = {k: v for k, v in data.items() if k in {"name", "title", "organisation", "country", "bio_vi", "bio_en"}}
    clean = _clean_speaker(allowed, partial=True)
    if photo is not None:
        clean["photo"] = store_photo(photo)
    elif remove_photo:
        clean["photo"] = None
    staged = None
    try:
        for key, value in clean.items():
            setattr(speaker, key, value)
        if "name" in clean:
            speaker.name_folded = fold(clean["name"])
        if answer == "confirm":
            speaker.status = SpeakerStatus.CONFIRMED
            speaker.responded_at = utcnow()
            if user is not None and getattr(user, "is_authenticated", False) and speaker.user_id is None:
                speaker.user_id = user.id
            if speaker.email:
                staged = _stage_speaker_registration(speaker)
        elif answer == "decline":
            speaker.status = SpeakerStatus.DECLINED
            speaker.responded_at = utcnow()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    logger.info("forum speaker %s answered the invitation: %s", speaker.id, answer or "profile saved")
    if staged is not None:
        logger.info("speaker registration %s ensured in edition %s", staged.registration.id, speaker.edition_id)
        if staged.mail_due:
            from techfest.registration import services as registration

            registration.notify(staged.registration, "confirmed")
    return speaker


def _stage_speaker_registration(speaker: Speaker):
    """A confirmed speaker gets a speaker registration (and badge) when registration is part of
    the app: registration's non-committing step, in this transaction. None without registration."""
    from techfest import DOMAINS

    if "registration" not in DOMAINS:
        return None
    from techfest.registration import services as registration

    return registration.stage_speaker_registration(speaker.edition, speaker.name, speaker.email,
                                                   speaker.organisation)
