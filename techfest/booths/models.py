"""Floor plan tables: halls, zones, booths; assignments (one exhibitor per booth, enforced by a
unique constraint), exhibitor preferences, competitor pairs, priority tiers, allocation runs
(proposals) and the change log.

An *exhibitor* here is an organisation with accepted or confirmed products in the edition (see
``services.exhibitors``); it gets at most one booth per edition.
"""
from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import (JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, Numeric, String,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techfest.core.db import TimestampMixin, UTCDateTime, db, enum_column, utcnow


class BoothType(enum.StrEnum):
    INLINE = "inline"
    CORNER = "corner"
    ISLAND = "island"


class BoothSizeClass(enum.StrEnum):
    """The same values as the size an exhibitor asks for (techfest.submissions BoothSize)."""

    STANDARD = "standard"
    DOUBLE = "double"
    ISLAND = "island"


class BoothStatus(enum.StrEnum):
    AVAILABLE = "available"  # free, offered to the allocation
    HELD = "held"            # kept aside by the organizers (not offered to the allocation)
    ASSIGNED = "assigned"    # holds an exhibitor (set only by the assignment services)
    BLOCKED = "blocked"      # not usable (pillar, fire exit, storage)


class Tier(enum.StrEnum):
    SPONSOR = "sponsor"
    INTERNATIONAL = "international"
    RETURNING = "returning"
    STANDARD = "standard"


class RunStatus(enum.StrEnum):
    PROPOSED = "proposed"
    PUBLISHED = "published"
    DISCARDED = "discarded"
    SUPERSEDED = "superseded"  # the assignments changed after it was computed


class ChangeAction(enum.StrEnum):
    ASSIGNED = "assigned"
    UNASSIGNED = "unassigned"
    MOVED = "moved"
    SWAPPED = "swapped"
    LOCKED = "locked"
    UNLOCKED = "unlocked"
    BOOTH_CREATED = "booth_created"
    BOOTH_UPDATED = "booth_updated"
    BOOTH_DELETED = "booth_deleted"
    STATUS_CHANGED = "status_changed"
    IMPORTED = "imported"
    GENERATED = "generated"
    PUBLISHED = "published"
    HALL_DELETED = "hall_deleted"
    COMPETITORS_ADDED = "competitors_added"
    COMPETITORS_REMOVED = "competitors_removed"
    TIER_CHANGED = "tier_changed"
    SETTINGS_CHANGED = "settings_changed"


TYPE_LABELS = {BoothType.INLINE: _l("Inline"), BoothType.CORNER: _l("Corner"), BoothType.ISLAND: _l("Island")}
SIZE_LABELS = {BoothSizeClass.STANDARD: _l("Standard"), BoothSizeClass.DOUBLE: _l("Double"),
               BoothSizeClass.ISLAND: _l("Island")}
STATUS_LABELS = {BoothStatus.AVAILABLE: _l("Available"), BoothStatus.HELD: _l("Held"),
                 BoothStatus.ASSIGNED: _l("Assigned"), BoothStatus.BLOCKED: _l("Blocked")}
TIER_LABELS = {Tier.SPONSOR: _l("Sponsor"), Tier.INTERNATIONAL: _l("International partner"),
               Tier.RETURNING: _l("Returning exhibitor"), Tier.STANDARD: _l("Standard")}
FEATURE_LABELS = {"power": _l("Power"), "internet": _l("Internet"), "water": _l("Water")}
RUN_STATUS_LABELS = {RunStatus.PROPOSED: _l("Proposal"), RunStatus.PUBLISHED: _l("Published"),
                     RunStatus.DISCARDED: _l("Discarded"), RunStatus.SUPERSEDED: _l("Out of date")}


def _named_enum(enum_cls, name: str):
    column_type = enum_column(enum_cls)
    column_type.name = name
    return column_type


class Hall(TimestampMixin, db.Model):
    __tablename__ = "booth_halls"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    name_folded: Mapped[str] = mapped_column(String(100))
    width_m: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    depth_m: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    position: Mapped[int] = mapped_column(Integer, default=0)

    zones: Mapped[list["Zone"]] = relationship(back_populates="hall", order_by="Zone.name_folded",
                                               cascade="all, delete-orphan", passive_deletes=True)

    __table_args__ = (
        UniqueConstraint("edition_id", "name_folded"),
        CheckConstraint("width_m > 0 AND depth_m > 0", name="size_positive"),
    )


class Zone(db.Model):
    __tablename__ = "booth_zones"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("booth_halls.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    name_folded: Mapped[str] = mapped_column(String(100))
    colour: Mapped[str] = mapped_column(String(7), default="#8ecae6")
    # Category affinity: exhibitors of this product category score this zone's booths higher.
    category_id: Mapped[int | None] = mapped_column(ForeignKey("product_categories.id", ondelete="SET NULL"),
                                                    nullable=True, index=True)

    hall: Mapped[Hall] = relationship(back_populates="zones")
    category = relationship("Category")

    __table_args__ = (
        UniqueConstraint("hall_id", "name_folded"),
        CheckConstraint("length(colour) = 7", name="colour_hex"),
    )


class Booth(TimestampMixin, db.Model):
    __tablename__ = "booths"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("booth_halls.id", ondelete="CASCADE"), index=True)
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("booth_zones.id", ondelete="SET NULL"), nullable=True,
                                                index=True)
    code: Mapped[str] = mapped_column(String(16))  # "A-01", stored upper-case: unique per edition
    x_m: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    y_m: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    w_m: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    h_m: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    type: Mapped[BoothType] = mapped_column(enum_column(BoothType), default=BoothType.INLINE)
    size: Mapped[BoothSizeClass] = mapped_column(enum_column(BoothSizeClass), default=BoothSizeClass.STANDARD)
    has_power: Mapped[bool] = mapped_column(Boolean, default=False)
    has_internet: Mapped[bool] = mapped_column(Boolean, default=False)
    has_water: Mapped[bool] = mapped_column(Boolean, default=False)
    accessible: Mapped[bool] = mapped_column(Boolean, default=False)
    price_tier: Mapped[str] = mapped_column(String(32), default="")
    status: Mapped[BoothStatus] = mapped_column(enum_column(BoothStatus), default=BoothStatus.AVAILABLE)

    hall: Mapped[Hall] = relationship()
    zone: Mapped[Zone | None] = relationship()
    assignment: Mapped["BoothAssignment | None"] = relationship(back_populates="booth", uselist=False,
                                                            passive_deletes=True)

    __table_args__ = (
        UniqueConstraint("edition_id", "code"),
        CheckConstraint("w_m > 0 AND h_m > 0", name="size_positive"),
        CheckConstraint("x_m >= 0 AND y_m >= 0", name="position_not_negative"),
        CheckConstraint("length(code) > 0", name="code_not_empty"),
    )

    @property
    def features(self) -> frozenset[str]:
        return frozenset(f for f, on in (("power", self.has_power), ("internet", self.has_internet),
                                         ("water", self.has_water)) if on)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def size_label(self) -> str:
        return str(SIZE_LABELS[self.size])

    @property
    def type_label(self) -> str:
        return str(TYPE_LABELS[self.type])

    @property
    def area_m2(self) -> Decimal:
        return self.w_m * self.h_m


