"""The review workflow: the one service that changes a product's status, bulk steps, the
mails they send, organizers' notes and messages, and a product's timeline."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from techfest.core.auth import can
from techfest.core.db import db, utcnow
from techfest.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed

from .. import workflow
from ..models import Product, ProductNote, ProductTransition
from ..workflow import Actor, ProductStatus
from .access import _is_archived, _refuse, actor_kinds, submissions_open
from .validation import _check_complete

logger = logging.getLogger(__name__)


# --- the workflow ------------------------------------------------------------------------

def _apply_transition(actor, product: Product, target: str, note: str, kinds: set[Actor], now: datetime):
    """Check and apply one step inside the current transaction. Returns what to mail after commit."""
    try:
        new_status = workflow.check_transition(product.status, target, kinds)
    except workflow.TransitionRefused as exc:
        allowed = workflow.allowed_targets(product.status, kinds)
        message = ("you may not take this step" if exc.reason == "actor"
                   else f"a product cannot go from {product.status} to {target}")
        raise InvalidTransition(message, {"to": [f"allowed: {', '.join(allowed) or 'none'}"]}) from None
    if new_status == ProductStatus.SUBMITTED:
        if not submissions_open(product.edition, now):
            raise InvalidTransition("the submission deadline has passed", {"to": ["submissions are closed"]})
        _check_complete(product)
    if new_status == ProductStatus.WITHDRAWN and _is_archived(product.edition):
        raise InvalidTransition("the edition is archived")
    old = ProductStatus(product.status)
    # As whom the step was taken (each step belongs to one side in the table).
    actor_role = sorted(workflow.TRANSITIONS[(old, new_status)] & kinds)[0]
    values = {"status": new_status, "updated_at": now}
    if new_status == ProductStatus.SUBMITTED:
        values["submitted_at"] = now
    # Conditional update: two organizers deciding at once cannot both apply a step.
    result = db.session.execute(
        update(Product).where(Product.id == product.id, Product.status == old).values(**values)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise InvalidTransition("the product changed meanwhile; reload and try again")
    db.session.add(ProductTransition(product_id=product.id, actor_id=actor.id if actor else None,
                                     actor_role=str(actor_role), from_status=old, to_status=new_status,
                                     note=(note or "").strip()[:5000], created_at=now))
    db.session.flush()
    db.session.refresh(product)
    logger.info("product %s moved from %s to %s by user %s (%s)", product.id, old, new_status,
                getattr(actor, "id", None), actor_role)
    return (product, old, new_status, (note or "").strip(), actor_role)


def transition_product(actor, product: Product, target: str, note: str = "") -> Product:
    """The one service that changes a product's status (exhibitor or organizer steps)."""
    kinds = actor_kinds(actor, product)
    if not kinds:
        raise _refuse(product)
    if product.status == ProductStatus.DRAFT and Actor.EXHIBITOR not in kinds:
        raise NotFound("product not found")
    try:
        mail = _apply_transition(actor, product, target, note, kinds, utcnow())
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    _send_transition_mail(*mail)
    return product


@dataclass
class BulkResult:
    done: list[Product] = field(default_factory=list)
    refused: list[tuple[Product, str]] = field(default_factory=list)


def bulk_transition(actor, edition, product_ids, target: str, note: str = "") -> BulkResult:
    """Move several products of ``edition`` to ``target`` with one note (organizers), in one
    transaction. Products the workflow does not allow from their status are skipped and listed."""
    if not can(actor, "submissions.review", edition):
        raise PermissionDenied("organizers only")
    ids = sorted({int(i) for i in product_ids})
    result = BulkResult()
    if not ids:
        return result
    now = utcnow()
    products = list(db.session.scalars(select(Product).where(
        Product.id.in_(ids), Product.edition_id == edition.id, Product.status != ProductStatus.DRAFT)
        .order_by(Product.id)))
    mails = []
    try:
        for product in products:
            try:  # the pure check first: a refused product is skipped, the others go ahead
                workflow.check_transition(product.status, target, {Actor.ORGANIZER})
            except workflow.TransitionRefused:
                result.refused.append((product, f"not allowed from {product.status}"))
                continue
            # a product changed meanwhile by someone else fails the whole batch (nothing applied)
            mails.append(_apply_transition(actor, product, target, note, {Actor.ORGANIZER}, now))
            result.done.append(product)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    for mail in mails:
        _send_transition_mail(*mail)
    logger.info("bulk %s of %s products in edition %s by user %s (%s skipped)", target, len(result.done),
                edition.id, actor.id, len(result.refused))
    return result


