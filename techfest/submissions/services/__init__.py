"""Product submission use-cases. Each public function is one transaction; the actor is explicit.

For other domains (they call these, never the tables):

``accepted_products(edition) -> list[Product]``
    Accepted and confirmed products of the edition, organisation and category loaded.
``accepted_exhibitors(edition) -> list[ExhibitorNeeds]``
    One entry per organisation with accepted/confirmed products: ids, titles, and its booth needs
    (the largest booth size asked for; power, internet, water, table if any product asks).
    Plain dataclasses, ready for ``techfest.booths.allocation``.
``record_booth_codes(edition, {product_id: "A-12" | None})``
    Stores allocated booth codes shown in the catalogue. Joins the caller's transaction
    (no commit), so the booth allocation commits both together.
``product_for_public(product_id) -> Product``
    A product the public may see (accepted/confirmed, edition not a draft), else NotFound.
``products_by_ids(ids) -> dict[int, Product]``
    Products by id with organisation and category loaded (one query), any status: the caller
    decides what it may show (judging, booths).
``copy_categories(previous_edition, new_edition)``
    Called by ``editions.services.create_edition``: a new edition starts with the previous
    edition's categories (no commit).

Modules (everything public is re-exported here, so callers use ``services.<name>``):

``access``       the submission deadline; who may see or change a product and its images
``categories``   the edition's categories (organizers), copied to a new edition
``validation``   checking a product's fields, completeness to submit, its folded search columns
``uploads``      pending image uploads and attaching them to a product (files: ``..images``)
``products``     the exhibitor's own products: save (and submit), delete a draft, list
``review``       the workflow: the one status-changing service, bulk steps, mails, notes, timeline
``catalogue``    the public catalogue and its word search
``review_list``  the organizers' review list, its counts and its export table
``for_domains``  the reads other domains call (products, exhibitors, booth codes, report counts)

Code inside this package imports a name from the module that defines it: a test that patches
``services.<name>`` changes what callers outside the package run, not the calls made between
these modules (patch ``services.review.utcnow`` etc. for the clock).
"""
from .access import (actor_kinds, deadline_local, exhibitor_may_edit, get_product, image_for_viewer, is_member,
                     is_publicly_visible, may_view, product_for_owner, product_for_public, product_for_review,
                     product_for_viewer, submissions_open)
from .catalogue import public_category_counts, public_products
from .categories import (categories_for, category_usage, copy_categories, create_category, delete_category,
                         get_category, update_category)
from .for_domains import (BOOTH_SIZE_ORDER, ExhibitorNeeds, accepted_exhibitors, accepted_products,
                          exhibitor_counts_by_edition, exhibitor_ids, product_counts_by_status, products_by_ids,
                          record_booth_codes, shown_product_counts_by_category, shown_product_counts_by_edition,
                          shown_product_counts_by_stage)
from .products import delete_draft, my_products, save_product
from .review import BulkResult, TimelineEntry, add_note, bulk_transition, timeline, transition_product
from .review_list import REVIEW_SORTS, ReviewFilters, category_counts, export_table, review_products, status_counts
from .uploads import (IMAGE_FOLDER, PENDING_IMAGE_MAX_AGE_HOURS, RejectedUpload, images_for_keys,
                      purge_pending_images, stage_images)
from .validation import CONTENT_FIELDS, REQUIRED_TO_SUBMIT, TEXT_LIMITS, _refresh_search, check_product

__all__ = [
    "actor_kinds", "deadline_local", "exhibitor_may_edit", "get_product", "image_for_viewer", "is_member",
    "is_publicly_visible", "may_view", "product_for_owner", "product_for_public", "product_for_review",
    "product_for_viewer", "submissions_open",
    "public_category_counts", "public_products",
    "categories_for", "category_usage", "copy_categories", "create_category", "delete_category", "get_category",
    "update_category",
    "BOOTH_SIZE_ORDER", "ExhibitorNeeds", "accepted_exhibitors", "accepted_products", "exhibitor_counts_by_edition",
    "exhibitor_ids", "product_counts_by_status", "products_by_ids", "record_booth_codes",
    "shown_product_counts_by_category", "shown_product_counts_by_edition", "shown_product_counts_by_stage",
    "delete_draft", "my_products", "save_product",
    "BulkResult", "TimelineEntry", "add_note", "bulk_transition", "timeline", "transition_product",
    "REVIEW_SORTS", "ReviewFilters", "category_counts", "export_table", "review_products", "status_counts",
    "IMAGE_FOLDER", "PENDING_IMAGE_MAX_AGE_HOURS", "RejectedUpload", "images_for_keys", "purge_pending_images",
    "stage_images",
    "CONTENT_FIELDS", "REQUIRED_TO_SUBMIT", "TEXT_LIMITS", "_refresh_search", "check_product",
]
