"""Judges: their declared conflicts of interest and fields of expertise in an edition, the
conflict test every assignment and score sheet applies, and the scores a judge gave (their
personal data, for the privacy export)."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable, Mapping

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from techfest.core.db import db
from techfest.core.errors import Conflict, NotFound, ValidationFailed

from ..models import Assignment, AuditAction, Criterion, JudgeConflict, JudgeExpertise, JudgingRound, Score
from .common import _, _audit, categories_of, is_judge

logger = logging.getLogger(__name__)


# --- judges: conflicts of interest and expertise --------------------------------------------

@dataclass
class JudgeProfile:
    judge: Any
    own_organisation: Any
    conflicts: list[JudgeConflict]
    expertise: set[int]


def judge_profile(edition, judge) -> JudgeProfile:
    conflicts = list(db.session.scalars(select(JudgeConflict).where(
        JudgeConflict.edition_id == edition.id, JudgeConflict.judge_id == judge.id)
        .options(joinedload(JudgeConflict.organisation))))
    expertise = set(db.session.scalars(select(JudgeExpertise.category_id).where(
        JudgeExpertise.edition_id == edition.id, JudgeExpertise.judge_id == judge.id)))
    return JudgeProfile(judge, judge.organisation, conflicts, expertise)


def conflict_organisations(edition) -> list:
    """Organisations a judge may declare a conflict with: those exhibiting products."""
    from techfest.submissions import services as submissions

    orgs = {p.organisation.id: p.organisation for p in submissions.accepted_products(edition)}
    return sorted(orgs.values(), key=lambda o: (o.name_folded, o.id))


def set_judge_profile(actor, edition, judge, *, conflict_ids: Iterable[int], expertise_ids: Iterable[int],
                      reason: str = "") -> JudgeProfile:
    """Replace a judge's declared conflicts and expertise in ``edition`` (the judge themselves or
    an organizer). Their own organisation is always a conflict and is not stored."""
    if not is_judge(judge, edition):
        raise NotFound(_("This person is not a judge of this edition."))
    errors: dict[str, list[str]] = {}
    try:
        conflict_ids = {int(i) for i in conflict_ids}
        expertise_ids = {int(i) for i in expertise_ids}
    except (TypeError, ValueError):
        raise ValidationFailed(_("Not a valid choice."), {"conflicts": [_("Not a valid choice.")]}) from None
    known_orgs = {o.id for o in conflict_organisations(edition)}
    known_orgs |= {c.organisation_id for c in judge_profile(edition, judge).conflicts}
    if not conflict_ids <= known_orgs:
        errors["conflicts"] = [_("Not a valid choice.")]
    if not expertise_ids <= {c.id for c in categories_of(edition)}:
        errors["expertise"] = [_("Not a valid choice.")]
    if len(reason or "") > 300:
        errors["reason"] = [_("At most %(max)s characters.", max=300)]
    if errors:
        raise ValidationFailed(_("Please correct the highlighted fields."), errors)
    conflict_ids.discard(judge.organisation_id)
    profile = judge_profile(edition, judge)
    current = {c.organisation_id: c for c in profile.conflicts}
    for org_id, row in current.items():
        if org_id not in conflict_ids:
            _audit(edition, None, actor, AuditAction.CONFLICT_REMOVED, judge_id=judge.id,
                   old=row.organisation.name if row.organisation else org_id)
            db.session.delete(row)
    names = {o.id: o.name for o in conflict_organisations(edition)}
    for org_id in sorted(conflict_ids - set(current)):
        db.session.add(JudgeConflict(edition_id=edition.id, judge_id=judge.id, organisation_id=org_id,
                                     reason=(reason or "").strip()))
        _audit(edition, None, actor, AuditAction.CONFLICT_DECLARED, judge_id=judge.id,
               new=names.get(org_id, org_id), detail=(reason or "").strip())
    db.session.execute(delete(JudgeExpertise).where(JudgeExpertise.edition_id == edition.id,
                                                    JudgeExpertise.judge_id == judge.id,
                                                    JudgeExpertise.category_id.not_in(expertise_ids or {-1})))
    for cid in sorted(expertise_ids - profile.expertise):
        db.session.add(JudgeExpertise(edition_id=edition.id, judge_id=judge.id, category_id=cid))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("Your profile changed meanwhile; reload the page and try again.")) from None
    logger.info("judge %s profile in edition %s set by user %s", judge.id, edition.id, getattr(actor, "id", None))
    return judge_profile(edition, judge)


def _conflict_map(edition) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for judge_id, org_id in db.session.execute(select(JudgeConflict.judge_id, JudgeConflict.organisation_id)
                                               .where(JudgeConflict.edition_id == edition.id)):
        out.setdefault(judge_id, set()).add(org_id)
    return out


def _expertise_map(edition) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for judge_id, cat_id in db.session.execute(select(JudgeExpertise.judge_id, JudgeExpertise.category_id)
                                               .where(JudgeExpertise.edition_id == edition.id)):
        out.setdefault(judge_id, set()).add(cat_id)
    return out


def is_conflicted(edition, judge, product, conflicts: Mapping[int, set[int]] | None = None) -> bool:
    if judge.organisation_id is not None and judge.organisation_id == product.organisation_id:
        return True
    conflicts = _conflict_map(edition) if conflicts is None else conflicts
    return product.organisation_id in conflicts.get(judge.id, set())

# --- personal data (privacy.services orchestrates the export) --------------------------------
# Scores are not anonymised: their judge_id stays (NOT NULL, ON DELETE RESTRICT) and the judge's
# account is anonymised instead (accounts.services.anonymise_user), so results stay as they were.

@dataclass(frozen=True)
class JudgeScore:
    edition: str          # slug
    round: str            # slug
    product_id: int
    criterion: str        # key
    value: int
    comment: str          # the judge's comment on the product's sheet
    updated_at: datetime


def scores_of_judge(judge) -> list[JudgeScore]:
    """Every score ``judge`` gave, in every edition, oldest first."""
    rows = db.session.execute(
        select(Score, Criterion.key, JudgingRound, Assignment.comment)
        .join(Criterion, Criterion.id == Score.criterion_id).join(Assignment, Assignment.id == Score.assignment_id)
        .join(JudgingRound, JudgingRound.id == Assignment.round_id)
        .options(joinedload(JudgingRound.edition))
        .where(Score.judge_id == judge.id).order_by(Score.id))
    return [JudgeScore(edition=rnd.edition.slug, round=rnd.slug, product_id=s.product_id, criterion=key,
                       value=s.value, comment=comment, updated_at=s.updated_at) for s, key, rnd, comment in rows]