class BoothAssignment(db.Model):
    """An exhibitor (organisation) on a booth. ``uq_booth_assignments_booth_id`` is THE guard:
    two organizers assigning one booth at once end with one row and an IntegrityError for the
    other (turned into a Conflict)."""

    __tablename__ = "booth_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    booth_id: Mapped[int] = mapped_column(ForeignKey("booths.id", ondelete="CASCADE"), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)  # kept by the allocation (sponsors, partners)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    booth: Mapped[Booth] = relationship(back_populates="assignment")
    organisation = relationship("Organisation")

    __table_args__ = (UniqueConstraint("edition_id", "organisation_id"),)


class BoothPreference(db.Model):
    """An exhibitor's ranked wish: a booth or a whole zone (exactly one of them)."""

    __tablename__ = "booth_preferences"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int] = mapped_column(Integer)
    booth_id: Mapped[int | None] = mapped_column(ForeignKey("booths.id", ondelete="CASCADE"), nullable=True)
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("booth_zones.id", ondelete="CASCADE"), nullable=True)

    booth: Mapped[Booth | None] = relationship()
    zone: Mapped[Zone | None] = relationship()

    __table_args__ = (
        UniqueConstraint("edition_id", "organisation_id", "rank"),
        CheckConstraint("rank BETWEEN 1 AND 5", name="rank_range"),
        CheckConstraint("(booth_id IS NULL) <> (zone_id IS NULL)", name="booth_or_zone"),
    )


