"""The exhibitor's own products: create, edit (and submit), delete a draft, list them."""
from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from techfest.core.auth import can
from techfest.core.db import db, utcnow
from techfest.core.errors import Conflict, PermissionDenied

from .. import images as image_files
from .. import workflow
from ..models import Product, ProductImage
from ..workflow import Actor, ProductStatus
from .access import _refuse, actor_kinds, exhibitor_may_edit, submissions_open
from .review import _apply_transition, _send_transition_mail
from .uploads import IMAGE_FOLDER, _apply_images, _upload_dir
from .validation import _check_complete, _clean_product, _refresh_search

logger = logging.getLogger(__name__)


# --- exhibitor use-cases -----------------------------------------------------------------

def _require_organisation(actor) -> None:
    if actor.organisation_id is None:
        raise PermissionDenied("your account is not linked to an organisation")


def save_product(actor, edition, product: Product | None, data: dict, *, image_keys=None,
                 submit: bool = False, note: str = "") -> Product:
    """Create (``product`` None) or update a product as its exhibitor, optionally submitting it.

    New products and submitted ones need the edition to take submissions (status open, before
    the deadline, checked here on the server); drafts can be edited until the edition is
    archived. ``image_keys`` (ordered) replaces the images when given.
    """
    now = utcnow()
    if product is None:
        if not can(actor, "submissions.submit", edition):
            raise PermissionDenied("exhibitors only")
        _require_organisation(actor)
        if not submissions_open(edition, now):
            raise Conflict("submissions are closed for this edition")
    else:
        if Actor.EXHIBITOR not in actor_kinds(actor, product):
            raise _refuse(product)
        if not exhibitor_may_edit(product, now):
            raise Conflict("this product can no longer be changed" if product.status not in
                           workflow.EDITABLE_AFTER_SUBMIT else "the submission deadline has passed")
    clean = _clean_product(edition, data, product)
    created = product is None
    if created:
        product = Product(edition_id=edition.id, organisation_id=actor.organisation_id, created_by_id=actor.id,
                          status=ProductStatus.DRAFT)
        product.edition = edition
        db.session.add(product)
    for key, value in clean.items():
        setattr(product, key, value)
    _refresh_search(product)
    dropped: list[ProductImage] = []
    try:
        if image_keys is not None:
            db.session.flush()
            dropped = _apply_images(actor, product, image_keys)
        if product.status != ProductStatus.DRAFT or submit:
            _check_complete(product)
        db.session.flush()
        mails = []
        if submit:
            mails.append(_apply_transition(actor, product, ProductStatus.SUBMITTED, note, {Actor.EXHIBITOR}, now))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    for img in dropped:
        image_files.delete(_upload_dir(), IMAGE_FOLDER, img.key, img.ext)
    logger.info("product %s %s by user %s", product.id, "created" if created else "updated", actor.id)
    for mail in mails:
        _send_transition_mail(*mail)
    return product


def delete_draft(actor, product: Product) -> None:
    if Actor.EXHIBITOR not in actor_kinds(actor, product):
        raise _refuse(product)
    if product.status != ProductStatus.DRAFT:
        raise Conflict("only drafts can be deleted; withdraw a submitted product instead")
    files = [(img.key, img.ext) for img in product.images]
    db.session.delete(product)
    db.session.commit()
    for key, ext in files:
        image_files.delete(_upload_dir(), IMAGE_FOLDER, key, ext)
    logger.info("draft product %s deleted by user %s", product.id, actor.id)


def my_products(actor, edition) -> list[Product]:
    """The products of ``actor``'s organisation in ``edition`` (every member sees the same)."""
    if actor.organisation_id is None:
        return []
    return list(db.session.scalars(
        select(Product).where(Product.edition_id == edition.id, Product.organisation_id == actor.organisation_id)
        .options(joinedload(Product.category), selectinload(Product.images))
        .order_by(Product.updated_at.desc(), Product.id.desc())))
