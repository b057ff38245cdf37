"""What every judging service shares: gettext outside a request, the adapters through which
judging reads other domains, the audit log and the round lock.

What judging reads from other domains goes through these adapters:

* products, categories: ``techfest.submissions.services`` (``accepted_products``,
  ``categories_for``, ``products_by_ids``) — see :func:`eligible_products`;
* judges: ``techfest.accounts.services.edition_members`` — see :func:`edition_judges`;
* booth codes: ``techfest.booths.services.booth_codes_for_products`` when the booths domain is
  part of the app, else the code the booth allocation stored on the product — see
  :func:`booth_codes`.
"""
from __future__ import annotations

import logging
from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from techfest.core.auth import Role
from techfest.core.db import db, utcnow
from techfest.core.errors import NotFound

from .. import standings
from ..models import AuditAction, AuditEntry, JudgingRound

logger = logging.getLogger(__name__)


def _(text: str, **variables) -> str:
    """gettext that also works outside a request (CLI, demo, tests): untranslated there."""
    from flask import has_request_context
    from flask_babel import gettext

    if has_request_context():
        return gettext(text, **variables)
    return text % variables if variables else text


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


def _round_product(edition, rnd: JudgingRound, product_id) -> Any:
    """The eligible product of the round with id ``product_id``, else NotFound."""
    try:
        product_id = int(product_id)
    except (TypeError, ValueError):
        raise NotFound(_("Product not found.")) from None
    for p in eligible_products(edition, rnd):
        if p.id == product_id:
            return p
    raise NotFound(_("Product not found."))


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


# --- the round row ---------------------------------------------------------------------------

def _lock_round(rnd: JudgingRound, share: bool = False) -> JudgingRound:
    """Re-read the round row with a lock (FOR SHARE / FOR UPDATE on PostgreSQL)."""
    locked = db.session.scalar(select(JudgingRound).where(JudgingRound.id == rnd.id)
                               .with_for_update(read=share).execution_options(populate_existing=True))
    if locked is None:  # pragma: no cover - deleted meanwhile
        raise NotFound(_("Judging round not found."))
    return locked