class NearWish(db.Model):
    """An exhibitor asks to be near another organisation."""

    __tablename__ = "booth_near_wishes"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    near_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))

    near_organisation = relationship("Organisation", foreign_keys=[near_organisation_id])

    __table_args__ = (
        UniqueConstraint("edition_id", "organisation_id", "near_organisation_id"),
        CheckConstraint("organisation_id <> near_organisation_id", name="not_self"),
    )


class CompetitorPair(db.Model):
    """Two organisations that must not get neighbouring booths (stored with first_id < second_id)."""

    __tablename__ = "booth_competitor_pairs"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    first_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    second_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    first = relationship("Organisation", foreign_keys=[first_id])
    second = relationship("Organisation", foreign_keys=[second_id])

    __table_args__ = (
        UniqueConstraint("edition_id", "first_id", "second_id"),
        CheckConstraint("first_id < second_id", name="ordered"),
    )


class ExhibitorTier(db.Model):
    __tablename__ = "booth_exhibitor_tiers"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    tier: Mapped[Tier] = mapped_column(enum_column(Tier), default=Tier.STANDARD)

    __table_args__ = (UniqueConstraint("edition_id", "organisation_id"),)


class AllocationSettings(db.Model):
    """The scoring settings of an edition (techfest.booths.scoring.DEFAULT_CONFIG when absent)."""

    __tablename__ = "booth_allocation_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), unique=True)
    config: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class AllocationRun(db.Model):
    """One run of the allocation engine: the problem, its solution and the proposal rows."""

    __tablename__ = "booth_allocation_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[RunStatus] = mapped_column(enum_column(RunStatus), default=RunStatus.PROPOSED)
    # Fingerprint of the assignments and booths the proposal was computed from: publishing
    # refuses a proposal whose basis no longer matches (someone changed things meanwhile).
    basis: Mapped[str] = mapped_column(String(64))
    problem: Mapped[dict] = mapped_column(JSON)
    solution: Mapped[dict] = mapped_column(JSON)
    rows: Mapped[list] = mapped_column(JSON)
    warnings: Mapped[list] = mapped_column(JSON, default=list)
    exhibitor_count: Mapped[int] = mapped_column(Integer, default=0)
    assigned_count: Mapped[int] = mapped_column(Integer, default=0)
    objective: Mapped[int] = mapped_column(Integer, default=0)
    bound: Mapped[int] = mapped_column(Integer, default=0)
    optimal: Mapped[bool] = mapped_column(Boolean, default=False)
    milliseconds: Mapped[int] = mapped_column(Integer, default=0)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    created_by = relationship("User", foreign_keys=[created_by_id])

    @property
    def status_label(self) -> str:
        return str(RUN_STATUS_LABELS[self.status])


class BoothChange(db.Model):
    """The change log: every assignment, move, swap, lock and layout change, with its author."""

    __tablename__ = "booth_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    action: Mapped[ChangeAction] = mapped_column(_named_enum(ChangeAction, "changeaction"))
    booth_code: Mapped[str] = mapped_column(String(16), default="")
    other_code: Mapped[str] = mapped_column(String(16), default="")  # moved from / swapped with
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"),
                                                        nullable=True)
    organisation_name: Mapped[str] = mapped_column(String(200), default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    actor = relationship("User")

    __table_args__ = (Index("ix_booth_changes_edition_id_id", "edition_id", "id"),)
