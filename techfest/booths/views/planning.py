"""Planning the allocation, for organizers: its inputs (exhibitors and their priority tiers,
competitor pairs, scoring settings) and its runs (compute, review, publish or discard a proposal)."""
from __future__ import annotations

from flask import Response, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from techfest.accounts.forms import ConfirmForm
from techfest.core.auth import require
from techfest.core.db import db, db_int
from techfest.core.errors import DomainError
from techfest.core.forms import apply_domain_errors

from .. import proposals, scoring, services
from ..forms import CompetitorForm, RunForm, SettingsForm, TierForm
from . import bp
from .common import _labels


# --- exhibitors, tiers, competitors, settings --------------------------------------------

@bp.route("/editions/<slug>/manage/booths/exhibitors")
@require("booths.manage")
def exhibitors(slug: str):
    edition = g.edition
    rows = services.exhibitor_rows(edition)
    q = (request.args.get("q") or "")[:100]
    if q:
        from techfest.core.search import fold

        words = fold(q).split()
        rows = [r for r in rows if all(w in fold(r.exhibitor.name) for w in words)]
    only = request.args.get("show")
    if only == "unplaced":
        rows = [r for r in rows if r.assignment is None]
    return render_template("booths/exhibitors.html", edition=edition, rows=rows, q=q, show=only,
                           tier_form=TierForm(formdata=None), **_labels())


@bp.route("/editions/<slug>/manage/booths/exhibitors/tier", methods=["POST"])
@require("booths.manage")
def set_tier(slug: str):
    edition = g.edition
    form = TierForm()
    if form.validate_on_submit():
        try:
            services.set_tier(current_user, edition, db_int(form.organisation_id.data), form.tier.data)
        except (DomainError, ValueError) as exc:
            db.session.rollback()
            flash(getattr(exc, "message", _("Not a valid choice.")), "danger")
        else:
            flash(_("Priority tier saved."), "success")
    else:
        flash(_("Choose a tier."), "danger")
    return redirect(url_for("booths.exhibitors", slug=slug, **({"q": request.args["q"]} if request.args.get("q") else {})))


@bp.route("/editions/<slug>/manage/booths/competitors", methods=["GET", "POST"])
@require("booths.manage")
def competitors(slug: str):
    edition = g.edition
    known = sorted(services.exhibitors(edition).values(), key=lambda e: e.name.casefold())
    form = CompetitorForm()
    form.set_exhibitors(known)
    if form.validate_on_submit():
        try:
            _pair, adjacent = services.add_competitor_pair(current_user, edition, form.first.data, form.second.data)
        except DomainError as exc:
            db.session.rollback()
            apply_domain_errors(form, exc, aliases={"organisation_id": "first"})
        else:
            flash(_("Competitor pair added: the allocation keeps them apart."), "success")
            if adjacent:
                flash(_("These two are on neighbouring booths right now: move one of them."), "warning")
            return redirect(url_for("booths.competitors", slug=slug))
    return render_template("booths/competitors.html", edition=edition, form=form,
                           pairs=services.competitor_pairs(edition), confirm=ConfirmForm()), (422 if form.errors else 200)


@bp.route("/editions/<slug>/manage/booths/competitors/<int:pair_id>/delete", methods=["POST"])
@require("booths.manage")
def delete_competitor(slug: str, pair_id: int):
    edition = g.edition
    if ConfirmForm().validate_on_submit():
        services.delete_competitor_pair(current_user, edition, pair_id)
        flash(_("The competitor pair has been removed."), "success")
    return redirect(url_for("booths.competitors", slug=slug))


