"""Forum tables: rooms, sessions, speakers, session participants and published schedule versions.

The organizers edit a *working copy* (rooms, sessions, speakers, participants). Publishing
freezes it into a :class:`ScheduleVersion` (a JSON snapshot plus a changelog against the
previous version); the public pages, exports and the public API read only the newest snapshot.
"""
from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techfest.core.db import TimestampMixin, UTCDateTime, db, enum_column


class SessionType(enum.StrEnum):
    OPENING = "opening"
    KEYNOTE = "keynote"
    FORUM_SESSION = "forum_session"
    PANEL = "panel"
    WORKSHOP = "workshop"
    PITCHING = "pitching"
    TRAINING = "training"
    NETWORKING = "networking"


SESSION_TYPE_LABELS = {
    SessionType.OPENING: _l("Opening ceremony"),
    SessionType.KEYNOTE: _l("Keynote"),
    SessionType.FORUM_SESSION: _l("Forum session"),
    SessionType.PANEL: _l("Discussion panel"),
    SessionType.WORKSHOP: _l("Workshop"),
    SessionType.PITCHING: _l("Pitching"),
    SessionType.TRAINING: _l("Training"),
    SessionType.NETWORKING: _l("Networking"),
}


class ParticipantRole(enum.StrEnum):
    MODERATOR = "moderator"
    PANELIST = "panelist"
    SPEAKER = "speaker"
    KEYNOTE = "keynote"
    INTERPRETER = "interpreter"


PARTICIPANT_ROLE_LABELS = {
    ParticipantRole.MODERATOR: _l("Moderator"),
    ParticipantRole.PANELIST: _l("Panelist"),
    ParticipantRole.SPEAKER: _l("Speaker"),
    ParticipantRole.KEYNOTE: _l("Keynote speaker"),
    ParticipantRole.INTERPRETER: _l("Interpreter"),
}


class SpeakerStatus(enum.StrEnum):
    NEW = "new"              # profile created by the organizers, no invitation sent yet
    INVITED = "invited"      # invitation link sent
    CONFIRMED = "confirmed"  # the speaker confirmed through the link
    DECLINED = "declined"    # the speaker declined through the link


SPEAKER_STATUS_LABELS = {
    SpeakerStatus.NEW: _l("Not invited yet"),
    SpeakerStatus.INVITED: _l("Invited"),
    SpeakerStatus.CONFIRMED: _l("Confirmed"),
    SpeakerStatus.DECLINED: _l("Declined"),
}

# Languages offered in the session form (ISO 639-1); interpretation pairs use the same codes.
LANGUAGES = {
    "vi": _l("Vietnamese"),
    "en": _l("English"),
    "ko": _l("Korean"),
    "ja": _l("Japanese"),
    "zh": _l("Chinese"),
    "fr": _l("French"),
}


class Room(TimestampMixin, db.Model):
    __tablename__ = "forum_rooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    name_folded: Mapped[str] = mapped_column(String(120))
    capacity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    floor: Mapped[str] = mapped_column(String(60), default="")
    # The hall (building or wing): moving between halls takes time (the buffer check uses it).
    hall: Mapped[str] = mapped_column(String(60), default="")
    equipment: Mapped[str] = mapped_column(Text, default="")
    # Opening hours: {"*": [["08:00", "18:00"]], "2026-11-25": [["08:00", "12:00"]]}; "*" is every
    # edition day, a dated entry overrides it for that day; an empty list closes the room that day.
    # NULL means always open.
    hours: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    edition = relationship("Edition")

    __table_args__ = (
        UniqueConstraint("edition_id", "name_folded"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
    )


class Speaker(TimestampMixin, db.Model):
    """A person on the programme (speaker, moderator, panelist, interpreter) in one edition."""

    __tablename__ = "forum_speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    # Short random code used in public URLs (ids stay internal).
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_folded: Mapped[str] = mapped_column(String(200), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")          # job title, e.g. "Giám đốc"
    organisation: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str] = mapped_column(String(2), default="VN")
    bio_vi: Mapped[str] = mapped_column(Text, default="")
    bio_en: Mapped[str] = mapped_column(Text, default="")
    photo: Mapped[str | None] = mapped_column(String(80), nullable=True)  # file name in UPLOAD_DIR/forum
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True)
    status: Mapped[SpeakerStatus] = mapped_column(enum_column(SpeakerStatus), default=SpeakerStatus.NEW)
    # Random part of the invitation link; a new invitation replaces it, so older links stop working.
    invitation_nonce: Mapped[str | None] = mapped_column(String(32), nullable=True)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    edition = relationship("Edition")
    user = relationship("User")
    participations: Mapped[list["SessionParticipant"]] = relationship(back_populates="speaker",
                                                                      cascade="all, delete-orphan")

    __table_args__ = (
        CheckConstraint("email IS NULL OR email = lower(email)", name="email_lower"),
    )

    @property
    def status_label(self) -> str:
        return str(SPEAKER_STATUS_LABELS[self.status])


