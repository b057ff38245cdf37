"""Forum use-cases: rooms, speakers and invitations, sessions, conflicts, publishing, read models.

Each write function is one transaction (it commits) and takes the actor and the edition
explicitly. Reads for the public go through :func:`published_programme`, built from the frozen
snapshot of the newest :class:`ScheduleVersion`; the organizers' working copy is never shown to
the public.

For other domains (registration's printed programme and speaker badges):

* :func:`confirmed_speakers` — speakers who confirmed their participation, with the e-mail and
  user account to reach them.
* :func:`published_programme` — the published programme: days → sessions (local times) with
  their room and ordered participants, or ``None`` before the first publication.
"""
from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Iterable
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from techfest.core.collation import vi_sort_key
from techfest.core.db import MAX_DB_INT, db, utcnow
from techfest.core.errors import Conflict, NotFound, ValidationFailed
from techfest.core.search import fold, search_filter
from techfest.privacy import erasure

from . import changelog as changelog_mod
from . import conflicts as conflicts_mod
from .models import (LANGUAGES, ParticipantRole, Room, ScheduleVersion, Session, SessionParticipant,
                     SessionType, Speaker, SpeakerStatus)

logger = logging.getLogger(__name__)

DEFAULT_BUFFER_MINUTES = 10
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_SIDE = 800
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
INVITATION_MAX_AGE = 400 * 24 * 3600  # an invitation stays valid for the whole season
MAX_SESSION_HOURS = 24
SNAPSHOT_FORMAT = 1
_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_INTERP = re.compile(r"^([a-z]{2})\s*(?:↔|<->|<>|-|/)\s*([a-z]{2})$")


# --- small helpers ------------------------------------------------------------------------

def _actor_id(actor) -> int | None:
    return getattr(actor, "id", None)


def zone_of(edition) -> ZoneInfo:
    return ZoneInfo(edition.timezone or "Asia/Ho_Chi_Minh")


def edition_days(edition) -> list[date]:
    days, d = [], edition.start_date
    while d <= edition.end_date:
        days.append(d)
        d += timedelta(days=1)
    return days


def local_datetime(edition, day: date, at: time) -> datetime:
    """An aware datetime (UTC) for a local date and wall time of the edition."""
    return datetime.combine(day, at, tzinfo=zone_of(edition)).astimezone(timezone.utc)


def _new_code(model) -> str:
    for _ in range(10):
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
        if db.session.scalar(select(model.id).where(model.code == code)) is None:
            return code
    raise RuntimeError("could not draw a free code")  # pragma: no cover - 31^8 codes


def _text(data: dict, key: str, max_len: int, errors: dict, required: bool = False) -> str | None:
    if key not in data:
        return None
    value = (data[key] or "").strip() if isinstance(data[key], (str, type(None))) else None
    if value is None:
        errors.setdefault(key, []).append("must be text")
        return None
    if required and not value:
        errors.setdefault(key, []).append("required")
    if len(value) > max_len:
        errors.setdefault(key, []).append(f"at most {max_len} characters")
    return value


# --- rooms --------------------------------------------------------------------------------

def parse_hours_exceptions(text: str) -> dict[str, list[list[str]]]:
    """Parse per-day opening hours, one day a line::

        2026-11-25 08:00-12:00, 13:30-17:00
        2026-11-26 closed            (or "đóng cửa")

    Raises ``ValueError`` naming the bad line.
    """
    out: dict[str, list[list[str]]] = {}
    for n, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = line.split(None, 1)
        try:
            day = date.fromisoformat(parts[0])
        except ValueError:
            raise ValueError(f"line {n}: start with a date such as 2026-11-25") from None
        rest = parts[1].strip() if len(parts) > 1 else ""
        if fold(rest) in {"closed", "dong cua", "dong", "nghi"}:
            out[day.isoformat()] = []
            continue
        spans = []
        for chunk in filter(None, (c.strip() for c in rest.split(","))):
            times = [t.strip() for t in re.split(r"\s*[-–—]\s*", chunk)]
            if len(times) != 2 or not all(_HHMM.match(t) for t in times):
                raise ValueError(f"line {n}: write the hours as 08:00-12:00")
            spans.append(times)
        if not spans:
            raise ValueError(f"line {n}: give hours such as 08:00-12:00, or 'closed'")
        out[day.isoformat()] = spans
    return out


def format_hours_exceptions(hours: dict | None) -> str:
    if not hours:
        return ""
    lines = []
    for key in sorted(k for k in hours if k != "*"):
        spans = hours[key]
        lines.append(f"{key} " + (", ".join(f"{a}-{b}" for a, b in spans) if spans else "closed"))
    return "\n".join(lines)


def _validate_hours(value, errors: dict) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        errors.setdefault("hours", []).append("must be an object of day → [[open, close], ...]")
        return None
    clean: dict[str, list[list[str]]] = {}
    for key, spans in value.items():
        if key != "*":
            try:
                key = date.fromisoformat(str(key)).isoformat()
            except ValueError:
                errors.setdefault("hours", []).append(f"{key}: not a date (YYYY-MM-DD) or *")
                continue
        if not isinstance(spans, list) or not all(
                isinstance(s, (list, tuple)) and len(s) == 2 and all(isinstance(t, str) and _HHMM.match(t) for t in s)
                for s in spans):
            errors.setdefault("hours", []).append(f"{key}: spans must look like [\"08:00\", \"18:00\"]")
            continue
        clean[key] = [list(s) for s in spans]
    return clean


