"""What the forum pages share: translated conflict, change and field messages, small request
helpers, and the template helpers (``forum_conflict_text``, the ``forum_when`` filter...)."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from techfest.core.db import db_int
from techfest.core.errors import DomainError
from techfest.core.forms import apply_domain_errors
from techfest.core.i18n import DEFAULT_LOCALE

from .. import services
from ..conflicts import ConflictKind
from ..models import LANGUAGES, PARTICIPANT_ROLE_LABELS, SESSION_TYPE_LABELS
from . import bp

# Translated versions of techfest.forum.conflicts.DEFAULT_MESSAGES (same placeholders).
CONFLICT_MESSAGES = {
    ConflictKind.PERSON_OVERLAP: _l("%(count)d person(s) are scheduled in both “%(session_a)s” and “%(session_b)s”, "
                                    "which overlap by %(minutes)d min."),
    ConflictKind.ROOM_OVERLAP: _l("“%(session_a)s” and “%(session_b)s” overlap by %(minutes)d min in room %(room)s."),
    ConflictKind.OUTSIDE_EDITION_DAYS: _l("“%(session)s” is on %(date)s, which is not a day of the edition "
                                          "(%(first_day)s to %(last_day)s)."),
    ConflictKind.INVALID_TIME: _l("“%(session)s” does not end after it starts."),
    ConflictKind.UNKNOWN_ROOM: _l("“%(session)s” is assigned to an unknown room (%(room_id)s)."),
    ConflictKind.OVER_CAPACITY: _l("“%(session)s” expects %(expected)d people but room %(room)s holds %(capacity)d."),
    ConflictKind.OUTSIDE_ROOM_HOURS: _l("“%(session)s” (%(date)s %(start)s–%(end)s) is outside the opening hours "
                                        "of room %(room)s."),
    ConflictKind.SHORT_BUFFER: _l("%(count)d person(s) have only %(gap)d min between “%(session_a)s” (hall %(hall_a)s) "
                                  "and “%(session_b)s” (hall %(hall_b)s); %(buffer)d min are needed."),
}

CHANGE_KIND_LABELS = {
    "added": _l("Added"),
    "removed": _l("Removed"),
    "moved": _l("Moved"),
    "retitled": _l("Renamed"),
    "people_changed": _l("People changed"),
    "details_changed": _l("Details changed"),
}

# Service field errors shown in the visitor's language. The photo's are the reasons of the shared
# image checks (techfest.submissions.images.ImageRejected), as for the logos.
FIELD_ERRORS = {
    "required": _l("This field is required."),
    "already used by another room": _l("Another room already has this name."),
    "must be after the start": _l("The session must end after it starts."),
    "no such room in this edition": _l("Choose a room of this edition."),
    "empty": _l("The file is empty."),
    "too_large": _l("The photo must be at most 5 MB."),
    "not_an_image": _l("This file is not an image we can read."),
    "unsupported_format": _l("The photo must be a JPEG, PNG or WebP image."),
    "too_many_pixels": _l("The image is too large (too many pixels)."),
    "required to send an invitation": _l("Add the speaker's e-mail address to send an invitation."),
    "not a valid e-mail address": _l("Invalid email address."),
    "stale": _l("Someone else changed this session meanwhile. Reload the page and make your change again."),
}


def conflict_text(conflict) -> str:
    return str(CONFLICT_MESSAGES[conflict.kind]) % dict(conflict.params)


def current_locale() -> str:
    from flask_babel import get_locale

    return str(get_locale() or DEFAULT_LOCALE)


@bp.app_context_processor
def _forum_helpers():
    return {"forum_conflict_text": conflict_text, "forum_type_labels": SESSION_TYPE_LABELS,
            "forum_role_labels": PARTICIPANT_ROLE_LABELS, "forum_languages": LANGUAGES}


@bp.app_template_filter("forum_when")
def _forum_when(value: str | None, tz: str, fmt: str = "EEE d/M HH:mm") -> str:
    """An ISO timestamp from a snapshot or changelog, shown in the edition's time zone."""
    from techfest.core.i18n import fmt_datetime

    if not value:
        return ""
    try:
        return fmt_datetime(datetime.fromisoformat(value), tz, fmt)
    except ValueError:
        return value


def apply_errors(form, exc: DomainError, mapping: dict | None = None) -> None:
    """Put a service's field errors on the form fields (others become a flash)."""
    apply_domain_errors(form, exc, lambda m: FIELD_ERRORS.get(m, m), aliases=mapping, flash_unplaced=True)


def read_photo(storage) -> bytes | None:
    """The uploaded photo (read up to just past the shared size limit: enough to refuse it), or None."""
    from techfest.submissions import images

    if storage is None or not getattr(storage, "filename", None):
        return None
    return images.read_limited(storage.stream)


def int_or_none(value) -> int | None:
    try:
        return db_int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return -1  # an id that does not exist (also past what the database holds): the service names the field


def to_local(edition, value: datetime) -> datetime:
    return value.astimezone(services.zone_of(edition))


def parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def speaker_data(form) -> dict:
    data = {k: getattr(form, k).data or "" for k in ("name", "title", "organisation", "country", "bio_vi", "bio_en")}
    if hasattr(form, "email"):
        data["email"] = form.email.data or None
    return data
