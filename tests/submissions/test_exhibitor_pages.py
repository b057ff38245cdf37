"""Exhibitors through the pages: drafts, submitting, images kept on errors, the deadline,
withdrawing, sharing with colleagues, and never reaching another organisation's products."""
import io
import re
from datetime import datetime, timedelta, timezone

import pytest

from techfest.core.db import db
from techfest.submissions.models import Product, ProductImage, ProductTransition
from tests.conftest import csrf_from
from tests.factories import make_edition, make_org, make_user
from tests.submissions.factories import (exe_bytes, image_bytes, make_category, make_exhibitor, make_product,
                                         oversized_jpeg)

FULL = {
    "title": "Thiết bị giám sát chất lượng nước ao nuôi",
    "title_en": "Pond water quality monitor",
    "summary": "Đo độ mặn, pH và oxy hòa tan, cảnh báo qua điện thoại.",
    "description": "**Điểm mới**: pin dùng 2 năm.\n\n- Lắp đặt 10 phút\n- Giá dưới 3 triệu đồng",
    "stage": "pilot",
    "target_market": "Hộ nuôi tôm ở Tiên Lãng, Kiến Thụy",
    "website": "https://nuoitrong.example.vn",
    "video_url": "",
    "team_members": "Nguyễn Văn An – trưởng nhóm\nLê Thị Bình – kỹ sư",
    "booth_size": "double",
    "needs_power": "y",
    "needs_water": "y",
}


@pytest.fixture
def setup(browser):
    edition = make_edition(slug="hp", status="open")
    category = make_category(edition)
    user = make_exhibitor(edition, "duc@dientu.example.vn")
    browser.login("duc@dientu.example.vn")
    return edition, category, user


def _token(browser) -> str:
    return csrf_from(browser.get("/account").get_data(as_text=True))


