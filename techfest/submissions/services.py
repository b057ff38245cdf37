"""Product submission use-cases. Each public function is one transaction; the actor is explicit.

For other domains (they call these, never the tables):

``accepted_products(edition) -> list[Product]``
    Accepted and confirmed products of the edition, organisation and category loaded.
``accepted_exhibitors(edition) -> list[ExhibitorNeeds]``
    One entry per organisation with accepted/confirmed products: ids, titles, and its booth needs
    (the largest booth size asked for; power, internet, water, table if any product asks).
    Plain dataclasses, ready for ``techfest.booths.allocation``.
``record_booth_codes(edition, {product_id: "A-12" | None})``
    Stores allocated booth codes shown in the catalogue. Joins the caller's transaction
    (no commit), so the booth allocation commits both together.
``product_for_public(product_id) -> Product``
    A product the public may see (accepted/confirmed, edition not a draft), else NotFound.
``products_by_ids(ids) -> dict[int, Product]``
    Products by id with organisation and category loaded (one query), any status: the caller
    decides what it may show (judging, booths).
``copy_categories(previous_edition, new_edition)``
    Called by ``editions.services.create_edition``: a new edition starts with the previous
    edition's categories (no commit).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import and_, false, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from techfest.core.auth import can
from techfest.core.db import db, db_int, utcnow
from techfest.core.errors import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from techfest.core.search import fold

from . import images as image_files
from . import workflow
from .models import (MAX_IMAGES, BoothSize, Category, Product, ProductImage, ProductNote, ProductTransition, Stage)
from .workflow import Actor, ProductStatus

logger = logging.getLogger(__name__)

IMAGE_FOLDER = "products"
PENDING_IMAGE_MAX_AGE_HOURS = 24
TEXT_LIMITS = {"title": 200, "title_en": 200, "summary": 500, "description": 20000, "target_market": 1000,
               "video_url": 300, "website": 300, "team_members": 5000}
CONTENT_FIELDS = ("title", "title_en", "summary", "description", "target_market", "video_url", "website",
                  "team_members", "stage", "booth_size", "needs_power", "needs_internet", "needs_water",
                  "needs_table")
REQUIRED_TO_SUBMIT = ("title", "summary", "description", "category", "stage")
BOOTH_SIZE_ORDER = [BoothSize.STANDARD, BoothSize.DOUBLE, BoothSize.ISLAND]


def _upload_dir() -> str:
    return current_app.config["UPLOAD_DIR"]


# --- time and the deadline ---------------------------------------------------------------

def submissions_open(edition, now: datetime | None = None) -> bool:
    """True while the edition takes submissions: status open and its deadline (UTC) ahead."""
    from techfest.editions.workflow import accepts_submissions

    return workflow.submissions_open(accepts_submissions(edition.status), edition.submission_deadline,
                                     now or utcnow())


def _is_archived(edition) -> bool:
    return edition.status == "archived"


def exhibitor_may_edit(product: Product, now: datetime | None = None) -> bool:
    return workflow.exhibitor_may_edit(product.status, submissions_open(product.edition, now),
                                       _is_archived(product.edition))


def deadline_local(edition) -> datetime | None:
    """The deadline in the edition's time zone (for display and forms)."""
    if edition.submission_deadline is None:
        return None
    return edition.submission_deadline.astimezone(ZoneInfo(edition.timezone or "Asia/Ho_Chi_Minh"))


# --- categories --------------------------------------------------------------------------

def categories_for(edition) -> list[Category]:
    return list(db.session.scalars(
        select(Category).where(Category.edition_id == edition.id).order_by(Category.position, Category.name, Category.id)))


def get_category(edition, category_id: int) -> Category:
    category = db.session.get(Category, category_id)
    if category is None or category.edition_id != edition.id:
        raise NotFound("category not found")
    return category


def category_usage(edition) -> dict[int, int]:
    """Products per category (any status)."""
    return dict(db.session.execute(
        select(Product.category_id, func.count()).where(Product.edition_id == edition.id, Product.category_id.is_not(None))
        .group_by(Product.category_id)).all())


