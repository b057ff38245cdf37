"""The organizers' booths overview, the change log, and the CSV and PDF exports."""
from __future__ import annotations

from flask import Response, g, render_template, request

from techfest.core.api import paginate_select
from techfest.core.auth import require

from .. import exports, proposals, services
from ..models import ChangeAction
from . import bp
from .common import _labels, _locale, _page

LOG_PER_PAGE = 50


@bp.route("/editions/<slug>/manage/booths")
@require("booths.manage")
def manage(slug: str):
    edition = g.edition
    halls = services.halls_for(edition)
    counts = services.status_counts(edition)
    booths_per_hall = services.booth_counts_by_hall(edition)
    known = services.exhibitors(edition)
    assigned = services.assignments_by_org(edition)
    return render_template("booths/manage.html", edition=edition, halls=halls, counts=counts,
                           booths_per_hall=booths_per_hall, exhibitor_count=len(known),
                           assigned_count=sum(1 for oid in known if oid in assigned),
                           proposal=proposals.latest_proposal(edition), **_labels())


# --- log and exports ----------------------------------------------------------------------

@bp.route("/editions/<slug>/manage/booths/log")
@require("booths.manage")
def log(slug: str):
    edition = g.edition
    code = (request.args.get("booth") or "")[:16]
    result = paginate_select(services.changes_query(edition, code or None), _page(), LOG_PER_PAGE)
    return render_template("booths/log.html", edition=edition, result=result, code=code, actions=ChangeAction,
                           **_labels())


@bp.route("/editions/<slug>/manage/booths/booths.csv")
@require("booths.manage")
def export_csv(slug: str):
    edition = g.edition
    return Response(exports.csv_bytes(edition), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="booths-{edition.slug}.csv"'})


@bp.route("/editions/<slug>/manage/booths/plan.pdf")
@require("booths.manage")
def plan_pdf(slug: str):
    edition = g.edition
    pdf = exports.plan_pdf(edition, _locale())
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="plan-{edition.slug}.pdf"'})
