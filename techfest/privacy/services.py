"""Personal data use-cases: notice, export ("my data"), erasure, retention purge, audit log.

Reading and anonymising a person's data means touching the rows of several domains
(registrations, check-in scans, forum speakers, accounts). This module is the one place allowed
to do that, so the rules of erasure live together. Scores keep their ``judge_id`` (NOT NULL,
ON DELETE RESTRICT in judging): the judge's account is anonymised instead, which detaches the
identity while results and counts stay exactly as they were.
"""
from __future__ import annotations

import logging
import secrets
from datetime import date

from sqlalchemy import or_, select

from techfest.core.auth import can
from techfest.core.db import db, utcnow
from techfest.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from techfest.core.search import fold

from . import retention
from .models import PrivacyAudit, PrivacySettings

logger = logging.getLogger(__name__)

ERASED_NAME = "Đã xoá"
ERASED_DOMAIN = "invalid.example"

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


# --- lookups -------------------------------------------------------------------------------

def _models():
    from techfest.accounts.models import ApiToken, EditionRole, User  # noqa: F401
    from techfest.checkin.models import Checkin, CheckinPoint, Scan  # noqa: F401
    from techfest.forum.models import Speaker  # noqa: F401
    from techfest.judging.models import Assignment, Criterion, JudgingRound, Score  # noqa: F401
    from techfest.registration.models import Registration  # noqa: F401
    return locals()


def registrations_of_user(user) -> list:
    from techfest.registration.models import Registration

    return list(db.session.scalars(select(Registration).where(Registration.email == user.email.lower())
                                   .order_by(Registration.id)))


def registration_in(edition, reg_id: int):
    from techfest.registration.models import Registration

    reg = db.session.get(Registration, reg_id)
    if reg is None or reg.edition_id != edition.id:
        raise NotFound("registration not found")
    return reg


def search_registrations(edition, q: str, limit: int) -> list:
    from techfest.registration.services import registrations_query

    return list(db.session.scalars(registrations_query(edition, q=q).limit(limit)))


def is_erased(reg) -> bool:
    return reg.email.endswith("@" + ERASED_DOMAIN)


# --- export --------------------------------------------------------------------------------

def _iso(value):
    return value.isoformat() if value is not None else None


def _registration_dict(reg) -> dict:
    from techfest.checkin.models import Checkin, CheckinPoint

    checkins = db.session.execute(
        select(Checkin, CheckinPoint.name).join(CheckinPoint, CheckinPoint.id == Checkin.point_id)
        .where(Checkin.registration_id == reg.id).order_by(Checkin.checked_at)).all()
    return {
        "edition": reg.edition.slug, "name": reg.name, "email": reg.email, "phone": reg.phone,
        "organisation": reg.organisation, "type": str(reg.type), "status": str(reg.status),
        "days": [d.isoformat() for d in reg.day_list], "language": reg.lang, "source": reg.source,
        "consent_at": _iso(reg.consent_at), "registered_at": _iso(reg.created_at),
        "checkins": [{"point": name, "day": c.local_day.isoformat(), "direction": str(c.direction),
                      "checked_at": _iso(c.checked_at)} for c, name in checkins],
    }


def registration_data(reg) -> dict:
    return {"generated_at": _iso(utcnow()), "registrations": [_registration_dict(reg)]}


def user_data(user) -> dict:
    """Everything held about ``user``: account, organisation, roles, registrations (matched by
    e-mail) with their check-ins, judging scores and speaker profiles."""
    m = _models()
    ApiToken, EditionRole, Speaker = m["ApiToken"], m["EditionRole"], m["Speaker"]
    Score, Assignment, Criterion, JudgingRound = m["Score"], m["Assignment"], m["Criterion"], m["JudgingRound"]
    from techfest.editions.models import Edition

    org = user.organisation
    roles = db.session.execute(select(EditionRole.role, Edition.slug).join(Edition, Edition.id == EditionRole.edition_id)
                               .where(EditionRole.user_id == user.id).order_by(Edition.slug, EditionRole.role)).all()
    tokens = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)).all()
    scores = db.session.execute(
        select(Score, Criterion.key, JudgingRound.slug, Edition.slug, Assignment.comment)
        .join(Criterion, Criterion.id == Score.criterion_id).join(Assignment, Assignment.id == Score.assignment_id)
        .join(JudgingRound, JudgingRound.id == Assignment.round_id).join(Edition, Edition.id == JudgingRound.edition_id)
        .where(Score.judge_id == user.id).order_by(Score.id)).all()
    speakers = db.session.scalars(select(Speaker).where(
        or_(Speaker.user_id == user.id, Speaker.email == user.email.lower())).order_by(Speaker.id)).all()
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
        "roles": [{"edition": slug, "role": str(role)} for role, slug in roles],
        "registrations": [_registration_dict(r) for r in registrations_of_user(user)],
        "judging_scores": [{"edition": ed, "round": rnd, "product_id": s.product_id, "criterion": key,
                            "value": s.value, "comment": comment, "updated_at": _iso(s.updated_at)}
                           for s, key, rnd, ed, comment in scores],
        "speaker_profiles": [{"edition": sp.edition.slug, "name": sp.name, "email": sp.email, "title": sp.title,
                              "organisation": sp.organisation, "country": sp.country, "bio_vi": sp.bio_vi,
                              "bio_en": sp.bio_en, "status": str(sp.status)} for sp in speakers],
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

