"""Who may see or change a product, and when: the submission deadline, the exhibitor's and the
organizers' access to a product and its images (404 where its existence is not to be revealed)."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from techfest.core.auth import can
from techfest.core.db import db, utcnow
from techfest.core.errors import NotFound, PermissionDenied

from .. import workflow
from ..models import Product, ProductImage
from ..workflow import Actor, ProductStatus


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
