"""Aggregate counts of check-ins that other domains read (reports): one grouped query each, no
rows loaded, nothing written. Only entries count (direction IN); exits are left out."""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Iterable

from sqlalchemy import distinct, func, select

from techfest.core.db import db

from ..models import Checkin, CheckinPoint, Direction, PointKind


def session_entry_count(edition) -> int:
    """Entries recorded at the session check-in points of ``edition``."""
    return int(db.session.scalar(
        select(func.count(Checkin.id)).join(CheckinPoint, CheckinPoint.id == Checkin.point_id)
        .where(Checkin.edition_id == edition.id, CheckinPoint.kind == PointKind.SESSION,
               Checkin.direction == Direction.IN)) or 0)


def people_checked_in_by_day(edition) -> list[tuple[date, int]]:
    """(local day, distinct badges entering through any point that day), oldest day first."""
    return [(day, int(n)) for day, n in db.session.execute(
        select(Checkin.local_day, func.count(distinct(Checkin.registration_id)))
        .where(Checkin.edition_id == edition.id, Checkin.direction == Direction.IN)
        .group_by(Checkin.local_day).order_by(Checkin.local_day)).all()]


def entries_by_utc_hour(edition) -> list[tuple[datetime, int]]:
    """(start of a UTC hour, aware, entries in that hour) for the hours with entries, oldest
    first. At most 24 rows per day whatever the number of entries; the caller shifts them into
    the edition's time zone."""
    if db.session.get_bind().dialect.name == "postgresql":
        bucket = func.to_char(func.timezone("UTC", Checkin.checked_at), "YYYY-MM-DD HH24")
    else:
        bucket = func.strftime("%Y-%m-%d %H", Checkin.checked_at)
    rows = db.session.execute(
        select(bucket, func.count()).where(Checkin.edition_id == edition.id, Checkin.direction == Direction.IN)
        .group_by(bucket).order_by(bucket)).all()
    return [(datetime.strptime(key, "%Y-%m-%d %H").replace(tzinfo=timezone.utc), int(n)) for key, n in rows]


def people_checked_in_by_edition(edition_ids: Iterable[int]) -> dict[int, int]:
    """{edition id: distinct badges that entered at least once} for the given editions; one
    without any entry is absent."""
    return dict(db.session.execute(
        select(Checkin.edition_id, func.count(distinct(Checkin.registration_id)))
        .where(Checkin.edition_id.in_(list(edition_ids)), Checkin.direction == Direction.IN)
        .group_by(Checkin.edition_id)).all())