def _clean_category(edition, data: dict, category: Category | None) -> dict:
    from techfest.editions.services import SLUG_RE, slugify

    errors: dict[str, list[str]] = {}
    clean: dict = {}
    if "name" in data or category is None:
        clean["name"] = (data.get("name") or "").strip()
        if not clean["name"]:
            errors["name"] = ["required"]
        elif len(clean["name"]) > 200:
            errors["name"] = ["at most 200 characters"]
    if "name_en" in data:
        clean["name_en"] = (data.get("name_en") or "").strip()
        if len(clean["name_en"]) > 200:
            errors["name_en"] = ["at most 200 characters"]
    if "slug" in data or category is None:
        slug = (data.get("slug") or "").strip().lower() or (slugify(clean.get("name", "")) if category is None else "")
        if not slug or not SLUG_RE.match(slug) or len(slug) > 64:
            errors["slug"] = ["lowercase letters, digits and hyphens only"]
        clean["slug"] = slug
    if "position" in data and data["position"] is not None:
        try:
            clean["position"] = int(data["position"])
        except (TypeError, ValueError):
            errors["position"] = ["not a number"]
        else:
            if not 0 <= clean["position"] <= 10000:
                errors["position"] = ["between 0 and 10000"]
    if errors:
        raise ValidationFailed("invalid category", errors)
    if "slug" in clean:
        clash = db.session.scalar(select(Category.id).where(
            Category.edition_id == edition.id, Category.slug == clean["slug"],
            Category.id != (category.id if category else -1)))
        if clash is not None:
            raise Conflict("category slug already used", {"slug": ["already used in this edition"]})
    return clean


def create_category(actor, edition, data: dict) -> Category:
    clean = _clean_category(edition, data, None)
    if "position" not in clean:
        clean["position"] = (db.session.scalar(
            select(func.max(Category.position)).where(Category.edition_id == edition.id)) or 0) + 10
    category = Category(edition_id=edition.id, name_en=clean.pop("name_en", ""), **clean)
    db.session.add(category)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("category slug already used", {"slug": ["already used in this edition"]}) from None
    logger.info("category %s created in edition %s by user %s", category.id, edition.id, getattr(actor, "id", None))
    return category


def update_category(actor, edition, category: Category, data: dict) -> Category:
    if category.edition_id != edition.id:
        raise NotFound("category not found")
    for key, value in _clean_category(edition, data, category).items():
        setattr(category, key, value)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("category slug already used", {"slug": ["already used in this edition"]}) from None
    logger.info("category %s updated by user %s", category.id, getattr(actor, "id", None))
    return category


def delete_category(actor, edition, category: Category) -> None:
    """Delete an unused category; one that products use is refused (Conflict, 409)."""
    if category.edition_id != edition.id:
        raise NotFound("category not found")
    used = db.session.scalar(select(func.count()).select_from(Product).where(Product.category_id == category.id))
    if used:
        raise Conflict("category in use", {"category": [f"used by {used} product(s)"]})
    db.session.delete(category)
    try:
        db.session.commit()
    except IntegrityError:  # a product took it meanwhile: the foreign key (RESTRICT) is the guard
        db.session.rollback()
        raise Conflict("category in use", {"category": ["used by a product"]}) from None
    logger.info("category %s deleted by user %s", category.id, getattr(actor, "id", None))


def copy_categories(previous, new) -> int:
    """Give ``new`` a copy of ``previous``'s categories (no commit). Returns how many."""
    existing = set(db.session.scalars(select(Category.slug).where(Category.edition_id == new.id)))
    n = 0
    for c in categories_for(previous):
        if c.slug not in existing:
            db.session.add(Category(edition_id=new.id, slug=c.slug, name=c.name, name_en=c.name_en, position=c.position))
            n += 1
    db.session.flush()
    return n


# --- access ------------------------------------------------------------------------------

def get_product(product_id: int) -> Product:
    product = db.session.get(Product, product_id)
    if product is None:
        raise NotFound("product not found")
    return product


