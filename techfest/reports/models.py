"""Figures recorded by organizers: what the system cannot count (jobs created, startups
supported, a provincial innovation index), or the headline figures of editions held before
Techfest ran on this system."""
from __future__ import annotations

import enum
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from techfest.core.db import TimestampMixin, db


class HeadlineKey(enum.StrEnum):
    """Keys both counted by the system and recordable (archived editions fall back to these)."""
    PRODUCTS_SHOWN = "products_shown"
    EXHIBITORS = "exhibitors"
    VISITORS = "visitors"
    FORUM_SESSIONS = "forum_sessions"
    SPEAKERS = "speakers"
    AWARDS = "awards"


HEADLINE_LABELS = {
    HeadlineKey.PRODUCTS_SHOWN: _l("Products shown"),
    HeadlineKey.EXHIBITORS: _l("Exhibitors"),
    HeadlineKey.VISITORS: _l("Visitors"),
    HeadlineKey.FORUM_SESSIONS: _l("Forum sessions"),
    HeadlineKey.SPEAKERS: _l("Speakers"),
    HeadlineKey.AWARDS: _l("Awards"),
}


MAX_POSITION = 10_000  # a figure's order: any sensible value, well inside an INTEGER column


class RecordedFigure(TimestampMixin, db.Model):
    __tablename__ = "report_figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40))            # "jobs_created", stable across editions
    label_vi: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200), default="")
    value: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    unit: Mapped[str] = mapped_column(String(40), default="")
    source: Mapped[str] = mapped_column(Text, default="")   # where the number comes from
    is_public: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(default=0)  # within ±MAX_POSITION

    __table_args__ = (
        UniqueConstraint("edition_id", "key"),
        CheckConstraint("key <> ''", name="key_not_empty"),
    )

    def label(self, locale: str = "vi") -> str:
        return self.label_en if locale == "en" and self.label_en else self.label_vi

    @property
    def display_value(self):
        v = self.value.normalize() if isinstance(self.value, Decimal) else Decimal(self.value)
        return int(v) if v == v.to_integral_value() else v
