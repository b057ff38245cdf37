"""Forum speakers as the organizers keep them: profiles (with their photo), the sessions they are
in, erasure, and the confirmed speakers registration prints badges for."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from techfest.core.collation import vi_sort_key
from techfest.core.db import db
from techfest.core.errors import NotFound, ValidationFailed
from techfest.core.search import fold, search_filter
from techfest.privacy import erasure

from .. import changelog as changelog_mod
from ..models import ScheduleVersion, Session, SessionParticipant, Speaker, SpeakerStatus
from .common import _actor_id, _new_code, _text
from .photos import store_photo

logger = logging.getLogger(__name__)


def speakers_query(edition, query: str | None = None):
    stmt = select(Speaker).where(Speaker.edition_id == edition.id).order_by(Speaker.name_folded, Speaker.id)
    cond = search_filter(Speaker.name_folded, query)
    return stmt.where(cond) if cond is not None else stmt


def all_speakers(edition) -> list[Speaker]:
    return list(db.session.scalars(speakers_query(edition)))


def get_speaker(edition, code: str) -> Speaker:
    speaker = db.session.scalar(select(Speaker).where(Speaker.code == code, Speaker.edition_id == edition.id))
    if speaker is None:
        raise NotFound("speaker not found")
    return speaker


def _clean_speaker(data: dict, partial: bool) -> dict:
    from techfest.accounts.services import normalize_email

    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    if not partial and "name" not in data:
        errors["name"] = ["required"]
    for key, max_len, required in (("name", 200, True), ("title", 200, False), ("organisation", 200, False),
                                   ("bio_vi", 5000, False), ("bio_en", 5000, False)):
        value = _text(data, key, max_len, errors, required)
        if value is not None:
            clean[key] = value
    if "country" in data:
        country = (data["country"] or "").strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", country):
            errors.setdefault("country", []).append("two-letter country code, e.g. VN or KR")
        clean["country"] = country
    if "email" in data:
        email = normalize_email(data["email"] or "") or None
        if email is not None and (len(email) > 254 or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email)):
            errors.setdefault("email", []).append("not a valid e-mail address")
        clean["email"] = email
    if errors:
        raise ValidationFailed("invalid speaker", errors)
    return clean


def _link_user_by_email(speaker: Speaker) -> None:
    if speaker.user_id is None and speaker.email:
        from techfest.accounts.services import get_user_by_email

        user = get_user_by_email(speaker.email)
        if user is not None:
            speaker.user_id = user.id


def create_speaker(actor, edition, data: dict, photo: bytes | None = None) -> Speaker:
    clean = _clean_speaker(data, partial=False)
    if photo is not None:
        clean["photo"] = store_photo(photo)
    speaker = Speaker(edition_id=edition.id, code=_new_code(Speaker), name_folded=fold(clean["name"]),
                      status=SpeakerStatus.NEW, **clean)
    _link_user_by_email(speaker)
    db.session.add(speaker)
    db.session.commit()
    logger.info("forum speaker %s created in edition %s by user %s", speaker.id, edition.id, _actor_id(actor))
    return speaker


def update_speaker(actor, edition, speaker: Speaker, data: dict, photo: bytes | None = None,
                   remove_photo: bool = False) -> Speaker:
    clean = _clean_speaker(data, partial=True)
    if photo is not None:
        clean["photo"] = store_photo(photo)
    elif remove_photo:
        clean["photo"] = None
    if "email" in clean and clean["email"] != speaker.email:
        speaker.user_id = None
    for key, value in clean.items():
        setattr(speaker, key, value)
    if "name" in clean:
        speaker.name_folded = fold(clean["name"])
    _link_user_by_email(speaker)
    db.session.commit()
    logger.info("forum speaker %s updated by user %s", speaker.id, _actor_id(actor))
    return speaker


def delete_speaker(actor, edition, speaker: Speaker) -> None:
    db.session.delete(speaker)
    db.session.commit()
    logger.info("forum speaker %s deleted by user %s", speaker.id, _actor_id(actor))


def speakers_of_user(user) -> list[Speaker]:
    """The speaker profiles of a person, in every edition: linked to the account or made with its
    e-mail address."""
    return list(db.session.scalars(select(Speaker).where(
        or_(Speaker.user_id == user.id, Speaker.email == user.email.lower())).order_by(Speaker.id)))


def anonymise_speaker(speaker: Speaker) -> str | None:
    """Remove the person from a speaker profile (name, e-mail, title, organisation, bios, photo,
    account link, pending invitation) and from the published programme versions' frozen copies
    (their entry in each snapshot, their name in each changelog). The profile stays in its
    sessions, so the programme keeps its shape. No commit: part of the caller's erasure
    transaction (privacy.services). Returns the photo file the profile used, for
    ``delete_unused_photos`` once the transaction is committed."""
    old_name, photo = speaker.name, speaker.photo
    speaker.name, speaker.name_folded = erasure.ERASED_NAME, fold(erasure.ERASED_NAME)
    speaker.email, speaker.title, speaker.organisation = None, "", ""
    speaker.bio_vi = speaker.bio_en = ""
    speaker.photo = None
    speaker.invitation_nonce = None
    speaker.user_id = None
    for version in db.session.scalars(select(ScheduleVersion).where(ScheduleVersion.edition_id == speaker.edition_id)):
        version.snapshot = changelog_mod.erase_speaker(version.snapshot, speaker.id, erasure.ERASED_NAME)
        version.changelog = changelog_mod.rename_person(version.changelog, old_name, erasure.ERASED_NAME)
    return photo


def session_counts(edition) -> dict[int, int]:
    """Speaker id → number of sessions they take part in (one query for a list page)."""
    rows = db.session.execute(
        select(SessionParticipant.speaker_id, func.count()).join(Session)
        .where(Session.edition_id == edition.id).group_by(SessionParticipant.speaker_id))
    return {sid: n for sid, n in rows}


def sessions_of_speaker(speaker: Speaker) -> list[Session]:
    return list(db.session.scalars(
        select(Session).join(SessionParticipant).where(SessionParticipant.speaker_id == speaker.id)
        .options(selectinload(Session.room)).order_by(Session.starts_at)))


@dataclass(frozen=True)
class ConfirmedSpeaker:
    """A speaker who confirmed through the invitation link (for registration's badges)."""

    speaker_id: int
    code: str
    name: str
    email: str | None        # the profile's e-mail, else the linked account's
    user_id: int | None
    title: str
    organisation: str
    country: str


def confirmed_speakers(edition) -> list[ConfirmedSpeaker]:
    """Speakers of ``edition`` who confirmed their participation, in Vietnamese alphabetical order.

    Each carries the e-mail to reach them (the profile's, or the linked account's when the
    profile has none) and the linked user id, if any.
    """
    from techfest.accounts.models import User

    rows = db.session.execute(
        select(Speaker, User.email).outerjoin(User, User.id == Speaker.user_id)
        .where(Speaker.edition_id == edition.id, Speaker.status == SpeakerStatus.CONFIRMED)
        .order_by(Speaker.name_folded, Speaker.id))
    out = [ConfirmedSpeaker(s.id, s.code, s.name, s.email or user_email, s.user_id, s.title, s.organisation,
                            s.country) for s, user_email in rows]
    return sorted(out, key=lambda c: (vi_sort_key(c.name), c.speaker_id))
