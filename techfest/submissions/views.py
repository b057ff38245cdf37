"""Exhibitor submissions, organizer review, categories, the public catalogue and product images."""
from __future__ import annotations

import re

from flask import Blueprint, Response, current_app, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup

from techfest.accounts.forms import ConfirmForm
from techfest.accounts.models import ORGANISATION_TYPE_LABELS
from techfest.core.api import paginate_select
from techfest.core.auth import public, require
from techfest.core.db import db_int
from techfest.core.errors import Conflict, DomainError, InvalidTransition, NotFound, ValidationFailed
from techfest.core.forms import apply_domain_errors, flash_refusal
from techfest.editions.services import visible_edition

from . import exports, images, services, workflow
from .forms import URL_MESSAGE, BulkForm, CategoryForm, NoteForm, ProductForm, TransitionForm
from .models import BOOTH_SIZE_LABELS, MAX_IMAGES, STAGE_LABELS, STATUS_LABELS, TRANSITION_LABELS, Stage
from .rendering import render_markdown
from .workflow import Actor, ProductStatus

bp = Blueprint("submissions", __name__)

CATALOGUE_PER_PAGE = 24
REVIEW_PER_PAGE = 50


@bp.app_template_filter("markdown")
def markdown_filter(text: str | None) -> Markup:
    """Product descriptions: Markdown rendered and sanitised (rendering.py), never raw user HTML."""
    return Markup(render_markdown(text))


def _locale() -> str:
    return str(get_locale() or "vi")


def _page() -> int:
    return max(request.args.get("page", 1, type=int) or 1, 1)


def _safe_next(target: str | None) -> str | None:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def _labels() -> dict:
    return {"status_labels": STATUS_LABELS, "stage_labels": STAGE_LABELS, "booth_size_labels": BOOTH_SIZE_LABELS,
            "transition_labels": TRANSITION_LABELS, "org_type_labels": ORGANISATION_TYPE_LABELS,
            "locale": _locale()}


# --- messages for service errors -------------------------------------------------------------

_LIMIT_RE = re.compile(r"^at most (\d+) (characters|images|people)$")


def _field_message(message: str) -> str:
    match = _LIMIT_RE.match(message)
    if match:
        n = int(match.group(1))
        return {"characters": _("At most %(n)s characters.", n=n), "images": _("At most %(n)s images.", n=n),
                "people": _("At most %(n)s people.", n=n)}[match.group(2)]
    known = {
        "required": _("This field is required."),
        "required to submit": _("Needed to submit the product."),
        "unknown category for this edition": _("Choose a category from the list."),
        "not a valid web address (http:// or https://)": str(URL_MESSAGE),
        "already used in this edition": _("Another category of this edition already uses this short name."),
        "lowercase letters, digits and hyphens only": _("Lowercase letters, digits and hyphens only."),
    }
    return known.get(message, message)


def _conflict_message(exc: DomainError) -> str:
    known = {
        "submissions are closed for this edition": _("Submissions are closed for this edition."),
        "the submission deadline has passed": _("The submission deadline has passed."),
        "this product can no longer be changed": _("This product can no longer be changed."),
        "the product changed meanwhile; reload and try again": _(
            "Someone changed this product meanwhile. Reload the page and try again."),
        "only drafts can be deleted; withdraw a submitted product instead": _(
            "Only drafts can be deleted. Withdraw a submitted product instead."),
        "category in use": _("This category is used by products: move them to another category first."),
        "the edition is archived": _("The edition is archived."),
    }
    if exc.message in known:
        return known[exc.message]
    if isinstance(exc, InvalidTransition):
        return _("This step is not allowed from the current status.")
    return exc.message


def _apply_errors(form, exc: DomainError, aliases: dict | None = None, only_new: bool = False) -> None:
    """Put a service's field errors on the form (``only_new``: on fields without an error yet)."""
    apply_domain_errors(form, exc, _field_message, aliases=aliases, only_new=only_new, flash_unplaced=True,
                        message=_conflict_message(exc))


