"""The boundary with the other domains: what booths reads from submissions (:func:`exhibitors`,
the one adapter) and writes back (the products' booth codes), and the read API it offers them
(booth codes by organisation or product)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from techfest.core.db import db
from techfest.core.errors import NotFound

from ..models import Booth, BoothAssignment
from .common import _, _err


# --- what we need from submissions (the one adapter) ---------------------------------------

@dataclass
class Exhibitor:
    organisation_id: int
    name: str
    country: str
    product_ids: list[int]
    product_titles: list[str]
    confirmed: bool
    size: str
    needs: frozenset[str]
    categories: frozenset[int] = frozenset()

    @property
    def key(self) -> str:
        return f"org-{self.organisation_id}"


def exhibitors(edition) -> dict[int, Exhibitor]:
    """Organisations with accepted or confirmed products, with their booth needs and product
    categories, by organisation id. The only place that reads the submissions domain's data
    (``accepted_exhibitors`` for needs, ``accepted_products`` for categories)."""
    from techfest.submissions import services as submissions

    categories: dict[int, set[int]] = {}
    for p in submissions.accepted_products(edition):
        if p.category_id is not None:
            categories.setdefault(p.organisation_id, set()).add(p.category_id)
    out = {}
    for e in submissions.accepted_exhibitors(edition):
        needs = frozenset(f for f, on in (("power", e.needs_power), ("internet", e.needs_internet),
                                          ("water", e.needs_water)) if on)
        out[e.organisation_id] = Exhibitor(e.organisation_id, e.organisation_name, e.country, list(e.product_ids),
                                           list(e.product_titles), e.confirmed, str(e.booth_size), needs,
                                           frozenset(categories.get(e.organisation_id, ())))
    return out


def _exhibitor(edition, organisation_id: int, known: dict[int, Exhibitor] | None = None) -> Exhibitor:
    known = exhibitors(edition) if known is None else known
    ex = known.get(int(organisation_id))
    if ex is None:
        raise _err(NotFound, "not_an_exhibitor", _("This organisation has no accepted product in this edition."),
                   {"organisation_id": [_("Not an exhibitor of this edition.")]})
    return ex


def _sync_product_codes(edition, organisation_ids: Iterable[int], known: dict[int, Exhibitor] | None = None) -> None:
    """Write each organisation's booth code on its accepted products (no commit)."""
    from techfest.submissions import services as submissions

    ids = {int(i) for i in organisation_ids}
    if not ids:
        return
    known = exhibitors(edition) if known is None else known
    codes = booth_codes_for_organisations(edition, ids)
    mapping = {pid: codes.get(oid) for oid in ids if oid in known for pid in known[oid].product_ids}
    if mapping:
        submissions.record_booth_codes(edition, mapping)


# --- read API for other domains -----------------------------------------------------------

def booth_codes_for_organisations(edition, organisation_ids: Iterable[int]) -> dict[int, str]:
    ids = list({int(i) for i in organisation_ids})
    if not ids:
        return {}
    rows = db.session.execute(select(BoothAssignment.organisation_id, Booth.code).join(Booth, Booth.id == BoothAssignment.booth_id)
                              .where(BoothAssignment.edition_id == edition.id, BoothAssignment.organisation_id.in_(ids)))
    return {oid: code for oid, code in rows}


def booth_for_organisation(edition, organisation_id: int) -> str | None:
    """The booth code of an organisation in ``edition`` ("A-12"), or None."""
    return booth_codes_for_organisations(edition, [organisation_id]).get(int(organisation_id))


def booth_codes_for_products(edition, product_ids: Iterable[int]) -> dict[int, str]:
    """Booth codes of products (their organisation's booth); products without one are absent."""
    from techfest.submissions import services as submissions

    products = {pid: p for pid, p in submissions.products_by_ids(product_ids).items() if p.edition_id == edition.id}
    codes = booth_codes_for_organisations(edition, {p.organisation_id for p in products.values()})
    return {pid: codes[p.organisation_id] for pid, p in products.items() if p.organisation_id in codes}
