"""Scoring by the judges (phone first): their products in walking order, one sheet per
product, drafts and submission, edits until the round closes (every change logged).

A judge only ever reaches their own assignments: every query here filters on the judge, and a
product not assigned to them is a NotFound (its existence is not revealed).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Mapping

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from techfest.core.db import db, utcnow
from techfest.core.errors import Conflict, InvalidTransition, NotFound, ValidationFailed

from . import workflow
from .models import Assignment, AuditAction, Criterion, JudgingRound, Score, SheetStatus
from .services.common import _, _audit, _lock_round, products_by_ids, walking_order
from .services.judges import is_conflicted
from .workflow import RoundStatus

logger = logging.getLogger(__name__)


# --- scoring (judges) ------------------------------------------------------------------------

@dataclass
class SheetRow:
    assignment: Assignment
    product: Any
    booth: str | None
    scored: int          # criteria with a value


def judge_rounds(actor, edition) -> list[tuple[JudgingRound, int, int]]:
    """Rounds ``actor`` judges that are open to judges: (round, products, submitted sheets)."""
    rows = db.session.execute(
        select(JudgingRound, func.count(Assignment.id),
               func.sum(case((Assignment.status == SheetStatus.SUBMITTED, 1), else_=0)))
        .join(Assignment, Assignment.round_id == JudgingRound.id)
        .where(JudgingRound.edition_id == edition.id, Assignment.judge_id == actor.id,
               JudgingRound.status != RoundStatus.DRAFT)
        .group_by(JudgingRound.id).order_by(JudgingRound.created_at, JudgingRound.id)).all()
    return [(r, n, int(done or 0)) for r, n, done in rows]


def _judge_round(edition, rnd: JudgingRound) -> None:
    if rnd.edition_id != edition.id or not workflow.judges_see_round(rnd.status):
        raise NotFound(_("Judging round not found."))


def judge_sheets(actor, edition, rnd: JudgingRound) -> list[SheetRow]:
    """``actor``'s products in the round, in walking order (only theirs: never another's)."""
    _judge_round(edition, rnd)
    rows = list(db.session.scalars(select(Assignment).where(Assignment.round_id == rnd.id,
                                                            Assignment.judge_id == actor.id)
                                   .options(selectinload(Assignment.scores))))
    products = products_by_ids(a.product_id for a in rows)
    by_product = {a.product_id: a for a in rows}
    ordered = walking_order(edition, [products[a.product_id] for a in rows if a.product_id in products])
    return [SheetRow(by_product[p.id], p, booth, len(by_product[p.id].scores)) for p, booth in ordered]


@dataclass
class SheetView:
    round: JudgingRound
    assignment: Assignment
    product: Any
    booth: str | None
    criteria: list[Criterion]
    values: dict[str, int]           # criterion key -> value
    position: int                    # 1-based place in the walking order
    total: int
    previous_id: int | None
    next_id: int | None
    next_unscored_id: int | None
    editable: bool


def judge_sheet(actor, edition, rnd: JudgingRound, product_id: int) -> SheetView:
    """``actor``'s sheet for one product; NotFound for a product not assigned to them."""
    rows = judge_sheets(actor, edition, rnd)
    for i, row in enumerate(rows):
        if row.product.id == product_id:
            break
    else:
        raise NotFound(_("Product not found."))
    values = {s.criterion.key: s.value for s in row.assignment.scores}
    later = rows[i + 1:] + rows[:i]
    next_unscored = next((r.product.id for r in later if r.assignment.status != SheetStatus.SUBMITTED), None)
    return SheetView(rnd, row.assignment, row.product, row.booth, list(rnd.criteria), values, i + 1, len(rows),
                     rows[i - 1].product.id if i > 0 else None,
                     rows[i + 1].product.id if i + 1 < len(rows) else None, next_unscored,
                     workflow.scoring_open(rnd.status))


def _parse_value(raw, criterion: Criterion) -> tuple[int | None, str | None]:
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return None, None
    try:
        if isinstance(raw, bool):
            raise ValueError
        if isinstance(raw, float):
            if not raw.is_integer():
                raise ValueError
            raw = int(raw)
        value = int(str(raw).strip()) if not isinstance(raw, int) else raw
    except (TypeError, ValueError):
        return None, _("Enter a whole number.")
    if not criterion.min_value <= value <= criterion.max_value:
        return None, _("Between %(min)s and %(max)s.", min=criterion.min_value, max=criterion.max_value)
    return value, None


