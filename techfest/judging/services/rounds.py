"""Rounds and their rubric: create and edit a round, the one function that moves its status
(:mod:`..workflow`), and the criteria judges score against."""
from __future__ import annotations

import logging
from typing import Any, Mapping

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from techfest.core.db import db, utcnow
from techfest.core.errors import Conflict, InvalidTransition, NotFound, ValidationFailed
from techfest.core.search import fold

from .. import workflow
from ..models import AuditAction, Award, Criterion, JudgingRound, Method, RoundCategory, RoundResult
from ..workflow import RoundStatus
from .common import _, _audit, categories_of

logger = logging.getLogger(__name__)


# The rubric of the issue: innovation 30 %, feasibility 25 %, impact 25 %, presentation 20 %.
DEFAULT_RUBRIC = [
    ("innovation", "Tính đổi mới sáng tạo", "Innovation", 30,
     "Sản phẩm mới đến đâu so với những gì đang có trên thị trường Việt Nam và thế giới? "
     "1–3: đã phổ biến; 4–7: cải tiến rõ rệt; 8–10: giải pháp mới, có thể bảo hộ sở hữu trí tuệ.",
     "How new is the product compared with what exists in Vietnam and abroad? "
     "1–3: common; 4–7: a clear improvement; 8–10: a new solution, possibly patentable."),
    ("feasibility", "Tính khả thi", "Feasibility", 25,
     "Mức độ hoàn thiện về kỹ thuật, chi phí, khả năng sản xuất và đưa ra thị trường. "
     "Hỏi nhóm về thử nghiệm thực tế và giá thành.",
     "Technical maturity, cost, ability to produce and sell. Ask the team about field tests and unit cost."),
    ("impact", "Hiệu quả và tác động", "Impact", 25,
     "Lợi ích kinh tế – xã hội – môi trường cho Hải Phòng và cả nước; quy mô người hưởng lợi.",
     "Economic, social and environmental benefit for Hải Phòng and the country; how many people benefit."),
    ("presentation", "Trình bày và trưng bày", "Presentation", 20,
     "Gian hàng, bản demo và phần trả lời câu hỏi của nhóm có rõ ràng, thuyết phục không?",
     "Is the booth, the demo and the team's answers clear and convincing?"),
]

# --- rounds ----------------------------------------------------------------------------------

def rounds_for(edition) -> list[JudgingRound]:
    return list(db.session.scalars(select(JudgingRound).where(JudgingRound.edition_id == edition.id)
                                   .order_by(JudgingRound.created_at, JudgingRound.id)))


def get_round(edition, slug: str) -> JudgingRound:
    rnd = db.session.scalar(select(JudgingRound).where(JudgingRound.edition_id == edition.id,
                                                       JudgingRound.slug == (slug or "")[:64])
                            .options(selectinload(JudgingRound.criteria), selectinload(JudgingRound.categories)))
    if rnd is None:
        raise NotFound(_("Judging round not found."))
    return rnd


def _int(data: Mapping, key: str, lo: int, hi: int, errors: dict, default=None):
    raw = data.get(key, default)
    if raw is None or raw == "":
        errors.setdefault(key, []).append(_("This field is required."))
        return None
    try:
        if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
            raise ValueError
        value = int(raw)
    except (TypeError, ValueError):
        errors.setdefault(key, []).append(_("Enter a whole number."))
        return None
    if not lo <= value <= hi:
        errors.setdefault(key, []).append(_("Between %(min)s and %(max)s.", min=lo, max=hi))
        return None
    return value


def _text(data: Mapping, key: str, limit: int, errors: dict, required: bool = False) -> str:
    value = data.get(key)
    value = "" if value is None else str(value).strip()
    if required and not value:
        errors.setdefault(key, []).append(_("This field is required."))
    elif len(value) > limit:
        errors.setdefault(key, []).append(_("At most %(max)s characters.", max=limit))
    return value