def _scrub(value, secrets_: set[str]):
    """``value`` (JSON) with every string containing one of ``secrets_`` replaced."""
    if isinstance(value, dict):
        return {k: _scrub(v, secrets_) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, secrets_) for v in value]
    if isinstance(value, str) and any(s in value for s in secrets_):
        return ERASED_NAME
    return value


def _anonymise_registration(reg) -> bool:
    from techfest.checkin.models import Scan

    if is_erased(reg):
        return False
    personal = {v for v in (reg.name, reg.email, reg.phone, reg.organisation) if v and len(v) >= 3}
    reg.name = ERASED_NAME
    reg.email = f"erased-{reg.id}@{ERASED_DOMAIN}"
    reg.phone = ""
    reg.organisation = ""
    reg.search_folded = fold(f"{reg.name} {reg.email}")
    reg.badge_version = (reg.badge_version or 1) + 1   # every printed badge now answers "revoked"
    reg.access_code = secrets.token_urlsafe(18)[:24]   # the old badge page link stops working
    for scan in db.session.scalars(select(Scan).where(Scan.registration_id == reg.id)):
        scan.response = _scrub(scan.response or {}, personal)  # rows and counts stay
    return True


def _anonymise_user(user) -> None:
    m = _models()
    ApiToken, Speaker = m["ApiToken"], m["Speaker"]
    now = utcnow()
    for sp in db.session.scalars(select(Speaker).where(
            or_(Speaker.user_id == user.id, Speaker.email == user.email.lower()))):
        sp.name, sp.name_folded, sp.email, sp.title, sp.organisation = ERASED_NAME, fold(ERASED_NAME), None, "", ""
        sp.bio_vi = sp.bio_en = ""
        sp.photo = None
        sp.invitation_nonce = None
        sp.user_id = None
    for token in db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))):
        token.revoked_at = now
    user.name = ERASED_NAME
    user.name_folded = fold(ERASED_NAME)
    user.email = f"erased-user-{user.id}@{ERASED_DOMAIN}"
    user.password_hash = "!erased"   # matches no password
    user.active = False
    user.last_login_at = None


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
        if user.email.endswith("@" + ERASED_DOMAIN):
            raise Conflict("already erased")
        regs = registrations_of_user(user)
        count = sum(_anonymise_registration(r) for r in regs)
        for r in regs:
            _log(actor, "erase", f"registration {r.id}", r.edition)
        _anonymise_user(user)
        _log(actor, "erase", f"user {user.id}")
        db.session.commit()
        logger.info("user %s erased by %s (%s registrations)", user.id, getattr(actor, "id", "system"), count)
        return {"registrations": count, "account": True}
    reg = registration
    if not via_code and actor is not None and not can(actor, "privacy.manage", reg.edition):
        raise PermissionDenied("not allowed")
    if is_erased(reg):
        raise Conflict("already erased")
    _anonymise_registration(reg)
    _log(None if via_code else actor, "erase", f"registration {reg.id}", reg.edition,
         label="attendee (badge page)" if via_code else None)
    db.session.commit()
    logger.info("registration %s erased by %s", reg.id, getattr(actor, "id", "system"))
    return {"registrations": 1, "account": False}


# --- retention -----------------------------------------------------------------------------

def purge_candidates(edition) -> list:
    from techfest.registration.models import Registration

    return [r for r in db.session.scalars(select(Registration).where(Registration.edition_id == edition.id)
                                          .order_by(Registration.id)) if not is_erased(r)]


def purge_due_date(edition) -> date | None:
    s = settings_for(edition)
    return retention.purge_date(edition.end_date, s.retention_months if s else None)


def purge_edition(edition, *, apply: bool = False, today: date | None = None, actor=None) -> list:
    """The registrations the retention purge anonymises. With ``apply``, anonymise them (one
    transaction); refuse with Conflict when no retention is set or the period has not passed."""
    candidates = purge_candidates(edition)
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
