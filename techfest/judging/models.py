"""Judging tables: rounds and their rubric, judges' conflicts and expertise, the assignment
(one row per judge and product: also the judge's score sheet), scores, the ranking stored
when scoring closes, awards and the audit log.

Products, categories and organisations belong to other domains (submissions, accounts);
these tables point at them with foreign keys and never write them.
"""
from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (Boolean, CheckConstraint, Float, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint, text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techfest.core.db import TimestampMixin, UTCDateTime, db, enum_column, utcnow

from .workflow import RoundStatus


class Method(enum.StrEnum):
    NORMALIZED = "normalized"
    MEAN = "mean"


class SheetStatus(enum.StrEnum):
    PENDING = "pending"      # assigned, nothing saved yet
    DRAFT = "draft"          # saved, not submitted (not counted in the ranking)
    SUBMITTED = "submitted"  # counted; may still be edited while the round is scoring (logged)


class Origin(enum.StrEnum):
    AUTO = "auto"      # the assignment engine
    LATE = "late"      # the engine, topping up after the first assignment (late products)
    MANUAL = "manual"  # an organizer, by hand


class AwardKind(enum.StrEnum):
    GOLD = "gold"
    SILVER = "silver"
    BRONZE = "bronze"
    SPECIAL = "special"


MEDALS = (AwardKind.GOLD, AwardKind.SILVER, AwardKind.BRONZE)


class AuditAction(enum.StrEnum):
    ROUND_CREATED = "round_created"
    ROUND_UPDATED = "round_updated"
    ROUND_TRANSITION = "round_transition"
    RUBRIC_CHANGED = "rubric_changed"
    ASSIGNMENT_GENERATED = "assignment_generated"
    ASSIGNMENT_ADDED = "assignment_added"
    ASSIGNMENT_REMOVED = "assignment_removed"
    CONFLICT_DECLARED = "conflict_declared"
    CONFLICT_REMOVED = "conflict_removed"
    SCORE_SET = "score_set"            # a value entered or changed (draft or submitted sheet)
    SCORE_CLEARED = "score_cleared"    # a draft value removed
    COMMENT_CHANGED = "comment_changed"
    SHEET_SUBMITTED = "sheet_submitted"
    AWARD_GRANTED = "award_granted"
    AWARD_REVOKED = "award_revoked"


STATUS_LABELS = {
    RoundStatus.DRAFT: _l("Draft"),
    RoundStatus.SCORING: _l("Scoring open"),
    RoundStatus.CLOSED: _l("Scoring closed"),
    RoundStatus.PUBLISHED: _l("Results published"),
}

TRANSITION_LABELS = {
    (RoundStatus.DRAFT, RoundStatus.SCORING): _l("Open scoring"),
    (RoundStatus.SCORING, RoundStatus.CLOSED): _l("Close scoring"),
    (RoundStatus.CLOSED, RoundStatus.SCORING): _l("Reopen scoring"),
    (RoundStatus.CLOSED, RoundStatus.PUBLISHED): _l("Publish the results"),
    (RoundStatus.PUBLISHED, RoundStatus.CLOSED): _l("Withdraw the publication"),
}

METHOD_LABELS = {
    Method.NORMALIZED: _l("Normalized (corrects each judge's leniency and spread)"),
    Method.MEAN: _l("Plain weighted average"),
}

SHEET_LABELS = {
    SheetStatus.PENDING: _l("Not scored"),
    SheetStatus.DRAFT: _l("Draft"),
    SheetStatus.SUBMITTED: _l("Scores sent"),
}

AWARD_LABELS = {
    AwardKind.GOLD: _l("Gold award"),
    AwardKind.SILVER: _l("Silver award"),
    AwardKind.BRONZE: _l("Bronze award"),
    AwardKind.SPECIAL: _l("Special prize"),
}

AUDIT_LABELS = {
    AuditAction.ROUND_CREATED: _l("Round created"),
    AuditAction.ROUND_UPDATED: _l("Round settings changed"),
    AuditAction.ROUND_TRANSITION: _l("Status changed"),
    AuditAction.RUBRIC_CHANGED: _l("Rubric changed"),
    AuditAction.ASSIGNMENT_GENERATED: _l("Judges assigned automatically"),
    AuditAction.ASSIGNMENT_ADDED: _l("Judge assigned by hand"),
    AuditAction.ASSIGNMENT_REMOVED: _l("Judge removed from a product"),
    AuditAction.CONFLICT_DECLARED: _l("Conflict of interest declared"),
    AuditAction.CONFLICT_REMOVED: _l("Conflict of interest withdrawn"),
    AuditAction.SCORE_SET: _l("Score entered or changed"),
    AuditAction.SCORE_CLEARED: _l("Score cleared"),
    AuditAction.COMMENT_CHANGED: _l("Comment changed"),
    AuditAction.SHEET_SUBMITTED: _l("Score sheet submitted"),
    AuditAction.AWARD_GRANTED: _l("Award granted"),
    AuditAction.AWARD_REVOKED: _l("Award revoked"),
}


class JudgingRound(TimestampMixin, db.Model):
    __tablename__ = "judging_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(64))        # in URLs: /judging/<slug>
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    name_folded: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[RoundStatus] = mapped_column(enum_column(RoundStatus), default=RoundStatus.DRAFT)
    method: Mapped[Method] = mapped_column(enum_column(Method), default=Method.NORMALIZED)
    judges_per_product: Mapped[int] = mapped_column(Integer, default=3)
    podium: Mapped[int] = mapped_column(Integer, default=3)     # medals per category (1..3)
    scoring_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # The ranking's interval description and number of components, stored at closing.
    ranking_note: Mapped[str] = mapped_column(String(300), default="")

    edition = relationship("Edition")
    criteria: Mapped[list["Criterion"]] = relationship(
        back_populates="round", order_by="Criterion.position, Criterion.id", cascade="all, delete-orphan",
        passive_deletes=True)
    categories: Mapped[list["RoundCategory"]] = relationship(cascade="all, delete-orphan", passive_deletes=True)

    __table_args__ = (
        UniqueConstraint("edition_id", "slug"),
        CheckConstraint("judges_per_product >= 1 AND judges_per_product <= 20", name="k_range"),
        CheckConstraint("podium >= 1 AND podium <= 3", name="podium_range"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
    )

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    def display_name(self, locale: str = "vi") -> str:
        return self.name_en if locale == "en" and self.name_en else self.name

    @property
    def category_ids(self) -> set[int]:
        return {rc.category_id for rc in self.categories}

    @property
    def total_weight(self) -> int:
        return sum(c.weight for c in self.criteria)


class RoundCategory(db.Model):
    """A category a round covers (its accepted and confirmed products are judged)."""

    __tablename__ = "judging_round_categories"

    round_id: Mapped[int] = mapped_column(ForeignKey("judging_rounds.id", ondelete="CASCADE"), primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("product_categories.id", ondelete="CASCADE"),
                                             primary_key=True)

    category = relationship("Category")


class Criterion(db.Model):
    __tablename__ = "judging_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("judging_rounds.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40))          # stable id in the API and exports
    name: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120), default="")
    guidance: Mapped[str] = mapped_column(Text, default="")     # shown to judges while scoring
    guidance_en: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[int] = mapped_column(Integer)          # relative (percent points, usually summing to 100)
    min_value: Mapped[int] = mapped_column(Integer, default=1)
    max_value: Mapped[int] = mapped_column(Integer, default=10)
    position: Mapped[int] = mapped_column(Integer, default=0)

    round: Mapped[JudgingRound] = relationship(back_populates="criteria")

    __table_args__ = (
        UniqueConstraint("round_id", "key"),
        CheckConstraint("weight > 0 AND weight <= 1000", name="weight_positive"),
        CheckConstraint("min_value >= 0 AND max_value <= 100 AND min_value < max_value", name="scale_valid"),
    )

    def display_name(self, locale: str = "vi") -> str:
        return self.name_en if locale == "en" and self.name_en else self.name

    def display_guidance(self, locale: str = "vi") -> str:
        return self.guidance_en if locale == "en" and self.guidance_en else self.guidance

    @property
    def scale(self) -> range:
        return range(self.min_value, self.max_value + 1)


