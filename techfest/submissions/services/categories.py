"""The edition's product categories: organizers create, edit, order and delete them; a new
edition copies the previous one's."""
from __future__ import annotations

import logging

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from techfest.core.db import db
from techfest.core.errors import Conflict, NotFound, ValidationFailed

from ..models import Category, Product

logger = logging.getLogger(__name__)


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
