"""Exports: the booth list as CSV (the import format plus hall, exhibitor, products, lock) and a
printable PDF of the plan (WeasyPrint: one landscape A3 page per hall with its legend, then the
booth list), with embedded Noto fonts covering Vietnamese and Korean."""
from __future__ import annotations

import logging
from pathlib import Path

from flask import render_template
from markupsafe import Markup

from techfest.core.db import db

from . import csvio, planview, services

logger = logging.getLogger(__name__)

FONT_FILES = {
    ("Techfest Sans", 400): "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    ("Techfest Sans", 700): "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    ("Techfest CJK", 400): "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    ("Techfest CJK", 700): "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
}


def csv_bytes(edition) -> bytes:
    ctx = planview.context(edition)
    rows = []
    for b in db.session.scalars(services.booths_query(edition)).unique():
        a = b.assignment
        ex = ctx.exhibitors.get(a.organisation_id) if a else None
        rows.append([b.code, b.zone.name if b.zone else "", b.x_m, b.y_m, b.w_m, b.h_m, str(b.type), str(b.size),
                     ";".join(sorted(b.features)), b.accessible, b.price_tier, str(b.status), b.hall.name,
                     a.organisation.name if a else "", "; ".join(ex.product_titles) if ex else "",
                     bool(a and a.locked)])
    return csvio.write(rows)


def font_css() -> str:
    """@font-face rules for the files present (WeasyPrint embeds the subsets it uses)."""
    rules = []
    for (family, weight), path in FONT_FILES.items():
        p = Path(path)
        if p.is_file():
            rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; src: url("{p.as_uri()}"); }}')
    return Markup("\n".join(rules))  # our own file paths, no user text


def plan_pdf(edition, locale: str = "vi") -> bytes:
    from weasyprint import HTML

    ctx = planview.context(edition)
    pages = []
    for hall in services.halls_for(edition):
        booths = services.hall_booths(hall)
        svg = planview.render(hall, booths, mode="zone", audience="public", ctx=ctx, locale=locale, with_legend=True,
                              px_per_m=10)
        rows = [(b.code, b.zone.name if b.zone else "", b.assignment.organisation.name if b.assignment else "",
                 "; ".join(ctx.exhibitors[b.assignment.organisation_id].product_titles)
                 if b.assignment and b.assignment.organisation_id in ctx.exhibitors else "")
                for b in booths if b.assignment is not None]
        pages.append({"hall": hall, "svg": svg, "rows": rows, "count": len(booths),
                      "assigned": sum(1 for b in booths if b.assignment)})
    html = render_template("booths/plan_pdf.html", edition=edition, pages=pages, font_css=font_css())
    pdf = HTML(string=html).write_pdf()
    logger.info("plan PDF of edition %s rendered (%s halls, %s bytes)", edition.id, len(pages), len(pdf))
    return pdf
