"""Judging use-cases. Each public function that writes is one transaction; the actor and the
edition are explicit; nothing here reads the request.

The pure modules do the thinking: :mod:`.assignment` (who judges what), :mod:`.ranking`
(scores to a defensible ranking with intervals), :mod:`.standings` (per category, award line,
walking order) and :mod:`.workflow` (round statuses). This module loads rows, converts them to
their dataclasses, calls them and stores or shows the result.

What judging reads from other domains goes through a few adapters:

* products, categories: ``techfest.submissions.services`` (``accepted_products``,
  ``categories_for``, ``products_by_ids``) — see :func:`eligible_products`;
* judges: ``techfest.accounts.services.edition_members`` — see :func:`edition_judges`;
* booth codes: ``techfest.booths.services.booth_codes_for_products`` when the booths domain is
  part of the app, else the code the booth allocation stored on the product — see
  :func:`booth_codes`.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable, Mapping

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from techfest.core.auth import Role
from techfest.core.db import db, utcnow
from techfest.core.errors import Conflict, InvalidTransition, NotFound, ValidationFailed
from techfest.core.search import fold

from . import assignment as engine
from . import standings, workflow
from .models import (Assignment, AuditAction, AuditEntry, Award, Criterion, JudgeConflict, JudgeExpertise,
                     JudgingRound, Method, Origin, RoundCategory, RoundResult, Score)
from .workflow import RoundStatus

logger = logging.getLogger(__name__)


def _(text: str, **variables) -> str:
    """gettext that also works outside a request (CLI, demo, tests): untranslated there."""
    from flask import has_request_context
    from flask_babel import gettext

    if has_request_context():
        return gettext(text, **variables)
    return text % variables if variables else text


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


# --- adapters to other domains ---------------------------------------------------------------

def _domain_services(name: str):
    """Another domain's services module if that domain is part of the app (its tables exist)."""
    from importlib import import_module

    from techfest import DOMAINS

    if name not in DOMAINS:
        return None
    try:
        return import_module(f"techfest.{name}.services")
    except ImportError:
        return None


def categories_of(edition) -> list:
    from techfest.submissions import services as submissions

    return submissions.categories_for(edition)


def eligible_products(edition, rnd: JudgingRound) -> list:
    """Accepted and confirmed products of ``edition`` in the round's categories (all
    categories when the round names none), organisation and category loaded."""
    from techfest.submissions import services as submissions

    cats = rnd.category_ids
    return [p for p in submissions.accepted_products(edition) if not cats or p.category_id in cats]


def products_by_ids(ids: Iterable[int]) -> dict:
    from techfest.submissions import services as submissions

    return submissions.products_by_ids(ids)


def edition_judges(edition) -> list:
    """Active accounts holding the judge role in ``edition``, by name."""
    from techfest.accounts import services as accounts

    judges = {u.id: u for u, role in accounts.edition_members(edition) if role == Role.JUDGE and u.active}
    return sorted(judges.values(), key=lambda u: (u.name_folded, u.id))


def is_judge(user, edition) -> bool:
    from techfest.accounts import services as accounts

    return user is not None and getattr(user, "is_authenticated", False) and \
        Role.JUDGE in accounts.roles_for_user(user, edition)


def booth_codes(edition, products: Iterable) -> dict[int, str]:
    """Booth codes of ``products`` (walking order): from the booths domain when it is part of
    the app, else the code stored on the product by the booth allocation."""
    products = list(products)
    codes: dict[int, str] = {}
    booths = _domain_services("booths")
    finder = getattr(booths, "booth_codes_for_products", None) if booths else None
    if finder is not None and products:
        try:
            with db.session.begin_nested():
                codes = {int(k): v for k, v in finder(edition, [p.id for p in products]).items() if v}
        except Exception:  # noqa: BLE001 - a booths problem must not stop the judges
            logger.exception("booth codes of edition %s could not be read", edition.id)
            codes = {}
    for p in products:
        if p.id not in codes and getattr(p, "booth_code", None):
            codes[p.id] = p.booth_code
    return codes


def walking_order(edition, products: Iterable) -> list[tuple[Any, str | None]]:
    """(product, booth code) in the order a judge walks the hall."""
    products = list(products)
    codes = booth_codes(edition, products)
    return sorted(((p, codes.get(p.id)) for p in products), key=lambda pc: standings.walking_key(
        pc[1], pc[0].category.position if pc[0].category else None, pc[0].title_folded, pc[0].id))


# --- audit -----------------------------------------------------------------------------------

def _audit(edition, rnd: JudgingRound | None, actor, action: AuditAction, *, judge_id=None, product_id=None,
           criterion_key: str = "", old="", new="", detail: str = "") -> None:
    db.session.add(AuditEntry(
        edition_id=edition.id, round_id=rnd.id if rnd else None, actor_id=getattr(actor, "id", None),
        action=action, judge_id=judge_id, product_id=product_id, criterion_key=criterion_key or "",
        old_value="" if old is None else str(old)[:300], new_value="" if new is None else str(new)[:300],
        detail=(detail or "")[:500], created_at=utcnow()))


def audit_query(rnd: JudgingRound, action: str | None = None):
    stmt = (select(AuditEntry).where(AuditEntry.round_id == rnd.id)
            .options(joinedload(AuditEntry.actor), joinedload(AuditEntry.judge), joinedload(AuditEntry.product))
            .order_by(AuditEntry.id.desc()))
    if action in AuditAction.__members__.values():
        stmt = stmt.where(AuditEntry.action == action)
    return stmt


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


def _lock_round(rnd: JudgingRound, share: bool = False) -> JudgingRound:
    """Re-read the round row with a lock (FOR SHARE / FOR UPDATE on PostgreSQL)."""
    locked = db.session.scalar(select(JudgingRound).where(JudgingRound.id == rnd.id)
                               .with_for_update(read=share).execution_options(populate_existing=True))
    if locked is None:  # pragma: no cover - deleted meanwhile
        raise NotFound(_("Judging round not found."))
    return locked


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
        from .results import store_results

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


def _round_product(edition, rnd: JudgingRound, product_id) -> Any:
    try:
        product_id = int(product_id)
    except (TypeError, ValueError):
        raise NotFound(_("Product not found.")) from None
    for p in eligible_products(edition, rnd):
        if p.id == product_id:
            return p
    raise NotFound(_("Product not found."))


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