class JudgeConflict(db.Model):
    """An organisation a judge declares a conflict of interest with (besides their own,
    which is always a conflict and never stored)."""

    __tablename__ = "judge_conflicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    organisation = relationship("Organisation")

    __table_args__ = (UniqueConstraint("edition_id", "judge_id", "organisation_id"),)


class JudgeExpertise(db.Model):
    __tablename__ = "judge_expertise"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("product_categories.id", ondelete="CASCADE"))

    __table_args__ = (UniqueConstraint("edition_id", "judge_id", "category_id"),)


class Assignment(db.Model):
    """A judge assigned to a product in a round, and that judge's score sheet for it.

    Saving scores locks this row (``SELECT ... FOR UPDATE``), so two saves of one sheet (two
    phones, a double tap) run one after the other; the scores' unique constraint is the last
    guard."""

    __tablename__ = "judging_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("judging_rounds.id", ondelete="CASCADE"), index=True)
    # RESTRICT: a judge's scores are never lost silently (accounts are deactivated, not deleted).
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    # Products disappear only with their edition (accepted products are never deleted).
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    origin: Mapped[Origin] = mapped_column(enum_column(Origin), default=Origin.AUTO)
    status: Mapped[SheetStatus] = mapped_column(enum_column(SheetStatus), default=SheetStatus.PENDING)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    round: Mapped[JudgingRound] = relationship()
    judge = relationship("User")
    product = relationship("Product")
    scores: Mapped[list["Score"]] = relationship(back_populates="assignment", cascade="all, delete-orphan",
                                                 passive_deletes=True)

    __table_args__ = (UniqueConstraint("round_id", "judge_id", "product_id"),)

    @property
    def status_label(self) -> str:
        return str(SHEET_LABELS[self.status])