def _image_error(rejected: services.RejectedUpload) -> str:
    name = rejected.filename or _("the file")
    messages = {
        "too_large": _("“%(name)s” is larger than 5 MB.", name=name),
        "not_an_image": _("“%(name)s” is not a JPEG, PNG or WebP image.", name=name),
        "unsupported_format": _("“%(name)s” is not a JPEG, PNG or WebP image.", name=name),
        "too_many_pixels": _("“%(name)s” has too many pixels (at most 40 megapixels).", name=name),
        "empty": _("“%(name)s” is empty.", name=name),
        "too_many": _("“%(name)s” was not added: at most %(n)s images per product.", name=name, n=MAX_IMAGES),
    }
    return messages.get(rejected.reason, messages["not_an_image"])


# --- public catalogue ------------------------------------------------------------------------

@bp.route("/editions/<slug>/products")
@public
def catalogue(slug: str):
    edition = visible_edition(slug, current_user)
    q = (request.args.get("q") or "")[:200]
    category = request.args.get("category") or None
    stage = request.args.get("stage") or None
    per_page = min(max(request.args.get("per_page", CATALOGUE_PER_PAGE, type=int) or CATALOGUE_PER_PAGE, 1), 96)
    result = paginate_select(services.public_products(edition, q, category, stage), _page(), per_page)
    return render_template("submissions/catalogue.html", edition=edition, result=result, q=q, category=category,
                           stage=stage, categories=services.categories_for(edition),
                           counts=services.public_category_counts(edition), stages=list(Stage), **_labels())


@bp.route("/editions/<slug>/products/<int:product_id>")
@public
def product_page(slug: str, product_id: int):
    edition = visible_edition(slug, current_user)
    product = services.get_product(product_id)
    if product.edition_id != edition.id or not services.may_view(current_user, product):
        raise NotFound(_("Not found."))
    return render_template("submissions/product.html", edition=edition, product=product,
                           preview=not services.is_publicly_visible(product), **_labels())


@bp.route("/media/products/<key>/<variant>")
@public
def image(key: str, variant: str):
    """A product image (``full`` or ``thumb``): public only when its product is."""
    if variant not in ("full", "thumb"):
        raise NotFound(_("Not found."))
    img, is_public = services.image_for_viewer(current_user, key)
    try:
        path = images.path_of(current_app.config["UPLOAD_DIR"], services.IMAGE_FOLDER, img.key, img.ext,
                              thumb=(variant == "thumb"))
    except ValueError:
        raise NotFound(_("Not found.")) from None
    if not path.is_file():
        raise NotFound(_("Not found."))
    resp = send_file(path, mimetype=images.MIME_BY_EXT[img.ext], max_age=86400 if is_public else 0,
                     conditional=True)
    if not is_public:
        resp.headers["Cache-Control"] = "private, no-store"
    return resp


# --- exhibitors --------------------------------------------------------------------------------

@bp.route("/editions/<slug>/my-products")
@require("submissions.submit")
def my_products(slug: str):
    edition = g.edition
    return render_template("submissions/my_products.html", edition=edition,
                           products=services.my_products(current_user, edition),
                           is_open=services.submissions_open(edition), deadline=services.deadline_local(edition),
                           has_org=current_user.organisation_id is not None, **_labels())


def _render_product_form(form: ProductForm, edition, product, image_rows, status: int = 200):
    return render_template("submissions/product_form.html", form=form, edition=edition, product=product,
                           images=image_rows, max_images=MAX_IMAGES, deadline=services.deadline_local(edition),
                           is_open=services.submissions_open(edition), **_labels()), status


def _handle_product_form(form: ProductForm, edition, product):
    """POST of the product form: images are checked and kept first, then the rest is saved."""
    from flask_wtf.csrf import CSRFError

    valid = form.validate_on_submit()
    if "csrf_token" in form.errors:
        raise CSRFError(_("The form has expired."))
    removed = set(request.form.getlist("remove_images"))
    kept = services.images_for_keys(current_user, product,
                                    [k for k in request.form.getlist("image_keys") if k not in removed])
    keys = [img.key for img in kept]
    uploads = [(f.filename, images.read_limited(f.stream)) for f in request.files.getlist(form.images.name)
               if f and f.filename]
    rejected: list = []
    if uploads:
        staged, rejected = services.stage_images(current_user, uploads, slots=MAX_IMAGES - len(keys))
        keys += [img.key for img in staged]
    form.images.errors = [_image_error(r) for r in rejected]
    status = 422
    if valid and not rejected:
        submit = bool(form.submit_product.data)
        try:
            product = services.save_product(current_user, edition, product, form.product_data(), image_keys=keys,
                                            submit=submit)
        except ValidationFailed as exc:
            _apply_errors(form, exc, {"category": "category_id"})
            if submit and not form.errors:
                flash(_conflict_message(exc), "danger")
        except (Conflict, InvalidTransition) as exc:
            flash(_conflict_message(exc), "danger")
            status = 409
        else:
            if submit:
                flash(_("“%(title)s” has been submitted. The organizers will review it.", title=product.title), "success")
            else:
                flash(_("“%(title)s” has been saved.", title=product.title), "success")
            return redirect(url_for("submissions.my_product", slug=edition.slug, product_id=product.id))
    if not valid or rejected:
        try:  # show every problem at once, not only the first layer
            services.check_product(edition, product, form.product_data(), submit=bool(form.submit_product.data))
        except ValidationFailed as exc:
            _apply_errors(form, exc, {"category": "category_id"}, only_new=True)
    if rejected or form.errors:
        flash(_("Some fields need your attention. What you typed and the images you uploaded are kept."), "warning")
    return _render_product_form(form, edition, product, services.images_for_keys(current_user, product, keys), status)