def room_hours_for(room: Room, days: Iterable[date]) -> dict[date, list[tuple[time, time]]] | None:
    if room.hours is None:
        return None
    default = room.hours.get("*")
    out: dict[date, list[tuple[time, time]]] = {}
    for day in days:
        spans = room.hours.get(day.isoformat(), default)
        if spans is None:
            continue  # no rule for that day and no every-day rule: closed
        out[day] = [(time.fromisoformat(a), time.fromisoformat(b)) for a, b in spans]
    return out


def rooms_of(edition) -> list[Room]:
    return list(db.session.scalars(select(Room).where(Room.edition_id == edition.id)
                                   .order_by(Room.position, Room.name_folded, Room.id)))


def get_room(edition, room_id: int) -> Room:
    room = db.session.get(Room, room_id)
    if room is None or room.edition_id != edition.id:
        raise NotFound("room not found")
    return room


def _clean_room(data: dict, partial: bool) -> dict:
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    if not partial and "name" not in data:
        errors["name"] = ["required"]
    for key, max_len, required in (("name", 120, True), ("floor", 60, False), ("hall", 60, False),
                                   ("equipment", 2000, False)):
        value = _text(data, key, max_len, errors, required)
        if value is not None:
            clean[key] = value
    if "capacity" in data:
        cap = data["capacity"]
        if cap is not None and (isinstance(cap, bool) or not isinstance(cap, int) or not 1 <= cap <= 100000):
            errors.setdefault("capacity", []).append("between 1 and 100000, or empty")
        clean["capacity"] = cap
    if "position" in data:
        pos = data["position"] or 0
        if isinstance(pos, bool) or not isinstance(pos, int) or not -1000 <= pos <= 1000:
            errors.setdefault("position", []).append("between -1000 and 1000")
        clean["position"] = pos
    if "hours" in data:
        clean["hours"] = _validate_hours(data["hours"], errors)
    if errors:
        raise ValidationFailed("invalid room", errors)
    return clean


def _room_name_taken(edition, name_folded: str, except_id: int | None = None) -> bool:
    stmt = select(Room.id).where(Room.edition_id == edition.id, Room.name_folded == name_folded)
    if except_id is not None:
        stmt = stmt.where(Room.id != except_id)
    return db.session.scalar(stmt) is not None


def create_room(actor, edition, data: dict) -> Room:
    clean = _clean_room(data, partial=False)
    if _room_name_taken(edition, fold(clean["name"])):
        raise Conflict("room name already used", {"name": ["already used by another room"]})
    if "position" not in clean:
        clean["position"] = (db.session.scalar(select(func.max(Room.position)).where(Room.edition_id == edition.id))
                             or 0) + 1
    room = Room(edition_id=edition.id, name_folded=fold(clean["name"]), **clean)
    db.session.add(room)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("room name already used", {"name": ["already used by another room"]}) from None
    logger.info("forum room %s created in edition %s by user %s", room.id, edition.id, _actor_id(actor))
    return room


def update_room(actor, edition, room: Room, data: dict) -> Room:
    clean = _clean_room(data, partial=True)
    if "name" in clean and _room_name_taken(edition, fold(clean["name"]), room.id):
        raise Conflict("room name already used", {"name": ["already used by another room"]})
    for key, value in clean.items():
        setattr(room, key, value)
    if "name" in clean:
        room.name_folded = fold(clean["name"])
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("room name already used", {"name": ["already used by another room"]}) from None
    logger.info("forum room %s updated by user %s", room.id, _actor_id(actor))
    return room


def delete_room(actor, edition, room: Room) -> int:
    """Delete a room; its sessions stay, without a room. Returns how many sessions were in it."""
    count = db.session.scalar(select(func.count()).select_from(Session).where(Session.room_id == room.id)) or 0
    for session in db.session.scalars(select(Session).where(Session.room_id == room.id)):
        session.room_id = None
    db.session.delete(room)
    db.session.commit()
    logger.info("forum room %s deleted by user %s (%s sessions unassigned)", room.id, _actor_id(actor), count)
    return count


# --- speakers -------------------------------------------------------------------------------

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


def _upload_dir() -> Path:
    from flask import current_app

    path = Path(current_app.config["UPLOAD_DIR"]) / "forum"
    path.mkdir(parents=True, exist_ok=True)
    return path


def photo_path(filename: str) -> Path | None:
    """The stored photo file for ``filename`` (None for anything that is not one of ours)."""
    if not re.fullmatch(r"[0-9a-f]{32}\.jpg", filename or ""):
        return None
    path = _upload_dir() / filename
    return path if path.is_file() else None