class Score(db.Model):
    """One judge's value for one product on one criterion: unique in the database."""

    __tablename__ = "judging_scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("judging_assignments.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("judging_criteria.id", ondelete="CASCADE"), index=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    value: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    assignment: Mapped[Assignment] = relationship(back_populates="scores")
    criterion: Mapped[Criterion] = relationship()

    __table_args__ = (
        UniqueConstraint("judge_id", "product_id", "criterion_id"),
        CheckConstraint("value >= 0 AND value <= 100", name="value_range"),
    )


class RoundResult(db.Model):
    """The ranking stored when scoring closes: what the jury decides the awards on."""

    __tablename__ = "judging_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("judging_rounds.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("product_categories.id", ondelete="SET NULL"),
                                                    nullable=True)
    rank: Mapped[int] = mapped_column(Integer)            # within the category
    score: Mapped[float] = mapped_column(Float)
    low: Mapped[float] = mapped_column(Float)
    high: Mapped[float] = mapped_column(Float)
    judges: Mapped[int] = mapped_column(Integer)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    line: Mapped[float | None] = mapped_column(Float, nullable=True)   # the category's award line

    product = relationship("Product")

    __table_args__ = (UniqueConstraint("round_id", "product_id"),
                      CheckConstraint("low <= score AND score <= high", name="interval_holds_score"))


class Award(db.Model):
    __tablename__ = "judging_awards"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("judging_rounds.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("product_categories.id", ondelete="CASCADE"),
                                                    nullable=True)
    kind: Mapped[AwardKind] = mapped_column(enum_column(AwardKind))
    prize_name: Mapped[str] = mapped_column(String(200), default="")      # special prizes
    prize_name_en: Mapped[str] = mapped_column(String(200), default="")
    prize_folded: Mapped[str] = mapped_column(String(200), default="")
    citation: Mapped[str] = mapped_column(String(500), default="")         # printed on the certificate
    # Random code: the certificate's file name and verification reference (never an id).
    code: Mapped[str] = mapped_column(String(16), unique=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    product = relationship("Product")
    category = relationship("Category")
    decided_by = relationship("User")

    __table_args__ = (
        CheckConstraint("kind = 'special' OR category_id IS NOT NULL", name="medal_has_category"),
        CheckConstraint("kind != 'special' OR length(prize_name) > 0", name="special_has_name"),
        # One gold, one silver, one bronze per category; one medal per product.
        Index("uq_judging_awards_medal_place", "round_id", "category_id", "kind", unique=True,
              sqlite_where=text("kind != 'special'"), postgresql_where=text("kind != 'special'")),
        Index("uq_judging_awards_medal_product", "round_id", "product_id", unique=True,
              sqlite_where=text("kind != 'special'"), postgresql_where=text("kind != 'special'")),
        Index("uq_judging_awards_special", "round_id", "product_id", "prize_folded", unique=True,
              sqlite_where=text("kind = 'special'"), postgresql_where=text("kind = 'special'")),
    )

    @property
    def label(self) -> str:
        return str(AWARD_LABELS[self.kind])

    def display_prize(self, locale: str = "vi") -> str:
        if self.kind != AwardKind.SPECIAL:
            return self.label
        return self.prize_name_en if locale == "en" and self.prize_name_en else self.prize_name


class AuditEntry(db.Model):
    """Every score change, award decision and round step: who, when, what, from, to."""

    __tablename__ = "judging_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("judging_rounds.id", ondelete="CASCADE"),
                                                 nullable=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction))
    judge_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="SET NULL"), nullable=True)
    criterion_key: Mapped[str] = mapped_column(String(40), default="")
    old_value: Mapped[str] = mapped_column(String(300), default="")
    new_value: Mapped[str] = mapped_column(String(300), default="")
    detail: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    actor = relationship("User", foreign_keys=[actor_id])
    judge = relationship("User", foreign_keys=[judge_id])
    product = relationship("Product")

    __table_args__ = (Index("ix_judging_audit_round_id_id", "round_id", "id"),)

    @property
    def action_label(self) -> str:
        return str(AUDIT_LABELS[self.action])