@bp.route("/editions/<slug>/my-products/new", methods=["GET", "POST"])
@require("submissions.submit")
def new_product(slug: str):
    edition = g.edition
    if current_user.organisation_id is None:
        flash(_("Your account is not linked to an organisation: products are submitted on behalf of one."), "warning")
        return redirect(url_for("submissions.my_products", slug=edition.slug))
    if not services.submissions_open(edition):
        flash(_("Submissions are closed for this edition."), "warning")
        return redirect(url_for("submissions.my_products", slug=edition.slug))
    form = ProductForm()
    form.set_categories(services.categories_for(edition), _locale())
    if request.method == "POST":
        return _handle_product_form(form, edition, None)
    return _render_product_form(form, edition, None, [])


@bp.route("/editions/<slug>/my-products/<int:product_id>/edit", methods=["GET", "POST"])
@require("submissions.submit")
def edit_product(slug: str, product_id: int):
    edition = g.edition
    product = services.product_for_owner(current_user, product_id, edition)
    if not services.exhibitor_may_edit(product):
        flash(_("This product can no longer be changed.") if product.status not in workflow.EDITABLE_AFTER_SUBMIT
              else _("The submission deadline has passed: the product can no longer be changed."), "warning")
        return redirect(url_for("submissions.my_product", slug=edition.slug, product_id=product.id))
    form = ProductForm(obj=product if request.method == "GET" else None)
    form.set_categories(services.categories_for(edition), _locale())
    if request.method == "POST":
        return _handle_product_form(form, edition, product)
    form.category_id.data = str(product.category_id) if product.category_id else ""
    form.stage.data = str(product.stage) if product.stage else ""
    form.booth_size.data = str(product.booth_size)
    return _render_product_form(form, edition, product, list(product.images))


@bp.route("/editions/<slug>/my-products/<int:product_id>")
@require("submissions.submit")
def my_product(slug: str, product_id: int):
    edition = g.edition
    product = services.product_for_owner(current_user, product_id, edition)
    is_open = services.submissions_open(edition)
    targets = [t for t in workflow.allowed_targets(product.status, {Actor.EXHIBITOR})
               if t != ProductStatus.SUBMITTED or is_open]
    return render_template("submissions/my_product.html", edition=edition, product=product,
                           entries=services.timeline(product), targets=targets,
                           may_edit=services.exhibitor_may_edit(product), is_open=is_open,
                           deadline=services.deadline_local(edition), form=TransitionForm(), confirm=ConfirmForm(),
                           **_labels())


@bp.route("/editions/<slug>/my-products/<int:product_id>/transition", methods=["POST"])
@require("submissions.submit")
def my_transition(slug: str, product_id: int):
    edition = g.edition
    product = services.product_for_owner(current_user, product_id, edition)
    form = TransitionForm()
    if form.validate_on_submit():
        try:
            services.transition_product(current_user, product, form.to.data, form.note.data or "")
        except ValidationFailed as exc:
            flash(_("Complete the product before submitting it: %(fields)s.",
                    fields=", ".join(_field_label(f) for f in exc.fields)), "danger")
            return redirect(url_for("submissions.edit_product", slug=edition.slug, product_id=product.id))
        except InvalidTransition as exc:
            flash(_conflict_message(exc), "danger")
        else:
            flash(_("The product is now: %(status)s.", status=STATUS_LABELS[product.status]), "success")
    else:
        flash_refusal(form)
    return redirect(url_for("submissions.my_product", slug=edition.slug, product_id=product.id))