def _clean_round(edition, data: Mapping, rnd: JudgingRound | None) -> dict:
    from techfest.editions.services import SLUG_RE, slugify

    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    if "name" in data or rnd is None:
        clean["name"] = _text(data, "name", 200, errors, required=True)
    if "name_en" in data:
        clean["name_en"] = _text(data, "name_en", 200, errors)
    if "description" in data:
        clean["description"] = _text(data, "description", 5000, errors)
    if "slug" in data or rnd is None:
        slug = (str(data.get("slug") or "")).strip().lower() or slugify(clean.get("name") or "")
        if not slug or len(slug) > 64 or not SLUG_RE.match(slug):
            errors.setdefault("slug", []).append(_("Lowercase letters, digits and hyphens only."))
        clean["slug"] = slug
    if "method" in data:
        if data["method"] not in Method.__members__.values():
            errors.setdefault("method", []).append(_("Not a valid choice."))
        else:
            clean["method"] = Method(data["method"])
    if "judges_per_product" in data:
        clean["judges_per_product"] = _int(data, "judges_per_product", 1, 20, errors)
    if "podium" in data:
        clean["podium"] = _int(data, "podium", 1, 3, errors)
    if "category_ids" in data:
        known = {c.id for c in categories_of(edition)}
        try:
            ids = {int(i) for i in (data["category_ids"] or [])}
        except (TypeError, ValueError):
            ids = {-1}
        if not ids <= known:
            errors.setdefault("category_ids", []).append(_("Not a valid choice."))
        clean["category_ids"] = ids
    if errors:
        raise ValidationFailed(_("Please correct the highlighted fields."), errors)
    if "slug" in clean:
        clash = db.session.scalar(select(JudgingRound.id).where(
            JudgingRound.edition_id == edition.id, JudgingRound.slug == clean["slug"],
            JudgingRound.id != (rnd.id if rnd else -1)))
        if clash is not None:
            if rnd is None and not data.get("slug"):
                base, n = clean["slug"][:58], 2
                while db.session.scalar(select(JudgingRound.id).where(
                        JudgingRound.edition_id == edition.id, JudgingRound.slug == f"{base}-{n}")) is not None:
                    n += 1
                clean["slug"] = f"{base}-{n}"
            else:
                raise Conflict(_("Another round of this edition uses this short name."),
                               {"slug": [_("Another round of this edition uses this short name.")]})
    return clean


def _set_categories(rnd: JudgingRound, ids: set[int]) -> None:
    current = {rc.category_id: rc for rc in rnd.categories}
    for cid, rc in current.items():
        if cid not in ids:
            rnd.categories.remove(rc)
    for cid in sorted(ids - set(current)):
        rnd.categories.append(RoundCategory(category_id=cid))


def create_round(actor, edition, data: Mapping, *, default_rubric: bool = True) -> JudgingRound:
    """A new round in draft, over the chosen categories, with the standard rubric if asked."""
    clean = _clean_round(edition, data, None)
    ids = clean.pop("category_ids", None)
    rnd = JudgingRound(edition_id=edition.id, name_folded=fold(clean["name"]), status=RoundStatus.DRAFT,
                       **{"method": Method.NORMALIZED, "judges_per_product": 3, "podium": 3, **clean})
    db.session.add(rnd)
    if ids:
        _set_categories(rnd, ids)
    if default_rubric:
        for pos, (key, name, name_en, weight, guidance, guidance_en) in enumerate(DEFAULT_RUBRIC):
            rnd.criteria.append(Criterion(key=key, name=name, name_en=name_en, weight=weight, min_value=1,
                                          max_value=10, guidance=guidance, guidance_en=guidance_en,
                                          position=pos * 10))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("Another round of this edition uses this short name."),
                       {"slug": [_("Another round of this edition uses this short name.")]}) from None
    _audit(edition, rnd, actor, AuditAction.ROUND_CREATED, new=rnd.name)
    db.session.commit()
    logger.info("judging round %s created in edition %s by user %s", rnd.id, edition.id, getattr(actor, "id", None))
    return rnd


RUBRIC_FIELDS = ("category_ids", "judges_per_product")
RANKING_FIELDS = ("method", "podium")


