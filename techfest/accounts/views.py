"""Login, sign-up, password reset, the account page, API tokens, and user administration."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from techfest.core.auth import AUTHENTICATED, can, public, require
from techfest.core.db import db
from techfest.core.errors import DomainError
from techfest.core.extensions import limiter
from techfest.core.forms import apply_domain_errors, logo_error
from techfest.core.mail import send_mail

from . import services
from .forms import (ConfirmForm, ForgotPasswordForm, LoginForm, OrganisationForm, ProfileForm, ResetPasswordForm,
                    SignupForm, TokenForm)

bp = Blueprint("accounts", __name__)

PER_PAGE = 25


def _safe_next(target: str | None) -> str | None:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def _landing_for(user) -> str:
    """Organizers land on the dashboard of the current edition; others on the home page."""
    from techfest.editions.services import current_edition

    edition = current_edition()
    if edition is not None and can(user, "edition.dashboard", edition):
        return url_for("editions.dashboard", slug=edition.slug)
    return url_for("editions.home")


def _translate_field_error(message: str) -> str:
    known = {
        "already registered": _("This e-mail is already registered."),
        "required": _("This field is required."),
        "organisation exists": _("This organisation already has an account. Ask one of its members to add you "
                                 "from their account page."),
        "another organisation": _("This account belongs to another organisation."),
    }
    return known.get(message, message)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(_landing_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            flash(_("Welcome, %(name)s.", name=user.name), "success")
            return redirect(_safe_next(request.args.get("next")) or _landing_for(user))
        form.password.errors = [_("Wrong e-mail or password.")]
    return render_template("accounts/login.html", form=form), (422 if form.errors else 200)


@bp.route("/logout", methods=["POST"])
@require(AUTHENTICATED)
def logout():
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("editions.home"))


@bp.route("/signup", methods=["GET", "POST"])
@public
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("editions.home"))
    from techfest.editions.services import edition_taking_submissions

    form = SignupForm()
    if form.validate_on_submit():
        try:
            user = services.sign_up_exhibitor(
                email=form.email.data, password=form.password.data, name=form.name.data,
                org_name=form.org_name.data, org_type=form.org_type.data, country=form.country.data,
                website=form.website.data or "", edition=edition_taking_submissions())
        except DomainError as exc:
            apply_domain_errors(form, exc, _translate_field_error)
        else:
            login_user(user)
            flash(_("Your exhibitor account is ready. Welcome to Techfest!"), "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/signup.html", form=form), (422 if form.errors else 200)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
@public
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = services.get_user_by_email(form.email.data)
        if user is not None and user.active:
            token = services.make_reset_token(user)
            link = url_for("accounts.reset_password", token=token, _external=True)
            minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
            send_mail(user.email, _("Reset your Techfest password"),
                      _("Hello %(name)s,\n\nTo choose a new password, open this link within %(minutes)s minutes:\n%(link)s\n\n"
                        "If you did not ask for it, ignore this message.", name=user.name, minutes=minutes, link=link))
        # Same answer whether the address exists or not (no account enumeration).
        flash(_("If an account uses this address, a reset link is on its way."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot.html", form=form), (422 if form.errors else 200)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    if services.user_for_reset_token(token) is None:
        flash(_("This reset link is invalid or has expired. Ask for a new one."), "danger")
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(token, form.password.data)
        flash(_("Your password has been changed. You can log in now."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form), (422 if form.errors else 200)


@bp.route("/account", methods=["GET", "POST"])
@require(AUTHENTICATED)
def account():
    form = ProfileForm(prefix="profile", obj=current_user)
    org = current_user.organisation
    org_form = OrganisationForm(prefix="org", obj=org) if org else None
    if request.method == "POST":
        if "profile-submit" in request.form and form.validate():
            services.update_profile(current_user, name=form.name.data)
            flash(_("Your profile has been saved."), "success")
            return redirect(url_for("accounts.account"))
        if org_form is not None and "org-submit" in request.form and org_form.validate() and _save_logo(org_form, org):
            try:
                services.update_organisation(current_user, org, name=org_form.name.data, type=org_form.type.data,
                                             country=org_form.country.data, website=org_form.website.data or "",
                                             **{k: getattr(org_form, k).data or "" for k in services.PROFILE_FIELDS})
            except DomainError as exc:
                org_form.name.errors = list(org_form.name.errors) + [_("Another organisation already has this name.")] if "name" in exc.fields else list(org_form.name.errors)
            else:
                flash(_("The organisation has been saved."), "success")
                return redirect(url_for("accounts.account"))
    status = 422 if (form.errors or (org_form and org_form.errors)) else 200
    from .forms import AddMemberForm

    return render_template("accounts/account.html", form=form, org_form=org_form, org=org,
                           member_form=AddMemberForm(prefix="member") if org else None,
                           roles=services.roles_overview(current_user)), status


def _save_logo(org_form, org) -> bool:
    """Replace or remove the logo first; a refused image stops the save (the form is kept)."""
    from techfest.submissions import images

    upload = request.files.get(org_form.logo.name)
    try:
        if upload and upload.filename:
            services.set_organisation_logo(current_user, org, images.read_limited(upload.stream))
        elif org_form.remove_logo.data and org.logo_key:
            services.set_organisation_logo(current_user, org, None)
    except DomainError as exc:
        org_form.logo.errors = [logo_error((exc.fields.get("logo") or [""])[0])]
        return False
    return True


@bp.route("/media/logos/<key>")
@public
def organisation_logo(key: str):
    """An organisation's logo (public: it is shown with the organisation's products)."""
    from flask import send_file

    from techfest.core.errors import NotFound
    from techfest.submissions import images

    org = services.organisation_by_logo(key)
    if org is None:
        raise NotFound(_("Not found."))
    try:
        path = images.path_of(current_app.config["UPLOAD_DIR"], services.LOGO_FOLDER, org.logo_key, org.logo_ext)
    except ValueError:
        raise NotFound(_("Not found.")) from None
    if not path.is_file():
        raise NotFound(_("Not found."))
    return send_file(path, mimetype=images.MIME_BY_EXT[org.logo_ext], max_age=86400, conditional=True)


@bp.route("/account/tokens", methods=["GET", "POST"])
@require(AUTHENTICATED)
def tokens():
    form = TokenForm()
    new_token = None
    if form.validate_on_submit():
        _row, new_token = services.create_api_token(current_user, form.name.data)
        flash(_("Token created. Copy it now: it will not be shown again."), "success")
        form = TokenForm(formdata=None)
    return render_template("accounts/tokens.html", form=form, new_token=new_token,
                           tokens=services.tokens_of(current_user), confirm=ConfirmForm()), (422 if form.errors else 200)


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@require(AUTHENTICATED)
def revoke_token(token_id: int):
    if ConfirmForm().validate_on_submit():
        services.revoke_api_token(current_user, token_id)
        flash(_("The token has been revoked."), "success")
    return redirect(url_for("accounts.tokens"))


@bp.route("/admin/users")
@require("admin.users")
def users():
    from techfest.core.api import paginate_select

    q = request.args.get("q", "")
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    result = paginate_select(services.search_users(q), page, PER_PAGE)
    return render_template("accounts/users.html", result=result, q=q, confirm=ConfirmForm())


@bp.route("/admin/users/<int:user_id>/active", methods=["POST"])
@require("admin.users")
def set_active(user_id: int):
    from techfest.core.errors import NotFound

    user = db.session.get(services.User, user_id)
    if user is None:
        raise NotFound(_("User not found."))
    if ConfirmForm().validate_on_submit():
        active = request.form.get("active") == "1"
        try:
            services.set_user_active(current_user, user, active)
        except DomainError:
            flash(_("You cannot deactivate your own account."), "danger")
        else:
            flash(_("Account enabled.") if active else _("Account disabled."), "success")
    return redirect(url_for("accounts.users", q=request.form.get("q") or None))


@bp.route("/account/members", methods=["POST"])
@require(AUTHENTICATED)
def add_member():
    from techfest.core.errors import NotFound
    from techfest.editions.services import edition_taking_submissions

    from .forms import AddMemberForm

    org = current_user.organisation
    if org is None:
        raise NotFound(_("Your account is not linked to an organisation."))
    form = AddMemberForm(prefix="member")
    if form.validate_on_submit():
        try:
            user, created = services.add_member(current_user, org, email=form.email.data, name=form.name.data,
                                                edition=edition_taking_submissions())
        except DomainError as exc:
            flash(_translate_field_error(next(iter(exc.fields.get("email", [])), exc.message)), "danger")
        else:
            if created:
                token = services.make_reset_token(user)
                link = url_for("accounts.reset_password", token=token, _external=True)
                send_mail(user.email, _("You have been added to %(org)s on Techfest", org=org.name),
                          _("Hello %(name)s,\n\n%(actor)s added you to %(org)s on Techfest. Choose your password here:\n"
                            "%(link)s", name=user.name, actor=current_user.name, org=org.name, link=link))
            flash(_("%(name)s is now a member of %(org)s.", name=user.name, org=org.name), "success")
    else:
        flash(_("Check the colleague's name and e-mail."), "danger")
    return redirect(url_for("accounts.account"))