def store_photo(data: bytes) -> str:
    """Check an uploaded photo by its content and store a clean copy; returns the file name.

    The image must be a JPEG, PNG, WebP or GIF of at most 5 MB that Pillow can decode. It is
    re-encoded as a JPEG of at most 800×800 px (which drops EXIF data such as GPS positions).
    File names are content hashes, so a frozen snapshot keeps pointing at the photo it showed.
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not data:
        raise ValidationFailed("empty file", {"photo": ["the file is empty"]})
    if len(data) > PHOTO_MAX_BYTES:
        raise ValidationFailed("photo too large", {"photo": ["at most 5 MB"]})
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            if fmt not in PHOTO_FORMATS:
                raise ValidationFailed("unsupported image", {"photo": ["JPEG, PNG, WebP or GIF only"]})
            if probe.width * probe.height > 40_000_000:
                raise ValidationFailed("image too large", {"photo": ["the image has too many pixels"]})
            probe.verify()
        with Image.open(io.BytesIO(data)) as img:
            img = ImageOps.exif_transpose(img)
            img = img.convert("RGB")
            img.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            out = io.BytesIO()
            img.save(out, "JPEG", quality=85, optimize=True)
    except ValidationFailed:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationFailed("not an image", {"photo": ["not a valid image file"]}) from None
    payload = out.getvalue()
    name = hashlib.sha256(payload).hexdigest()[:32] + ".jpg"
    target = _upload_dir() / name
    if not target.exists():
        tmp = target.with_suffix(f".{secrets.token_hex(4)}.tmp")
        tmp.write_bytes(payload)
        os.replace(tmp, target)
    return name


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
    if photo:
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
    if photo:
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


def delete_unused_photos(names) -> int:
    """Delete the photo files among ``names`` that no speaker profile uses any more (after an
    erasure is committed: a file removed before a rollback would leave a profile without its
    photo). Returns how many files were deleted."""
    deleted = 0
    for name in {n for n in names if n}:
        if db.session.scalar(select(Speaker.id).where(Speaker.photo == name).limit(1)) is not None:
            continue
        path = photo_path(name)
        if path is not None:
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted


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


def session_counts(edition) -> dict[int, int]:
    """Speaker id → number of sessions they take part in (one query for a list page)."""
    rows = db.session.execute(
        select(SessionParticipant.speaker_id, func.count()).join(Session)
        .where(Session.edition_id == edition.id).group_by(SessionParticipant.speaker_id))
    return {sid: n for sid, n in rows}


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
    """
    speaker = speaker_for_invitation(token)
    if speaker is None:
        raise NotFound("invitation not found")
    allowed = {k: v for k, v in data.items() if k in {"name", "title", "organisation", "country", "bio_vi", "bio_en"}}
    clean = _clean_speaker(allowed, partial=True)
    if photo:
        clean["photo"] = store_photo(photo)
    elif remove_photo:
        clean["photo"] = None
    for key, value in clean.items():
        setattr(speaker, key, value)
    if "name" in clean:
        speaker.name_folded = fold(clean["name"])
    if answer == "confirm":
        speaker.status = SpeakerStatus.CONFIRMED
        speaker.responded_at = utcnow()
        if user is not None and getattr(user, "is_authenticated", False) and speaker.user_id is None:
            speaker.user_id = user.id
    elif answer == "decline":
        speaker.status = SpeakerStatus.DECLINED
        speaker.responded_at = utcnow()
    db.session.commit()
    logger.info("forum speaker %s answered the invitation: %s", speaker.id, answer or "profile saved")
    if answer == "confirm" and speaker.email:
        _register_confirmed_speaker(speaker)
    return speaker


def _register_confirmed_speaker(speaker: Speaker) -> None:
    """A confirmed speaker gets a speaker registration (and badge) when registration is enabled."""
    from techfest import DOMAINS

    if "registration" not in DOMAINS:
        return
    from techfest.registration.services import ensure_speaker_registration

    ensure_speaker_registration(speaker.edition, speaker.name, speaker.email, speaker.organisation)


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


# --- sessions -------------------------------------------------------------------------------

def sessions_query(edition):
    return (select(Session).where(Session.edition_id == edition.id)
            .options(selectinload(Session.room),
                     selectinload(Session.participants).selectinload(SessionParticipant.speaker))
            .order_by(Session.starts_at, Session.id))


def all_sessions(edition) -> list[Session]:
    return list(db.session.scalars(sessions_query(edition)))


def get_session(edition, code: str) -> Session:
    session = db.session.scalar(sessions_query(edition).where(Session.code == code))
    if session is None:
        raise NotFound("session not found")
    return session


def tracks_of(edition) -> list[str]:
    rows = db.session.scalars(select(Session.track).where(Session.edition_id == edition.id, Session.track != "")
                              .distinct())
    return sorted(set(rows), key=vi_sort_key)


def parse_interpretation(text: str | None) -> str:
    """Normalise "vi<->ko, vi-en" to "vi↔ko, vi↔en"; raises ValueError on anything else."""
    pairs = []
    for chunk in filter(None, (c.strip() for c in (text or "").replace(";", ",").split(","))):
        match = _INTERP.match(chunk.lower())
        if not match or match.group(1) not in LANGUAGES or match.group(2) not in LANGUAGES \
                or match.group(1) == match.group(2):
            raise ValueError(chunk)
        pair = f"{match.group(1)}↔{match.group(2)}"
        if pair not in pairs:
            pairs.append(pair)
    return ", ".join(pairs)


def _check_time(value, key: str, errors: dict) -> datetime | None:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        errors.setdefault(key, []).append("a date and time with a time zone")
        return None
    if value.second or value.microsecond:
        errors.setdefault(key, []).append("whole minutes only")
        return None
    return value.astimezone(timezone.utc)


