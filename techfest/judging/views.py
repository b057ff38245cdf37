"""Judging pages: organizers (rounds, rubric, judges, assignment, results, awards, exports,
audit), judges (their profile and phone-first scoring in walking order) and the public
results with the award certificates."""
from __future__ import annotations

from flask import Blueprint, Response, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from techfest.accounts.forms import ConfirmForm
from techfest.core.api import paginate_select
from techfest.core.auth import public, require
from techfest.core.db import db
from techfest.core.errors import DomainError, InvalidTransition, NotFound
from techfest.core.forms import apply_domain_errors, flash_refusal
from techfest.editions.services import visible_edition

from . import results, scoring, services, workflow
from .forms import (AddAssignmentForm, AwardForm, CriterionForm, JudgeProfileForm, RemoveAssignmentForm, RoundForm,
                    TransitionForm, sheet_form_class)
from .models import (AUDIT_LABELS, AWARD_LABELS, MEDALS, METHOD_LABELS, SHEET_LABELS, STATUS_LABELS,
                     TRANSITION_LABELS, AuditAction, AwardKind, SheetStatus)
from .workflow import RoundStatus

bp = Blueprint("judging", __name__)

AUDIT_PER_PAGE = 50
CSV_TABLES = ("results", "scores")


def _locale() -> str:
    return str(get_locale() or "vi")


def _labels() -> dict:
    return {"status_labels": STATUS_LABELS, "transition_labels": TRANSITION_LABELS, "sheet_labels": SHEET_LABELS,
            "award_labels": AWARD_LABELS, "method_labels": METHOD_LABELS, "locale": _locale(), "workflow": workflow,
            "RoundStatus": RoundStatus, "SheetStatus": SheetStatus}


def _round(round_slug: str):
    return services.get_round(g.edition, round_slug)


def _page_status(form, refused: DomainError | None = None) -> int:
    """What a form page answers when it shows the form again: the status of the service's
    refusal (422 invalid input, 409 a state conflict such as a closed round or a change made
    meanwhile, 404 ...), else 422 when the form itself has errors, else 200."""
    if refused is not None:
        return refused.status
    return 422 if form.errors else 200


# --- organizers: rounds ----------------------------------------------------------------------

def _category_choices(edition):
    return [(c.id, c.label(_locale())) for c in services.categories_of(edition)]


def _round_data(form: RoundForm, include_categories: bool = True) -> dict:
    """The service's data. Judges per product is always sent (a page past the draft posts the
    current value, hidden; a changed one from a page loaded while the round was a draft is then
    refused instead of dropped); the categories only while they are on the page."""
    data = {"name": form.name.data, "name_en": form.name_en.data or "", "slug": form.slug.data or "",
            "description": form.description.data or "", "method": form.method.data, "podium": form.podium.data,
            "judges_per_product": form.judges_per_product.data}
    if include_categories:
        data["category_ids"] = form.category_ids.data or []
    return data


@bp.route("/editions/<slug>/manage/judging", methods=["GET", "POST"])
@require("judging.manage")
def manage(slug: str):
    edition = g.edition
    form = RoundForm()
    form.category_ids.choices = _category_choices(edition)
    if request.method == "GET":
        form.category_ids.data = [c for c, _label in form.category_ids.choices]
    refused = None
    if form.validate_on_submit():
        try:
            rnd = services.create_round(current_user, edition, _round_data(form),
                                        default_rubric=bool(form.default_rubric.data))
        except DomainError as exc:
            db.session.rollback()
            refused = exc
            apply_domain_errors(form, exc)
        else:
            flash(_("Round “%(name)s” created as a draft.", name=rnd.name), "success")
            return redirect(url_for("judging.round_page", slug=slug, round_slug=rnd.slug))
    rounds = services.rounds_for(edition)
    return render_template("judging/manage.html", edition=edition, rounds=rounds, form=form,
                           judges=services.edition_judges(edition), **_labels()), _page_status(form, refused)


@bp.route("/editions/<slug>/manage/judging/rounds/<round_slug>")
@require("judging.manage")
def round_page(slug: str, round_slug: str):
    edition = g.edition
    rnd = _round(round_slug)
    progress = results.round_progress(edition, rnd)
    targets = workflow.allowed_targets(rnd.status)
    return render_template("judging/round.html", edition=edition, rnd=rnd, progress=progress, targets=targets,
                           transition_form=TransitionForm(), confirm=ConfirmForm(),
                           products=len(services.eligible_products(edition, rnd)),
                           awards=len(results.awards_for(rnd)), **_labels())