def is_member(user, product: Product) -> bool:
    """A member of the product's organisation holding the exhibitor role in its edition."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return (user.organisation_id is not None and user.organisation_id == product.organisation_id
            and can(user, "submissions.submit", product.edition))


def actor_kinds(user, product: Product) -> set[Actor]:
    """As whom ``user`` may act on ``product``: its exhibitor, an organizer of its edition, or both."""
    kinds: set[Actor] = set()
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return kinds
    if can(user, "submissions.review", product.edition):
        kinds.add(Actor.ORGANIZER)
    if user.is_admin or is_member(user, product):
        kinds.add(Actor.EXHIBITOR)
    return kinds


def is_publicly_visible(product: Product) -> bool:
    return product.is_public and product.edition.is_public


def may_view(user, product: Product) -> bool:
    if is_publicly_visible(product):
        return True
    kinds = actor_kinds(user, product)
    if Actor.EXHIBITOR in kinds:
        return True
    # Organizers see everything but their exhibitors' drafts.
    return Actor.ORGANIZER in kinds and product.status != ProductStatus.DRAFT


def _refuse(product: Product):
    """Not yours: 403 if the product is public anyway, else 404 (its existence is not revealed)."""
    if is_publicly_visible(product):
        return PermissionDenied("this product belongs to another organisation")
    return NotFound("product not found")


def product_for_owner(actor, product_id: int, edition=None) -> Product:
    """The product if ``actor`` is one of its exhibitors (or an admin); 404/403 otherwise."""
    product = get_product(product_id)
    if edition is not None and product.edition_id != edition.id:
        raise NotFound("product not found")
    if Actor.EXHIBITOR not in actor_kinds(actor, product):
        raise _refuse(product)
    return product


def product_for_review(actor, product_id: int, edition) -> Product:
    product = get_product(product_id)
    if product.edition_id != edition.id or product.status == ProductStatus.DRAFT:
        raise NotFound("product not found")
    if Actor.ORGANIZER not in actor_kinds(actor, product):
        raise PermissionDenied("organizers only")
    return product


def product_for_viewer(user, product_id: int) -> Product:
    """A product as the API shows it: public, or the viewer's own, or an organizer's."""
    product = get_product(product_id)
    if not may_view(user, product):
        raise NotFound("product not found")
    return product


def product_for_public(product_id: int) -> Product:
    product = db.session.get(Product, product_id)
    if product is None or not is_publicly_visible(product):
        raise NotFound("product not found")
    return product


def image_for_viewer(user, key: str) -> tuple[ProductImage, bool]:
    """(image, is_public). A pending upload is its uploader's only; an attached image is as
    visible as its product. Anything else is NotFound."""
    img = db.session.scalar(select(ProductImage).where(ProductImage.key == key)) if key and len(key) <= 32 else None
    if img is None:
        raise NotFound("image not found")
    if img.product_id is None:
        if getattr(user, "is_authenticated", False) and img.uploaded_by_id == user.id:
            return img, False
        raise NotFound("image not found")
    if is_publicly_visible(img.product):
        return img, True
    if may_view(user, img.product):
        return img, False
    raise NotFound("image not found")


def products_by_ids(ids) -> dict[int, Product]:
    ids = list({int(i) for i in ids})
    if not ids:
        return {}
    rows = db.session.scalars(select(Product).where(Product.id.in_(ids)).options(
        joinedload(Product.organisation), joinedload(Product.category)).order_by(Product.id))
    return {p.id: p for p in rows}


# --- validation --------------------------------------------------------------------------

def _valid_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and "." in (parts.hostname or "") and " " not in value


def _clean_product(edition, data: dict, product: Product | None) -> dict:
    """Check and normalise product fields present in ``data``. Raises ValidationFailed."""
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    for key in ("title", "title_en", "summary", "description", "target_market", "video_url", "website"):
        if key in data:
            value = data[key]
            clean[key] = (value or "").strip() if isinstance(value, str) or value is None else str(value)
            if key in ("summary", "title", "title_en"):
                clean[key] = " ".join(clean[key].split())
            if len(clean[key]) > TEXT_LIMITS[key]:
                errors[key] = [f"at most {TEXT_LIMITS[key]} characters"]
    if product is None and not clean.get("title"):
        errors["title"] = ["required"]
    elif "title" in clean and not clean["title"]:
        errors["title"] = ["required"]
    for key in ("video_url", "website"):
        if clean.get(key) and key not in errors and not _valid_url(clean[key]):
            errors[key] = ["not a valid web address (http:// or https://)"]
    if "team_members" in data:
        value = data["team_members"]
        lines = value if isinstance(value, (list, tuple)) else str(value or "").splitlines()
        lines = [" ".join(str(line).split()) for line in lines]
        clean["team_members"] = "\n".join(line for line in lines if line)
        if len(clean["team_members"]) > TEXT_LIMITS["team_members"] or len(lines) > 50:
            errors["team_members"] = ["at most 50 people"]
    if "stage" in data:
        value = data["stage"] or None
        try:
            clean["stage"] = Stage(value) if value else None
        except ValueError:
            errors["stage"] = [f"one of: {', '.join(Stage)}"]
    if "booth_size" in data:
        try:
            clean["booth_size"] = BoothSize(data["booth_size"] or BoothSize.STANDARD)
        except ValueError:
            errors["booth_size"] = [f"one of: {', '.join(BoothSize)}"]
    for key in ("needs_power", "needs_internet", "needs_water", "needs_table"):
        if key in data:
            clean[key] = bool(data[key])
    if "category_id" in data or "category" in data:
        # category_id: an id (forms); category: a slug (API)
        by_id = "category_id" in data
        ref = data["category_id"] if by_id else data["category"]
        if ref in (None, ""):
            clean["category_id"] = None
        else:
            try:
                cond = (Category.id == db_int(ref)) if by_id else (Category.slug == str(ref))
            except (TypeError, ValueError):
                cond = false()
            found = db.session.scalar(select(Category.id).where(Category.edition_id == edition.id, cond))
            if found is None:
                errors["category"] = ["unknown category for this edition"]
            else:
                clean["category_id"] = found
    if errors:
        raise ValidationFailed("invalid product", errors)
    return clean


def _check_complete(product: Product) -> None:
    """What a submitted product must have (drafts may be incomplete)."""
    missing = {}
    for key in REQUIRED_TO_SUBMIT:
        value = product.category_id if key == "category" else getattr(product, key)
        if value in (None, ""):
            missing[key] = ["required to submit"]
    if missing:
        raise ValidationFailed("the product is incomplete", missing)


def check_product(edition, product: Product | None, data: dict, submit: bool = False) -> None:
    """Raise ValidationFailed naming every field problem of ``data`` (nothing is saved): what
    ``save_product`` would refuse, so a form can show all of it at once."""
    errors: dict[str, list[str]] = {}
    try:
        clean = _clean_product(edition, data, product)
    except ValidationFailed as exc:
        errors.update(exc.fields)
        clean = {}
    if submit or (product is not None and product.status != ProductStatus.DRAFT):
        for key in REQUIRED_TO_SUBMIT:
            name = "category_id" if key == "category" else key
            value = clean[name] if name in clean else data.get(name, getattr(product, name, None) if product else None)
            if value in (None, "") and key not in errors:
                errors[key] = ["required to submit"]
    if errors:
        raise ValidationFailed("invalid product", errors)


def _refresh_search(product: Product) -> None:
    product.title_folded = fold(product.title)[:200]
    product.search_folded = fold(" ".join(filter(None, [product.title, product.title_en, product.summary,
                                                          product.target_market])))


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

    from .models import STATUS_LABELS

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


# --- lists -------------------------------------------------------------------------------

def _words_filter(query: str | None, *columns):
    """Every word of ``query`` (folded) must appear in one of ``columns`` (folded columns)."""
    words = fold(query).split()
    conds = []
    for w in words[:10]:
        pat = "%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conds.append(or_(*(c.like(pat, escape="\\") for c in columns)))
    return and_(*conds) if conds else None


def public_products(edition, q: str | None = None, category: str | None = None, stage: str | None = None):
    """Accepted and confirmed products of ``edition``, with organisation, category and images
    loaded eagerly: one page costs the same number of queries whatever its size."""
    from techfest.accounts.models import Organisation

    stmt = (select(Product).join(Product.organisation).outerjoin(Product.category)
            .where(Product.edition_id == edition.id, Product.status.in_(list(workflow.PUBLIC_STATUSES)))
            .options(contains_eager(Product.organisation), contains_eager(Product.category),
                     selectinload(Product.images))
            .order_by(Product.title_folded, Product.id))
    cond = _words_filter(q, Product.search_folded, Organisation.name_folded)
    if cond is not None:
        stmt = stmt.where(cond)
    if category:
        stmt = stmt.where(Category.slug == category)
    if stage:
        stmt = stmt.where(Product.stage == stage) if stage in Stage.__members__.values() else stmt.where(false())
    return stmt


def public_category_counts(edition) -> dict[int, int]:
    return dict(db.session.execute(
        select(Product.category_id, func.count()).where(
            Product.edition_id == edition.id, Product.status.in_(list(workflow.PUBLIC_STATUSES)))
        .group_by(Product.category_id)).all())


REVIEW_SORTS = {
    "submitted": lambda O: (Product.submitted_at.desc(), Product.id.desc()),
    "oldest": lambda O: (Product.submitted_at.asc(), Product.id),
    "title": lambda O: (Product.title_folded, Product.id),
    "organisation": lambda O: (O.name_folded, Product.title_folded, Product.id),
    "status": lambda O: (Product.status, Product.title_folded, Product.id),
    "updated": lambda O: (Product.updated_at.desc(), Product.id.desc()),
}


@dataclass
class ReviewFilters:
    q: str = ""
    status: str = ""
    category: int | None = None
    stage: str = ""
    org_type: str = ""
    sort: str = "submitted"


def review_products(edition, f: ReviewFilters):
    """Products of ``edition`` for organizers (drafts are the exhibitors' own business)."""
    from techfest.accounts.models import Organisation, OrganisationType

    stmt = (select(Product).join(Product.organisation).outerjoin(Product.category)
            .where(Product.edition_id == edition.id, Product.status != ProductStatus.DRAFT)
            .options(contains_eager(Product.organisation), contains_eager(Product.category),
                     selectinload(Product.images)))
    cond = _words_filter(f.q, Product.search_folded, Organisation.name_folded)
    if cond is not None:
        stmt = stmt.where(cond)
    if f.status in ProductStatus.__members__.values():
        stmt = stmt.where(Product.status == f.status)
    if f.category:
        stmt = stmt.where(Product.category_id == f.category)
    if f.stage in Stage.__members__.values():
        stmt = stmt.where(Product.stage == f.stage)
    if f.org_type in OrganisationType.__members__.values():
        stmt = stmt.where(Organisation.type == f.org_type)
    order = REVIEW_SORTS.get(f.sort, REVIEW_SORTS["submitted"])(Organisation)
    return stmt.order_by(*order)


def status_counts(edition) -> dict[str, int]:
    return {str(s): n for s, n in db.session.execute(
        select(Product.status, func.count()).where(Product.edition_id == edition.id, Product.status != ProductStatus.DRAFT)
        .group_by(Product.status)).all()}


def category_counts(edition) -> dict[int | None, int]:
    return dict(db.session.execute(
        select(Product.category_id, func.count()).where(Product.edition_id == edition.id,
                                                        Product.status != ProductStatus.DRAFT)
        .group_by(Product.category_id)).all())


def export_table(edition, f: ReviewFilters, locale: str = "vi") -> tuple[list[str], list[list]]:
    """Header and rows for the CSV/XLSX export of the review list (same filters)."""
    from flask_babel import gettext as _

    from techfest.accounts.models import ORGANISATION_TYPE_LABELS

    from .models import STATUS_LABELS

    zone = ZoneInfo(edition.timezone or "Asia/Ho_Chi_Minh")
    header = [_("ID"), _("Product name"), _("Product name (English)"), _("Organisation"), _("Organisation type"), _("Country"),
              _("Category"), _("Development stage"), _("Status"), _("Submitted at"), _("Summary"),
              _("Target users and market"), _("Website"), _("Video"), _("Team members"), _("Booth size"),
              _("Electricity"), _("Internet"), _("Water"), _("Table and chairs"), _("Booth"), _("Contact person"), _("Phone"),
              _("E-mail")]
    stmt = review_products(edition, f).options(joinedload(Product.created_by))
    rows = []
    for p in db.session.scalars(stmt).unique():
        org = p.organisation
        rows.append([
            p.id, p.title, p.title_en, org.name, str(ORGANISATION_TYPE_LABELS.get(org.type, org.type)), org.country,
            p.category.label(locale) if p.category else "", p.stage_label, str(STATUS_LABELS[p.status]),
            p.submitted_at.astimezone(zone) if p.submitted_at else None, p.summary, p.target_market, p.website,
            p.video_url, "; ".join(p.team_list), p.booth_size_label, p.needs_power, p.needs_internet,
            p.needs_water, p.needs_table, p.booth_code or "", org.contact_name, org.phone,
            p.created_by.email if p.created_by else "",
        ])
    return header, rows


# --- for other domains -------------------------------------------------------------------

def accepted_products(edition) -> list[Product]:
    return list(db.session.scalars(
        select(Product).where(Product.edition_id == edition.id, Product.status.in_(list(workflow.PUBLIC_STATUSES)))
        .options(joinedload(Product.organisation), joinedload(Product.category))
        .order_by(Product.organisation_id, Product.id)))


@dataclass
class ExhibitorNeeds:
    organisation_id: int
    organisation_name: str
    organisation_type: str
    country: str
    product_ids: list[int]
    product_titles: list[str]
    confirmed: bool  # at least one product's participation is confirmed
    booth_size: str  # the largest asked for: standard < double < island
    needs_power: bool
    needs_internet: bool
    needs_water: bool
    needs_table: bool


def accepted_exhibitors(edition) -> list[ExhibitorNeeds]:
    """Organisations with accepted/confirmed products in ``edition`` and their booth needs."""
    out: dict[int, ExhibitorNeeds] = {}
    for p in accepted_products(edition):
        org = p.organisation
        entry = out.get(org.id)
        if entry is None:
            entry = out[org.id] = ExhibitorNeeds(org.id, org.name, str(org.type), org.country, [], [], False,
                                                 str(BoothSize.STANDARD), False, False, False, False)
        entry.product_ids.append(p.id)
        entry.product_titles.append(p.title)
        entry.confirmed = entry.confirmed or p.status == ProductStatus.CONFIRMED
        if BOOTH_SIZE_ORDER.index(BoothSize(p.booth_size)) > BOOTH_SIZE_ORDER.index(BoothSize(entry.booth_size)):
            entry.booth_size = str(p.booth_size)
        entry.needs_power |= p.needs_power
        entry.needs_internet |= p.needs_internet
        entry.needs_water |= p.needs_water
        entry.needs_table |= p.needs_table
    return sorted(out.values(), key=lambda e: (fold(e.organisation_name), e.organisation_id))


def record_booth_codes(edition, codes: dict[int, str | None]) -> None:
    """Store booth codes (``None`` clears one) for products of ``edition``. No commit."""
    for product_id, code in codes.items():
        db.session.execute(update(Product).where(Product.id == int(product_id), Product.edition_id == edition.id)
                           .values(booth_code=(code or None)).execution_options(synchronize_session=False))
    db.session.flush()


# --- counts for the reports (read-only: one grouped query each, no rows loaded, no commit) ----
# "Shown" products are the accepted and confirmed ones (workflow.PUBLIC_STATUSES).

def product_counts_by_status(edition) -> dict[ProductStatus, int]:
    """{status: products of ``edition``}, drafts included; a status no product has is absent."""
    return dict(db.session.execute(select(Product.status, func.count()).where(Product.edition_id == edition.id)
                                   .group_by(Product.status)).all())


def shown_product_counts_by_category(edition) -> list[tuple[str | None, str | None, int]]:
    """(category name, English name, products shown) in the categories' order; products shown
    without a category make one row (None, None, n)."""
    return [tuple(row) for row in db.session.execute(
        select(Category.name, Category.name_en, func.count(Product.id))
        .select_from(Product).outerjoin(Category, Category.id == Product.category_id)
        .where(Product.edition_id == edition.id, Product.status.in_(list(workflow.PUBLIC_STATUSES)))
        .group_by(Category.id, Category.name, Category.name_en, Category.position)
        .order_by(Category.position, Category.name)).all()]


def shown_product_counts_by_stage(edition) -> dict[Stage | None, int]:
    """{development stage: products shown}; None counts those that gave no stage."""
    return dict(db.session.execute(
        select(Product.stage, func.count()).where(Product.edition_id == edition.id,
                                                  Product.status.in_(list(workflow.PUBLIC_STATUSES)))
        .group_by(Product.stage)).all())


def exhibitor_ids(edition):
    """The organisations showing products in ``edition``, as a statement selecting their ids (not
    run): the owner of the organisations counts them in one query, e.g.
    ``accounts.services.organisation_counts_by_type(exhibitor_ids(edition))``."""
    return select(Product.organisation_id).where(Product.edition_id == edition.id,
                                                 Product.status.in_(list(workflow.PUBLIC_STATUSES)))


def shown_product_counts_by_edition(edition_ids) -> dict[int, int]:
    """{edition id: products shown} for the given editions; one without any is absent."""
    return dict(db.session.execute(
        select(Product.edition_id, func.count()).where(Product.edition_id.in_(list(edition_ids)),
                                                       Product.status.in_(list(workflow.PUBLIC_STATUSES)))
        .group_by(Product.edition_id)).all())


def exhibitor_counts_by_edition(edition_ids) -> dict[int, int]:
    """{edition id: organisations showing products} for the given editions; one without any is
    absent."""
    return dict(db.session.execute(
        select(Product.edition_id, func.count(Product.organisation_id.distinct()))
        .where(Product.edition_id.in_(list(edition_ids)), Product.status.in_(list(workflow.PUBLIC_STATUSES)))
        .group_by(Product.edition_id)).all())
