"""Speakers (called by the forum): a confirmed speaker holds an active speaker registration for
every day of the edition, and so a badge."""
from __future__ import annotations

import logging
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from techfest.core.db import db

from ..models import AttendeeType, Registration
from .common import ACTIVE
from .notifications import notify
from .registering import _clean, _upsert, normalize_email
from .settings import _lock

logger = logging.getLogger(__name__)


class StagedSpeakerRegistration(NamedTuple):
    registration: Registration
    mail_due: bool  # send notify(registration, "confirmed") once the caller has committed


def stage_speaker_registration(edition, name: str, email: str, organisation: str = "") -> StagedSpeakerRegistration:
    """:func:`ensure_speaker_registration` without its commit and its e-mail, for a caller that
    makes it part of its own transaction (the forum confirms a speaker and registers them in one
    commit). The change is written in a SAVEPOINT: a registration of the same e-mail made
    meanwhile is updated instead. After committing, the caller e-mails the speaker with
    ``notify(registration, "confirmed")`` when ``mail_due``."""
    email = normalize_email(email)
    clean = _clean({"name": name, "email": email, "organisation": organisation or "", "phone": "",
                    "type": AttendeeType.SPEAKER, "days": None}, edition)
    clean.pop("phone")
    settings = _lock(edition)
    existing = db.session.scalar(select(Registration).where(Registration.edition_id == edition.id,
                                                            Registration.email == email))
    if existing is not None and existing.type in (AttendeeType.VIP, AttendeeType.ORGANIZER_STAFF):
        clean.pop("type")
    if existing is not None and existing.organisation_id is not None and "type" in clean:
        existing.organisation_id = None  # no longer counted as booth staff
    before = (existing.status, existing.type) if existing is not None else None
    try:
        with db.session.begin_nested():
            outcome = _upsert(edition, settings, clean, source="forum")
    except IntegrityError:
        return stage_speaker_registration(edition, name, email, organisation)
    reg = outcome.registration
    changed = before is None or before != (reg.status, reg.type)
    return StagedSpeakerRegistration(reg, changed and reg.status == ACTIVE)


def ensure_speaker_registration(edition, name: str, email: str, organisation: str = "", *,
                                notify_attendee: bool = True) -> Registration:
    """Called by the forum when a speaker confirms: make sure they hold an active speaker
    registration for every day of the edition, and a badge.

    Idempotent. An existing registration with the same e-mail is updated in place: a visitor,
    press or exhibitor-staff registration becomes a speaker one, a cancelled or waiting one is
    re-activated; VIP guests and organizer staff keep their type (their badge already opens
    every door). Speakers never wait for a place. Returns the registration.
    """
    staged = stage_speaker_registration(edition, name, email, organisation)
    db.session.commit()
    reg = staged.registration
    logger.info("speaker registration %s ensured in edition %s", reg.id, edition.id)
    if notify_attendee and staged.mail_due:
        notify(reg, "confirmed")
    return reg

