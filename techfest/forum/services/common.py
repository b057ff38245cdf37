"""Small helpers the forum services share: the edition's time zone and days, short random codes,
the text checks of the services' ``data`` dicts."""
from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select

from techfest.core.db import db

_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


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
