"""Organizers' badge pages: the preview (PDF or image) and bulk printing jobs."""
from __future__ import annotations

import io

from flask import flash, g, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from techfest.core.auth import require
from techfest.core.errors import DomainError, NotFound
from techfest.core.queue import QueueUnavailable

from .. import printing
from ..forms import PreviewForm, PrintForm
from ..models import AttendeeType
from . import bp
from .common import _filters, _manage_context


@bp.route("/editions/<slug>/manage/badges")
@require("registration.manage")
def badges(slug: str):
    edition = g.edition
    preview = PreviewForm(request.args, prefix="preview")
    return render_template("registration/badges.html", preview=preview, print_form=PrintForm(),
                           jobs=printing.recent_jobs(edition), filters=_filters(), **_manage_context(edition))


def _preview_pdf() -> bytes:
    form = PreviewForm(request.args, prefix="preview")
    form.validate()
    name = (form.name.data or "").strip()[:200] or "Nguyễn Thị Thu Hà"
    kind = form.type.data if form.type.data in AttendeeType.__members__.values() else AttendeeType.VISITOR
    return printing.preview_badge_pdf(g.edition, type=kind, name=name, organisation=(form.organisation.data or "")[:200])


@bp.route("/editions/<slug>/manage/badges/preview.pdf")
@require("registration.manage")
def badge_preview(slug: str):
    resp = send_file(io.BytesIO(_preview_pdf()), mimetype="application/pdf", download_name="badge-preview.pdf")
    resp.headers["Cache-Control"] = "no-store"
    return resp


@bp.route("/editions/<slug>/manage/badges/preview.png")
@require("registration.manage")
def badge_preview_png(slug: str):
    """The same preview as an image (phones cannot show a PDF inside a page)."""
    png = printing.pdf_to_png(_preview_pdf())
    if png is None:
        raise NotFound(_("Image previews need poppler-utils (pdftoppm) on the server: open the PDF instead."))
    resp = send_file(io.BytesIO(png), mimetype="image/png", download_name="badge-preview.png")
    resp.headers["Cache-Control"] = "no-store"
    return resp


@bp.route("/editions/<slug>/manage/badges/print", methods=["POST"])
@require("registration.manage")
def print_badges(slug: str):
    edition = g.edition
    form = PrintForm()
    if form.validate_on_submit():
        filters = {"q": form.q.data, "type": form.type.data, "day": form.day.data}
        try:
            job = printing.create_badge_job(current_user, edition, filters)
        except DomainError:
            flash(_("No confirmed registration matches: there is no badge to print."), "warning")
        else:
            try:
                printing.start_badge_job(job)
            except QueueUnavailable:
                flash(_("The print queue is not reachable: try again in a moment, or tell the site administrator."),
                      "danger")
            else:
                flash(_("Printing %(n)s badges: the file will be ready below in a moment.", n=job.total), "info")
    else:
        flash(_("Invalid data"), "danger")
    return redirect(url_for("registration.badges", slug=slug))


@bp.route("/editions/<slug>/manage/badges/jobs/<int:reg_job_id>")
@require("registration.manage")
def job_status(slug: str, reg_job_id: int):
    job = printing.get_job(g.edition, reg_job_id)
    state = printing.job_state(job)
    if job.status == "done":
        state["download"] = url_for("registration.job_download", slug=slug, reg_job_id=job.id)
    resp = jsonify(state)
    resp.headers["Cache-Control"] = "no-store"
    return resp


@bp.route("/editions/<slug>/manage/badges/jobs/<int:reg_job_id>/download")
@require("registration.manage")
def job_download(slug: str, reg_job_id: int):
    job = printing.get_job(g.edition, reg_job_id)
    path = printing.job_result_path(job)
    return send_file(path, mimetype="application/pdf", as_attachment=True,
                     download_name=f"badges-{slug}-{job.id}.pdf")