def update_round(actor, edition, rnd: JudgingRound, data: Mapping) -> JudgingRound:
    """Names and description at any time; categories and judges per product in draft only;
    method and podium until scoring closes (the stored ranking depends on them)."""
    if rnd.edition_id != edition.id:
        raise NotFound(_("Judging round not found."))
    data = dict(data)
    locked = []
    if not workflow.rubric_editable(rnd.status):
        for key in RUBRIC_FIELDS:
            if key in data:
                current = rnd.category_ids if key == "category_ids" else getattr(rnd, key)
                proposed = data[key]
                if key == "category_ids":
                    try:
                        proposed = {int(i) for i in proposed or []}
                    except (TypeError, ValueError):
                        proposed = None
                elif proposed not in (None, ""):
                    try:
                        proposed = int(proposed)
                    except (TypeError, ValueError):
                        proposed = None
                if proposed != current:
                    locked.append(key)
                data.pop(key)
    if rnd.status in (RoundStatus.CLOSED, RoundStatus.PUBLISHED):
        for key in RANKING_FIELDS:
            if key in data:
                if str(data[key]) != str(getattr(rnd, key)):
                    locked.append(key)
                data.pop(key)
    if locked:
        raise InvalidTransition(_("These settings cannot change at this stage of the round."),
                                {k: [_("Cannot change at this stage of the round.")] for k in locked})
    clean = _clean_round(edition, data, rnd)
    ids = clean.pop("category_ids", None)
    changes = []
    for key, value in clean.items():
        if getattr(rnd, key) != value:
            changes.append(key)
            setattr(rnd, key, value)
    if ids is not None and ids != rnd.category_ids:
        changes.append("category_ids")
        _set_categories(rnd, ids)
    if "name" in clean:
        rnd.name_folded = fold(rnd.name)
    if changes:
        _audit(edition, rnd, actor, AuditAction.ROUND_UPDATED, detail=", ".join(changes))
    db.session.commit()
    logger.info("judging round %s updated by user %s (%s)", rnd.id, getattr(actor, "id", None), ",".join(changes))
    return rnd