def _clean_session(edition, data: dict, current: Session | None) -> dict:
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    partial = current is not None
    if not partial:
        for key in ("title_vi", "type", "start", "end"):
            if data.get(key) in (None, ""):
                errors[key] = ["required"]
    for key, max_len, required in (("title_vi", 300, True), ("title_en", 300, False), ("track", 120, False),
                                   ("description_vi", 20000, False), ("description_en", 20000, False)):
        value = _text(data, key, max_len, errors, required)
        if value is not None:
            clean[key] = value
    if data.get("type") not in (None, ""):
        try:
            clean["type"] = SessionType(data["type"])
        except ValueError:
            errors.setdefault("type", []).append("one of " + ", ".join(t.value for t in SessionType))
    if "room_id" in data:
        room_id = data["room_id"]
        if room_id in (None, ""):
            clean["room_id"] = None
        else:
            room = db.session.get(Room, room_id) if isinstance(room_id, int) and not isinstance(room_id, bool) \
                and 1 <= room_id <= MAX_DB_INT else None
            if room is None or room.edition_id != edition.id:
                errors.setdefault("room_id", []).append("no such room in this edition")
            else:
                clean["room_id"] = room.id
    for key, column in (("start", "starts_at"), ("end", "ends_at")):
        if data.get(key) not in (None, ""):
            value = _check_time(data[key], key, errors)
            if value is not None:
                clean[column] = value
    start = clean.get("starts_at", current.starts_at if current else None)
    end = clean.get("ends_at", current.ends_at if current else None)
    if start is not None and end is not None and "start" not in errors and "end" not in errors:
        if end <= start:
            errors.setdefault("end", []).append("must be after the start")
        elif end - start > timedelta(hours=MAX_SESSION_HOURS):
            errors.setdefault("end", []).append(f"a session lasts at most {MAX_SESSION_HOURS} hours")
    if "expected_attendance" in data:
        value = data["expected_attendance"]
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000):
            errors.setdefault("expected_attendance", []).append("a number of people, or empty")
        clean["expected_attendance"] = value
    if "languages" in data:
        langs = data["languages"] or []
        if isinstance(langs, str):
            langs = [x.strip() for x in langs.split(",") if x.strip()]
        bad = [x for x in langs if x not in LANGUAGES]
        if bad:
            errors.setdefault("languages", []).append("unknown language: " + ", ".join(map(str, bad)))
        else:
            clean["languages"] = ",".join(dict.fromkeys(langs))
    if "interpretation" in data:
        try:
            clean["interpretation"] = parse_interpretation(data["interpretation"])
        except ValueError as exc:
            errors.setdefault("interpretation", []).append(f"write pairs of language codes such as vi↔ko ({exc})")
    if "is_public" in data:
        clean["is_public"] = bool(data["is_public"])
    if "participants" in data:
        clean["participants"] = _clean_participants(edition, data["participants"] or [], errors)
    if errors:
        raise ValidationFailed("invalid session", errors)
    return clean


def _clean_participants(edition, rows, errors: dict) -> list[tuple[Speaker, ParticipantRole]]:
    out: list[tuple[Speaker, ParticipantRole]] = []
    seen: set[int] = set()
    codes = [r.get("speaker") for r in rows if isinstance(r, dict)]
    speakers = {s.code: s for s in db.session.scalars(
        select(Speaker).where(Speaker.edition_id == edition.id, Speaker.code.in_([c for c in codes if c])))}
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            errors.setdefault("participants", []).append(f"{i}: must be an object")
            continue
        speaker = speakers.get(row.get("speaker"))
        if speaker is None:
            errors.setdefault("participants", []).append(f"{i}: no such speaker in this edition")
            continue
        try:
            role = ParticipantRole(row.get("role") or ParticipantRole.SPEAKER)
        except ValueError:
            errors.setdefault("participants", []).append(f"{i}: unknown role")
            continue
        if speaker.id in seen:
            errors.setdefault("participants", []).append(f"{i}: {speaker.name} is listed twice")
            continue
        seen.add(speaker.id)
        out.append((speaker, role))
    return out


def _apply(session: Session, clean: dict) -> None:
    participants = clean.pop("participants", None)
    for key, value in clean.items():
        setattr(session, key, value)
    if "title_vi" in clean or "title_en" in clean:
        session.title_folded = fold(session.title_vi + " " + (session.title_en or ""))
    if participants is not None:
        wanted = {sp.id: (pos, role) for pos, (sp, role) in enumerate(participants)}
        for p in list(session.participants):
            if p.speaker_id not in wanted:
                session.participants.remove(p)
        existing = {p.speaker_id: p for p in session.participants}
        for sp, role in participants:
            pos, _ = wanted[sp.id]
            if sp.id in existing:
                existing[sp.id].role, existing[sp.id].position = role, pos
            else:
                session.participants.append(SessionParticipant(speaker=sp, role=role, position=pos))
        session.participants.sort(key=lambda p: p.position)
    session.updated_at = utcnow()  # always an UPDATE, so the lock version moves even for people-only edits


def _check_lock(session: Session, lock_version: int | None) -> None:
    if lock_version is not None and lock_version != session.lock_version:
        raise Conflict("this session was changed by someone else meanwhile; reload the page and try again",
                       {"lock_version": ["stale"]})


def _commit_session(session: Session) -> None:
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise Conflict("this session was changed by someone else meanwhile; reload the page and try again",
                       {"lock_version": ["stale"]}) from None


def create_session(actor, edition, data: dict) -> Session:
    clean = _clean_session(edition, data, None)
    clean.setdefault("participants", [])
    session = Session(edition_id=edition.id, code=_new_code(Session), title_en="", description_vi="",
                      description_en="", track="", languages="vi", interpretation="", is_public=True)
    session.participants = []
    _apply(session, clean)
    db.session.add(session)
    db.session.commit()
    logger.info("forum session %s created in edition %s by user %s", session.id, edition.id, _actor_id(actor))
    return session


def update_session(actor, edition, session: Session, data: dict, lock_version: int | None = None) -> Session:
    """Change a session (partial ``data``); ``lock_version`` from the form/API guards against
    overwriting someone else's change (409)."""
    _check_lock(session, lock_version)
    clean = _clean_session(edition, data, session)
    _apply(session, clean)
    _commit_session(session)
    logger.info("forum session %s updated by user %s", session.id, _actor_id(actor))
    return session


