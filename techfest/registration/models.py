"""Registration tables: attendees and their days, per-edition settings and badge keys, print jobs."""
from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (JSON, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techfest.core.db import TimestampMixin, UTCDateTime, db, enum_column, utcnow


class AttendeeType(enum.StrEnum):
    VISITOR = "visitor"
    EXHIBITOR_STAFF = "exhibitor_staff"
    SPEAKER = "speaker"
    PRESS = "press"
    VIP = "vip"
    ORGANIZER_STAFF = "organizer_staff"


ATTENDEE_TYPE_LABELS = {
    AttendeeType.VISITOR: _l("Visitor"),
    AttendeeType.EXHIBITOR_STAFF: _l("Exhibitor staff"),
    AttendeeType.SPEAKER: _l("Speaker"),
    AttendeeType.PRESS: _l("Press"),
    AttendeeType.VIP: _l("VIP guest"),
    AttendeeType.ORGANIZER_STAFF: _l("Organizer staff"),
}

# Types anyone may choose on the public form; the others are given by organizers, exhibitors
# (their booth staff) or the forum (confirmed speakers), so nobody can print themselves a VIP badge.
PUBLIC_TYPES = (AttendeeType.VISITOR, AttendeeType.PRESS)
# Types counted against the edition's and the days' capacity (the public places). Staff,
# speakers and guests are planned separately and never wait.
COUNTED_TYPES = frozenset({AttendeeType.VISITOR, AttendeeType.PRESS})


class RegistrationStatus(enum.StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"
    WAITLISTED = "waitlisted"


STATUS_LABELS = {
    RegistrationStatus.ACTIVE: _l("Confirmed"),
    RegistrationStatus.CANCELLED: _l("Cancelled"),
    RegistrationStatus.WAITLISTED: _l("Waiting list"),
}


class BoothSize(enum.StrEnum):
    STANDARD = "standard"
    DOUBLE = "double"
    ISLAND = "island"


BOOTH_SIZE_LABELS = {
    BoothSize.STANDARD: _l("Standard booth"),
    BoothSize.DOUBLE: _l("Double booth"),
    BoothSize.ISLAND: _l("Island booth"),
}

DEFAULT_STAFF_QUOTAS = {BoothSize.STANDARD: 3, BoothSize.DOUBLE: 5, BoothSize.ISLAND: 8}


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


JOB_STATUS_LABELS = {
    JobStatus.QUEUED: _l("Waiting"),
    JobStatus.RUNNING: _l("Printing"),
    JobStatus.DONE: _l("Ready"),
    JobStatus.FAILED: _l("Failed"),
}


class RegistrationSettings(TimestampMixin, db.Model):
    """Per-edition registration settings (one row per edition, created on first use). Its row is
    also the lock that serialises capacity and quota decisions within an edition."""

    __tablename__ = "registration_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), unique=True)
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    # Places for visitors and press over the whole fair; NULL = unlimited.
    capacity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # {"2026-11-25": 800, ...}: places per day (a missing day is unlimited).
    day_capacity: Mapped[dict] = mapped_column(JSON, default=dict)
    staff_quota_standard: Mapped[int] = mapped_column(Integer, default=DEFAULT_STAFF_QUOTAS[BoothSize.STANDARD])
    staff_quota_double: Mapped[int] = mapped_column(Integer, default=DEFAULT_STAFF_QUOTAS[BoothSize.DOUBLE])
    staff_quota_island: Mapped[int] = mapped_column(Integer, default=DEFAULT_STAFF_QUOTAS[BoothSize.ISLAND])
    # Printed programme: practical information (both languages) and sponsors (one per line,
    # "Name | tier").
    practical_info_vi: Mapped[str] = mapped_column(Text, default="")
    practical_info_en: Mapped[str] = mapped_column(Text, default="")
    sponsors: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_positive"),
        CheckConstraint("staff_quota_standard >= 0 AND staff_quota_double >= 0 AND staff_quota_island >= 0",
                        name="quotas_positive"),
    )

    def quota_for(self, size: BoothSize | str | None) -> int:
        size = BoothSize(size) if size in BoothSize.__members__.values() else BoothSize.STANDARD
        return {BoothSize.STANDARD: self.staff_quota_standard, BoothSize.DOUBLE: self.staff_quota_double,
                BoothSize.ISLAND: self.staff_quota_island}[size]

    def day_limit(self, day: date) -> int | None:
        value = (self.day_capacity or {}).get(day.isoformat())
        return int(value) if value is not None else None


class Registration(TimestampMixin, db.Model):
    __tablename__ = "registrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    # Lower-cased and stripped: the unique constraint makes one registration per e-mail and edition.
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(40), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    # fold(name, e-mail, organisation, phone): accent-insensitive search with LIKE.
    search_folded: Mapped[str] = mapped_column(String(700), default="")
    type: Mapped[AttendeeType] = mapped_column(enum_column(AttendeeType), index=True)
    status: Mapped[RegistrationStatus] = mapped_column(enum_column(RegistrationStatus), index=True)
    # Bumped on re-issue and cancellation: tokens carrying an older version answer "revoked".
    badge_version: Mapped[int] = mapped_column(Integer, default=1)
    # Random code of the attendee's own badge page (the link in the confirmation e-mail).
    access_code: Mapped[str] = mapped_column(String(32), unique=True)
    # The exhibitor organisation whose booth staff this is (exhibitors see only their own).
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"),
                                                        nullable=True, index=True)
    source: Mapped[str] = mapped_column(String(20), default="public")  # public, organizer, import, api, ...
    lang: Mapped[str] = mapped_column(String(5), default="vi")
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    days: Mapped[list["RegistrationDay"]] = relationship(
        back_populates="registration", cascade="all, delete-orphan", order_by="RegistrationDay.day",
        lazy="selectin")
    edition = relationship("Edition")
    exhibitor = relationship("Organisation")

    __table_args__ = (
        UniqueConstraint("edition_id", "email"),
        CheckConstraint("badge_version >= 1", name="badge_version_positive"),
        CheckConstraint("email = lower(email)", name="email_lower"),
        Index("ix_registrations_edition_status_type", "edition_id", "status", "type"),
    )

    @property
    def day_list(self) -> list[date]:
        return [d.day for d in self.days]

    @property
    def type_label(self) -> str:
        return str(ATTENDEE_TYPE_LABELS[self.type])

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def is_active(self) -> bool:
        return self.status == RegistrationStatus.ACTIVE

    def __repr__(self) -> str:  # pragma: no cover
        return f"<Registration {self.id} {self.status}>"