def _recipients(product: Product) -> list[str]:
    return sorted({u.email for u in product.organisation.members if u.active})


def _send_transition_mail(product: Product, old, new, note: str, actor_role: str) -> None:
    from flask import url_for
    from flask_babel import force_locale
    from flask_babel import gettext as _

    from techfest.core.mail import send_mail

    from ..models import STATUS_LABELS

    try:
        link = url_for("submissions.my_product", slug=product.edition.slug, product_id=product.id, _external=True)
    except RuntimeError:  # no request (command line): no link
        link = ""
    parts = []
    subject = ""
    for locale in ("vi", "en"):
        with force_locale(locale):
            status = str(STATUS_LABELS[new])
            if not subject:
                subject = _("Techfest: “%(title)s” is now %(status)s", title=product.title, status=status)
            text = _("The status of your product “%(title)s” at %(edition)s changed from %(old)s to %(new)s.",
                     title=product.title, edition=product.edition.name, old=str(STATUS_LABELS[old]), new=status)
            if note:
                label = _("Message from the organizers:") if actor_role == Actor.ORGANIZER else _("Note:")
                text += "\n\n" + label + "\n" + note
            if link:
                text += "\n\n" + _("Follow your submission here: %(link)s", link=link)
            parts.append(text)
    body = ("\n\n---\n\n").join(parts)
    for address in _recipients(product):
        send_mail(address, subject, body)


def add_note(actor, product: Product, body: str, internal: bool = True) -> ProductNote:
    """An organizer's note: internal (never shown to exhibitors) or a message to the exhibitor
    (shown in their timeline and e-mailed)."""
    if Actor.ORGANIZER not in actor_kinds(actor, product) or product.status == ProductStatus.DRAFT:
        raise PermissionDenied("organizers only")
    body = (body or "").strip()
    if not body:
        raise ValidationFailed("empty note", {"body": ["required"]})
    if len(body) > 5000:
        raise ValidationFailed("note too long", {"body": ["at most 5000 characters"]})
    note = ProductNote(product_id=product.id, author_id=actor.id, internal=internal, body=body)
    db.session.add(note)
    db.session.commit()
    logger.info("%s note %s on product %s by user %s", "internal" if internal else "message", note.id,
                product.id, actor.id)
    if not internal:
        _send_message_mail(product, body)
    return note


def _send_message_mail(product: Product, body: str) -> None:
    from flask import url_for
    from flask_babel import force_locale
    from flask_babel import gettext as _

    from techfest.core.mail import send_mail

    try:
        link = url_for("submissions.my_product", slug=product.edition.slug, product_id=product.id, _external=True)
    except RuntimeError:
        link = ""
    parts, subject = [], ""
    for locale in ("vi", "en"):
        with force_locale(locale):
            subject = subject or _("Techfest: a message about “%(title)s”", title=product.title)
            text = _("The organizers of %(edition)s wrote about your product “%(title)s”:",
                     edition=product.edition.name, title=product.title) + "\n\n" + body
            if link:
                text += "\n\n" + _("Follow your submission here: %(link)s", link=link)
            parts.append(text)
    for address in _recipients(product):
        send_mail(address, subject, "\n\n---\n\n".join(parts))


@dataclass
class TimelineEntry:
    at: datetime
    kind: str  # "transition", "message", "internal"
    actor_name: str
    actor_role: str
    from_status: str | None = None
    to_status: str | None = None
    note: str = ""


def timeline(product: Product, include_internal: bool = False) -> list[TimelineEntry]:
    """Status steps and organizer messages, oldest first; internal notes only for organizers."""
    entries = [TimelineEntry(t.created_at, "transition", t.actor.name if t.actor else "", t.actor_role,
                             str(t.from_status), str(t.to_status), t.note)
               for t in db.session.scalars(select(ProductTransition).where(ProductTransition.product_id == product.id)
                                           .options(joinedload(ProductTransition.actor)).order_by(ProductTransition.id))]
    stmt = select(ProductNote).where(ProductNote.product_id == product.id).options(joinedload(ProductNote.author))
    if not include_internal:
        stmt = stmt.where(ProductNote.internal.is_(False))
    for n in db.session.scalars(stmt.order_by(ProductNote.id)):
        entries.append(TimelineEntry(n.created_at, "internal" if n.internal else "message",
                                     n.author.name if n.author else "", "organizer", note=n.body))
    entries.sort(key=lambda e: e.at)
    return entries
