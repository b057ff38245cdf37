"""Edition use-cases: create, update, move through the workflow, and the queries pages need."""
from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path
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


def create_edition(actor, data: dict, logo: bytes | None = None) -> Edition:
    """Create a draft edition; the creator and the previous edition's organizers organize it.
    ``logo``: the uploaded bytes of its logo, checked with the fields (a refused image is named
    among the refused fields, and nothing is created)."""
    from techfest.accounts.services import _grant, copy_roles
    from techfest.core.auth import Role
    from techfest.submissions.services import copy_categories

    data = dict(data)
    if not data.get("slug") and data.get("name"):
        data["slug"] = slugify(data["name"])
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    missing = [k for k in ("name", "slug", "year", "city", "start_date", "end_date") if data.get(k) in (None, "")]
    if missing:
        errors.update({k: ["required"] for k in missing})
    else:
        try:
            clean = _validate(data, None)
        except ValidationFailed as exc:
            errors.update(exc.fields)
    slug_used = "slug" in clean and db.session.scalar(select(Edition.id).where(Edition.slug == clean["slug"])) is not None
    if slug_used:
        errors["slug"] = ["already used by another edition"]
    processed = _checked_logo(logo, errors)
    if errors:
        if slug_used and len(errors) == 1:
            raise Conflict("slug already used", errors)
        raise ValidationFailed("missing fields" if missing else "invalid edition", errors)
    clean.setdefault("timezone", "Asia/Ho_Chi_Minh")
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
    _commit_with_logo(edition, processed)
    logger.info("edition %s created by user %s", edition.id, getattr(actor, "id", None))
    return edition


def update_edition(actor, edition: Edition, data: dict, logo: bytes | None = None) -> Edition:
    """Save the edition's fields and, when ``logo`` (the uploaded bytes) is given, replace its
    logo, in one go: a refused field, short name or image (ValidationFailed, or Conflict for
    a short name used elsewhere, naming every refused field, "logo" included) changes nothing."""
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    try:
        clean = _validate(data, edition)
    except ValidationFailed as exc:
        errors.update(exc.fields)
    if "slug" in clean and clean["slug"] != edition.slug:
        if db.session.scalar(select(Edition.id).where(Edition.slug == clean["slug"])) is not None:
            errors["slug"] = ["already used by another edition"]
    processed = _checked_logo(logo, errors)
    if errors:
        if set(errors) == {"slug"} and errors["slug"] == ["already used by another edition"]:
            raise Conflict("slug already used", errors)
        raise ValidationFailed("invalid edition", errors)
    for key, value in clean.items():
        setattr(edition, key, value)
    if "name" in clean:
        edition.name_folded = fold(clean["name"])
    _commit_with_logo(edition, processed)
    logger.info("edition %s updated by user %s", edition.id, getattr(actor, "id", None))
    return edition


# --- logo ------------------------------------------------------------------------------

LOGO_FOLDER = "edition-logos"


def _checked_logo(data: bytes | None, errors: dict[str, list[str]]):
    """The processed logo of an edition form (None without an upload); a refused image adds its
    reason to ``errors`` under "logo", so it is reported with the form's other refused fields."""
    if data is None:
        return None
    try:
        return _processed_logo(data)
    except ValidationFailed as exc:
        errors.update(exc.fields)
        return None


def _processed_logo(data: bytes):
    """The checked, re-encoded image (techfest.submissions.images: JPEG/PNG/WebP by content,
    5 MB, no metadata), or ValidationFailed on "logo" with the reason."""
    from techfest.submissions import images

    try:
        return images.process_image(data)
    except images.ImageRejected as exc:
        raise ValidationFailed("logo refused", {"logo": [exc.reason]}) from None


def _commit_with_logo(edition: Edition, processed=None, *, remove: bool = False) -> None:
    """Commit the session, replacing the logo by ``processed`` (written to disk first) or
    removing it (``remove``). The old files go after the commit; the new ones if it fails."""
    from flask import current_app

    from techfest.submissions import images

    root = current_app.config["UPLOAD_DIR"]
    old = (edition.logo_key, edition.logo_ext)
    new_key = None
    if processed is not None:
        new_key = images.store(root, LOGO_FOLDER, processed)
        edition.logo_key, edition.logo_ext = new_key, processed.ext
    elif remove:
        edition.logo_key, edition.logo_ext = "", ""
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        if new_key:
            images.delete(root, LOGO_FOLDER, new_key, processed.ext)
        raise
    if old[0] and old[0] != edition.logo_key:
        images.delete(root, LOGO_FOLDER, *old)


def set_edition_logo(actor, edition: Edition, data: bytes | None) -> None:
    """Replace (``data``: the uploaded bytes) or remove (``None``) the edition's logo."""
    processed = _processed_logo(data) if data is not None else None
    _commit_with_logo(edition, processed, remove=data is None)
    logger.info("edition %s logo %s by user %s", edition.id, "removed" if data is None else "changed",
                getattr(actor, "id", None))


def logo_path(edition: Edition, thumb: bool = False) -> Path | None:
    """The logo file of ``edition`` (its thumbnail, at most 480 px, with ``thumb``), or None
    when it has none or the file is missing."""
    from flask import current_app

    from techfest.submissions import images

    if not edition.logo_key:
        return None
    try:
        path = images.path_of(current_app.config["UPLOAD_DIR"], LOGO_FOLDER, edition.logo_key, edition.logo_ext, thumb)
    except ValueError:
        return None
    return path if path.is_file() else None


def logo_mime(edition: Edition) -> str:
    from techfest.submissions import images

    return images.MIME_BY_EXT[edition.logo_ext]


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


# --- read for the reports (no commit) -------------------------------------------------------

def editions_past_draft_oldest_first() -> list[Edition]:
    """Every edition that left the draft status, oldest first (by year, then start date): the
    columns of the reports' comparison across editions."""
    return list(db.session.scalars(select(Edition).where(Edition.status != EditionStatus.DRAFT)
                                   .order_by(Edition.year, Edition.start_date)))
