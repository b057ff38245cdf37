"""Checking and normalising a product's fields, what a submitted product must have, and its
folded search columns."""
from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import false, select

from techfest.core.db import db, db_int
from techfest.core.errors import ValidationFailed
from techfest.core.search import fold

from ..models import BoothSize, Category, Product, Stage
from ..workflow import ProductStatus

TEXT_LIMITS = {"title": 200, "title_en": 200, "summary": 500, "description": 20000, "target_market": 1000,
               "video_url": 300, "website": 300, "team_members": 5000}
CONTENT_FIELDS = ("title", "title_en", "summary", "description", "target_market", "video_url", "website",
                  "team_members", "stage", "booth_size", "needs_power", "needs_internet", "needs_water",
                  "needs_table")
REQUIRED_TO_SUBMIT = ("title", "summary", "description", "category", "stage")


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
