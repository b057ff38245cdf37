"""The public catalogue: accepted and confirmed products, searched (folded words) and filtered."""
from __future__ import annotations

from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import contains_eager, selectinload

from techfest.core.db import db
from techfest.core.search import fold

from .. import workflow
from ..models import Category, Product, Stage


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
