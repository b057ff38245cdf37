"""The organizers' review list (filters, sorts, counts) and its CSV/XLSX export table."""
from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from techfest.core.db import db

from ..models import Product, Stage
from ..workflow import ProductStatus
from .catalogue import _words_filter


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

    from ..models import STATUS_LABELS

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