class Session(TimestampMixin, db.Model):
    """A session of the working copy. ``lock_version`` guards concurrent edits (optimistic lock)."""

    __tablename__ = "forum_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    title_vi: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300), default="")
    title_folded: Mapped[str] = mapped_column(String(620))  # both titles, accent-folded
    description_vi: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    type: Mapped[SessionType] = mapped_column(enum_column(SessionType))
    track: Mapped[str] = mapped_column(String(120), default="")
    room_id: Mapped[int | None] = mapped_column(ForeignKey("forum_rooms.id", ondelete="SET NULL"), nullable=True,
                                                index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expected_attendance: Mapped[int | None] = mapped_column(Integer, nullable=True)
    languages: Mapped[str] = mapped_column(String(60), default="vi")       # "vi,ko"
    interpretation: Mapped[str] = mapped_column(String(120), default="")   # "vi↔ko, vi↔en"
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    room: Mapped[Room | None] = relationship()
    participants: Mapped[list["SessionParticipant"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SessionParticipant.position")

    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("expected_attendance IS NULL OR expected_attendance >= 0", name="attendance_positive"),
        Index("ix_forum_sessions_edition_start", "edition_id", "starts_at"),
    )
    # Every UPDATE checks and bumps lock_version: two organizers saving the same session at once
    # cannot both win (the loser gets StaleDataError, turned into a Conflict by the services).
    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def type_label(self) -> str:
        return str(SESSION_TYPE_LABELS[self.type])

    @property
    def language_list(self) -> list[str]:
        return [code for code in (self.languages or "").split(",") if code]


class SessionParticipant(db.Model):
    __tablename__ = "forum_session_participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("forum_sessions.id", ondelete="CASCADE"), index=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("forum_speakers.id", ondelete="CASCADE"), index=True)
    role: Mapped[ParticipantRole] = mapped_column(enum_column(ParticipantRole))
    position: Mapped[int] = mapped_column(Integer, default=0)

    session: Mapped[Session] = relationship(back_populates="participants")
    speaker: Mapped[Speaker] = relationship(back_populates="participations")

    __table_args__ = (UniqueConstraint("session_id", "speaker_id"),)

    @property
    def role_label(self) -> str:
        return str(PARTICIPANT_ROLE_LABELS[self.role])


class ScheduleVersion(db.Model):
    """A published, frozen programme. ``number`` counts 1, 2, ... per edition (unique: two
    organizers publishing at the same moment cannot both create version N)."""

    __tablename__ = "forum_schedule_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime())
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    snapshot: Mapped[dict] = mapped_column(JSON)
    changelog: Mapped[dict] = mapped_column(JSON)

    published_by = relationship("User")

    __table_args__ = (
        UniqueConstraint("edition_id", "number"),
        CheckConstraint("number > 0", name="number_positive"),
    )
