"""Aggregate counts of judging that other domains read (reports): one grouped query each, no
rows loaded, nothing written."""
from __future__ import annotations

from typing import Iterable, NamedTuple

from sqlalchemy import distinct, func, select

from techfest.core.db import db

from ..models import Assignment, Award, JudgingRound


class Participation(NamedTuple):
    judges: int           # distinct judges with at least one sheet
    products: int         # distinct products with at least one sheet
    sheets: int           # assignments (one sheet per judge and product)
    submitted: int        # sheets submitted


def participation_counts(edition) -> Participation:
    """Judges, products and score sheets of every round of ``edition``."""
    judges, products, sheets, submitted = db.session.execute(
        select(func.count(distinct(Assignment.judge_id)), func.count(distinct(Assignment.product_id)),
               func.count(Assignment.id), func.count(Assignment.submitted_at))
        .join(JudgingRound, JudgingRound.id == Assignment.round_id)
        .where(JudgingRound.edition_id == edition.id)).one()
    return Participation(int(judges or 0), int(products or 0), int(sheets or 0), int(submitted or 0))


def award_counts_by_kind(edition) -> dict[str, int]:
    """{award kind: awards granted in the rounds of ``edition``}; kinds never granted are absent."""
    return {kind: int(n) for kind, n in db.session.execute(
        select(Award.kind, func.count()).join(JudgingRound, JudgingRound.id == Award.round_id)
        .where(JudgingRound.edition_id == edition.id).group_by(Award.kind)).all()}


def award_counts_by_edition(edition_ids: Iterable[int]) -> dict[int, int]:
    """{edition id: awards granted in its rounds} for the given editions; those without any
    award are absent."""
    return {eid: int(n) for eid, n in db.session.execute(
        select(JudgingRound.edition_id, func.count(Award.id)).join(JudgingRound, JudgingRound.id == Award.round_id)
        .where(JudgingRound.edition_id.in_(list(edition_ids))).group_by(JudgingRound.edition_id)).all()}
