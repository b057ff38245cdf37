"""The glue between products and their image files (:mod:`techfest.submissions.images`): pending
uploads staged before the form is valid, their housekeeping, and attaching them to a product."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import or_, select

from techfest.core.db import db, utcnow
from techfest.core.errors import ValidationFailed

from .. import images as image_files
from ..models import MAX_IMAGES, Product, ProductImage

logger = logging.getLogger(__name__)

IMAGE_FOLDER = "products"
PENDING_IMAGE_MAX_AGE_HOURS = 24


def _upload_dir() -> str:
    return current_app.config["UPLOAD_DIR"]


# --- images ------------------------------------------------------------------------------

@dataclass
class RejectedUpload:
    filename: str
    reason: str  # images.ImageRejected.reason, or "too_many"


def purge_pending_images(older_than_hours: int = PENDING_IMAGE_MAX_AGE_HOURS) -> int:
    """Delete pending uploads nobody attached within ``older_than_hours`` (rows and files)."""
    from datetime import timedelta

    cutoff = utcnow() - timedelta(hours=older_than_hours)
    stale = list(db.session.scalars(select(ProductImage).where(
        ProductImage.product_id.is_(None), ProductImage.created_at < cutoff)))
    for img in stale:
        db.session.delete(img)
    db.session.commit()
    for img in stale:
        image_files.delete(_upload_dir(), IMAGE_FOLDER, img.key, img.ext)
    return len(stale)


def stage_images(actor, uploads: list[tuple[str, bytes]], slots: int = MAX_IMAGES) -> tuple[list[ProductImage], list[RejectedUpload]]:
    """Check and store uploaded images at once, as pending uploads of ``actor``.

    They are kept even if the rest of the form is invalid, so the user never uploads twice;
    ``save_product`` attaches them. ``slots`` is how many more images the product may take.
    """
    purge_pending_images()  # housekeeping: uploads left behind by abandoned forms
    staged: list[ProductImage] = []
    rejected: list[RejectedUpload] = []
    written: list[tuple[str, str]] = []
    for filename, data in uploads:
        name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1][:200]
        if len(staged) >= max(slots, 0):
            rejected.append(RejectedUpload(name, "too_many"))
            continue
        try:
            processed = image_files.process_image(data)
        except image_files.ImageRejected as exc:
            logger.info("upload %r by user %s refused: %s", name, getattr(actor, "id", None), exc.reason)
            rejected.append(RejectedUpload(name, exc.reason))
            continue
        key = image_files.store(_upload_dir(), IMAGE_FOLDER, processed)
        written.append((key, processed.ext))
        img = ProductImage(uploaded_by_id=actor.id, key=key, ext=processed.ext, width=processed.width,
                           height=processed.height, size_bytes=len(processed.data), original_name=name)
        db.session.add(img)
        staged.append(img)
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        for key, ext in written:
            image_files.delete(_upload_dir(), IMAGE_FOLDER, key, ext)
        raise
    return staged, rejected


def images_for_keys(actor, product: Product | None, keys) -> list[ProductImage]:
    """The images ``keys`` name that ``actor`` may use on this form, in the order given:
    those of ``product`` and ``actor``'s own pending uploads. Others are ignored."""
    keys = [k for k in dict.fromkeys(keys) if isinstance(k, str) and 0 < len(k) <= 32]
    if not keys:
        return []
    mine = ProductImage.product_id.is_(None) & (ProductImage.uploaded_by_id == actor.id)
    cond = or_(mine, ProductImage.product_id == product.id) if product is not None and product.id else mine
    rows = {img.key: img for img in db.session.scalars(select(ProductImage).where(ProductImage.key.in_(keys), cond))}
    return [rows[k] for k in keys if k in rows]


def _apply_images(actor, product: Product, keys) -> list[ProductImage]:
    """Make ``keys`` the product's images, in order. Returns the images to delete after commit."""
    wanted = images_for_keys(actor, product, keys)
    if len(wanted) > MAX_IMAGES:
        raise ValidationFailed("too many images", {"images": [f"at most {MAX_IMAGES} images"]})
    wanted_ids = {img.id for img in wanted}
    dropped = [img for img in product.images if img.id not in wanted_ids]
    for img in dropped:
        product.images.remove(img)
    for position, img in enumerate(wanted):
        img.position = position
        if img not in product.images:
            product.images.append(img)
    return dropped