def move_session(actor, edition, session: Session, room_id: int | None, start: datetime,
                 lock_version: int | None = None) -> Session:
    """Move a session to ``room_id`` at ``start``, keeping its duration (drag and drop, move form)."""
    _check_lock(session, lock_version)
    duration = session.ends_at - session.starts_at
    clean = _clean_session(edition, {"room_id": room_id, "start": start,
                                     "end": start + duration if isinstance(start, datetime) else None}, session)
    _apply(session, clean)
    _commit_session(session)
    logger.info("forum session %s moved by user %s", session.id, _actor_id(actor))
    return session


def duplicate_session(actor, edition, session: Session, title_suffix: str = " (copy)") -> Session:
    """A copy of ``session`` with the same people, placed right after it in the same room."""
    duration = session.ends_at - session.starts_at
    copy = Session(edition_id=edition.id, code=_new_code(Session),
                   title_vi=(session.title_vi + title_suffix)[:300],
                   title_en=(session.title_en + title_suffix)[:300] if session.title_en else "",
                   description_vi=session.description_vi, description_en=session.description_en, type=session.type,
                   track=session.track, room_id=session.room_id, starts_at=session.ends_at,
                   ends_at=session.ends_at + duration, expected_attendance=session.expected_attendance,
                   languages=session.languages, interpretation=session.interpretation, is_public=session.is_public)
    copy.title_folded = fold(copy.title_vi + " " + copy.title_en)
    copy.participants = [SessionParticipant(speaker_id=p.speaker_id, role=p.role, position=p.position)
                         for p in session.participants]
    db.session.add(copy)
    db.session.commit()
    logger.info("forum session %s duplicated as %s by user %s", session.id, copy.id, _actor_id(actor))
    return copy


def delete_session(actor, edition, session: Session) -> None:
    session_id = session.id
    db.session.delete(session)
    _commit_session(session)
    logger.info("forum session %s deleted by user %s", session_id, _actor_id(actor))


def sessions_on_day(edition, day: date) -> list[Session]:
    start = local_datetime(edition, day, time(0))
    return list(db.session.scalars(sessions_query(edition).where(
        Session.starts_at >= start, Session.starts_at < start + timedelta(days=1))))


def shift_day(actor, edition, day: date, minutes: int, codes: list[str] | None = None) -> list[str]:
    """Move every session starting on local ``day`` (or only ``codes``) by ``minutes``.

    Returns the codes of the moved sessions so the move can be undone with ``-minutes``.
    """
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes == 0 or abs(minutes) > 24 * 60:
        raise ValidationFailed("invalid shift", {"minutes": ["between -1440 and 1440, not 0"]})
    if codes is not None:
        sessions = list(db.session.scalars(select(Session).where(Session.edition_id == edition.id,
                                                                 Session.code.in_(codes))))
    else:
        sessions = sessions_on_day(edition, day)
    delta = timedelta(minutes=minutes)
    for s in sessions:
        s.starts_at += delta
        s.ends_at += delta
        s.updated_at = utcnow()
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise Conflict("a session was changed by someone else meanwhile; reload the page and try again") from None
    logger.info("forum: %s sessions of %s shifted by %s min by user %s", len(sessions), day, minutes, _actor_id(actor))
    return [s.code for s in sessions]


# --- conflicts ------------------------------------------------------------------------------

def _programme(edition, sessions: list[Session], rooms: list[Room], buffer_minutes: int) -> conflicts_mod.Programme:
    days = edition_days(edition)
    zone = zone_of(edition)
    hour_days = set(days)
    for s in sessions:  # room hours must also be known on the (wrong) days sessions use
        d = s.starts_at.astimezone(zone).date()
        while d <= (s.ends_at - timedelta(microseconds=1)).astimezone(zone).date():
            hour_days.add(d)
            d += timedelta(days=1)
    return conflicts_mod.Programme(
        sessions=[conflicts_mod.Session(s.id, s.title_vi, s.room_id, s.starts_at, s.ends_at, s.expected_attendance,
                                        tuple(p.speaker_id for p in s.participants)) for s in sessions],
        rooms=[conflicts_mod.Room(r.id, r.name, r.capacity, r.hall or None, room_hours_for(r, sorted(hour_days)))
               for r in rooms],
        days=days, tz=edition.timezone, buffer_minutes=buffer_minutes)


def find_conflicts(edition, buffer_minutes: int = DEFAULT_BUFFER_MINUTES, *,
                   sessions: list[Session] | None = None,
                   rooms: list[Room] | None = None) -> list[conflicts_mod.Conflict]:
    """Conflicts of the working copy (all sessions, public or not)."""
    sessions = all_sessions(edition) if sessions is None else sessions
    rooms = rooms_of(edition) if rooms is None else rooms
    return conflicts_mod.find_conflicts(_programme(edition, sessions, rooms, buffer_minutes))


def conflicts_by_session(found: list[conflicts_mod.Conflict]) -> dict[int, list[conflicts_mod.Conflict]]:
    out: dict[int, list[conflicts_mod.Conflict]] = defaultdict(list)
    for c in found:
        for sid in c.session_ids:
            out[sid].append(c)
    return out


# --- snapshots and publishing -----------------------------------------------------------------