@bp.route("/editions/<slug>/manage/judging/rounds/<round_slug>/settings", methods=["GET", "POST"])
@require("judging.manage")
def round_settings(slug: str, round_slug: str):
    edition = g.edition
    rnd = _round(round_slug)
    form = RoundForm(obj=rnd)
    del form.default_rubric
    form.category_ids.choices = _category_choices(edition)
    if request.method == "GET":
        form.category_ids.data = sorted(rnd.category_ids)
        form.method.data = str(rnd.method)
    refused = None
    if form.validate_on_submit():
        try:
            services.update_round(current_user, edition, rnd, _round_data(
                form, include_categories=workflow.rubric_editable(rnd.status)))
        except DomainError as exc:
            db.session.rollback()
            refused = exc
            apply_domain_errors(form, exc)
            if isinstance(exc, InvalidTransition) and exc.fields:   # locked: no longer inputs on the page
                flash(exc.message, "danger")
        else:
            flash(_("The round has been saved."), "success")
            return redirect(url_for("judging.round_page", slug=slug, round_slug=rnd.slug))
    return render_template("judging/round_settings.html", edition=edition, rnd=rnd, form=form,
                           **_labels()), _page_status(form, refused)


@bp.route("/editions/<slug>/manage/judging/rounds/<round_slug>/transition", methods=["POST"])
@require("judging.manage")
def transition(slug: str, round_slug: str):
    edition = g.edition
    rnd = _round(round_slug)
    form = TransitionForm()
    if form.validate_on_submit():
        try:
            services.transition_round(current_user, edition, rnd, form.to.data)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
        else:
            flash(_("The round is now: %(status)s.", status=STATUS_LABELS[rnd.status]), "success")
    else:
        flash_refusal(form)
    return redirect(url_for("judging.round_page", slug=slug, round_slug=round_slug))


# --- organizers: rubric ----------------------------------------------------------------------

def _criterion_data(form: CriterionForm) -> dict:
    return {"name": form.name.data, "name_en": form.name_en.data or "", "key": form.key.data or "",
            "weight": form.weight.data, "min_value": form.min_value.data if form.min_value.data is not None else 1,
            "max_value": form.max_value.data if form.max_value.data is not None else 10,
            "guidance": form.guidance.data or "", "guidance_en": form.guidance_en.data or "",
            "position": form.position.data}


@bp.route("/editions/<slug>/manage/judging/rounds/<round_slug>/rubric", methods=["GET", "POST"])
@require("judging.manage")
def rubric(slug: str, round_slug: str):
    edition = g.edition
    rnd = _round(round_slug)
    form = CriterionForm()
    refused = None
    if form.validate_on_submit():
        try:
            criterion = services.add_criterion(current_user, edition, rnd, _criterion_data(form))
        except DomainError as exc:
            db.session.rollback()
            refused = exc
            apply_domain_errors(form, exc)
        else:
            flash(_("Criterion “%(name)s” added.", name=criterion.name), "success")
            return redirect(url_for("judging.rubric", slug=slug, round_slug=round_slug))
    return render_template("judging/rubric.html", edition=edition, rnd=rnd, form=form, confirm=ConfirmForm(),
                           **_labels()), _page_status(form, refused)


@bp.route("/editions/<slug>/manage/judging/rounds/<round_slug>/rubric/<int:criterion_id>", methods=["GET", "POST"])
@require("judging.manage")
def criterion_edit(slug: str, round_slug: str, criterion_id: int):
    edition = g.edition
    rnd = _round(round_slug)
    criterion = services.get_criterion(rnd, criterion_id)
    form = CriterionForm(obj=criterion)
    refused = None
    if form.validate_on_submit():
        try:
            services.update_criterion(current_user, edition, rnd, criterion, _criterion_data(form))
        except DomainError as exc:
            db.session.rollback()
            refused = exc
            apply_domain_errors(form, exc)
        else:
            flash(_("Criterion “%(name)s” saved.", name=criterion.name), "success")
            return redirect(url_for("judging.rubric", slug=slug, round_slug=round_slug))
    return render_template("judging/criterion.html", edition=edition, rnd=rnd, criterion=criterion, form=form,
                           **_labels()), _page_status(form, refused)