@bp.route("/editions/<slug>/manage/booths/settings", methods=["GET", "POST"])
@require("booths.manage")
def settings(slug: str):
    edition = g.edition
    form = SettingsForm()
    if request.method == "GET":
        form.load(services.allocation_config(edition))
    if form.validate_on_submit():
        try:
            services.save_allocation_config(current_user, edition, form.config())
        except DomainError as exc:
            apply_domain_errors(form, exc)
        else:
            flash(_("The allocation settings have been saved."), "success")
            return redirect(url_for("booths.settings", slug=slug))
    config = services.allocation_config(edition)
    return render_template("booths/settings.html", edition=edition, form=form, config=config,
                           defaults=scoring.DEFAULT_CONFIG, **_labels()), (422 if form.errors else 200)


# --- allocation ---------------------------------------------------------------------------

@bp.route("/editions/<slug>/manage/booths/allocation", methods=["GET", "POST"])
@require("booths.manage")
def allocation(slug: str):
    edition = g.edition
    form = RunForm()
    if form.validate_on_submit():
        try:
            run = proposals.run_allocation(current_user, edition, float(form.time_limit.data or 10))
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
        else:
            flash(_("Proposal computed: %(placed)s of %(total)s exhibitors placed.", placed=run.assigned_count,
                    total=run.exhibitor_count), "success")
            return redirect(url_for("booths.proposal", slug=slug, run_id=run.id))
    known = services.exhibitors(edition)
    counts = services.status_counts(edition)
    return render_template("booths/allocation.html", edition=edition, form=form, runs=proposals.runs_for(edition),
                           exhibitor_count=len(known), counts=counts, **_labels()), (422 if form.errors else 200)


@bp.route("/editions/<slug>/manage/booths/allocation/<int:run_id>")
@require("booths.manage")
def proposal(slug: str, run_id: int):
    edition = g.edition
    run = proposals.get_run(edition, run_id)
    show = request.args.get("show") or "changes"
    rows = run.rows
    if show == "changes":
        rows = [r for r in rows if r["change"] != "unchanged"]
    elif show == "unassigned":
        rows = [r for r in rows if not r["proposed"]]
    order = {"removed": 0, "unassigned": 1, "moved": 2, "new": 3, "unchanged": 4}
    rows = sorted(rows, key=lambda r: (order.get(r["change"], 9), r["name"].casefold()))
    return render_template("booths/proposal.html", edition=edition, run=run, rows=rows, show=show,
                           summary=proposals.summary(run), current=proposals.is_current(edition, run),
                           confirm=ConfirmForm(), **_labels())


@bp.route("/editions/<slug>/manage/booths/allocation/<int:run_id>/publish", methods=["POST"])
@require("booths.manage")
def publish(slug: str, run_id: int):
    edition = g.edition
    if ConfirmForm().validate_on_submit():
        try:
            counts = proposals.publish_run(current_user, edition, run_id)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
            return redirect(url_for("booths.proposal", slug=slug, run_id=run_id))
        flash(_("Proposal published: %(new)s new, %(moved)s moved, %(removed)s removed, %(same)s unchanged.",
                new=counts["new"], moved=counts["moved"], removed=counts["removed"], same=counts["unchanged"]), "success")
        return redirect(url_for("booths.manage", slug=slug))
    return redirect(url_for("booths.proposal", slug=slug, run_id=run_id))


@bp.route("/editions/<slug>/manage/booths/allocation/<int:run_id>/discard", methods=["POST"])
@require("booths.manage")
def discard(slug: str, run_id: int):
    edition = g.edition
    if ConfirmForm().validate_on_submit():
        try:
            proposals.discard_run(current_user, edition, run_id)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
        else:
            flash(_("The proposal has been discarded."), "success")
    return redirect(url_for("booths.allocation", slug=slug))


@bp.route("/editions/<slug>/manage/booths/allocation/<int:run_id>/problem.json")
@require("booths.manage")
def problem_json(slug: str, run_id: int):
    import json

    run = proposals.get_run(g.edition, run_id)
    body = json.dumps(run.problem, ensure_ascii=False, indent=1, sort_keys=True)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="allocation-{run.id}.json"'})
