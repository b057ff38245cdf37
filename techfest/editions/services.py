"""Edition use-cases: create, update, move through the workflow, and the queries pages need."""
from __future__ import annotations

import logging
import re
from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import case, select
from sqlalchemy.exc import IntegrityError

from techfest.core.db import db
from techfest.core.errors import Conflict, InvalidTransition, NotFound, ValidationFailed
from techfest.core.search import fold, search_filter

from . import workflow
from .models import Edition
from .workflow import EditionStatus

logger = logging.getLogger(__name__)

EDITABLE_FIELDS = ("name", "slug", "year", "city", "venue", "start_date", "end_date", "timezone",
                   "description", "submission_deadline")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:64]


def get_edition_or_404(slug: str, include_draft: bool = False) -> Edition:
    edition = db.session.scalar(select(Edition).where(Edition.slug == slug))
    if edition is None or (not include_draft and edition.status == EditionStatus.DRAFT):
        raise NotFound("edition not found")
    return edition


def visible_edition(slug: str, user) -> Edition:
    """The edition for a public page: drafts only for those who may see them (404 otherwise)."""
    from techfest.core.auth import can

    edition = get_edition_or_404(slug, include_draft=True)
    if edition.status == EditionStatus.DRAFT and not can(user, "edition.view_draft", edition):
        raise NotFound("edition not found")
    return edition


_STATUS_ORDER = case(
    (Edition.status == EditionStatus.LIVE, 0),
    (Edition.status == EditionStatus.OPEN, 1),
    (Edition.status == EditionStatus.CLOSED, 1),
    else_=2,
)


def current_edition() -> Edition | None:
    """The edition shown first: a live one, else one taking or reviewing submissions, else the
    most recent archived one."""
    return db.session.scalar(
        select(Edition).where(Edition.status != EditionStatus.DRAFT)
        .order_by(_STATUS_ORDER, Edition.start_date.desc(), Edition.id.desc()).limit(1)
    )


def public_editions(query: str | None = None):
    stmt = select(Edition).where(Edition.status != EditionStatus.DRAFT).order_by(
        Edition.start_date.desc(), Edition.id.desc())
    cond = search_filter(Edition.name_folded, query)
    return stmt.where(cond) if cond is not None else stmt


def all_editions(query: str | None = None):
    stmt = select(Edition).order_by(Edition.start_date.desc(), Edition.id.desc())
    cond = search_filter(Edition.name_folded, query)
    return stmt.where(cond) if cond is not None else stmt


def previous_edition(edition: Edition) -> Edition | None:
    return db.session.scalar(
        select(Edition).where(Edition.start_date < edition.start_date)
        .order_by(Edition.start_date.desc()).limit(1)
    )


def _validate(data: dict, edition: Edition | None) -> dict:
    errors: dict[str, list[str]] = {}
    clean = {k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    for key in ("name", "city"):
        if key in clean:
            clean[key] = (clean[key] or "").strip()
            if not clean[key]:
                errors.setdefault(key, []).append("required")
    if "slug" in clean:
        clean["slug"] = (clean["slug"] or "").strip().lower()
        if not SLUG_RE.match(clean["slug"]) or len(clean["slug"]) > 64:
            errors.setdefault("slug", []).append("lowercase letters, digits and hyphens only")
    if "timezone" in clean:
        try:
            ZoneInfo(clean["timezone"] or "")
        except (ZoneInfoNotFoundError, ValueError):
            errors.setdefault("timezone", []).append("unknown time zone")
    if "year" in clean and not (2000 <= int(clean["year"] or 0) <= 2200):
        errors.setdefault("year", []).append("between 2000 and 2200")
    start = clean.get("start_date", edition.start_date if edition else None)
    end = clean.get("end_date", edition.end_date if edition else None)
    if isinstance(start, date) and isinstance(end, date) and end < start:
        errors.setdefault("end_date", []).append("must not be before the start date")
    deadline = clean.get("submission_deadline")
    if deadline is not None and getattr(deadline, "tzinfo", None) is None:
        errors.setdefault("submission_deadline", []).append("must carry a time zone")
    if errors:
        raise ValidationFailed("invalid edition", errors)
    return clean


def create_edition(actor, data: dict) -> Edition:
    """Create a draft edition; the creator and the previous edition's organizers organize it."""
    from techfest.accounts.services import _grant, copy_roles
    from techfest.core.auth import Role
    from techfest.submissions.services import copy_categories

    data = dict(data)
    if not data.get("slug") and data.get("name"):
        data["slug"] = slugify(data["name"])
    missing = [k for k in ("name", "slug", "year", "city", "start_date", "end_date") if data.get(k) in (None, "")]
    if missing:
        raise ValidationFailed("missing fields", {k: ["required"] for k in missing})
    clean = _validate(data, None)
    clean.setdefault("timezone", "Asia/Ho_Chi_Minh")
    if db.session.scalar(select(Edition.id).where(Edition.slug == clean["slug"])) is not None:
        raise Conflict("slug already used", {"slug": ["already used by another edition"]})
    edition = Edition(**clean, name_folded=fold(clean["name"]), status=EditionStatus.DRAFT)
    db.session.add(edition)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("slug already used", {"slug": ["already used by another edition"]}) from None
    prev = previous_edition(edition)
    if prev is not None:
        copy_roles(prev, edition)
        copy_categories(prev, edition)
    if actor is not None:
        _grant(actor, edition, Role.ORGANIZER)
    db.session.commit()
    logger.info("edition %s created by user %s", edition.id, getattr(actor, "id", None))
    return edition


def update_edition(actor, edition: Edition, data: dict) -> Edition:
    clean = _validate(data, edition)
    if "slug" in clean and clean["slug"] != edition.slug:
        if db.session.scalar(select(Edition.id).where(Edition.slug == clean["slug"])) is not None:
            raise Conflict("slug already used", {"slug": ["already used by another edition"]})
    for key, value in clean.items():
        setattr(edition, key, value)
    if "name" in clean:
        edition.name_folded = fold(clean["name"])
    db.session.commit()
    logger.info("edition %s updated by user %s", edition.id, getattr(actor, "id", None))
    return edition


def transition_edition(actor, edition: Edition, target: str) -> Edition:
    """The only code that assigns an edition's status."""
    try:
        new_status = workflow.check_transition(edition.status, target)
    except workflow.TransitionRefused as exc:
        raise InvalidTransition(str(exc), {"to": [f"allowed: {', '.join(workflow.allowed_targets(edition.status)) or 'none'}"]}) from None
    # Conditional update: two organizers clicking at once cannot both apply a transition.
    result = db.session.execute(
        Edition.__table__.update()
        .where(Edition.id == edition.id, Edition.status == edition.status)
        .values(status=new_status)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise InvalidTransition("the edition changed meanwhile; reload and try again")
    old = edition.status
    db.session.commit()
    db.session.refresh(edition)
    logger.info("edition %s moved from %s to %s by user %s", edition.id, old, new_status, getattr(actor, "id", None))
    return edition


def edition_taking_submissions() -> Edition | None:
    """The edition whose submissions are open (the newest, if several)."""
    return db.session.scalar(
        select(Edition).where(Edition.status == EditionStatus.OPEN).order_by(Edition.start_date.desc()).limit(1))