def _iso(value: datetime) -> str:
    return value.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def build_snapshot(edition, sessions: list[Session] | None = None, rooms: list[Room] | None = None) -> dict:
    """The public programme as frozen JSON (format in ``techfest.forum.changelog``)."""
    sessions = [s for s in (all_sessions(edition) if sessions is None else sessions) if s.is_public]
    rooms = rooms_of(edition) if rooms is None else rooms
    speakers: dict[int, Speaker] = {}
    for s in sessions:
        for p in s.participants:
            speakers[p.speaker_id] = p.speaker
    return {
        "format": SNAPSHOT_FORMAT,
        "edition": {"slug": edition.slug, "name": edition.name, "timezone": edition.timezone,
                    "start_date": edition.start_date.isoformat(), "end_date": edition.end_date.isoformat()},
        "rooms": [{"id": r.id, "name": r.name, "capacity": r.capacity, "floor": r.floor, "hall": r.hall,
                   "equipment": r.equipment} for r in rooms],
        "speakers": [{"id": sp.id, "code": sp.code, "name": sp.name, "title": sp.title,
                      "organisation": sp.organisation, "country": sp.country, "bio_vi": sp.bio_vi,
                      "bio_en": sp.bio_en, "photo": sp.photo}
                     for sp in sorted(speakers.values(), key=lambda x: (x.name_folded, x.id))],
        "sessions": [{"id": s.id, "code": s.code, "title_vi": s.title_vi, "title_en": s.title_en,
                      "description_vi": s.description_vi, "description_en": s.description_en,
                      "type": s.type.value, "track": s.track, "room_id": s.room_id, "start": _iso(s.starts_at),
                      "end": _iso(s.ends_at), "expected_attendance": s.expected_attendance,
                      "languages": s.language_list, "interpretation": s.interpretation,
                      "participants": [{"speaker_id": p.speaker_id, "role": p.role.value} for p in s.participants]}
                     for s in sessions],
    }


def latest_version(edition) -> ScheduleVersion | None:
    return db.session.scalar(select(ScheduleVersion).where(ScheduleVersion.edition_id == edition.id)
                             .order_by(ScheduleVersion.number.desc()).limit(1))


def versions_of(edition) -> list[ScheduleVersion]:
    return list(db.session.scalars(select(ScheduleVersion).options(selectinload(ScheduleVersion.published_by))
                                   .where(ScheduleVersion.edition_id == edition.id)
                                   .order_by(ScheduleVersion.number.desc())))


def pending_changes(edition) -> dict:
    """What publishing now would change, against the newest published version."""
    latest = latest_version(edition)
    return changelog_mod.diff(latest.snapshot if latest else None, build_snapshot(edition))


def publish_schedule(actor, edition, note: str = "", buffer_minutes: int = DEFAULT_BUFFER_MINUTES) -> ScheduleVersion:
    """Freeze the working copy as the next numbered version, with its changelog.

    Refused (409) while an error-level conflict exists, or when nothing changed since the last
    version. Two organizers publishing at once: the unique (edition, number) lets one win.
    """
    sessions, rooms = all_sessions(edition), rooms_of(edition)
    found = find_conflicts(edition, buffer_minutes, sessions=sessions, rooms=rooms)
    if conflicts_mod.has_blocking(found):
        errors = [c.message for c in found if c.blocking]
        raise Conflict("the programme has blocking conflicts", {"conflicts": errors})
    latest = latest_version(edition)
    snapshot = build_snapshot(edition, sessions, rooms)
    previous = latest.snapshot if latest else None
    log = changelog_mod.diff(previous, snapshot)
    if latest is not None and changelog_mod.is_empty(log) and _same_public_details(previous, snapshot):
        raise Conflict("nothing changed since the last version", {"version": [f"{latest.number} is current"]})
    changelog_mod.assign_sequences(previous, snapshot)
    version = ScheduleVersion(edition_id=edition.id, number=(latest.number if latest else 0) + 1,
                              published_at=utcnow(), published_by_id=_actor_id(actor), note=(note or "").strip()[:2000],
                              snapshot=snapshot, changelog=log)
    db.session.add(version)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("another organizer published a version at the same time; reload and check",
                       {"version": ["published meanwhile"]}) from None
    logger.info("forum schedule version %s of edition %s published by user %s", version.number, edition.id,
                _actor_id(actor))
    return version


def _same_public_details(old: dict | None, new: dict) -> bool:
    """Rooms and speaker profiles also reach the public: a change there is worth a version."""
    if old is None:
        return False
    return old.get("rooms") == new.get("rooms") and old.get("speakers") == new.get("speakers")


# --- the published programme (read model) -----------------------------------------------------

@dataclass(frozen=True)
class ProgrammeRoom:
    id: int
    name: str
    capacity: int | None
    floor: str
    hall: str
    equipment: str


@dataclass(frozen=True)
class ProgrammePerson:
    id: int
    code: str
    name: str
    title: str
    organisation: str
    country: str
    bio_vi: str
    bio_en: str
    photo: str | None

    def bio(self, locale: str = "vi") -> str:
        return self.bio_en if locale == "en" and self.bio_en else self.bio_vi

    @property
    def affiliation(self) -> str:
        return ", ".join(x for x in (self.title, self.organisation) if x)


@dataclass(frozen=True)
class ProgrammeParticipant:
    person: ProgrammePerson
    role: ParticipantRole

    @property
    def role_label(self) -> str:
        from .models import PARTICIPANT_ROLE_LABELS

        return str(PARTICIPANT_ROLE_LABELS[self.role])


