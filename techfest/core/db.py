"""Database object, naming convention, time helpers and shared column types."""
from __future__ import annotations

import enum
from datetime import datetime, timezone

import sqlite3

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, Enum, MetaData, event, types
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, _record) -> None:
    """SQLite ignores foreign keys unless asked: make ON DELETE CASCADE / SET NULL and the
    references themselves behave as on PostgreSQL."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


# The largest value an INTEGER column holds. Ids from outside (URLs, API bodies and filters)
# are bounded by it, or the database driver overflows and the request ends in a 500.
MAX_DB_INT = 2**31 - 1


def db_int(value) -> int:
    """``int(value)`` when an INTEGER column can hold it, else ValueError: for ids and numbers
    read from a query string (``request.args.get("zone", type=db_int)``) or a form."""
    number = int(value)
    if not -MAX_DB_INT - 1 <= number <= MAX_DB_INT:
        raise ValueError(f"{value!r} does not fit an INTEGER column")
    return number


_STATEMENTS: dict[str, object] = {}


def cached_statement(name: str, build):
    """A hot-path statement built once per process by ``build()``, with bound parameters, so
    SQLAlchemy compiles it once (its cache) and each request skips statement construction.
    ``name`` is unique per statement (e.g. "checkin.point")."""
    stmt = _STATEMENTS.get(name)
    if stmt is None:
        stmt = _STATEMENTS[name] = build()
    return stmt


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC. Never use datetime.utcnow()."""
    return datetime.now(timezone.utc)


class UTCDateTime(types.TypeDecorator):
    """Stores aware datetimes as UTC and hands them back aware (SQLite drops tzinfo)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(timezone.utc)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def enum_column(enum_cls: type[enum.Enum], length: int = 32) -> Enum:
    """A StrEnum stored as VARCHAR plus a CHECK constraint (same on SQLite and PostgreSQL)."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        length=length,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
        name=enum_cls.__name__.lower(),
    )


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False
    )
