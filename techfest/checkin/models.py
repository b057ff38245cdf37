"""Check-in tables: points (gates, forum rooms), their staff, the scan log and the check-ins.

The decision "first entry today at this point" is the UNIQUE constraint on ``checkins``
(point, registration, local day, ``single_key``): ``single_key`` is 1 at single-entry points and
NULL elsewhere (NULLs never collide), so the database, not Python, refuses a second entry.
"""
from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (JSON, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techfest.core.db import TimestampMixin, UTCDateTime, db, enum_column, utcnow


class PointKind(enum.StrEnum):
    GATE = "gate"
    SESSION = "session"


POINT_KIND_LABELS = {PointKind.GATE: _l("Gate"), PointKind.SESSION: _l("Forum room or session")}


class ScanStatus(enum.StrEnum):
    OK = "ok"
    ALREADY = "already_checked_in"
    INVALID = "invalid"
    REVOKED = "revoked"
    WRONG_EDITION = "wrong_edition"
    NOT_VALID_TODAY = "not_valid_today"
    NOT_ALLOWED = "not_allowed_here"
    CAPACITY = "capacity_reached"


SCAN_STATUS_LABELS = {
    ScanStatus.OK: _l("Welcome"),
    ScanStatus.ALREADY: _l("Already checked in"),
    ScanStatus.INVALID: _l("Invalid badge"),
    ScanStatus.REVOKED: _l("Badge revoked"),
    ScanStatus.WRONG_EDITION: _l("Badge of another edition"),
    ScanStatus.NOT_VALID_TODAY: _l("Not valid today"),
    ScanStatus.NOT_ALLOWED: _l("Not allowed here"),
    ScanStatus.CAPACITY: _l("Capacity reached"),
}


class Direction(enum.StrEnum):
    IN = "in"
    OUT = "out"


class CheckinPoint(TimestampMixin, db.Model):
    __tablename__ = "checkin_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    # The API addresses points by code alone (/api/v1/checkin/points/<code>): unique everywhere.
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[PointKind] = mapped_column(enum_column(PointKind))
    # Attendee types allowed (empty: everyone) and days open (ISO dates; empty: every fair day).
    types: Mapped[list] = mapped_column(JSON, default=list)
    days: Mapped[list] = mapped_column(JSON, default=list)
    single_entry: Mapped[bool] = mapped_column(Boolean, default=True)
    capacity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    exits: Mapped[bool] = mapped_column(Boolean, default=False)  # exit scans counted (people inside)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("forum_rooms.id", ondelete="SET NULL"), nullable=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("forum_sessions.id", ondelete="SET NULL"),
                                                   nullable=True)

    edition = relationship("Edition")
    room = relationship("Room")
    session = relationship("Session")
    staff: Mapped[list["PointStaff"]] = relationship(back_populates="point", cascade="all, delete-orphan",
                                                     lazy="selectin")

    __table_args__ = (CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),)

    @property
    def kind_label(self) -> str:
        return str(POINT_KIND_LABELS[self.kind])

    @property
    def staff_emails(self) -> list[str]:
        return sorted(s.user.email for s in self.staff)

    @property
    def day_dates(self) -> list[date]:
        return [date.fromisoformat(d) for d in (self.days or [])]


class PointStaff(db.Model):
    __tablename__ = "checkin_point_staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("checkin_points.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    point: Mapped[CheckinPoint] = relationship(back_populates="staff")
    user = relationship("User", lazy="joined")

    __table_args__ = (UniqueConstraint("point_id", "user_id"),)


class Scan(db.Model):
    """Every scan, accepted or not. ``nonce`` (client-made) makes retries idempotent: the stored
    ``response`` is replayed. A nonce is unique per scanning user only (UNIQUE (user_id, nonce)):
    two devices that happen to make the same nonce each get their own answer, and a nonce never
    replays another user's answer."""

    __tablename__ = "checkin_scans"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("checkin_points.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    nonce: Mapped[str] = mapped_column(String(64))
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"),
                                                        nullable=True, index=True)
    status: Mapped[ScanStatus] = mapped_column(enum_column(ScanStatus))
    direction: Mapped[Direction] = mapped_column(enum_column(Direction), default=Direction.IN)
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    offline: Mapped[bool] = mapped_column(Boolean, default=False)
    # An offline scan the device accepted that lost to an earlier one (shown to organizers).
    conflict: Mapped[bool] = mapped_column(Boolean, default=False)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    response: Mapped[dict] = mapped_column(JSON, default=dict)

    point: Mapped[CheckinPoint] = relationship()
    registration = relationship("Registration")
    user = relationship("User")

    __table_args__ = (
        UniqueConstraint("user_id", "nonce"),
        Index("ix_checkin_scans_edition_received", "edition_id", "received_at"),
    )


class Checkin(db.Model):
    """An accepted entry (or exit). See the module docstring for the uniqueness rule."""

    __tablename__ = "checkins"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("checkin_points.id", ondelete="CASCADE"))
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    local_day: Mapped[date] = mapped_column(Date)
    direction: Mapped[Direction] = mapped_column(enum_column(Direction), default=Direction.IN)
    single_key: Mapped[int | None] = mapped_column(Integer, nullable=True)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    scan_id: Mapped[int | None] = mapped_column(ForeignKey("checkin_scans.id", ondelete="SET NULL"), nullable=True)

    __table_args__ = (
        UniqueConstraint("point_id", "registration_id", "local_day", "single_key"),
        CheckConstraint("single_key IS NULL OR single_key = 1", name="single_key_one"),
        Index("ix_checkins_point_day", "point_id", "local_day"),
    )
