"""Report pages: the organizer report per edition (+ PDF, CSV, XLSX), recorded figures, the
cross-edition comparison for organizers and the public "Techfest in numbers"."""
from __future__ import annotations

from flask import Blueprint, Response, flash, g, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from techfest.core.auth import public, require
from techfest.core.errors import DomainError
from techfest.core.forms import apply_domain_errors

from . import charts, services
from .forms import ConfirmForm, FigureForm

bp = Blueprint("reports", __name__)


def _locale() -> str:
    return str(get_locale() or "vi")


def _report(edition):
    report = services.edition_report(edition, _locale())
    report["charts"] = {grp.key: Markup((charts.column_chart if grp.kind == "column" else charts.bar_chart)(grp.rows, grp.title))  # labels escaped by charts
                        for grp in report["groups"] if grp.rows}
    return report


@bp.route("/editions/<slug>/manage/report")
@require("reports.view")
def report(slug):
    return render_template("reports/report.html", edition=g.edition, report=_report(g.edition))


@bp.route("/editions/<slug>/manage/report.pdf")
@require("reports.view")
def report_pdf(slug):
    from .pdf import render_pdf

    html = render_template("reports/report_pdf.html", edition=g.edition, report=_report(g.edition))
    return Response(render_pdf(html), mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="report-{g.edition.slug}.pdf"'})


@bp.route("/editions/<slug>/manage/report.csv")
@require("reports.view")
def report_csv(slug):
    data = services.export_csv(services.edition_report(g.edition, _locale()))
    return Response(data, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="figures-{g.edition.slug}.csv"'})


@bp.route("/editions/<slug>/manage/report.xlsx")
@require("reports.view")
def report_xlsx(slug):
    data = services.export_xlsx(services.edition_report(g.edition, _locale()))
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="figures-{g.edition.slug}.xlsx"'})


@bp.route("/editions/<slug>/manage/report/figures")
@require("reports.view")
def figures(slug):
    return render_template("reports/figures.html", edition=g.edition, figures=services.figures_for_edition(g.edition),
                           confirm_form=ConfirmForm())


def _figure_form(edition, figure=None):
    form = FigureForm(obj=figure)
    if figure is not None and not form.is_submitted():
        form.value.data = str(figure.display_value)
    if form.validate_on_submit():
        try:
            services.save_figure(current_user, edition, {f.name: f.data for f in form if f.name != "csrf_token"},
                                 figure)
        except DomainError as exc:
            apply_domain_errors(form, exc)
        else:
            flash(_("The figure has been saved."), "success")
            return redirect(url_for("reports.figures", slug=edition.slug))
    return render_template("reports/figure_form.html", edition=edition, form=form, figure=figure), \
        (422 if form.errors else 200)


@bp.route("/editions/<slug>/manage/report/figures/new", methods=["GET", "POST"])
@require("reports.manage")
def figure_new(slug):
    return _figure_form(g.edition)


@bp.route("/editions/<slug>/manage/report/figures/<int:figure_id>", methods=["GET", "POST"])
@require("reports.manage")
def figure_edit(slug, figure_id):
    return _figure_form(g.edition, services.get_figure(g.edition, figure_id))


@bp.route("/editions/<slug>/manage/report/figures/<int:figure_id>/delete", methods=["POST"])
@require("reports.manage")
def figure_delete(slug, figure_id):
    figure = services.get_figure(g.edition, figure_id)
    if ConfirmForm().validate_on_submit():
        services.delete_figure(current_user, g.edition, figure)
        flash(_("The figure has been deleted."), "success")
    else:
        flash(_("The form has expired. Please try again."), "danger")
    return redirect(url_for("reports.figures", slug=g.edition.slug))


@bp.route("/manage/reports")
@require("reports.compare")
def compare():
    data = services.comparison()
    return render_template("reports/compare.html", data=data)


@bp.route("/numbers")
@public
def numbers():
    data = services.public_numbers()
    series = {k: Markup(charts.column_chart(v["series"], v["label"], width=360, height=180)) for k, v in data["totals"].items()}
    return render_template("reports/numbers.html", data=data, series=series)