@dataclass(frozen=True)
class ProgrammeSession:
    id: int
    code: str
    title_vi: str
    title_en: str
    description_vi: str
    description_en: str
    type: SessionType
    track: str
    room: ProgrammeRoom | None
    start: datetime          # aware, in the edition's time zone
    end: datetime
    expected_attendance: int | None
    languages: tuple[str, ...]
    interpretation: str
    participants: tuple[ProgrammeParticipant, ...]
    sequence: int = 0

    def title(self, locale: str = "vi") -> str:
        return self.title_en if locale == "en" and self.title_en else self.title_vi

    def description(self, locale: str = "vi") -> str:
        return self.description_en if locale == "en" and self.description_en else self.description_vi

    @property
    def type_label(self) -> str:
        from .models import SESSION_TYPE_LABELS

        return str(SESSION_TYPE_LABELS[self.type])

    @property
    def day(self) -> date:
        return self.start.date()

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    def with_role(self, *roles: str) -> list[ProgrammeParticipant]:
        return [p for p in self.participants if p.role in roles]


@dataclass(frozen=True)
class ProgrammeDay:
    date: date
    sessions: tuple[ProgrammeSession, ...]


@dataclass(frozen=True)
class PublishedProgramme:
    """The newest published version of an edition's programme, ready to display or print."""

    edition_slug: str
    edition_name: str
    timezone: str
    start_date: date
    end_date: date
    version: int
    published_at: datetime
    days: tuple[ProgrammeDay, ...]
    rooms: tuple[ProgrammeRoom, ...]
    speakers: tuple[ProgrammePerson, ...]
    tracks: tuple[str, ...] = field(default=())

    @property
    def sessions(self) -> list[ProgrammeSession]:
        return [s for d in self.days for s in d.sessions]

    def session(self, code: str) -> ProgrammeSession | None:
        return next((s for s in self.sessions if s.code == code), None)

    def speaker(self, code: str) -> ProgrammePerson | None:
        return next((p for p in self.speakers if p.code == code), None)

    def sessions_of(self, person: ProgrammePerson) -> list[ProgrammeSession]:
        return [s for s in self.sessions if any(p.person.id == person.id for p in s.participants)]

    def photos(self) -> set[str]:
        return {p.photo for p in self.speakers if p.photo}

    def by_room(self) -> list[tuple[ProgrammeRoom | None, list[ProgrammeSession]]]:
        """(room, its sessions) for each room holding sessions, then (None, sessions elsewhere)."""
        sessions = self.sessions
        groups = [(room, [s for s in sessions if s.room and s.room.id == room.id]) for room in self.rooms]
        others = [s for s in sessions if s.room is None]
        return [(room, items) for room, items in groups if items] + ([(None, others)] if others else [])

    def by_track(self) -> list[tuple[str, list[ProgrammeSession]]]:
        """(track, its sessions) for each track, then ("", sessions without a track)."""
        sessions = self.sessions
        groups = [(track, [s for s in sessions if s.track == track]) for track in self.tracks]
        others = [s for s in sessions if not s.track]
        return groups + ([("", others)] if others else [])


def programme_from_snapshot(snapshot: dict, number: int, published_at: datetime) -> PublishedProgramme:
    ed = snapshot["edition"]
    zone = ZoneInfo(ed["timezone"])
    rooms = {r["id"]: ProgrammeRoom(r["id"], r["name"], r.get("capacity"), r.get("floor") or "", r.get("hall") or "",
                                    r.get("equipment") or "") for r in snapshot.get("rooms", [])}
    people = {p["id"]: ProgrammePerson(p["id"], p["code"], p["name"], p.get("title") or "",
                                       p.get("organisation") or "", p.get("country") or "", p.get("bio_vi") or "",
                                       p.get("bio_en") or "", p.get("photo")) for p in snapshot.get("speakers", [])}
    sessions = []
    for s in snapshot.get("sessions", []):
        sessions.append(ProgrammeSession(
            id=s["id"], code=s["code"], title_vi=s["title_vi"], title_en=s.get("title_en") or "",
            description_vi=s.get("description_vi") or "", description_en=s.get("description_en") or "",
            type=SessionType(s["type"]), track=s.get("track") or "", room=rooms.get(s.get("room_id")),
            start=datetime.fromisoformat(s["start"]).astimezone(zone),
            end=datetime.fromisoformat(s["end"]).astimezone(zone),
            expected_attendance=s.get("expected_attendance"), languages=tuple(s.get("languages") or ()),
            interpretation=s.get("interpretation") or "",
            participants=tuple(ProgrammeParticipant(people[p["speaker_id"]], ParticipantRole(p["role"]))
                               for p in s.get("participants", []) if p["speaker_id"] in people),
            sequence=int(s.get("sequence", 0))))
    room_order = {rid: i for i, rid in enumerate(rooms)}
    sessions.sort(key=lambda s: (s.start, room_order.get(s.room.id if s.room else None, len(room_order)), s.id))
    by_day: dict[date, list[ProgrammeSession]] = defaultdict(list)
    for s in sessions:
        by_day[s.day].append(s)
    tracks = sorted({s.track for s in sessions if s.track}, key=vi_sort_key)
    return PublishedProgramme(
        edition_slug=ed["slug"], edition_name=ed["name"], timezone=ed["timezone"],
        start_date=date.fromisoformat(ed["start_date"]), end_date=date.fromisoformat(ed["end_date"]),
        version=number, published_at=published_at,
        days=tuple(ProgrammeDay(d, tuple(by_day[d])) for d in sorted(by_day)),
        rooms=tuple(rooms.values()), speakers=tuple(sorted(people.values(), key=lambda p: (vi_sort_key(p.name), p.id))),
        tracks=tuple(tracks))