def transition_round(actor, edition, rnd: JudgingRound, target: str) -> JudgingRound:
    """The only code that assigns a round's status (see :mod:`.workflow`)."""
    if rnd.edition_id != edition.id:
        raise NotFound(_("Judging round not found."))
    try:
        new_status = workflow.check_transition(rnd.status, target)
    except workflow.TransitionRefused:
        allowed = ", ".join(workflow.allowed_targets(rnd.status)) or "-"
        raise InvalidTransition(_("This step is not allowed from the current status."),
                                {"to": [_("Allowed: %(targets)s", targets=allowed)]}) from None
    old = rnd.status
    if new_status == RoundStatus.SCORING and old == RoundStatus.DRAFT:
        if not rnd.criteria:
            raise InvalidTransition(_("Add at least one criterion to the rubric before opening scoring."))
    if old == RoundStatus.CLOSED and new_status == RoundStatus.SCORING:
        if db.session.scalar(select(func.count()).select_from(Award).where(Award.round_id == rnd.id)):
            raise InvalidTransition(_("Awards have been decided: revoke them before reopening scoring."))
    if new_status == RoundStatus.PUBLISHED:
        if not db.session.scalar(select(func.count()).select_from(Award).where(Award.round_id == rnd.id)):
            raise InvalidTransition(_("Decide at least one award before publishing the results."))
    # Conditional update: two organizers (or an organizer and a judge saving scores, who holds
    # a share lock on the row) cannot both act on a stale status.
    values: dict[str, Any] = {"status": new_status, "updated_at": utcnow()}
    now = utcnow()
    if new_status == RoundStatus.SCORING and old == RoundStatus.DRAFT:
        values["scoring_opened_at"] = now
    if new_status == RoundStatus.CLOSED and old == RoundStatus.SCORING:
        values["closed_at"] = now
    if new_status == RoundStatus.PUBLISHED:
        values["published_at"] = now
    if old == RoundStatus.PUBLISHED:
        values["published_at"] = None
    result = db.session.execute(update(JudgingRound).where(JudgingRound.id == rnd.id, JudgingRound.status == old)
                                .values(**values).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        raise InvalidTransition(_("The round changed meanwhile; reload the page and try again."))
    db.session.expire(rnd)
    if new_status == RoundStatus.CLOSED and old == RoundStatus.SCORING:
        from ..results import store_results

        store_results(edition, rnd)
    if old == RoundStatus.CLOSED and new_status == RoundStatus.SCORING:
        db.session.execute(delete(RoundResult).where(RoundResult.round_id == rnd.id))
        rnd.ranking_note = ""
    _audit(edition, rnd, actor, AuditAction.ROUND_TRANSITION, old=str(old), new=str(new_status))
    db.session.commit()
    logger.info("judging round %s moved from %s to %s by user %s", rnd.id, old, new_status, getattr(actor, "id", None))
    return rnd


# --- rubric ----------------------------------------------------------------------------------

def _clean_criterion(rnd: JudgingRound, data: Mapping, criterion: Criterion | None) -> dict:
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {
        "name": _text(data, "name", 120, errors, required=True),
        "name_en": _text(data, "name_en", 120, errors),
        "guidance": _text(data, "guidance", 5000, errors),
        "guidance_en": _text(data, "guidance_en", 5000, errors),
        "weight": _int(data, "weight", 1, 1000, errors),
        "min_value": _int(data, "min_value", 0, 99, errors, default=1),
        "max_value": _int(data, "max_value", 1, 100, errors, default=10),
    }
    if data.get("position") not in (None, ""):
        clean["position"] = _int(data, "position", 0, 10000, errors)
    if clean["min_value"] is not None and clean["max_value"] is not None and clean["min_value"] >= clean["max_value"]:
        errors.setdefault("max_value", []).append(_("The maximum must be above the minimum."))
    key = str(data.get("key") or "").strip().lower() or (criterion.key if criterion else "")
    if not key:
        key = "-".join(fold(clean["name"]).split())[:40].strip("-") or "criterion"
        base, n = key[:36], 2
        taken = {c.key for c in rnd.criteria}
        while key in taken:
            key, n = f"{base}-{n}", n + 1
    elif not all(ch.isalnum() or ch in "-_" for ch in key) or len(key) > 40 or not key.isascii():
        errors.setdefault("key", []).append(_("Lowercase letters, digits and hyphens only."))
    clean["key"] = key
    if errors:
        raise ValidationFailed(_("Please correct the highlighted fields."), errors)
    if any(c.key == key and c is not criterion for c in rnd.criteria):
        raise Conflict(_("Another criterion of this round uses this key."),
                       {"key": [_("Another criterion of this round uses this key.")]})
    return clean


def _rubric_check(rnd: JudgingRound) -> None:
    if not workflow.rubric_editable(rnd.status):
        raise InvalidTransition(_("The rubric can only change while the round is a draft."))


def add_criterion(actor, edition, rnd: JudgingRound, data: Mapping) -> Criterion:
    _rubric_check(rnd)
    clean = _clean_criterion(rnd, data, None)
    if "position" not in clean:
        clean["position"] = max((c.position for c in rnd.criteria), default=0) + 10
    criterion = Criterion(**clean)
    rnd.criteria.append(criterion)
    _audit(edition, rnd, actor, AuditAction.RUBRIC_CHANGED, criterion_key=criterion.key,
           new=f"{criterion.name} ({criterion.weight}; {criterion.min_value}–{criterion.max_value})")
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("Another criterion of this round uses this key."),
                       {"key": [_("Another criterion of this round uses this key.")]}) from None
    logger.info("criterion %s added to judging round %s by user %s", criterion.id, rnd.id, getattr(actor, "id", None))
    return criterion


def get_criterion(rnd: JudgingRound, criterion_id: int) -> Criterion:
    for c in rnd.criteria:
        if c.id == criterion_id:
            return c
    raise NotFound(_("Criterion not found."))


def update_criterion(actor, edition, rnd: JudgingRound, criterion: Criterion, data: Mapping) -> Criterion:
    _rubric_check(rnd)
    clean = _clean_criterion(rnd, data, criterion)
    old = f"{criterion.name} ({criterion.weight}; {criterion.min_value}–{criterion.max_value})"
    for key, value in clean.items():
        setattr(criterion, key, value)
    _audit(edition, rnd, actor, AuditAction.RUBRIC_CHANGED, criterion_key=criterion.key, old=old,
           new=f"{criterion.name} ({criterion.weight}; {criterion.min_value}–{criterion.max_value})")
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("Another criterion of this round uses this key."),
                       {"key": [_("Another criterion of this round uses this key.")]}) from None
    return criterion


def delete_criterion(actor, edition, rnd: JudgingRound, criterion: Criterion) -> None:
    _rubric_check(rnd)
    _audit(edition, rnd, actor, AuditAction.RUBRIC_CHANGED, criterion_key=criterion.key, old=criterion.name,
           detail="deleted")
    rnd.criteria.remove(criterion)
    db.session.commit()
    logger.info("criterion %s deleted from judging round %s by user %s", criterion.key, rnd.id,
                getattr(actor, "id", None))