def _post(browser, url, data, follow=True):
    return browser.client.post(url, data={"csrf_token": _token(browser), **data}, follow_redirects=follow)


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_exhibitor_saves_a_draft_with_only_a_title(setup, browser):
    edition, _category, user = setup
    resp = _post(browser, "/editions/hp/my-products/new", {"title": "Ý tưởng máy lọc nước", "save_draft": "1"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "Ý tưởng máy lọc nước" in html
    product = db.session.scalar(db.select(Product))
    assert product.status == "draft" and product.organisation_id == user.organisation_id
    assert product.created_by_id == user.id and product.submitted_at is None
    listing = browser.get("/editions/hp/my-products").get_data(as_text=True)
    assert "Ý tưởng máy lọc nước" in listing


def test_submitting_an_incomplete_product_names_the_missing_fields_and_keeps_the_text(setup, browser):
    resp = _post(browser, "/editions/hp/my-products/new",
                 {"title": "Máy lọc nước nhiễm mặn", "target_market": "Xã đảo Cát Hải", "submit_product": "1"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert 'value="Máy lọc nước nhiễm mặn"' in html and "Xã đảo Cát Hải" in html
    for field in ("summary", "description", "category_id", "stage"):
        assert re.search(rf'id="{field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="{field}"', html) or \
            f'id="{field}-error"' in html, field
    assert _count(Product) == 0


def test_exhibitor_submits_a_complete_product_with_images_and_the_organisation_is_emailed(setup, browser, outbox):
    edition, category, user = setup
    colleague = make_user("an@dientu.example.vn", name="Nguyễn Văn An", role="exhibitor", edition=edition,
                          org=user.organisation)
    data = {**FULL, "category_id": str(category.id), "submit_product": "1",
            "images": [(io.BytesIO(image_bytes("PNG", size=(800, 600))), "anh-chinh.png"),
                       (io.BytesIO(image_bytes("WEBP")), "chi-tiet.webp")]}
    resp = _post(browser, "/editions/hp/my-products/new", data)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200, html
    product = db.session.scalar(db.select(Product))
    assert product.status == "submitted" and product.submitted_at is not None
    assert product.category_id == category.id and product.stage == "pilot" and product.booth_size == "double"
    assert product.needs_power and product.needs_water and not product.needs_internet
    assert [i.original_name for i in product.images] == ["anh-chinh.png", "chi-tiet.webp"]
    assert [i.ext for i in product.images] == ["png", "webp"]
    step = db.session.scalar(db.select(ProductTransition))
    assert (step.from_status, step.to_status, step.actor_id, step.actor_role) == ("draft", "submitted", user.id, "exhibitor")
    assert sorted(m["To"] for m in outbox) == sorted([user.email, colleague.email])
    assert "Thiết bị giám sát chất lượng nước ao nuôi" in outbox[0]["Subject"]
    # the images are served to their owner
    for img in product.images:
        assert browser.get(f"/media/products/{img.key}/thumb").status_code == 200


def test_a_form_with_errors_keeps_every_typed_value_and_the_uploaded_image(setup, browser):
    edition, category, user = setup
    data = {**FULL, "website": "khong-phai-dia-chi", "category_id": str(category.id), "submit_product": "1",
            "images": [(io.BytesIO(image_bytes("JPEG", size=(640, 480))), "may-loc.jpg")]}
    resp = _post(browser, "/editions/hp/my-products/new", data)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert _count(Product) == 0
    for value in ("Thiết bị giám sát chất lượng nước ao nuôi", "Pond water quality monitor", "khong-phai-dia-chi"):
        assert f'value="{value}"' in html
    assert "Hộ nuôi tôm ở Tiên Lãng, Kiến Thụy" in html and "Lê Thị Bình – kỹ sư" in html
    assert f'<option selected value="{category.id}">' in html or f'value="{category.id}" selected' in html
    assert 'value="double" checked' in html or 'checked value="double"' in html or re.search(r'checked[^>]*value="double"|value="double"[^>]*checked', html)
    # the image is kept as a pending upload, shown with its thumbnail, referenced by a hidden field
    pending = db.session.scalar(db.select(ProductImage))
    assert pending.product_id is None and pending.uploaded_by_id == user.id
    assert f'name="image_keys" value="{pending.key}"' in html
    assert f"/media/products/{pending.key}/thumb" in html
    # corrected and sent again without uploading the image again
    resp = _post(browser, "/editions/hp/my-products/new",
                 {**FULL, "category_id": str(category.id), "submit_product": "1", "image_keys": pending.key})
    assert resp.status_code == 200
    product = db.session.scalar(db.select(Product))
    assert product.status == "submitted"
    assert [i.key for i in product.images] == [pending.key]


def test_a_pending_upload_is_private_to_its_uploader(setup, browser, client, app):
    edition, category, user = setup
    _post(browser, "/editions/hp/my-products/new",
          {"title": "", "images": [(io.BytesIO(image_bytes("PNG")), "a.png")]})
    pending = db.session.scalar(db.select(ProductImage))
    assert browser.get(f"/media/products/{pending.key}/full").status_code == 200
    other = app.test_client()
    assert other.get(f"/media/products/{pending.key}/full").status_code == 404
    # and another exhibitor cannot attach it to their product by sending its key
    make_exhibitor(edition, "spy@khac.example.vn", org_name="Công ty Khác")
    from tests.conftest import Browser

    spy = Browser(other)
    spy.login("spy@khac.example.vn")
    token = csrf_from(spy.get("/account").get_data(as_text=True))
    other.post("/editions/hp/my-products/new", data={"csrf_token": token, "title": "Của tôi", "save_draft": "1",
                                                      "image_keys": pending.key})
    stolen = db.session.scalar(db.select(Product).where(Product.title == "Của tôi"))
    assert stolen is not None and stolen.images == []
    assert other.get(f"/media/products/{pending.key}/full").status_code == 404


def test_a_renamed_exe_is_refused_with_a_clear_message_and_nothing_is_stored(setup, browser, app):
    import os

    _edition, category, _user = setup
    folder = os.path.join(app.config["UPLOAD_DIR"], "products")
    before = set(os.listdir(folder)) if os.path.isdir(folder) else set()
    resp = _post(browser, "/editions/hp/my-products/new",
                 {**FULL, "category_id": str(category.id), "save_draft": "1",
                  "images": [(io.BytesIO(exe_bytes()), "anh-san-pham.jpg")]})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "“anh-san-pham.jpg” is not a JPEG, PNG or WebP image." in html or \
        "“anh-san-pham.jpg” không phải là ảnh JPEG, PNG hoặc WebP." in html
    assert 'value="Thiết bị giám sát chất lượng nước ao nuôi"' in html
    assert _count(Product) == 0 and _count(ProductImage) == 0
    assert (set(os.listdir(folder)) if os.path.isdir(folder) else set()) == before


def test_an_oversized_image_is_refused_with_a_clear_message(setup, browser):
    _edition, category, _user = setup
    resp = _post(browser, "/editions/hp/my-products/new?lang=en",
                 {"title": "Máy ảnh nhiệt", "save_draft": "1", "images": [(io.BytesIO(oversized_jpeg()), "lon.jpg")]})
    assert resp.status_code == 422
    assert "“lon.jpg” is larger than 5 MB." in resp.get_data(as_text=True)
    assert _count(ProductImage) == 0


def test_at_most_five_images_are_kept(setup, browser):
    _edition, _category, _user = setup
    files = [(io.BytesIO(image_bytes("PNG", color=(i * 40, 0, 0))), f"anh-{i}.png") for i in range(6)]
    resp = _post(browser, "/editions/hp/my-products/new?lang=en", {"title": "Sáu ảnh", "save_draft": "1", "images": files})
    assert resp.status_code == 422
    assert "“anh-5.png” was not added: at most 5 images per product." in resp.get_data(as_text=True)
    assert _count(ProductImage) == 5


def test_removing_an_image_when_editing_deletes_it(setup, browser, app):
    import os

    edition, category, user = setup
    _post(browser, "/editions/hp/my-products/new", {"title": "Có ảnh", "save_draft": "1", "images": [
        (io.BytesIO(image_bytes("PNG")), "mot.png"), (io.BytesIO(image_bytes("JPEG")), "hai.jpg")]})
    product = db.session.scalar(db.select(Product))
    first, second = [i.key for i in product.images]
    assert os.path.exists(os.path.join(app.config["UPLOAD_DIR"], "products", f"{first}.png"))
    resp = _post(browser, f"/editions/hp/my-products/{product.id}/edit",
                 {"title": "Có ảnh", "save_draft": "1", "image_keys": [first, second], "remove_images": first})
    assert resp.status_code == 200
    db.session.expire_all()
    assert [i.key for i in db.session.get(Product, product.id).images] == [second]
    assert _count(ProductImage) == 1
    assert not os.path.exists(os.path.join(app.config["UPLOAD_DIR"], "products", f"{first}.png"))


def test_edit_page_shows_the_saved_values(setup, browser):
    edition, category, user = setup
    product = make_product(edition, user.organisation, status="submitted", category=category,
                           title="Robot hàn", stage="commercial", booth_size="island")
    html = browser.get(f"/editions/hp/my-products/{product.id}/edit").get_data(as_text=True)
    assert 'value="Robot hàn"' in html
    assert re.search(r'selected[^>]*value="commercial"|value="commercial"[^>]*selected', html)
    assert re.search(r'checked[^>]*value="island"|value="island"[^>]*checked', html)


# --- the deadline ----------------------------------------------------------------------------

DEADLINE_UTC = datetime(2026, 10, 31, 16, 59, tzinfo=timezone.utc)  # 23:59 on 31 October in Hải Phòng


@pytest.fixture
def clock(monkeypatch):
    """Sets the time the submission services see."""
    from techfest.submissions.services import access, products, review, uploads

    state = {"now": DEADLINE_UTC - timedelta(minutes=1)}
    for module in (access, products, review, uploads):  # each module of the package that reads the clock
        monkeypatch.setattr(module, "utcnow", lambda: state["now"])
    return state


def test_deadline_is_enforced_on_the_server_in_the_editions_time_zone(browser, clock):
    from zoneinfo import ZoneInfo

    deadline = datetime(2026, 10, 31, 23, 59, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    edition = make_edition(slug="hp", status="open", submission_deadline=deadline)
    category = make_category(edition)
    user = make_exhibitor(edition, "duc@dientu.example.vn")
    submitted = make_product(edition, user.organisation, status="submitted", category=category, title="Đã nộp")
    draft = make_product(edition, user.organisation, status="draft", category=category, title="Bản nháp")
    browser.login("duc@dientu.example.vn")
    # one minute before 23:59 local time (16:58 UTC): still open
    resp = _post(browser, f"/editions/hp/my-products/{submitted.id}/edit",
                 {**FULL, "title": "Đã nộp (sửa)", "category_id": str(category.id), "save": "1"})
    assert resp.status_code == 200
    db.session.expire_all()
    assert db.session.get(Product, submitted.id).title == "Đã nộp (sửa)"
    # one minute after: the edit is refused, nothing changes
    clock["now"] = DEADLINE_UTC + timedelta(minutes=1)
    resp = _post(browser, f"/editions/hp/my-products/{submitted.id}/edit",
                 {**FULL, "title": "Quá hạn", "category_id": str(category.id), "save": "1"})
    assert "Quá hạn" not in resp.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Product, submitted.id).title == "Đã nộp (sửa)"
    # no new product, no submitting the draft
    resp = browser.get("/editions/hp/my-products/new")
    assert resp.status_code == 302
    resp = _post(browser, "/editions/hp/my-products/new", {"title": "Muộn", "save_draft": "1"})
    assert _count(Product) == 2
    resp = _post(browser, f"/editions/hp/my-products/{draft.id}/transition", {"to": "submitted"})
    db.session.expire_all()
    assert db.session.get(Product, draft.id).status == "draft"
    # the draft itself can still be edited (saved for later, never submitted)
    resp = _post(browser, f"/editions/hp/my-products/{draft.id}/edit", {"title": "Bản nháp 2", "save_draft": "1"})
    db.session.expire_all()
    assert db.session.get(Product, draft.id).title == "Bản nháp 2"


def test_the_deadline_shows_in_the_editions_time_zone(browser, clock):
    from zoneinfo import ZoneInfo

    deadline = datetime(2026, 10, 31, 23, 59, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    edition = make_edition(slug="hp", status="open", submission_deadline=deadline)
    make_exhibitor(edition, "duc@dientu.example.vn")
    browser.login("duc@dientu.example.vn")
    html = browser.get("/editions/hp/my-products?lang=en").get_data(as_text=True)
    assert "Oct 31, 2026, 11:59:00" in html and "Asia/Ho_Chi_Minh" in html


def test_a_closed_edition_takes_no_new_product(browser):
    edition = make_edition(slug="hp", status="closed")
    make_exhibitor(edition, "duc@dientu.example.vn")
    browser.login("duc@dientu.example.vn")
    resp = _post(browser, "/editions/hp/my-products/new", {"title": "Muộn", "save_draft": "1"})
    assert resp.status_code == 200 and _count(Product) == 0


# --- workflow from the exhibitor's side ------------------------------------------------------

def test_exhibitor_submits_a_draft_then_withdraws_it_with_a_reason(setup, browser, outbox):
    edition, category, user = setup
    product = make_product(edition, user.organisation, status="draft", category=category, title="Máy sấy hải sản")
    _post(browser, f"/editions/hp/my-products/{product.id}/transition", {"to": "submitted"})
    db.session.expire_all()
    assert db.session.get(Product, product.id).status == "submitted"
    html = _post(browser, f"/editions/hp/my-products/{product.id}/transition",
                 {"to": "withdrawn", "note": "Trùng lịch hội chợ khác"}).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Product, product.id).status == "withdrawn"
    assert "Trùng lịch hội chợ khác" in html  # in the timeline
    steps = db.session.scalars(db.select(ProductTransition).order_by(ProductTransition.id)).all()
    assert [(s.from_status, s.to_status) for s in steps] == [("draft", "submitted"), ("submitted", "withdrawn")]
    assert len(outbox) == 2


def test_exhibitor_cannot_accept_their_own_product(setup, browser):
    edition, category, user = setup
    product = make_product(edition, user.organisation, status="under_review", category=category)
    _post(browser, f"/editions/hp/my-products/{product.id}/transition", {"to": "accepted"})
    db.session.expire_all()
    assert db.session.get(Product, product.id).status == "under_review"
    assert _count(ProductTransition) == 0


def test_exhibitor_confirms_participation_once_accepted(setup, browser):
    edition, category, user = setup
    product = make_product(edition, user.organisation, status="accepted", category=category)
    html = browser.get(f"/editions/hp/my-products/{product.id}").get_data(as_text=True)
    assert 'value="confirmed"' in html
    _post(browser, f"/editions/hp/my-products/{product.id}/transition", {"to": "confirmed"})
    db.session.expire_all()
    assert db.session.get(Product, product.id).status == "confirmed"


def test_drafts_can_be_deleted_but_submitted_products_cannot(setup, browser):
    edition, category, user = setup
    draft = make_product(edition, user.organisation, status="draft")
    submitted = make_product(edition, user.organisation, status="submitted", category=category)
    _post(browser, f"/editions/hp/my-products/{draft.id}/delete", {})
    _post(browser, f"/editions/hp/my-products/{submitted.id}/delete", {})
    assert db.session.scalars(db.select(Product.id)).all() == [submitted.id]


def test_colleagues_of_one_organisation_share_its_submissions(setup, browser, app):
    edition, category, user = setup
    product = make_product(edition, user.organisation, status="draft", title="Sản phẩm chung")
    make_user("an@dientu.example.vn", role="exhibitor", edition=edition, org=user.organisation)
    from tests.conftest import Browser

    colleague = Browser(app.test_client())
    colleague.login("an@dientu.example.vn")
    assert "Sản phẩm chung" in colleague.get("/editions/hp/my-products").get_data(as_text=True)
    token = csrf_from(colleague.get("/account").get_data(as_text=True))
    colleague.client.post(f"/editions/hp/my-products/{product.id}/edit",
                          data={"csrf_token": token, "title": "Sản phẩm chung (sửa)", "save_draft": "1"})
    db.session.expire_all()
    assert db.session.get(Product, product.id).title == "Sản phẩm chung (sửa)"


# --- other organisations -------------------------------------------------------------------

def test_an_exhibitor_cannot_read_or_change_another_organisations_products_through_pages(setup, browser, app):
    edition, category, user = setup
    other_org = make_org("Trường Đại học Hàng hải Việt Nam", type="university")
    theirs = make_product(edition, other_org, status="submitted", category=category, title="Bí mật của trường",
                          summary="Không ai ngoài trường được đọc")
    draft = make_product(edition, other_org, status="draft", title="Nháp của trường")
    accepted = make_product(edition, other_org, status="accepted", category=category, title="Đã công bố")
    listing = browser.get("/editions/hp/my-products").get_data(as_text=True)
    assert "Bí mật của trường" not in listing and "Nháp của trường" not in listing
    for p in (theirs, draft, accepted):
        assert browser.get(f"/editions/hp/my-products/{p.id}").status_code in (403, 404)
        assert browser.get(f"/editions/hp/my-products/{p.id}/edit").status_code in (403, 404)
    for p in (theirs, draft):
        assert browser.get(f"/editions/hp/products/{p.id}").status_code == 404
    token = _token(browser)
    for url, data in ((f"/editions/hp/my-products/{theirs.id}/edit", {"title": "Bị sửa", "save": "1"}),
                      (f"/editions/hp/my-products/{theirs.id}/transition", {"to": "withdrawn"}),
                      (f"/editions/hp/my-products/{draft.id}/delete", {}),
                      (f"/editions/hp/my-products/{accepted.id}/transition", {"to": "confirmed"})):
        resp = browser.client.post(url, data={"csrf_token": token, **data})
        assert resp.status_code in (403, 404), url
    db.session.expire_all()
    assert db.session.get(Product, theirs.id).title == "Bí mật của trường"
    assert db.session.get(Product, theirs.id).status == "submitted"
    assert db.session.get(Product, draft.id) is not None
    assert db.session.get(Product, accepted.id).status == "accepted"
    assert _count(ProductTransition) == 0


def test_a_product_of_another_edition_is_not_reachable_through_this_editions_urls(setup, browser):
    edition, category, user = setup
    other = make_edition(slug="other", status="open")
    product = make_product(other, user.organisation, status="draft")
    assert browser.get(f"/editions/hp/my-products/{product.id}").status_code == 404


def test_visitors_and_attendees_cannot_open_the_submission_pages(client, browser):
    edition = make_edition(slug="hp", status="open")
    assert client.get("/editions/hp/my-products").status_code == 302  # to the login page
    make_user("khach@example.vn", role="attendee", edition=edition)
    browser.login("khach@example.vn")
    assert browser.get("/editions/hp/my-products").status_code == 403
    assert browser.get("/editions/hp/my-products/new").status_code == 403


def test_an_account_without_organisation_is_told_why_it_cannot_submit(browser):
    edition = make_edition(slug="hp", status="open")
    make_user("le@example.vn", role="exhibitor", edition=edition)
    browser.login("le@example.vn")
    html = browser.get("/editions/hp/my-products/new", follow_redirects=True).get_data(as_text=True)
    assert "organisation" in html or "tổ chức" in html


def test_every_problem_is_shown_at_once_even_with_a_refused_image(setup, browser):
    resp = _post(browser, "/editions/hp/my-products/new?lang=en",
                 {"title": "Máy lọc nước", "website": "sai", "submit_product": "1",
                  "images": [(io.BytesIO(exe_bytes()), "virus.jpg"), (io.BytesIO(image_bytes("PNG")), "dung.png")]})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "“virus.jpg” is not a JPEG, PNG or WebP image." in html
    for field in ("website", "summary", "description", "category_id", "stage"):
        assert f'id="{field}-error"' in html, field
    assert html.count("Needed to submit the product.") == 4
    assert _count(ProductImage) == 1  # the good image is kept for the next try


def test_abandoned_pending_uploads_are_purged_after_a_day(setup, browser, app):
    import os

    from techfest.core.db import utcnow
    from techfest.submissions import services

    edition, category, user = setup
    _post(browser, "/editions/hp/my-products/new", {"title": "", "images": [(io.BytesIO(image_bytes("PNG")), "a.png")]})
    old = db.session.scalar(db.select(ProductImage))
    old.created_at = utcnow() - timedelta(hours=25)
    db.session.commit()
    path = os.path.join(app.config["UPLOAD_DIR"], "products", f"{old.key}.png")
    assert os.path.exists(path)
    assert services.purge_pending_images() == 1
    assert _count(ProductImage) == 0 and not os.path.exists(path)
