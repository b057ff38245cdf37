"""Who may use each submissions route (walked by tests/core/test_route_permissions.py)."""
from tests.route_roles import ORGANIZER, PUBLIC

EXHIBITOR = {"exhibitor", "admin"}            # exhibitor of "hp" (a member of the product's organisation)
EXHIBITOR_OR_ORGANIZER = {"exhibitor", "organizer", "admin"}

EXPECTED = {
    # public catalogue and images
    "submissions.catalogue": PUBLIC,
    "submissions.product_page": PUBLIC,
    "submissions.image": PUBLIC,
    "accounts.organisation_logo": PUBLIC,
    # exhibitors
    "submissions.my_products": EXHIBITOR,
    "submissions.new_product": EXHIBITOR,
    "submissions.edit_product": EXHIBITOR,
    "submissions.my_product": EXHIBITOR,
    "submissions.my_transition": EXHIBITOR,
    "submissions.delete_product": EXHIBITOR,
    # organizers
    "submissions.review": ORGANIZER,
    "submissions.bulk": ORGANIZER,
    "submissions.export": ORGANIZER,
    "submissions.review_product": ORGANIZER,
    "submissions.review_transition": ORGANIZER,
    "submissions.add_note": ORGANIZER,
    "submissions.categories": ORGANIZER,
    "submissions.update_category": ORGANIZER,
    "submissions.delete_category": ORGANIZER,
    # API
    ("submissions_api.Categories", "GET"): PUBLIC,
    ("submissions_api.Categories", "POST"): ORGANIZER,
    ("submissions_api.Category", "GET"): PUBLIC,
    ("submissions_api.Category", "PATCH"): ORGANIZER,
    ("submissions_api.Category", "DELETE"): ORGANIZER,
    ("submissions_api.Products", "GET"): PUBLIC,
    ("submissions_api.Products", "POST"): EXHIBITOR,
    ("submissions_api.Product", "GET"): PUBLIC,
    ("submissions_api.Product", "PATCH"): EXHIBITOR,
    ("submissions_api.ProductSubmit", "POST"): EXHIBITOR,
    ("submissions_api.ProductWithdraw", "POST"): EXHIBITOR,
    ("submissions_api.ProductTransition", "POST"): EXHIBITOR_OR_ORGANIZER,
}

VALUES = {"fmt": "csv", "variant": "thumb"}


def setup(edition, users):
    """An organisation for the exhibitor, a category, an accepted product with an image."""
    from techfest.accounts.services import find_or_create_organisation
    from techfest.core.db import db
    from techfest.submissions.models import Category, Product, ProductImage, ProductStatus

    org = find_or_create_organisation("Công ty CP Điện tử Hải Phòng", "company")
    users["exhibitor"].organisation = org
    category = Category(edition_id=edition.id, slug="dien-tu", name="Điện tử", name_en="Electronics", position=1)
    db.session.add(category)
    db.session.flush()
    product = Product(edition_id=edition.id, organisation_id=org.id, category_id=category.id,
                      title="Cảm biến độ mặn", title_folded="cam bien do man", search_folded="cam bien do man",
                      summary="Đo độ mặn nước ao nuôi.", description="Mô tả", stage="prototype",
                      status=ProductStatus.ACCEPTED)
    db.session.add(product)
    db.session.flush()
    image = ProductImage(product_id=product.id, key="routewalkimagekey", ext="png", width=10, height=10, size_bytes=1)
    org.logo_key, org.logo_ext = "routewalklogokey", "png"
    db.session.add(image)
    db.session.commit()
    return {"product_id": product.id, "category_id": category.id, "key": "routewalkimagekey"}