@bp.route("/editions/<slug>/manage/judging/rounds/<round_slug>/rubric/<int:criterion_id>/delete", methods=["POST"])
@require("judging.manage")
def criterion_delete(slug: str, round_slug: str, criterion_id: int):
    edition = g.edition
    rnd = _round(round_slug)
    criterion = services.get_criterion(rnd, criterion_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.delete_criterion(current_user, edition, rnd, criterion)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
        else:
            flash(_("The criterion has been deleted."), "success")
    return redirect(url_for("judging.rubric", slug=slug, round_slug=round_slug))


# --- judges' profiles (organizers and the judges themselves) --------------------------------

def _profile_form(edition, profile) -> JudgeProfileForm:
    form = JudgeProfileForm()
    own = profile.judge.organisation_id
    orgs = [o for o in services.conflict_organisations(edition) if o.id != own]
    known = {o.id for o in orgs}
    orgs += [c.organisation for c in profile.conflicts if c.organisation_id not in known and c.organisation]
    form.conflicts.choices = [(o.id, o.name) for o in orgs]
    form.expertise.choices = _category_choices(edition)
    if request.method == "GET":
        form.conflicts.data = sorted(c.organisation_id for c in profile.conflicts)
        form.expertise.data = sorted(profile.expertise)
        form.reason.data = next((c.reason for c in profile.conflicts if c.reason), "")
    return form


def _save_profile(edition, judge, form) -> DomainError | None:
    """Save the profile form; the service's refusal (shown on the form) or None."""
    try:
        services.set_judge_profile(current_user, edition, judge, conflict_ids=form.conflicts.data or [],
                                   expertise_ids=form.expertise.data or [], reason=form.reason.data or "")
    except DomainError as exc:
        db.session.rollback()
        apply_domain_errors(form, exc)
        return exc
    return None


@bp.route("/editions/<slug>/manage/judging/judges")
@require("judging.manage")
def judges(slug: str):
    edition = g.edition
    people = [(j, services.judge_profile(edition, j)) for j in services.edition_judges(edition)]
    categories = {c.id: c for c in services.categories_of(edition)}
    return render_template("judging/judges.html", edition=edition, people=people, categories=categories,
                           **_labels())


@bp.route("/editions/<slug>/manage/judging/judges/<int:user_id>", methods=["GET", "POST"])
@require("judging.manage")
def judge_edit(slug: str, user_id: int):
    edition = g.edition
    judge = next((j for j in services.edition_judges(edition) if j.id == user_id), None)
    if judge is None:
        raise NotFound(_("This person is not a judge of this edition."))
    profile = services.judge_profile(edition, judge)
    form = _profile_form(edition, profile)
    refused = None
    if form.validate_on_submit():
        refused = _save_profile(edition, judge, form)
        if refused is None:
            flash(_("The profile of %(name)s has been saved.", name=judge.name), "success")
            return redirect(url_for("judging.judges", slug=slug))
    return render_template("judging/profile.html", edition=edition, judge=judge, profile=profile, form=form,
                           organizer=True, **_labels()), _page_status(form, refused)


# --- organizers: assignment ------------------------------------------------------------------

@bp.route("/editions/<slug>/manage/judging/rounds/<round_slug>/assignment")
@require("judging.manage")
def assignment(slug: str, round_slug: str):
    edition = g.edition
    rnd = _round(round_slug)
    matrix = services.assignment_matrix(edition, rnd)
    return render_template("judging/assignment.html", edition=edition, rnd=rnd, matrix=matrix, confirm=ConfirmForm(),
                           **_labels())


@bp.route("/editions/<slug>/manage/judging/rounds/<round_slug>/assignment/run", methods=["POST"])
@require("judging.manage")
def assign(slug: str, round_slug: str):
    edition = g.edition
    rnd = _round(round_slug)
    if ConfirmForm().validate_on_submit():
        try:
            result = services.assign_judges(current_user, edition, rnd)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
        else:
            flash(_("%(added)s assignments added: every one of the %(products)s products has at least %(k)s judges.",
                    added=result.added, products=result.products, k=rnd.judges_per_product), "success")
            if not result.balanced:
                flash(_("Conflicts of interest make equal loads impossible: loads range from %(low)s to %(high)s.",
                        low=result.load_range[0], high=result.load_range[1]), "warning")
    return redirect(url_for("judging.assignment", slug=slug, round_slug=round_slug))


def _product_row(matrix, pid: int):
    row = next((r for r in matrix.rows if r.product.id == pid), None)
    if row is None:
        raise NotFound(_("Product not found."))
    return row


@bp.route("/editions/<slug>/manage/judging/rounds/<round_slug>/assignment/<int:pid>", methods=["GET", "POST"])
@require("judging.manage")
def assignment_product(slug: str, round_slug: str, pid: int):
    edition = g.edition
    rnd = _round(round_slug)
    matrix = services.assignment_matrix(edition, rnd)
    row = _product_row(matrix, pid)
    free = [j for j in matrix.judges if j.id not in row.cells and j.id not in row.conflicted]
    form = AddAssignmentForm()
    form.judge_id.choices = [(j.id, _("%(name)s (%(load)s products)", name=j.name, load=matrix.loads.get(j.id, 0)))
                             for j in free]
    remove_forms = {}
    for jid, a in row.cells.items():
        rf = RemoveAssignmentForm(prefix=f"r{a.id}")
        rf.replacement_id.choices = [("", _("Nobody (just remove)"))] + [(str(j.id), j.name) for j in free]
        remove_forms[a.id] = rf
    refused = None
    if form.validate_on_submit():
        try:
            services.add_assignment(current_user, edition, rnd, pid, form.judge_id.data, force=bool(form.force.data))
        except DomainError as exc:
            db.session.rollback()
            refused = exc
            apply_domain_errors(form, exc)
        else:
            flash(_("Judge assigned."), "success")
            return redirect(url_for("judging.assignment_product", slug=slug, round_slug=round_slug, pid=pid))
    return render_template("judging/assignment_product.html", edition=edition, rnd=rnd, matrix=matrix, row=row,
                           form=form, remove_forms=remove_forms, **_labels()), _page_status(form, refused)


@bp.route("/editions/<slug>/manage/judging/rounds/<round_slug>/assignment/<int:pid>/remove/<int:assignment_id>",
          methods=["POST"])
@require("judging.manage")
def assignment_remove(slug: str, round_slug: str, pid: int, assignment_id: int):
    edition = g.edition
    rnd = _round(round_slug)
    form = RemoveAssignmentForm(prefix=f"r{assignment_id}")
    form.replacement_id.choices = [("", "")] + [(str(j.id), j.name) for j in services.edition_judges(edition)]
    if form.validate_on_submit():
        try:
            services.remove_assignment(current_user, edition, rnd, assignment_id, force=bool(form.force.data),
                                       replacement_id=form.replacement_id.data or None)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
        else:
            flash(_("The assignment has been changed."), "success")
    else:
        flash(_("Choose a judge from the list."), "danger")
    return redirect(url_for("judging.assignment_product", slug=slug, round_slug=round_slug, pid=pid))


# --- organizers: results, awards, exports, audit ---------------------------------------------

@bp.route("/editions/<slug>/manage/judging/rounds/<round_slug>/results")
@require("judging.manage")
def results_page(slug: str, round_slug: str):
    edition = g.edition
    rnd = _round(round_slug)
    st = results.round_standings(edition, rnd)
    award_form = AwardForm()
    award_form.product_id.choices = [(r.product.id, r.product.title) for b in st.blocks for r in b.rows] + \
        [(p.id, p.title) for b in st.blocks for p in b.unscored]
    return render_template("judging/results.html", edition=edition, rnd=rnd, st=st, award_form=award_form,
                           confirm=ConfirmForm(), awards=results.awards_for(rnd), medals=MEDALS,
                           AwardKind=AwardKind, **_labels())


@bp.route("/editions/<slug>/manage/judging/rounds/<round_slug>/awards", methods=["POST"])
@require("judging.manage")
def award_grant(slug: str, round_slug: str):
    edition = g.edition
    rnd = _round(round_slug)
    form = AwardForm()
    form.product_id.choices = [(p.id, p.title) for p in services.eligible_products(edition, rnd)]
    if form.validate_on_submit():
        try:
            award = results.grant_award(current_user, edition, rnd, form.product_id.data, form.kind.data,
                                        prize_name=form.prize_name.data or "",
                                        prize_name_en=form.prize_name_en.data or "",
                                        citation=form.citation.data or "")
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
        else:
            flash(_("%(award)s granted to “%(product)s”.", award=award.display_prize(_locale()),
                    product=award.product.title), "success")
    else:
        flash(_("Choose a product and an award from the lists."), "danger")
    return redirect(url_for("judging.results_page", slug=slug, round_slug=round_slug) + "#awards")


@bp.route("/editions/<slug>/manage/judging/rounds/<round_slug>/awards/clear-places", methods=["POST"])
@require("judging.manage")
def award_clear_places(slug: str, round_slug: str):
    edition = g.edition
    rnd = _round(round_slug)
    if ConfirmForm().validate_on_submit():
        try:
            n = results.award_clear_places(current_user, edition, rnd)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
        else:
            flash(_("%(n)s medals granted where the ranking is clear; contested places are left to the jury.", n=n),
                  "success")
    return redirect(url_for("judging.results_page", slug=slug, round_slug=round_slug) + "#awards")


@bp.route("/editions/<slug>/manage/judging/rounds/<round_slug>/awards/<int:award_id>/revoke", methods=["POST"])
@require("judging.manage")
def award_revoke(slug: str, round_slug: str, award_id: int):
    edition = g.edition
    rnd = _round(round_slug)
    if ConfirmForm().validate_on_submit():
        try:
            results.revoke_award(current_user, edition, rnd, award_id)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
        else:
            flash(_("The award has been revoked."), "success")
    return redirect(url_for("judging.results_page", slug=slug, round_slug=round_slug) + "#awards")


@bp.route("/editions/<slug>/manage/judging/rounds/<round_slug>/export/<table>.csv")
@require("judging.manage")
def export(slug: str, round_slug: str, table: str):
    edition = g.edition
    rnd = _round(round_slug)
    if table not in CSV_TABLES:
        raise NotFound(_("Page not found"))
    if table == "results":
        header, rows = results.results_table(edition, rnd, _locale())
    else:
        header, rows = results.scores_table(edition, rnd)
    name = f"{edition.slug}-{rnd.slug}-{table}.csv"
    return Response(results.to_csv(header, rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private"})


def _pdf(data: bytes, filename: str, private: bool) -> Response:
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{filename}"',
        "Cache-Control": "private, no-store" if private else "public, max-age=300"})


@bp.route("/editions/<slug>/manage/judging/rounds/<round_slug>/certificates.pdf")
@require("judging.manage")
def certificates(slug: str, round_slug: str):
    """Every certificate of the round, one page per winner (for printing)."""
    edition = g.edition
    rnd = _round(round_slug)
    verify = url_for("judging.public_results", slug=slug, round_slug=round_slug, _external=True)
    pdf = results.certificates_pdf(edition, rnd, results.awards_for(rnd), verify)
    return _pdf(pdf, f"{edition.slug}-{rnd.slug}-certificates.pdf", private=True)


@bp.route("/editions/<slug>/manage/judging/rounds/<round_slug>/certificates/<cert_code>.pdf")
@require("judging.manage")
def certificate(slug: str, round_slug: str, cert_code: str):
    edition = g.edition
    rnd = _round(round_slug)
    award = results.award_by_code(rnd, cert_code)
    verify = url_for("judging.public_results", slug=slug, round_slug=round_slug, _external=True)
    return _pdf(results.certificates_pdf(edition, rnd, [award], verify), f"certificate-{award.code}.pdf",
                private=True)


@bp.route("/editions/<slug>/manage/judging/rounds/<round_slug>/audit")
@require("judging.manage")
def audit(slug: str, round_slug: str):
    edition = g.edition
    rnd = _round(round_slug)
    action = request.args.get("action", "")
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    result = paginate_select(services.audit_query(rnd, action), page, AUDIT_PER_PAGE)
    return render_template("judging/audit.html", edition=edition, rnd=rnd, result=result, action=action,
                           audit_labels=AUDIT_LABELS, actions=list(AuditAction), **_labels())


# --- judges ----------------------------------------------------------------------------------

@bp.route("/editions/<slug>/judging")
@require("judging.score")
def my_rounds(slug: str):
    edition = g.edition
    return render_template("judging/my_rounds.html", edition=edition,
                           rounds=scoring.judge_rounds(current_user, edition),
                           profile=services.judge_profile(edition, current_user) if services.is_judge(current_user, edition)
                           else None, **_labels())


@bp.route("/editions/<slug>/judging/profile", methods=["GET", "POST"])
@require("judging.score")
def profile(slug: str):
    edition = g.edition
    if not services.is_judge(current_user, edition):
        raise NotFound(_("This person is not a judge of this edition."))
    prof = services.judge_profile(edition, current_user)
    form = _profile_form(edition, prof)
    refused = None
    if form.validate_on_submit():
        refused = _save_profile(edition, current_user, form)
        if refused is None:
            flash(_("Your conflicts of interest and expertise have been saved."), "success")
            return redirect(url_for("judging.my_rounds", slug=slug))
    return render_template("judging/profile.html", edition=edition, judge=current_user, profile=prof, form=form,
                           organizer=False, **_labels()), _page_status(form, refused)


@bp.route("/editions/<slug>/judging/rounds/<round_slug>")
@require("judging.score")
def walk(slug: str, round_slug: str):
    edition = g.edition
    rnd = _round(round_slug)
    rows = scoring.judge_sheets(current_user, edition, rnd)
    return render_template("judging/walk.html", edition=edition, rnd=rnd, rows=rows, **_labels())


@bp.route("/editions/<slug>/judging/rounds/<round_slug>/<int:pid>", methods=["GET", "POST"])
@require("judging.score")
def sheet(slug: str, round_slug: str, pid: int):
    edition = g.edition
    rnd = _round(round_slug)
    view = scoring.judge_sheet(current_user, edition, rnd, pid)
    form = sheet_form_class(view.criteria, _locale())()
    if request.method == "GET":
        for c in view.criteria:
            value = view.values.get(c.key)
            getattr(form, f"c_{c.key}").data = (str(value) if value is not None else None) \
                if c.max_value - c.min_value <= 10 else value
        form.comment.data = view.assignment.comment
    refused = None
    if form.validate_on_submit():
        submit = bool(form.submit_sheet.data)
        values = {c.key: getattr(form, f"c_{c.key}").data for c in view.criteria}
        try:
            scoring.save_sheet(current_user, edition, rnd, pid, values, form.comment.data or "", submit=submit)
        except DomainError as exc:
            db.session.rollback()
            refused = exc
            apply_domain_errors(form, exc, aliases={c.key: f"c_{c.key}" for c in view.criteria})
        else:
            if submit or view.assignment.status == SheetStatus.SUBMITTED:
                flash(_("Scores for “%(product)s” submitted.", product=view.product.title), "success")
                target = view.next_unscored_id
                if target is not None:
                    return redirect(url_for("judging.sheet", slug=slug, round_slug=round_slug, pid=target))
                return redirect(url_for("judging.walk", slug=slug, round_slug=round_slug))
            flash(_("Draft saved. It counts only once you submit it."), "success")
            return redirect(url_for("judging.sheet", slug=slug, round_slug=round_slug, pid=pid))
    return render_template("judging/sheet.html", edition=edition, rnd=rnd, view=view, form=form,
                           **_labels()), _page_status(form, refused)


# --- public ----------------------------------------------------------------------------------

@bp.route("/editions/<slug>/awards")
@public
def awards_index(slug: str):
    edition = visible_edition(slug, current_user)
    rounds = results.published_rounds(edition)
    if len(rounds) == 1:
        return redirect(url_for("judging.public_results", slug=slug, round_slug=rounds[0].slug))
    return render_template("judging/public_index.html", edition=edition, rounds=rounds, **_labels())


@bp.route("/editions/<slug>/awards/<round_slug>")
@public
def public_results(slug: str, round_slug: str):
    edition = visible_edition(slug, current_user)
    rnd = results.published_round(edition, round_slug)
    return render_template("judging/public_results.html", edition=edition, rnd=rnd,
                           res=results.public_results(edition, rnd), **_labels())


@bp.route("/editions/<slug>/awards/<round_slug>/<cert_code>.pdf")
@public
def public_certificate(slug: str, round_slug: str, cert_code: str):
    edition = visible_edition(slug, current_user)
    rnd = results.published_round(edition, round_slug)
    award = results.award_by_code(rnd, cert_code)
    verify = url_for("judging.public_results", slug=slug, round_slug=round_slug, _external=True)
    return _pdf(results.certificates_pdf(edition, rnd, [award], verify), f"certificate-{award.code}.pdf",
                private=False)
