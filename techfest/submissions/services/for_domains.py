"""What other domains read from submissions (they call these, never the tables): products by id,
the accepted products and exhibitors with their booth needs, booth codes written back by the
allocation, and the counts the reports show."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from techfest.core.db import db
from techfest.core.search import fold

from .. import workflow
from ..models import BoothSize, Category, Product, Stage
from ..workflow import ProductStatus

BOOTH_SIZE_ORDER = [BoothSize.STANDARD, BoothSize.DOUBLE, BoothSize.ISLAND]


# --- for other domains -------------------------------------------------------------------

def products_by_ids(ids) -> dict[int, Product]:
    ids = list({int(i) for i in ids})
    if not ids:
        return {}
    rows = db.session.scalars(select(Product).where(Product.id.in_(ids)).options(
        joinedload(Product.organisation), joinedload(Product.category)).order_by(Product.id))
    return {p.id: p for p in rows}


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
