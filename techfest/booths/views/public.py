"""The public floor plan: one hall at a time with its exhibitors, and the plan as an SVG file."""
from __future__ import annotations

from flask import Response, render_template, request, url_for
from flask_login import current_user

from techfest.core.auth import public
from techfest.core.db import db_int
from techfest.editions.services import visible_edition

from .. import planview, services
from . import bp
from .common import _labels, _locale, _mode


def _public_mode() -> str:
    """The plan's colouring; booth status is for organizers only (shown by zone instead)."""
    mode = _mode()
    return "zone" if mode == "status" else mode


def _public_link(edition, ctx):
    def link(b):
        a = b.assignment
        if a is None:
            return None
        ex = ctx.exhibitors.get(a.organisation_id)
        if ex is not None and len(ex.product_ids) == 1:
            return url_for("submissions.product_page", slug=edition.slug, product_id=ex.product_ids[0])
        return f"#exhibitor-{b.code}"
    return link


@bp.route("/editions/<slug>/floor-plan")
@public
def floor_plan(slug: str):
    edition = visible_edition(slug, current_user)
    halls = services.halls_for(edition)
    hall_id = request.args.get("hall", type=db_int)
    hall = next((h for h in halls if h.id == hall_id), halls[0] if halls else None)
    mode = _public_mode()
    svg, legend, listing = None, [], []
    if hall is not None:
        booths = services.hall_booths(hall)
        ctx = planview.context(edition)
        svg = planview.render(hall, booths, mode=mode, audience="public", ctx=ctx, locale=_locale(),
                              link=_public_link(edition, ctx))
        legend = planview.legend(hall, booths, mode, ctx, _locale())
        for b in booths:
            if b.assignment is not None:
                ex = ctx.exhibitors.get(b.assignment.organisation_id)
                listing.append((b, b.assignment.organisation.name,
                                list(zip(ex.product_ids, ex.product_titles)) if ex else []))
    return render_template("booths/floor_plan.html", edition=edition, halls=halls, hall=hall, mode=mode, svg=svg,
                           legend=legend, listing=listing, **_labels())


@bp.route("/editions/<slug>/floor-plan/<int:hall_id>.svg")
@public
def plan_svg(slug: str, hall_id: int):
    edition = visible_edition(slug, current_user)
    hall = services.get_hall(edition, hall_id)
    mode = _public_mode()
    ctx = planview.context(edition)
    svg = planview.render(hall, services.hall_booths(hall), mode=mode, audience="public", ctx=ctx, locale=_locale(),
                          link=lambda b: url_for("booths.floor_plan", slug=slug, hall=hall.id, _external=True)
                          + f"#exhibitor-{b.code}" if b.assignment else None,
                          standalone=True, with_legend=True)
    return Response(svg, mimetype="image/svg+xml")
