"""What the forum API's resources share: the edition of the request, and a page of a list."""
from __future__ import annotations

from flask import g
from flask_login import current_user

from techfest.editions.services import visible_edition

from .. import services


def page_slice(items: list, args: dict) -> dict:
    page, per_page = args["page"], args["per_page"]
    return {"items": items[(page - 1) * per_page: page * per_page], "page": page, "per_page": per_page,
            "total": len(items)}


def public_edition(slug: str):
    """The edition (published, or visible to the caller) and its published programme (or None)."""
    edition = visible_edition(slug, current_user)
    g.edition = edition
    return edition, services.published_programme(edition)


def managed_edition(slug: str):
    """The edition an organizer works on (drafts included)."""
    from techfest.editions.services import get_edition_or_404

    edition = getattr(g, "edition", None) or get_edition_or_404(slug, include_draft=True)
    g.edition = edition
    return edition
