"""Personal data use-cases: notice, export ("my data"), erasure, retention purge, audit log.

A person's data lives in several domains (registrations, check-in scans, forum speakers,
accounts, judging scores). Each domain reads and anonymises its own rows in its services
(``registration.services.anonymise_registration``, ``checkin.services.anonymise_scans_of``,
``forum.services.anonymise_speaker``, ``accounts.services.anonymise_user``...), none of which
commits; this module checks who may, calls them in order, keeps the audit log and commits once,
so an erasure is all or nothing. Scores keep their ``judge_id`` (NOT NULL, ON DELETE RESTRICT in
judging): the judge's account is anonymised instead, which detaches the identity while results
and counts stay exactly as they were.
"""
from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import select

from techfest.accounts import services as accounts
from techfest.checkin import services as checkin
from techfest.core.auth import can
from techfest.core.db import db, utcnow
from techfest.core.errors import Conflict, PermissionDenied, ValidationFailed
from techfest.forum import services as forum
from techfest.judging import services as judging
from techfest.registration import programme
from techfest.registration import services as registrations

from . import retention
from .models import PrivacyAudit, PrivacySettings

logger = logging.getLogger(__name__)

DEFAULT_NOTICE_VI = (
    "Ban tổ chức thu thập họ tên, e-mail, số điện thoại và đơn vị công tác của bạn để quản lý đăng ký, "
    "in thẻ tham dự và kiểm soát ra vào sự kiện, theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân. "
    "Dữ liệu không được bán hay chia sẻ cho bên thứ ba vì mục đích thương mại. Bạn có thể xem, tải về "
    "hoặc yêu cầu xoá dữ liệu của mình tại trang \"Dữ liệu của tôi\" hoặc từ trang thẻ tham dự."
)
DEFAULT_NOTICE_EN = (
    "The organizers collect your name, e-mail address, phone number and organisation to manage "
    "registrations, print badges and control entry to the event, under Decree 13/2023/ND-CP on personal "
    "data protection. Your data is never sold or shared with third parties for marketing. You can see, "
    "download or ask to erase your data on the \"My data\" page or from your badge page."
)


# --- settings and notice -------------------------------------------------------------------

def settings_for(edition) -> PrivacySettings | None:
    return db.session.scalar(select(PrivacySettings).where(PrivacySettings.edition_id == edition.id))


def notice(edition, lang: str) -> tuple[str, bool]:
    """(text, is_default) of the edition's privacy notice in ``lang`` (falls back to Vietnamese)."""
    s = settings_for(edition)
    if s is not None:
        text = (s.notice_en if lang == "en" else s.notice_vi) or s.notice_vi or s.notice_en
        if text.strip():
            return text, False
    return (DEFAULT_NOTICE_EN if lang == "en" else DEFAULT_NOTICE_VI), True


def update_settings(actor, edition, data: dict) -> PrivacySettings:
    months = data.get("retention_months")
    if months is not None and not (1 <= int(months) <= 120):
        raise ValidationFailed("invalid retention", fields={"retention_months": ["between 1 and 120 months"]})
    s = settings_for(edition)
    if s is None:
        s = PrivacySettings(edition_id=edition.id)
        db.session.add(s)
    s.notice_vi = (data.get("notice_vi") or "").strip()
    s.notice_en = (data.get("notice_en") or "").strip()
    s.retention_months = int(months) if months is not None else None
    _log(actor, "settings_changed", f"edition {edition.slug}", edition)
    db.session.commit()
    logger.info("privacy settings of edition %s changed by user %s", edition.id, getattr(actor, "id", None))
    return s


# --- audit ---------------------------------------------------------------------------------

def _log(actor, action: str, target: str, edition=None, label: str | None = None) -> None:
    db.session.add(PrivacyAudit(
        edition_id=edition.id if edition is not None else None, actor_id=getattr(actor, "id", None),
        actor_label=label or (f"user {actor.id}" if actor is not None else "system"), action=action, target=target,
        created_at=utcnow()))


def audit_query(edition):
    return select(PrivacyAudit).where(PrivacyAudit.edition_id == edition.id).order_by(
        PrivacyAudit.created_at.desc(), PrivacyAudit.id.desc())


# --- export --------------------------------------------------------------------------------

def _iso(value):
    return value.isoformat() if value is not None else None


def _registration_dict(reg) -> dict:
    return {
        "edition": reg.edition.slug, "name": reg.name, "email": reg.email, "phone": reg.phone,
        "organisation": reg.organisation, "type": str(reg.type), "status": str(reg.status),
        "days": [d.isoformat() for d in reg.day_list], "language": reg.lang, "source": reg.source,
        "consent_at": _iso(reg.consent_at), "registered_at": _iso(reg.created_at),
        "checkins": [{"point": name, "day": c.local_day.isoformat(), "direction": str(c.direction),
                      "checked_at": _iso(c.checked_at)} for c, name in checkin.checkins_of(reg)],
    }


def registration_data(reg) -> dict:
    return {"generated_at": _iso(utcnow()), "registrations": [_registration_dict(reg)]}


