"""Edition tables."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from techfest.core.db import TimestampMixin, UTCDateTime, db, enum_column

from .workflow import EditionStatus

STATUS_LABELS = {
    EditionStatus.DRAFT: _l("Draft"),
    EditionStatus.OPEN: _l("Submissions open"),
    EditionStatus.CLOSED: _l("Submissions closed"),
    EditionStatus.LIVE: _l("Live"),
    EditionStatus.ARCHIVED: _l("Archived"),
}

TRANSITION_LABELS = {
    EditionStatus.OPEN: _l("Open submissions"),
    EditionStatus.CLOSED: _l("Close submissions"),
    EditionStatus.LIVE: _l("Start the fair"),
    EditionStatus.ARCHIVED: _l("Archive"),
}


class Edition(TimestampMixin, db.Model):
    __tablename__ = "editions"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_folded: Mapped[str] = mapped_column(String(200), index=True)
    year: Mapped[int] = mapped_column(Integer)
    city: Mapped[str] = mapped_column(String(120))
    venue: Mapped[str] = mapped_column(String(300), default="")
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Ho_Chi_Minh")
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[EditionStatus] = mapped_column(
        enum_column(EditionStatus), default=EditionStatus.DRAFT, index=True
    )
    submission_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # Logo (badges, programme cover, edition page): random file key and extension under
    # UPLOAD_DIR/edition-logos, stored like the organisation logo (techfest.submissions.images).
    logo_key: Mapped[str] = mapped_column(String(32), default="", server_default="")
    logo_ext: Mapped[str] = mapped_column(String(4), default="", server_default="")

    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="dates_ordered"),
        CheckConstraint("year >= 2000 AND year <= 2200", name="year_range"),
    )

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def is_public(self) -> bool:
        return self.status != EditionStatus.DRAFT

    def __repr__(self) -> str:  # pragma: no cover
        return f"<Edition {self.slug} {self.status}>"