class RegistrationDay(db.Model):
    """One fair day a registration attends (capacity per day counts these rows)."""

    __tablename__ = "registration_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)

    registration: Mapped[Registration] = relationship(back_populates="days")

    __table_args__ = (UniqueConstraint("registration_id", "day"),)


class EditionKey(db.Model):
    """The edition's Ed25519 badge key pair. The private half is encrypted with the app secret
    (context ``edition:<id>``) and never leaves the server; the public half is published."""

    __tablename__ = "registration_edition_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), unique=True)
    public_key: Mapped[str] = mapped_column(String(64))               # base64url of 32 raw bytes
    private_key_encrypted: Mapped[str] = mapped_column(String(160))   # "tfk1." + base64url(...)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class BadgeJob(TimestampMixin, db.Model):
    """A bulk badge print. Progress lives here (not in a process's memory), so any server
    process can report it and a crashed worker shows up as a stale heartbeat."""

    __tablename__ = "registration_badge_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    status: Mapped[JobStatus] = mapped_column(enum_column(JobStatus), default=JobStatus.QUEUED)
    filters: Mapped[dict] = mapped_column(JSON, default=dict)
    total: Mapped[int] = mapped_column(Integer, default=0)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    result_path: Mapped[str | None] = mapped_column(String(500), nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    requested_by = relationship("User")
    edition = relationship("Edition")

    __table_args__ = (
        CheckConstraint("progress >= 0 AND total >= 0 AND progress <= total", name="progress_range"),
    )

    @property
    def status_label(self) -> str:
        return str(JOB_STATUS_LABELS[self.status])

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.progress / self.total) if self.total else 0