def _field_label(name: str) -> str:
    form = ProductForm(meta={"csrf": False}, formdata=None)
    field = getattr(form, "category_id" if name == "category" else name, None)
    return str(field.label.text) if field is not None else name


@bp.route("/editions/<slug>/my-products/<int:product_id>/delete", methods=["POST"])
@require("submissions.submit")
def delete_product(slug: str, product_id: int):
    edition = g.edition
    product = services.product_for_owner(current_user, product_id, edition)
    if ConfirmForm().validate_on_submit():
        title = product.title
        try:
            services.delete_draft(current_user, product)
        except Conflict as exc:
            flash(_conflict_message(exc), "danger")
            return redirect(url_for("submissions.my_product", slug=edition.slug, product_id=product.id))
        flash(_("The draft “%(title)s” has been deleted.", title=title), "success")
    return redirect(url_for("submissions.my_products", slug=edition.slug))


# --- organizers: review ------------------------------------------------------------------------

def _filters() -> services.ReviewFilters:
    category = request.args.get("category", type=db_int)
    return services.ReviewFilters(
        q=(request.args.get("q") or "")[:200], status=request.args.get("status") or "", category=category,
        stage=request.args.get("stage") or "", org_type=request.args.get("org_type") or "",
        sort=request.args.get("sort") if request.args.get("sort") in services.REVIEW_SORTS else "submitted")


@bp.route("/editions/<slug>/manage/products")
@require("submissions.review")
def review(slug: str):
    edition = g.edition
    f = _filters()
    per_page = min(max(request.args.get("per_page", REVIEW_PER_PAGE, type=int) or REVIEW_PER_PAGE, 1), 200)
    result = paginate_select(services.review_products(edition, f), _page(), per_page)
    status_counts = services.status_counts(edition)
    return render_template("submissions/review.html", edition=edition, result=result, f=f,
                           categories=services.categories_for(edition), status_counts=status_counts,
                           total_count=sum(status_counts.values()), category_counts=services.category_counts(edition),
                           bulk_form=BulkForm(), sorts=list(services.REVIEW_SORTS), stages=list(Stage),
                           statuses=[s for s in ProductStatus if s != ProductStatus.DRAFT], **_labels())


@bp.route("/editions/<slug>/manage/products/bulk", methods=["POST"])
@require("submissions.review")
def bulk(slug: str):
    edition = g.edition
    back = _safe_next(request.form.get("next")) or url_for("submissions.review", slug=edition.slug)
    form = BulkForm()
    ids = [i for i in request.form.getlist("ids", type=db_int) if i]
    if form.validate_on_submit():
        if not ids:
            flash(_("Select at least one product."), "warning")
            return redirect(back)
        result = services.bulk_transition(current_user, edition, ids, form.to.data, form.note.data or "")
        if result.done:
            flash(ngettext("%(num)d product moved to “%(status)s”.", "%(num)d products moved to “%(status)s”.",
                           len(result.done), status=STATUS_LABELS[ProductStatus(form.to.data)]), "success")
        if result.refused:
            flash(_("Not allowed from their current status, left unchanged: %(titles)s.",
                    titles="; ".join(p.title for p, _reason in result.refused)), "warning")
    else:
        flash(_("Choose a status to move the selected products to."), "warning")
    return redirect(back)


@bp.route("/editions/<slug>/manage/products/export.<fmt>")
@require("submissions.review")
def export(slug: str, fmt: str):
    edition = g.edition
    if fmt not in ("csv", "xlsx"):
        raise NotFound(_("Not found."))
    header, rows = services.export_table(edition, _filters(), _locale())
    filename = f"products-{edition.slug}.{fmt}"
    if fmt == "csv":
        data, mimetype = exports.to_csv(header, rows), "text/csv; charset=utf-8"
    else:
        data = exports.to_xlsx(header, rows, sheet_title=_("Products"))
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "private, no-store"})


@bp.route("/editions/<slug>/manage/products/<int:product_id>")
@require("submissions.review")
def review_product(slug: str, product_id: int):
    edition = g.edition
    product = services.product_for_review(current_user, product_id, edition)
    return _render_review_product(edition, product, TransitionForm(), NoteForm())


