"""The rows a scan writes and the reads that settle them: the scan log row and the check-in row
(one cached statement on PostgreSQL), today's first entry and occupancy at a point, and a second
entry refused by the UNIQUE rule (a late offline upload may move the first entry back)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import bindparam, func, select

from techfest.core.db import cached_statement, db

from ..models import Checkin, CheckinPoint, Direction, Scan, ScanStatus


def _occupancy(point: CheckinPoint, day: date) -> int:
    rows = dict(db.session.execute(select(Checkin.direction, func.count()).where(
        Checkin.point_id == point.id, Checkin.local_day == day).group_by(Checkin.direction)).all())
    inside = rows.get(Direction.IN, 0)
    if point.exits:
        inside -= rows.get(Direction.OUT, 0)
    return inside


def _first_entry(point_id: int, reg_id: int, day: date) -> Checkin | None:
    return db.session.scalar(select(Checkin).where(
        Checkin.point_id == point_id, Checkin.registration_id == reg_id, Checkin.local_day == day,
        Checkin.direction == Direction.IN).order_by(Checkin.checked_at).limit(1))


def _insert_scan(values: dict) -> int:
    return db.session.execute(Scan.__table__.insert().values(**values).returning(Scan.__table__.c.id)).scalar_one()


def _insert_checkin(values: dict, *, skip_duplicate: bool = False) -> bool:
    """Insert a check-in row; with ``skip_duplicate`` a row refused by the UNIQUE rule is skipped
    (ON CONFLICT DO NOTHING) and False is returned."""
    table = Checkin.__table__
    if not skip_duplicate:
        db.session.execute(table.insert().values(**values))
        return True
    stmt = _dialect_insert(table).values(**values).on_conflict_do_nothing().returning(table.c.id)
    return db.session.execute(stmt).first() is not None


def _dialect_insert(table):
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def _insert_scan_and_entry(scan_values: dict, entry: dict) -> tuple[int | None, bool]:
    """(scan id or None when unknown, whether the entry was inserted). On PostgreSQL one statement:
    WITH s AS (INSERT INTO checkin_scans ... RETURNING id) INSERT INTO checkins ... SELECT ... FROM s
    ON CONFLICT DO NOTHING RETURNING scan_id. Elsewhere two statements. A repeated nonce raises
    IntegrityError either way."""
    if db.session.get_bind().dialect.name != "postgresql":
        scan_id = _insert_scan(scan_values)
        return scan_id, _insert_checkin({**entry, "scan_id": scan_id}, skip_duplicate=True)
    stmt = cached_statement("checkin.scan_and_entry", _scan_and_entry_statement)
    params = {**{f"s_{k}": v for k, v in scan_values.items()}, **{f"e_{k}": v for k, v in entry.items()}}
    scan_id = db.session.execute(stmt, params).scalar()
    return scan_id, scan_id is not None


_SCAN_COLUMNS = ("edition_id", "point_id", "user_id", "nonce", "registration_id", "direction", "scanned_at",
                 "received_at", "offline", "conflict", "undone_at", "status", "response")
_ENTRY_COLUMNS = ("edition_id", "point_id", "registration_id", "local_day", "direction", "single_key", "checked_at")


def _scan_and_entry_statement():
    """PostgreSQL: the scan log row and the check-in row in one statement. Written as text()
    because SQLAlchemy 2.0 does not cache its PostgreSQL INSERT ... ON CONFLICT construct
    (``inherit_cache = False``): compiling it on every scan cost more than the round trip it saves.
    The parameters keep their column types (JSON serialised, datetimes in UTC, enums as values)."""
    from sqlalchemy import Integer, text

    scans, checkins = Scan.__table__, Checkin.__table__
    values = ", ".join(f"CAST(:s_{c} AS JSON)" if c == "response" else f":s_{c}" for c in _SCAN_COLUMNS)
    sql = (f"WITH s AS (INSERT INTO {scans.name} ({', '.join(_SCAN_COLUMNS)}) VALUES ({values}) RETURNING id) "
           f"INSERT INTO {checkins.name} ({', '.join(_ENTRY_COLUMNS)}, scan_id) "
           f"SELECT {', '.join(f':e_{c}' for c in _ENTRY_COLUMNS)}, s.id FROM s "
           "ON CONFLICT DO NOTHING RETURNING scan_id")
    return (text(sql).bindparams(*[bindparam(f"s_{c}", type_=scans.c[c].type) for c in _SCAN_COLUMNS],
                                 *[bindparam(f"e_{c}", type_=checkins.c[c].type) for c in _ENTRY_COLUMNS])
            .columns(scan_id=Integer))


def _resolve_second_entry(point_id, reg_id, day, scanned_at, scan_id, offline: bool,
                          entry: dict) -> tuple[ScanStatus, datetime | None]:
    """The UNIQUE rule refused the entry. An offline upload arriving late that was scanned before
    the stored first entry wins (the entry moves back, the other scan is marked as the conflict);
    online scans never move it."""
    first = _first_entry(point_id, reg_id, day)
    if first is None:  # undone meanwhile: try once more
        if _insert_checkin({**entry, "scan_id": scan_id}, skip_duplicate=True):
            return ScanStatus.OK, None
        first = _first_entry(point_id, reg_id, day)
    if offline and first is not None and scanned_at < first.checked_at:
        # A conditional UPDATE, so two late uploads cannot both move it.
        loser_scan_id = first.scan_id
        moved = db.session.execute(
            Checkin.__table__.update().where(Checkin.id == first.id, Checkin.checked_at > scanned_at)
            .values(checked_at=scanned_at, scan_id=scan_id)).rowcount
        if moved:
            if loser_scan_id is not None:
                db.session.execute(Scan.__table__.update().where(Scan.id == loser_scan_id, Scan.offline.is_(True))
                                   .values(conflict=True))
            return ScanStatus.OK, None
    return ScanStatus.ALREADY, (first.checked_at if first is not None else scanned_at)
