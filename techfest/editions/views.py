"""Public edition pages, the organizer dashboard, edition editing, workflow and people."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from techfest.accounts import services as accounts
from techfest.accounts.forms import ConfirmForm, GrantRoleForm
from techfest.core.api import paginate_select
from techfest.core.auth import ROLE_LABELS, Role, public, require
from techfest.core.db import db
from techfest.core.errors import DomainError
from techfest.core.forms import apply_domain_errors, flash_refusal, logo_error

from . import services, workflow
from .forms import EditionForm, TransitionForm
from .models import STATUS_LABELS, TRANSITION_LABELS

bp = Blueprint("editions", __name__)

PER_PAGE = 20


@bp.route("/")
@public
def home():
    current = services.current_edition()
    past = list(db.session.scalars(services.public_editions().where(
        services.Edition.id != (current.id if current else -1)).limit(12)))
    return render_template("editions/home.html", current=current, past=past)


@bp.route("/editions/")
@public
def index():
    q = request.args.get("q", "")
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    result = paginate_select(services.public_editions(q), page, PER_PAGE)
    return render_template("editions/index.html", result=result, q=q, status_labels=STATUS_LABELS)


@bp.route("/editions/<slug>")
@public
def show(slug: str):
    edition = services.visible_edition(slug, current_user)
    return render_template("editions/show.html", edition=edition)


def _form_data(form: EditionForm, tz_name: str) -> dict:
    data = {k: getattr(form, k).data for k in ("name", "slug", "year", "city", "venue", "start_date",
                                              "end_date", "timezone", "description")}
    data["venue"] = data["venue"] or ""
    data["description"] = data["description"] or ""
    local = form.submission_deadline.data
    data["submission_deadline"] = local.replace(tzinfo=ZoneInfo(form.timezone.data or tz_name)) if local else None
    return data


def _edition_message(message: str) -> str:
    """The services' field messages in the page's language (logo: an ImageRejected reason)."""
    from techfest.submissions.images import REASONS

    if message in REASONS:
        return logo_error(message)
    return {"already used by another edition": _("Another edition already uses this short name.")}.get(message, message)


@bp.route("/manage/editions")
@require("edition.create")
def manage_list():
    q = request.args.get("q", "")
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    stmt = services.all_editions(q)
    if not current_user.is_admin:
        from techfest.accounts.services import editions_where

        mine = editions_where(current_user, Role.ORGANIZER)
        stmt = stmt.where((services.Edition.status != workflow.EditionStatus.DRAFT) | services.Edition.id.in_(mine))
    result = paginate_select(stmt, page, PER_PAGE)
    return render_template("editions/manage_list.html", result=result, q=q, status_labels=STATUS_LABELS)


@bp.route("/manage/editions/new", methods=["GET", "POST"])
@require("edition.create")
def create():
    form = EditionForm()
    if request.method == "GET":
        today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
        form.year.data = today.year
        form.city.data = form.city.data or "Hải Phòng"
    if form.validate_on_submit():
        try:
            edition = services.create_edition(current_user, _form_data(form, "Asia/Ho_Chi_Minh"),
                                              logo=_uploaded_logo(form))
        except DomainError as exc:
            apply_domain_errors(form, exc, _edition_message)
        else:
            flash(_("Edition “%(name)s” created as a draft.", name=edition.name), "success")
            return redirect(url_for("editions.dashboard", slug=edition.slug))
    return render_template("editions/form.html", form=form, edition=None), (422 if form.errors else 200)


@bp.route("/editions/<slug>/manage")
@require("edition.dashboard")
def dashboard(slug: str):
    edition = g.edition
    targets = workflow.allowed_targets(edition.status)
    return render_template("editions/dashboard.html", edition=edition, targets=targets,
                           transition_labels=TRANSITION_LABELS, status_labels=STATUS_LABELS,
                           members=accounts.members_by_role(edition), role_labels=ROLE_LABELS,
                           form=TransitionForm())


@bp.route("/editions/<slug>/manage/edit", methods=["GET", "POST"])
@require("edition.manage")
def edit(slug: str):
    edition = g.edition
    form = EditionForm(obj=edition)
    if request.method == "GET" and edition.submission_deadline:
        form.submission_deadline.data = edition.submission_deadline.astimezone(ZoneInfo(edition.timezone)).replace(tzinfo=None)
    if form.validate_on_submit():
        try:
            services.update_edition(current_user, edition, _form_data(form, edition.timezone), logo=_uploaded_logo(form))
        except DomainError as exc:
            db.session.rollback()
            apply_domain_errors(form, exc, _edition_message)
        else:
            flash(_("The edition has been saved."), "success")
            return redirect(url_for("editions.dashboard", slug=edition.slug))
    return render_template("editions/form.html", form=form, edition=edition, confirm=ConfirmForm()), \
        (422 if form.errors else 200)


def _uploaded_logo(form: EditionForm) -> bytes | None:
    from techfest.submissions import images

    upload = request.files.get(form.logo.name)
    return images.read_limited(upload.stream) if upload and upload.filename else None


@bp.route("/editions/<slug>/manage/logo/remove", methods=["POST"])
@require("edition.manage")
def remove_logo(slug: str):
    edition = g.edition
    form = ConfirmForm()
    if not form.validate_on_submit():
        flash_refusal(form)
    elif not edition.logo_key:
        flash(_("This edition has no logo to remove."), "warning")
    else:
        services.set_edition_logo(current_user, edition, None)
        flash(_("The logo has been removed. Badges and the programme show the Techfest mark again."), "success")
    return redirect(url_for("editions.edit", slug=edition.slug))


@bp.route("/editions/<slug>/logo/<logo_key>", defaults={"thumb": False})
@bp.route("/editions/<slug>/logo/<logo_key>/small", defaults={"thumb": True})
@public
def logo(slug: str, logo_key: str, thumb: bool):
    """The edition's logo (public like the badges and programme that print it; drafts only
    for those who may see them). The key in the address changes with the image, so it is
    cached for a day."""
    from flask import send_file

    from techfest.core.errors import NotFound

    edition = services.visible_edition(slug, current_user)
    path = services.logo_path(edition, thumb=thumb) if logo_key == edition.logo_key else None
    if path is None:
        raise NotFound(_("Not found."))
    return send_file(path, mimetype=services.logo_mime(edition), max_age=86400, conditional=True)


@bp.route("/editions/<slug>/manage/transition", methods=["POST"])
@require("edition.manage")
def transition(slug: str):
    edition = g.edition
    form = TransitionForm()
    if form.validate_on_submit():
        try:
            services.transition_edition(current_user, edition, form.to.data)
        except DomainError:
            flash(_("This step is not allowed from the current status."), "danger")
        else:
            flash(_("The edition is now: %(status)s.", status=STATUS_LABELS[edition.status]), "success")
    else:
        flash_refusal(form)
    return redirect(url_for("editions.dashboard", slug=edition.slug))


@bp.route("/editions/<slug>/manage/people", methods=["GET", "POST"])
@require("edition.manage")
def people(slug: str):
    edition = g.edition
    form = GrantRoleForm()
    if form.validate_on_submit():
        user = accounts.get_user_by_email(form.email.data)
        if user is None:
            form.email.errors = [_("No account uses this e-mail. Ask the person to sign up first.")]
        else:
            accounts.grant_role(current_user, user, edition, Role(form.role.data))
            flash(_("%(name)s is now %(role)s in this edition.", name=user.name, role=ROLE_LABELS[Role(form.role.data)]), "success")
            return redirect(url_for("editions.people", slug=slug))
    return render_template("editions/people.html", edition=edition, form=form, confirm=ConfirmForm(),
                           members=accounts.edition_members(edition), role_labels=ROLE_LABELS), (422 if form.errors else 200)


@bp.route("/editions/<slug>/manage/people/<int:user_id>/<role>/remove", methods=["POST"])
@require("edition.manage")
def remove_role(slug: str, user_id: int, role: str):
    from techfest.core.errors import NotFound

    edition = g.edition
    user = db.session.get(accounts.User, user_id)
    if user is None or role not in Role.__members__.values():
        raise NotFound(_("Not found."))
    if ConfirmForm().validate_on_submit():
        try:
            accounts.revoke_role(current_user, user, edition, Role(role))
        except DomainError:
            flash(_("You cannot remove your own organizer role."), "danger")
        else:
            flash(_("The role has been removed."), "success")
    return redirect(url_for("editions.people", slug=slug))