def _render_review_product(edition, product, form, note_form, status: int = 200):
    return render_template("submissions/review_product.html", edition=edition, product=product,
                           entries=services.timeline(product, include_internal=True),
                           targets=workflow.allowed_targets(product.status, {Actor.ORGANIZER}),
                           form=form, note_form=note_form, **_labels()), status


@bp.route("/editions/<slug>/manage/products/<int:product_id>/transition", methods=["POST"])
@require("submissions.review")
def review_transition(slug: str, product_id: int):
    edition = g.edition
    product = services.product_for_review(current_user, product_id, edition)
    form = TransitionForm()
    if form.validate_on_submit():
        try:
            services.transition_product(current_user, product, form.to.data, form.note.data or "")
        except (InvalidTransition, ValidationFailed) as exc:
            flash(_conflict_message(exc), "danger")
        else:
            flash(_("“%(title)s” is now: %(status)s.", title=product.title, status=STATUS_LABELS[product.status]),
                  "success")
    else:
        flash_refusal(form)
    return redirect(url_for("submissions.review_product", slug=edition.slug, product_id=product.id))


@bp.route("/editions/<slug>/manage/products/<int:product_id>/notes", methods=["POST"])
@require("submissions.review")
def add_note(slug: str, product_id: int):
    edition = g.edition
    product = services.product_for_review(current_user, product_id, edition)
    note_form = NoteForm()
    if note_form.validate_on_submit():
        internal = note_form.kind.data != "message"
        services.add_note(current_user, product, note_form.body.data, internal=internal)
        flash(_("Internal note added.") if internal else _("Message sent to the exhibitor."), "success")
        return redirect(url_for("submissions.review_product", slug=edition.slug, product_id=product.id))
    return _render_review_product(edition, product, TransitionForm(formdata=None), note_form, 422)


# --- organizers: categories --------------------------------------------------------------------

def _render_categories(edition, new_form, edit_forms=None, status: int = 200):
    cats = services.categories_for(edition)
    edit_forms = edit_forms or {}
    for c in cats:
        if c.id not in edit_forms:
            edit_forms[c.id] = CategoryForm(prefix=f"c{c.id}", obj=c, formdata=None)
    for form in edit_forms.values():
        form.slug.description = ""  # said once, on the new-category form
    return render_template("submissions/categories.html", edition=edition, categories=cats, new_form=new_form,
                           edit_forms=edit_forms, usage=services.category_usage(edition), confirm=ConfirmForm(),
                           **_labels()), status


def _category_data(form: CategoryForm) -> dict:
    return {"name": form.name.data, "name_en": form.name_en.data or "", "slug": form.slug.data or "",
            "position": form.position.data}


@bp.route("/editions/<slug>/manage/categories", methods=["GET", "POST"])
@require("submissions.categories")
def categories(slug: str):
    edition = g.edition
    form = CategoryForm(prefix="new")
    if form.validate_on_submit():
        try:
            category = services.create_category(current_user, edition, _category_data(form))
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            flash(_("Category “%(name)s” added.", name=category.name), "success")
            return redirect(url_for("submissions.categories", slug=edition.slug))
    return _render_categories(edition, form, status=422 if form.errors else 200)


@bp.route("/editions/<slug>/manage/categories/<int:category_id>", methods=["POST"])
@require("submissions.categories")
def update_category(slug: str, category_id: int):
    edition = g.edition
    category = services.get_category(edition, category_id)
    form = CategoryForm(prefix=f"c{category.id}")
    if form.validate_on_submit():
        try:
            services.update_category(current_user, edition, category, _category_data(form))
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            flash(_("Category “%(name)s” saved.", name=category.name), "success")
            return redirect(url_for("submissions.categories", slug=edition.slug))
    return _render_categories(edition, CategoryForm(prefix="new", formdata=None), {category.id: form}, 422)


@bp.route("/editions/<slug>/manage/categories/<int:category_id>/delete", methods=["POST"])
@require("submissions.categories")
def delete_category(slug: str, category_id: int):
    edition = g.edition
    category = services.get_category(edition, category_id)
    if ConfirmForm().validate_on_submit():
        name = category.name
        try:
            services.delete_category(current_user, edition, category)
        except Conflict as exc:
            flash(_conflict_message(exc), "danger")
        else:
            flash(_("Category “%(name)s” deleted.", name=name), "success")
    return redirect(url_for("submissions.categories", slug=edition.slug))

