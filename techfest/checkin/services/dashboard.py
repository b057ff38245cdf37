"""Reads for the organizers' dashboard and the stats API: counts per point, day and hour, people
inside, arrivals per quarter hour, the last scans and the offline conflicts."""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select

from techfest.core.db import db, utcnow

from ..models import Checkin, CheckinPoint, Direction, PointKind, Scan
from .points import points_for_edition
from .scan import local_day


def stats(edition) -> dict:
    points = points_for_edition(edition)
    by_point = {p.id: p for p in points}
    tz = ZoneInfo(edition.timezone or "Asia/Ho_Chi_Minh")
    per_point: dict[str, dict] = {p.code: {"name": p.name, "kind": str(p.kind), "entries": 0, "exits": 0,
                                           "capacity": p.capacity, "inside": None} for p in points}
    per_day: dict[str, int] = defaultdict(int)
    per_hour: dict[str, int] = defaultdict(int)
    today = local_day(edition, utcnow())
    inside_today: dict[str, int] = defaultdict(int)
    rows = db.session.execute(select(Checkin.point_id, Checkin.direction, Checkin.local_day, Checkin.checked_at)
                              .where(Checkin.edition_id == edition.id))
    for point_id, direction, day, at in rows:
        p = by_point.get(point_id)
        if p is None:
            continue
        entry = per_point[p.code]
        if direction == Direction.IN:
            entry["entries"] += 1
            per_day[day.isoformat()] += 1
            per_hour[at.astimezone(tz).strftime("%Y-%m-%dT%H:00")] += 1
            if day == today:
                inside_today[p.code] += 1
        else:
            entry["exits"] += 1
            if day == today:
                inside_today[p.code] -= 1
    total_inside = 0
    for p in points:
        if p.exits:
            per_point[p.code]["inside"] = max(inside_today[p.code], 0)
            if p.kind == PointKind.GATE:
                total_inside += per_point[p.code]["inside"]
    return {"edition": edition.slug, "today": today.isoformat(), "points": per_point,
            "days": dict(sorted(per_day.items())), "hours": dict(sorted(per_hour.items())),
            "inside": total_inside}


def arrivals_per_quarter(edition, day: date) -> dict[str, dict[str, int]]:
    """{gate code: {"HH:MM": arrivals}} in 15-minute buckets of ``day`` (local time)."""
    tz = ZoneInfo(edition.timezone or "Asia/Ho_Chi_Minh")
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = db.session.execute(select(CheckinPoint.code, Checkin.checked_at).join(
        CheckinPoint, CheckinPoint.id == Checkin.point_id).where(
        Checkin.edition_id == edition.id, Checkin.local_day == day, Checkin.direction == Direction.IN,
        CheckinPoint.kind == PointKind.GATE))
    for code, at in rows:
        local = at.astimezone(tz)
        out[code][f"{local.hour:02d}:{local.minute // 15 * 15:02d}"] += 1
    return {k: dict(v) for k, v in out.items()}


def last_scans(edition, limit: int = 20) -> list[Scan]:
    return list(db.session.scalars(select(Scan).where(Scan.edition_id == edition.id)
                                   .order_by(Scan.received_at.desc(), Scan.id.desc()).limit(limit)))


def conflicts(edition, limit: int = 100) -> list[Scan]:
    return list(db.session.scalars(select(Scan).where(Scan.edition_id == edition.id, Scan.conflict.is_(True))
                                   .order_by(Scan.scanned_at.desc()).limit(limit)))