def published_programme(edition) -> PublishedProgramme | None:
    """The published programme of ``edition`` (None before the first publication).

    ``days`` lists the days that have sessions, in order; each day's sessions are sorted by
    start time then room, with local (edition time zone) ``start``/``end``, their ``room``
    (or None) and ``participants`` in the order the organizers set (moderators usually first),
    each with ``person`` (name, title, organisation, country, bio, photo) and ``role``.
    One query; nothing of the unpublished working copy is included.
    """
    latest = latest_version(edition)
    if latest is None:
        return None
    return programme_from_snapshot(latest.snapshot, latest.number, latest.published_at)


# --- exports --------------------------------------------------------------------------------

def _acronym(slug: str) -> str:
    acronym = re.sub(r"[^a-z0-9_]", "_", slug.lower())
    return acronym if len(acronym) >= 4 else (acronym + "_forum")


def session_guid(edition_id: int, session_id: int) -> str:
    """Stable across versions (and so the iCalendar UID): derived from the session row."""
    from .frab import stable_guid

    return stable_guid(f"techfest:edition:{edition_id}", f"session:{session_id}")


def _frab_parts(edition, programme: PublishedProgramme | None, session_url: Callable[[str], str],
                unplaced_room: str, base_url: str | None = None):
    from .frab import ScheduleConference, ScheduleEvent, ScheduleRoom, stable_guid

    sessions = programme.sessions if programme else []
    start, end = edition.start_date, edition.end_date
    for s in sessions:
        start, end = min(start, s.start.date()), max(end, s.start.date())
    conf = ScheduleConference(acronym=_acronym(edition.slug), title=edition.name, start=start, end=end,
                              days=(end - start).days + 1, timezone=edition.timezone, base_url=base_url,
                              day_change=time(0, 0))
    rooms = [ScheduleRoom(name=r.name, guid=stable_guid(f"techfest:edition:{edition.id}", f"room:{r.id}"))
             for r in (programme.rooms if programme else ())]
    if any(s.room is None for s in sessions):
        rooms.append(ScheduleRoom(name=unplaced_room))
    events = []
    for s in sessions:
        who = [p for p in s.participants if p.role != ParticipantRole.INTERPRETER]
        lang = s.languages[0] if s.languages else None
        events.append(ScheduleEvent(
            id=s.id, guid=session_guid(edition.id, s.id), date=s.start, duration=s.duration,
            room=s.room.name if s.room else unplaced_room, title=s.title_vi, subtitle=s.title_en or None,
            url=session_url(s.code), track=s.track or None, type=s.type.value, language=lang,
            abstract=s.description_vi.split("\n\n")[0] if s.description_vi else "",
            description=s.description_vi or None,
            persons=tuple((p.person.id, p.person.name) for p in who)))
    version = f"{programme.version}" if programme else "0"
    return conf, rooms, events, version


def export_frab_xml(edition, programme, session_url, unplaced_room: str, base_url: str | None = None) -> bytes:
    from .frab import schedule_xml

    conf, rooms, events, version = _frab_parts(edition, programme, session_url, unplaced_room, base_url)
    return schedule_xml(conf, rooms, events, version)


def export_frab_json(edition, programme, session_url, unplaced_room: str, base_url: str | None = None) -> dict:
    from .frab import schedule_json

    conf, rooms, events, version = _frab_parts(edition, programme, session_url, unplaced_room, base_url)
    return schedule_json(conf, rooms, events, version)


def export_ics(edition, programme: PublishedProgramme | None, session_url, sessions=None) -> bytes:
    """iCalendar of the published programme (or of ``sessions`` only). UIDs are stable."""
    from .ical import CalendarEvent, calendar_for

    chosen = programme.sessions if (programme and sessions is None) else (sessions or [])
    events = []
    for s in chosen:
        people = "; ".join(f"{p.person.name} ({p.role_label})" for p in s.participants)
        description = "\n\n".join(x for x in (s.title_en, s.description_vi, people) if x)
        events.append(CalendarEvent(guid=session_guid(edition.id, s.id), start=s.start, end=s.end,
                                    summary=s.title_vi, description=description,
                                    location=s.room.name if s.room else "", url=session_url(s.code),
                                    sequence=s.sequence))
    stamp = programme.published_at if programme else datetime(edition.start_date.year, 1, 1, tzinfo=timezone.utc)
    return calendar_for(events, edition.name, edition.timezone, dtstamp=stamp)


CSV_COLUMNS = ("date", "start", "end", "room", "type", "track", "title_vi", "title_en", "moderators",
               "speakers", "languages", "interpretation", "url")


def export_csv_rows(programme: PublishedProgramme | None, session_url) -> list[list[str]]:
    rows: list[list[str]] = [list(CSV_COLUMNS)]
    for s in (programme.sessions if programme else []):
        mods = "; ".join(p.person.name for p in s.with_role(ParticipantRole.MODERATOR))
        others = "; ".join(f"{p.person.name} ({p.role_label})" for p in s.participants
                           if p.role != ParticipantRole.MODERATOR)
        rows.append([s.start.date().isoformat(), s.start.strftime("%H:%M"), s.end.strftime("%H:%M"),
                     s.room.name if s.room else "", s.type_label, s.track, s.title_vi, s.title_en, mods, others,
                     ", ".join(s.languages), s.interpretation, session_url(s.code)])
    return rows