def save_sheet(actor, edition, rnd: JudgingRound, product_id: int, values: Mapping[str, Any],
               comment: str | None = None, *, submit: bool = False) -> Assignment:
    """Save ``actor``'s scores for a product: ``values`` maps every criterion key to a value
    (blank/None = not scored yet). Drafts may be incomplete; submitting needs every criterion,
    and a submitted sheet stays complete. Edits are allowed until the round closes; every
    change is logged. Raises NotFound for a product not assigned to ``actor``."""
    if rnd.edition_id != edition.id:
        raise NotFound(_("Judging round not found."))
    rnd = _lock_round(rnd, share=True)       # closing waits for us, and we see its result
    if not workflow.judges_see_round(rnd.status):
        raise NotFound(_("Judging round not found."))
    sheet = db.session.scalar(select(Assignment).where(
        Assignment.round_id == rnd.id, Assignment.judge_id == actor.id, Assignment.product_id == product_id)
        .with_for_update().execution_options(populate_existing=True))
    if sheet is None:
        raise NotFound(_("Product not found."))
    if not workflow.scoring_open(rnd.status):
        raise InvalidTransition(_("Scoring is closed for this round: scores can no longer change."))
    product = products_by_ids([product_id]).get(product_id)
    if product is not None and is_conflicted(edition, actor, product):
        raise Conflict(_("You declared a conflict of interest with this organisation: you cannot score this "
                         "product. The organizers will assign another judge."))
    criteria = {c.key: c for c in rnd.criteria}
    values = dict(values or {})
    errors: dict[str, list[str]] = {}
    for key in values:
        if key not in criteria:
            errors.setdefault(str(key)[:60], []).append(_("Unknown criterion."))
    parsed: dict[str, int | None] = {}
    for key, criterion in criteria.items():
        value, error = _parse_value(values.get(key), criterion)
        if error:
            errors.setdefault(key, []).append(error)
        parsed[key] = value
    completing = submit or sheet.status == SheetStatus.SUBMITTED
    if completing:
        for key, value in parsed.items():
            if value is None and key not in errors:
                errors.setdefault(key, []).append(_("Score every criterion before submitting."))
    if comment is not None and len(comment) > 5000:
        errors.setdefault("comment", []).append(_("At most %(max)s characters.", max=5000))
    if errors:
        raise ValidationFailed(_("Please correct the highlighted scores."), errors)
    after_submit = sheet.status == SheetStatus.SUBMITTED
    detail = "after submission" if after_submit else ""
    now = utcnow()
    existing = {s.criterion_id: s for s in db.session.scalars(select(Score).where(Score.assignment_id == sheet.id))}
    changed = False
    for key, criterion in criteria.items():
        value = parsed[key]
        row = existing.get(criterion.id)
        if row is not None and value is None:
            _audit(edition, rnd, actor, AuditAction.SCORE_CLEARED, judge_id=actor.id, product_id=product_id,
                   criterion_key=key, old=row.value, detail=detail)
            db.session.delete(row)
            changed = True
        elif row is not None and row.value != value:
            _audit(edition, rnd, actor, AuditAction.SCORE_SET, judge_id=actor.id, product_id=product_id,
                   criterion_key=key, old=row.value, new=value, detail=detail)
            row.value, row.updated_at = value, now
            changed = True
        elif row is None and value is not None:
            _audit(edition, rnd, actor, AuditAction.SCORE_SET, judge_id=actor.id, product_id=product_id,
                   criterion_key=key, new=value, detail=detail)
            db.session.add(Score(assignment_id=sheet.id, criterion_id=criterion.id, judge_id=actor.id,
                                 product_id=product_id, value=value, updated_at=now))
            changed = True
    if comment is not None:
        comment = comment.strip()
        if comment != (sheet.comment or ""):
            _audit(edition, rnd, actor, AuditAction.COMMENT_CHANGED, judge_id=actor.id, product_id=product_id,
                   old=sheet.comment, new=comment, detail=detail)
            sheet.comment = comment
            changed = True
    if submit and sheet.status != SheetStatus.SUBMITTED:
        sheet.status, sheet.submitted_at = SheetStatus.SUBMITTED, now
        _audit(edition, rnd, actor, AuditAction.SHEET_SUBMITTED, judge_id=actor.id, product_id=product_id,
               new=", ".join(f"{k}={v}" for k, v in parsed.items()))
        changed = True
    elif sheet.status == SheetStatus.PENDING and changed:
        sheet.status = SheetStatus.DRAFT
    if changed:
        sheet.updated_at = now
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("Your scores changed meanwhile (another device?); reload the page and try again.")) from None
    logger.info("judge %s saved sheet %s (product %s, round %s, %s)", actor.id, sheet.id, product_id, rnd.id,
                sheet.status)
    return sheet
