"""Who judges what: the assignment engine (:mod:`..assignment`) run over the round's products and
the edition's judges, the organizers' matrix, and changes by hand under the same rules."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from techfest.core.db import db
from techfest.core.errors import Conflict, InvalidTransition, NotFound, ValidationFailed

from .. import assignment as engine
from .. import workflow
from ..models import Assignment, AuditAction, JudgingRound, Origin
from .common import _, _audit, _lock_round, _round_product, edition_judges, eligible_products, walking_order
from .judges import _conflict_map, _expertise_map, is_conflicted

logger = logging.getLogger(__name__)


# --- the engine's plain data -----------------------------------------------------------------

def _engine_judges(edition, judges) -> list[engine.Judge]:
    conflicts, expertise = _conflict_map(edition), _expertise_map(edition)
    return [engine.Judge(str(j.id), str(j.organisation_id) if j.organisation_id else None,
                         frozenset(str(o) for o in conflicts.get(j.id, ())),
                         frozenset(str(c) for c in expertise.get(j.id, ()))) for j in judges]


def _engine_products(products) -> list[engine.Product]:
    return [engine.Product(str(p.id), str(p.organisation_id),
                           str(p.category_id) if p.category_id else None) for p in products]


# --- assignment ------------------------------------------------------------------------------

def round_assignments(rnd: JudgingRound) -> list[Assignment]:
    return list(db.session.scalars(select(Assignment).where(Assignment.round_id == rnd.id)
                                   .options(joinedload(Assignment.judge)).order_by(Assignment.id)))


@dataclass
class AssignResult:
    added: int
    products: int
    load_range: tuple[int, int]
    balanced: bool


def assign_judges(actor, edition, rnd: JudgingRound, *, seed: int | None = None) -> AssignResult:
    """Give every product of the round at least ``k`` judges with the assignment engine.

    Existing pairs are kept (``existing``), so running it again only assigns late products and
    products that lost a judge. If conflicts make loads within one impossible, the most balanced
    assignment is stored and ``balanced`` is False (the page says so)."""
    rnd = _lock_round(rnd)
    if not workflow.assignment_editable(rnd.status):
        raise InvalidTransition(_("Judges can only be assigned before scoring closes."))
    judges = edition_judges(edition)
    if not judges:
        raise Conflict(_("This edition has no judge yet: give the judge role to people first."))
    products = eligible_products(edition, rnd)
    if not products:
        raise Conflict(_("No accepted or confirmed product is in this round's categories."))
    judge_ids = {j.id for j in judges}
    product_by_id = {p.id: p for p in products}
    judge_by_id = {j.id: j for j in judges}
    conflicts = _conflict_map(edition)
    existing: dict[str, list[str]] = {}
    for a in round_assignments(rnd):
        if a.product_id in product_by_id and a.judge_id in judge_ids:
            if is_conflicted(edition, judge_by_id[a.judge_id], product_by_id[a.product_id], conflicts):
                raise Conflict(_("%(judge)s has a conflict of interest with “%(product)s”: remove that "
                                 "assignment first.", judge=judge_by_id[a.judge_id].name,
                                 product=product_by_id[a.product_id].title))
            existing.setdefault(str(a.product_id), []).append(str(a.judge_id))
    ej, ep = _engine_judges(edition, judges), _engine_products(products)
    seed = rnd.id if seed is None else seed
    balanced = True
    try:
        result = engine.assign(ej, ep, rnd.judges_per_product, existing, seed=seed)
    except engine.InfeasibleAssignment as exc:
        if exc.product is not None or not exc.judges:
            product = product_by_id.get(int(exc.product)) if exc.product else None
            raise Conflict(_("Not enough judges without a conflict of interest for “%(product)s”: add judges "
                             "or lower the number of judges per product.",
                             product=product.title if product else "?")) from None
        result = engine.assign(ej, ep, rnd.judges_per_product, existing, strict_balance=False, seed=seed)
        balanced = False
    if existing:
        balanced = balanced and (result.load_range[1] - result.load_range[0] <= 1)
    before = {(p, j) for p, js in existing.items() for j in js}
    origin = Origin.LATE if before else Origin.AUTO
    added = 0
    for pid, jid in result.pairs():
        if (pid, jid) not in before:
            db.session.add(Assignment(round_id=rnd.id, judge_id=int(jid), product_id=int(pid), origin=origin))
            added += 1
    _audit(edition, rnd, actor, AuditAction.ASSIGNMENT_GENERATED,
           detail=f"{added} pairs added; loads {result.load_range[0]}-{result.load_range[1]}; "
                  f"expert pairs {result.expert_matches}")
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("The assignment changed meanwhile; reload the page and try again.")) from None
    logger.info("judging round %s: %s assignments added by user %s", rnd.id, added, getattr(actor, "id", None))
    return AssignResult(added, len(products), result.load_range, balanced)


@dataclass
class MatrixRow:
    product: Any
    booth: str | None
    cells: dict[int, Assignment]       # judge id -> assignment
    conflicted: set[int]               # judge ids with a conflict
    experts: set[int]                  # judge ids with expertise in the product's category


@dataclass
class Matrix:
    judges: list
    rows: list[MatrixRow]
    loads: dict[int, int]
    problems: list[str]
    k: int
    stale: list[Assignment] = field(default_factory=list)  # pairs of products/judges no longer in the round

    @property
    def complete(self) -> bool:
        return not self.problems


def _problems(judges, products, pairs: set[tuple[int, int]], k: int, conflicts, strict: bool) -> list[str]:
    """Rule violations as sentences naming people and products (translated)."""
    out = []
    by_product: dict[int, set[int]] = {}
    for pid, jid in pairs:
        by_product.setdefault(pid, set()).add(jid)
    judge_by_id = {j.id: j for j in judges}
    for p in products:
        assigned = by_product.get(p.id, set())
        if len(assigned) < k:
            out.append(_("“%(product)s” has %(n)s of %(k)s judges.", product=p.title, n=len(assigned), k=k))
        for jid in sorted(assigned):
            judge = judge_by_id.get(jid)
            if judge is not None and (judge.organisation_id == p.organisation_id
                                      or p.organisation_id in conflicts.get(jid, ())):
                out.append(_("%(judge)s has a conflict of interest with “%(product)s”.", judge=judge.name,
                             product=p.title))
    loads = {j.id: 0 for j in judges}
    product_ids = {p.id for p in products}
    for pid, jid in pairs:
        if jid in loads and pid in product_ids:
            loads[jid] += 1
    if strict and loads and max(loads.values()) - min(loads.values()) > 1:
        out.append(_("Judges' loads range from %(low)s to %(high)s products (they should differ by at most one).",
                     low=min(loads.values()), high=max(loads.values())))
    return out


def assignment_matrix(edition, rnd: JudgingRound) -> Matrix:
    judges = edition_judges(edition)
    products = eligible_products(edition, rnd)
    ordered = walking_order(edition, products)
    conflicts, expertise = _conflict_map(edition), _expertise_map(edition)
    judge_ids = {j.id for j in judges}
    product_ids = {p.id for p in products}
    cells: dict[int, dict[int, Assignment]] = {}
    stale = []
    pairs = set()
    for a in round_assignments(rnd):
        if a.product_id in product_ids and a.judge_id in judge_ids:
            cells.setdefault(a.product_id, {})[a.judge_id] = a
            pairs.add((a.product_id, a.judge_id))
        else:
            stale.append(a)
    rows = []
    for p, booth in ordered:
        conflicted = {j.id for j in judges if j.organisation_id == p.organisation_id
                      or p.organisation_id in conflicts.get(j.id, ())}
        experts = {j.id for j in judges if p.category_id in expertise.get(j.id, ())}
        rows.append(MatrixRow(p, booth, cells.get(p.id, {}), conflicted, experts))
    loads = {j.id: sum(1 for (_p, jid) in pairs if jid == j.id) for j in judges}
    problems = _problems(judges, products, pairs, rnd.judges_per_product, conflicts, strict=True) if pairs else []
    return Matrix(judges, rows, loads, problems, rnd.judges_per_product, stale)


def _check_manual(edition, rnd: JudgingRound, before: set[tuple[int, int]], after: set[tuple[int, int]],
                  force: bool) -> None:
    judges = edition_judges(edition)
    products = eligible_products(edition, rnd)
    conflicts = _conflict_map(edition)
    old = set(_problems(judges, products, before, rnd.judges_per_product, conflicts, strict=True))
    new = [p for p in _problems(judges, products, after, rnd.judges_per_product, conflicts, strict=True)
           if p not in old]
    if new and not force:
        raise Conflict(_("This change breaks the assignment rules: %(problems)s Tick “apply anyway” to keep it.",
                         problems=" ".join(new)), {"force": new})


def _current_pairs(rnd: JudgingRound) -> set[tuple[int, int]]:
    return set(db.session.execute(select(Assignment.product_id, Assignment.judge_id)
                                  .where(Assignment.round_id == rnd.id)).tuples())
def _round_judge(edition, judge_id) -> Any:
    try:
        judge_id = int(judge_id)
    except (TypeError, ValueError):
        raise ValidationFailed(_("Choose a judge."), {"judge_id": [_("Not a valid choice.")]}) from None
    for j in edition_judges(edition):
        if j.id == judge_id:
            return j
    raise ValidationFailed(_("Choose a judge."), {"judge_id": [_("Not a valid choice.")]})


def add_assignment(actor, edition, rnd: JudgingRound, product_id, judge_id, *, force: bool = False) -> Assignment:
    """Assign a judge to a product by hand. A conflict of interest is always refused; a change
    that breaks coverage or balance is refused unless ``force``."""
    rnd = _lock_round(rnd)
    if not workflow.assignment_editable(rnd.status):
        raise InvalidTransition(_("Judges can only be assigned before scoring closes."))
    product = _round_product(edition, rnd, product_id)
    judge = _round_judge(edition, judge_id)
    if is_conflicted(edition, judge, product):
        raise Conflict(_("%(judge)s has a conflict of interest with “%(product)s”.", judge=judge.name,
                         product=product.title), {"judge_id": [_("Conflict of interest.")]})
    before = _current_pairs(rnd)
    if (product.id, judge.id) in before:
        raise Conflict(_("%(judge)s already judges this product.", judge=judge.name),
                       {"judge_id": [_("Already assigned.")]})
    _check_manual(edition, rnd, before, before | {(product.id, judge.id)}, force)
    row = Assignment(round_id=rnd.id, judge_id=judge.id, product_id=product.id, origin=Origin.MANUAL)
    db.session.add(row)
    _audit(edition, rnd, actor, AuditAction.ASSIGNMENT_ADDED, judge_id=judge.id, product_id=product.id,
           detail="forced" if force else "")
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("%(judge)s already judges this product.", judge=judge.name)) from None
    logger.info("judge %s assigned to product %s in round %s by user %s", judge.id, product.id, rnd.id,
                getattr(actor, "id", None))
    return row


def remove_assignment(actor, edition, rnd: JudgingRound, assignment_id, *, force: bool = False,
                      replacement_id=None) -> Assignment | None:
    """Remove a judge from a product, optionally replacing them by another judge (one change,
    checked as a whole). A sheet with scores is removed only with ``force`` (the values are
    logged)."""
    rnd = _lock_round(rnd)
    if not workflow.assignment_editable(rnd.status):
        raise InvalidTransition(_("Judges can only be assigned before scoring closes."))
    row = db.session.scalar(select(Assignment).where(Assignment.id == int(assignment_id),
                                                     Assignment.round_id == rnd.id).with_for_update())
    if row is None:
        raise NotFound(_("Assignment not found."))
    before = _current_pairs(rnd)
    after = before - {(row.product_id, row.judge_id)}
    replacement = None
    if replacement_id not in (None, ""):
        product = _round_product(edition, rnd, row.product_id)
        replacement = _round_judge(edition, replacement_id)
        if is_conflicted(edition, replacement, product):
            raise Conflict(_("%(judge)s has a conflict of interest with “%(product)s”.", judge=replacement.name,
                             product=product.title), {"judge_id": [_("Conflict of interest.")]})
        if (row.product_id, replacement.id) in before:
            raise Conflict(_("%(judge)s already judges this product.", judge=replacement.name),
                           {"judge_id": [_("Already assigned.")]})
        after = after | {(row.product_id, replacement.id)}
    scores = {s.criterion.key: s.value for s in row.scores}
    if (scores or row.comment) and not force:
        raise Conflict(_("This judge has already scored the product: tick “apply anyway” to remove the scores too."),
                       {"force": [_("The judge's scores would be deleted.")]})
    _check_manual(edition, rnd, before, after, force)
    _audit(edition, rnd, actor, AuditAction.ASSIGNMENT_REMOVED, judge_id=row.judge_id, product_id=row.product_id,
           old=", ".join(f"{k}={v}" for k, v in sorted(scores.items())),
           new=f"replaced by {replacement.id}" if replacement else "", detail="forced" if force else "")
    db.session.delete(row)
    new_row = None
    if replacement is not None:
        db.session.flush()
        new_row = Assignment(round_id=rnd.id, judge_id=replacement.id, product_id=row.product_id,
                             origin=Origin.MANUAL)
        db.session.add(new_row)
        _audit(edition, rnd, actor, AuditAction.ASSIGNMENT_ADDED, judge_id=replacement.id,
               product_id=row.product_id, detail="replacement")
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("The assignment changed meanwhile; reload the page and try again.")) from None
    logger.info("assignment %s removed from round %s by user %s", assignment_id, rnd.id, getattr(actor, "id", None))
    return new_row
