"""Product submission tables: categories per edition, products, their images, status history
and organizer notes."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techfest.core.db import TimestampMixin, UTCDateTime, db, enum_column, utcnow

from .workflow import PUBLIC_STATUSES, ProductStatus


class Stage(enum.StrEnum):
    IDEA = "idea"
    PROTOTYPE = "prototype"
    PILOT = "pilot"
    COMMERCIAL = "commercial"


class BoothSize(enum.StrEnum):
    STANDARD = "standard"  # 3 × 3 m
    DOUBLE = "double"      # 3 × 6 m
    ISLAND = "island"      # open on four sides


STATUS_LABELS = {
    ProductStatus.DRAFT: _l("Draft"),
    ProductStatus.SUBMITTED: _l("Submitted"),
    ProductStatus.UNDER_REVIEW: _l("Under review"),
    ProductStatus.ACCEPTED: _l("Accepted"),
    ProductStatus.REJECTED: _l("Not selected"),
    ProductStatus.WAITLISTED: _l("Waiting list"),
    ProductStatus.CONFIRMED: _l("Participation confirmed"),
    ProductStatus.WITHDRAWN: _l("Withdrawn"),
}

# What the button says for a step (the target status).
TRANSITION_LABELS = {
    ProductStatus.SUBMITTED: _l("Submit to the organizers"),
    ProductStatus.UNDER_REVIEW: _l("Start the review"),
    ProductStatus.ACCEPTED: _l("Select the product"),
    ProductStatus.REJECTED: _l("Do not select"),
    ProductStatus.WAITLISTED: _l("Put on the waiting list"),
    ProductStatus.CONFIRMED: _l("Confirm participation"),
    ProductStatus.WITHDRAWN: _l("Withdraw the product"),
}

STAGE_LABELS = {
    Stage.IDEA: _l("Idea"),
    Stage.PROTOTYPE: _l("Prototype"),
    Stage.PILOT: _l("Pilot"),
    Stage.COMMERCIAL: _l("On the market"),
}

BOOTH_SIZE_LABELS = {
    BoothSize.STANDARD: _l("Standard booth (3 × 3 m)"),
    BoothSize.DOUBLE: _l("Double booth (3 × 6 m)"),
    BoothSize.ISLAND: _l("Island booth"),
}

MAX_IMAGES = 5


def _named_enum(enum_cls, name: str):
    """``enum_column`` with its own CHECK constraint name (two status columns in one table)."""
    column_type = enum_column(enum_cls)
    column_type.name = name
    return column_type


class Category(db.Model):
    """A product category of one edition (configurable by its organizers)."""

    __tablename__ = "product_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))          # Vietnamese
    name_en: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (UniqueConstraint("edition_id", "slug"),)

    def label(self, locale: str = "vi") -> str:
        return self.name_en if locale == "en" and self.name_en else self.name


class Product(TimestampMixin, db.Model):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    # Products belong to the organisation: every member shares them. RESTRICT: never lost silently.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    # RESTRICT: a category in use cannot be deleted (the service says so first, with a 409).
    category_id: Mapped[int | None] = mapped_column(ForeignKey("product_categories.id", ondelete="RESTRICT"),
                                                    index=True, nullable=True)

    title: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    title_folded: Mapped[str] = mapped_column(String(200), index=True)
    # Folded title (vi and en), summary and target users: what the search boxes look in.
    search_folded: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")  # Markdown, sanitised on render
    stage: Mapped[Stage | None] = mapped_column(enum_column(Stage), nullable=True)
    target_market: Mapped[str] = mapped_column(String(1000), default="")
    video_url: Mapped[str] = mapped_column(String(300), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    team_members: Mapped[str] = mapped_column(Text, default="")  # one person per line

    # Booth needs, read by the booth allocation (see services.accepted_exhibitors).
    booth_size: Mapped[BoothSize] = mapped_column(enum_column(BoothSize), default=BoothSize.STANDARD)
    needs_power: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_internet: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_water: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_table: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set by the booth allocation through services.record_booth_codes; shown in the catalogue.
    booth_code: Mapped[str | None] = mapped_column(String(16), nullable=True)

    status: Mapped[ProductStatus] = mapped_column(enum_column(ProductStatus), default=ProductStatus.DRAFT, index=True)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    edition = relationship("Edition")
    organisation = relationship("Organisation")
    created_by = relationship("User")
    category: Mapped[Category | None] = relationship()
    images: Mapped[list["ProductImage"]] = relationship(
        back_populates="product", order_by="ProductImage.position, ProductImage.id",
        cascade="all, delete-orphan", passive_deletes=True)
    transitions: Mapped[list["ProductTransition"]] = relationship(
        back_populates="product", order_by="ProductTransition.id", cascade="all, delete-orphan",
        passive_deletes=True)

    __table_args__ = (
        Index("ix_products_edition_status", "edition_id", "status"),
        CheckConstraint("length(title) > 0", name="title_not_empty"),
    )

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def stage_label(self) -> str:
        return str(STAGE_LABELS[self.stage]) if self.stage else ""

    @property
    def booth_size_label(self) -> str:
        return str(BOOTH_SIZE_LABELS[self.booth_size])

    @property
    def team_list(self) -> list[str]:
        return [line.strip() for line in (self.team_members or "").splitlines() if line.strip()]

    @property
    def cover(self) -> "ProductImage | None":
        return self.images[0] if self.images else None

    def display_title(self, locale: str = "vi") -> str:
        return self.title_en if locale == "en" and self.title_en else self.title

    def __repr__(self) -> str:  # pragma: no cover
        return f"<Product {self.id} {self.status}>"


class ProductImage(db.Model):
    """An uploaded image. ``product_id`` is NULL while it is pending: uploaded with a form that
    had errors, kept (for its uploader only) so the form can be re-sent without re-uploading."""

    __tablename__ = "product_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True,
                                                   nullable=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True,
                                                       nullable=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)  # random file name, used in URLs
    ext: Mapped[str] = mapped_column(String(4))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size_bytes: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    original_name: Mapped[str] = mapped_column(String(200), default="")  # shown to the uploader only
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    product: Mapped[Product | None] = relationship(back_populates="images")

    __table_args__ = (CheckConstraint("ext IN ('jpg', 'png', 'webp')", name="ext_known"),)


class ProductTransition(db.Model):
    """One step of a product's history: who moved it, when, from, to, and the note."""

    __tablename__ = "product_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    actor_role: Mapped[str] = mapped_column(String(16))  # exhibitor / organizer (as the workflow saw it)
    from_status: Mapped[ProductStatus] = mapped_column(_named_enum(ProductStatus, "from_status"))
    to_status: Mapped[ProductStatus] = mapped_column(_named_enum(ProductStatus, "to_status"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    product: Mapped[Product] = relationship(back_populates="transitions")
    actor = relationship("User")

    __table_args__ = (CheckConstraint("actor_role IN ('exhibitor', 'organizer')", name="actor_role_known"),)


class ProductNote(db.Model):
    """An organizer's note on a product: internal (organizers only, never shown to the exhibitor)
    or a message to the exhibitor (shown in their timeline and e-mailed)."""

    __tablename__ = "product_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    internal: Mapped[bool] = mapped_column(Boolean, default=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    author = relationship("User")

    __table_args__ = (CheckConstraint("length(body) > 0", name="body_not_empty"),)