def user_data(user) -> dict:
    """Everything held about ``user``: account, organisation, roles, registrations (matched by
    e-mail) with their check-ins, judging scores and speaker profiles."""
    org = user.organisation
    roles = sorted((edition.slug, str(role)) for edition, role in accounts.roles_overview(user))
    tokens = sorted(accounts.tokens_of(user), key=lambda t: t.id)
    return {
        "generated_at": _iso(utcnow()),
        "account": {"email": user.email, "name": user.name, "active": user.active, "created_at": _iso(user.created_at),
                    "last_login_at": _iso(user.last_login_at),
                    "api_tokens": [{"name": t.name, "prefix": t.prefix, "created_at": _iso(t.created_at),
                                    "last_used_at": _iso(t.last_used_at), "revoked_at": _iso(t.revoked_at)}
                                   for t in tokens]},
        "organisation": None if org is None else {
            "name": org.name, "type": str(org.type), "country": org.country, "website": org.website,
            "contact_name": org.contact_name, "phone": org.phone, "address": org.address},
        "roles": [{"edition": slug, "role": role} for slug, role in roles],
        "registrations": [_registration_dict(r) for r in registrations.registrations_of_email(user.email)],
        "judging_scores": [{"edition": s.edition, "round": s.round, "product_id": s.product_id,
                            "criterion": s.criterion, "value": s.value, "comment": s.comment,
                            "updated_at": _iso(s.updated_at)} for s in judging.scores_of_judge(user)],
        "speaker_profiles": [{"edition": sp.edition.slug, "name": sp.name, "email": sp.email, "title": sp.title,
                              "organisation": sp.organisation, "country": sp.country, "bio_vi": sp.bio_vi,
                              "bio_en": sp.bio_en, "status": str(sp.status)} for sp in forum.speakers_of_user(user)],
    }


def export_user(actor, user) -> dict:
    """The person's own data (or any account's, for an admin; the export is logged)."""
    if actor is None or (actor.id != user.id and not actor.is_admin):
        raise PermissionDenied("not your data")
    data = user_data(user)
    _log(actor, "export", f"user {user.id}")
    db.session.commit()
    return data


def export_registration(actor, reg, *, via_code: bool = False) -> dict:
    """A registration's data: for its organizers, or for the person holding the badge page code."""
    if not via_code and not can(actor, "privacy.manage", reg.edition):
        raise PermissionDenied("not allowed")
    data = registration_data(reg)
    _log(None if via_code else actor, "export", f"registration {reg.id}", reg.edition,
         label="attendee (badge page)" if via_code else None)
    db.session.commit()
    return data


# --- erasure -------------------------------------------------------------------------------

def _anonymise_registration(reg) -> bool:
    """Anonymise one registration and the copies of its personal data in check-in scans."""
    if registrations.is_anonymised(reg):
        return False
    personal = registrations.anonymise_registration(reg)
    checkin.anonymise_scans_of(reg, personal)  # rows and counts stay
    return True


def _anonymise_user(user) -> tuple[list[str], set[int]]:
    """Returns what to clean up once the erasure is committed: the speaker photo files, and the
    editions whose printed programme showed the person."""
    # Speaker profiles are found by the account's e-mail too: before the account loses it.
    speakers = forum.speakers_of_user(user)
    photos = [forum.anonymise_speaker(speaker) for speaker in speakers]
    accounts.anonymise_user(user)
    return [p for p in photos if p], {s.edition_id for s in speakers}


def erase_person(actor, user=None, registration=None, *, via_code: bool = False) -> dict:
    """Anonymise a person: an account (with every registration made with its e-mail) or one
    registration. Rows stay, so registration, check-in and score counts are unchanged.

    Allowed: the person themself (``actor`` is ``user``, or holds the registration's badge page
    code: ``via_code``), an admin, an organizer of the registration's edition, or the system
    (``actor`` None, from the retention purge). Returns ``{"registrations": n, "account": bool}``.
    """
    if (user is None) == (registration is None):
        raise ValueError("erase_person needs exactly one of user or registration")
    if user is not None:
        if actor is not None and actor.id != user.id and not actor.is_admin:
            raise PermissionDenied("not allowed")
        if accounts.is_anonymised(user):
            raise Conflict("already erased")
        regs = registrations.registrations_of_email(user.email)
        count = sum(_anonymise_registration(r) for r in regs)
        for r in regs:
            _log(actor, "erase", f"registration {r.id}", r.edition)
        photos, programme_editions = _anonymise_user(user)
        _log(actor, "erase", f"user {user.id}")
        db.session.commit()
        # files go only once the erasure is committed
        forum.delete_unused_photos(photos)
        for edition_id in programme_editions:
            programme.forget_cached(edition_id)
        logger.info("user %s erased by %s (%s registrations)", user.id, getattr(actor, "id", "system"), count)
        return {"registrations": count, "account": True}
    reg = registration
    if not via_code and actor is not None and not can(actor, "privacy.manage", reg.edition):
        raise PermissionDenied("not allowed")
    if registrations.is_anonymised(reg):
        raise Conflict("already erased")
    _anonymise_registration(reg)
    _log(None if via_code else actor, "erase", f"registration {reg.id}", reg.edition,
         label="attendee (badge page)" if via_code else None)
    db.session.commit()
    logger.info("registration %s erased by %s", reg.id, getattr(actor, "id", "system"))
    return {"registrations": 1, "account": False}


# --- retention -----------------------------------------------------------------------------

def purge_due_date(edition) -> date | None:
    s = settings_for(edition)
    return retention.purge_date(edition.end_date, s.retention_months if s else None)


def purge_edition(edition, *, apply: bool = False, today: date | None = None, actor=None) -> list:
    """The registrations the retention purge anonymises. With ``apply``, anonymise them (one
    transaction); refuse with Conflict when no retention is set or the period has not passed."""
    candidates = registrations.identifiable_registrations(edition)
    if not apply:
        return candidates
    due = purge_due_date(edition)
    today = today or date.today()
    if due is None:
        raise Conflict(f"edition {edition.slug} has no retention period set")
    if today < due:
        raise Conflict(f"retention period of {edition.slug} not over: purge possible from {due.isoformat()}")
    for reg in candidates:
        _anonymise_registration(reg)
    _log(actor, "purge", f"{len(candidates)} registrations", edition, label=None if actor else "cli")
    db.session.commit()
    logger.info("edition %s purged: %s registrations anonymised", edition.id, len(candidates))
    return candidates
