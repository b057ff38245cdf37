"""Privacy tables: per-edition notice and retention setting, audit log of actions on personal data."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techfest.core.db import TimestampMixin, UTCDateTime, db, utcnow


ACTION_LABELS = {
    "export": _l("Data exported"),
    "erase": _l("Data erased"),
    "purge": _l("Retention purge"),
    "settings_changed": _l("Privacy settings changed"),
}


class PrivacySettings(TimestampMixin, db.Model):
    """One row per edition (created on first save): the privacy notice and the retention period."""

    __tablename__ = "privacy_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), unique=True)
    notice_vi: Mapped[str] = mapped_column(Text, default="")
    notice_en: Mapped[str] = mapped_column(Text, default="")
    # Attendee data is anonymised this many months after the edition's end date; NULL = never.
    retention_months: Mapped[int | None] = mapped_column(Integer, nullable=True)

    __table_args__ = (
        CheckConstraint("retention_months IS NULL OR (retention_months >= 1 AND retention_months <= 120)",
                        name="retention_range"),
    )


class PrivacyAudit(db.Model):
    """An action on personal data (export, erasure, purge, settings change). The target names
    ids only, never the person's name or e-mail, so the log itself holds no personal data."""

    __tablename__ = "privacy_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int | None] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), nullable=True,
                                                   index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    actor_label: Mapped[str] = mapped_column(String(100), default="")   # "user 7", "cli", "attendee (badge code)"
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    actor = relationship("User")

    __table_args__ = (Index("ix_privacy_audit_edition_created", "edition_id", "created_at"),)
