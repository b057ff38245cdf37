"""User, organisation, per-edition role and API token tables."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techfest.core.auth import Role
from techfest.core.db import TimestampMixin, UTCDateTime, db, enum_column


class OrganisationType(enum.StrEnum):
    STARTUP = "startup"
    COMPANY = "company"
    UNIVERSITY = "university"
    RESEARCH_INSTITUTE = "research_institute"
    PUBLIC_AGENCY = "public_agency"


ORGANISATION_TYPE_LABELS = {
    OrganisationType.STARTUP: _l("Startup"),
    OrganisationType.COMPANY: _l("Company"),
    OrganisationType.UNIVERSITY: _l("University"),
    OrganisationType.RESEARCH_INSTITUTE: _l("Research institute"),
    OrganisationType.PUBLIC_AGENCY: _l("Public agency"),
}


class Organisation(TimestampMixin, db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Folded name (accents and case removed): unique, so "ĐH Hàng hải" and "DH Hang Hai" are one.
    name_folded: Mapped[str] = mapped_column(String(200), unique=True)
    type: Mapped[OrganisationType] = mapped_column(enum_column(OrganisationType))
    country: Mapped[str] = mapped_column(String(2), default="VN")
    website: Mapped[str] = mapped_column(String(300), default="")
    # Exhibitor profile, shown with the organisation's products in the catalogue.
    contact_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    address: Mapped[str] = mapped_column(String(300), default="", server_default="")
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    description_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Logo: random file key and extension under UPLOAD_DIR/logos (techfest.submissions.images).
    logo_key: Mapped[str] = mapped_column(String(32), default="", server_default="")
    logo_ext: Mapped[str] = mapped_column(String(4), default="", server_default="")

    members: Mapped[list["User"]] = relationship(back_populates="organisation")

    @property
    def type_label(self) -> str:
        return str(ORGANISATION_TYPE_LABELS[self.type])


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased and stripped: the unique index makes e-mail case-insensitive.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_folded: Mapped[str] = mapped_column(String(200), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True, nullable=True
    )
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    organisation: Mapped[Organisation | None] = relationship(back_populates="members")
    roles: Mapped[list["EditionRole"]] = relationship(back_populates="user", cascade="all, delete-orphan")

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def __repr__(self) -> str:  # pragma: no cover
        return f"<User {self.id}>"


class EditionRole(db.Model):
    """A user's role in one edition (organizer, exhibitor, judge, check-in staff, attendee)."""

    __tablename__ = "edition_roles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))

    user: Mapped[User] = relationship(back_populates="roles")
    edition = relationship("Edition")

    __table_args__ = (UniqueConstraint("user_id", "edition_id", "role"),)


class ApiToken(db.Model):
    """A personal API token. Only its SHA-256 hash is stored; the token is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    user: Mapped[User] = relationship()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
