"""/api/v1 categories and products with bearer tokens: visibility, writes, the workflow, errors,
and exhibitors kept out of other organisations' products."""
from datetime import datetime, timezone

import pytest

from techfest.core.db import db
from techfest.submissions.models import Category, Product, ProductTransition
from tests.factories import make_edition, make_token, make_user
from tests.submissions.factories import make_category, make_exhibitor, make_product

NEW = {
    "title": "Thiết bị giám sát chất lượng nước", "title_en": "Water quality monitor",
    "summary": "Đo độ mặn và oxy hòa tan.", "description": "**Mới**: pin 2 năm.", "category": "nong-nghiep",
    "stage": "pilot", "target_market": "Hộ nuôi tôm", "website": "https://nuoitrong.example.vn",
    "team_members": ["Nguyễn Văn An – trưởng nhóm", "김민준 – cố vấn"],
    "booth": {"size": "double", "power": True, "internet": False, "water": True, "table": True},
}


@pytest.fixture
def world(app):
    edition = make_edition(slug="hp", status="open")
    category = make_category(edition, "nong-nghiep", "Nông nghiệp công nghệ cao", "High-tech agriculture")
    exhibitor = make_exhibitor(edition, "duc@dientu.example.vn")
    rival = make_exhibitor(edition, "spy@khac.example.vn", org_name="Công ty Đối thủ")
    organizer = make_user("org@sokhcn.example.vn", role="organizer", edition=edition)
    tokens = {"exhibitor": make_token(exhibitor), "rival": make_token(rival), "organizer": make_token(organizer)}
    return edition, category, exhibitor, tokens


# --- categories ------------------------------------------------------------------------------

def test_categories_are_listed_publicly_with_id_slug_and_name(world, api):
    edition, category, _, _ = world
    make_category(edition, "co-khi", "Cơ khí chế tạo", "Mechanical engineering", position=5)
    body = api.get("/api/v1/editions/hp/categories").json
    assert body["total"] == 2
    assert [(c["slug"], c["name"]) for c in body["items"]] == [("co-khi", "Cơ khí chế tạo"),
                                                              ("nong-nghiep", "Nông nghiệp công nghệ cao")]
    assert set(body["items"][0]) >= {"id", "slug", "name", "name_en"}
    assert api.get("/api/v1/editions/nope/categories").status_code == 404


def test_organizers_create_rename_and_delete_categories(world, api):
    edition, category, _, tokens = world
    resp = api.post("/api/v1/editions/hp/categories", {"name": "Y học biển", "name_en": "Marine medicine"},
                    token=tokens["organizer"])
    assert resp.status_code == 201
    assert resp.json["slug"] == "y-hoc-bien"
    assert resp.headers["Location"].endswith(f"/api/v1/editions/hp/categories/{resp.json['id']}")
    cid = resp.json["id"]
    resp = api.patch(f"/api/v1/editions/hp/categories/{cid}", {"name": "Y dược biển"}, token=tokens["organizer"])
    assert resp.status_code == 200 and resp.json["name"] == "Y dược biển" and resp.json["slug"] == "y-hoc-bien"
    assert api.get(f"/api/v1/editions/hp/categories/{cid}").json["name"] == "Y dược biển"
    assert api.delete(f"/api/v1/editions/hp/categories/{cid}", token=tokens["organizer"]).status_code == 204
    assert api.get(f"/api/v1/editions/hp/categories/{cid}").status_code == 404


def test_deleting_a_category_in_use_is_409(world, api):
    edition, category, exhibitor, tokens = world
    make_product(edition, exhibitor.organisation, "draft", category)
    resp = api.delete(f"/api/v1/editions/hp/categories/{category.id}", token=tokens["organizer"])
    assert resp.status_code == 409 and resp.json["error"]
    assert db.session.get(Category, category.id) is not None


def test_category_writes_need_an_organizer(world, api):
    edition, category, _, tokens = world
    assert api.post("/api/v1/editions/hp/categories", {"name": "X"}).status_code == 401
    assert api.post("/api/v1/editions/hp/categories", {"name": "X"}, token=tokens["exhibitor"]).status_code == 403
    assert api.delete(f"/api/v1/editions/hp/categories/{category.id}", token=tokens["exhibitor"]).status_code == 403
    # permission is checked before the body: an invalid body from an exhibitor is still 403
    assert api.post("/api/v1/editions/hp/categories", {"bad": 1}, token=tokens["exhibitor"]).status_code == 403


def test_invalid_or_duplicate_category_names_the_field(world, api):
    edition, category, _, tokens = world
    resp = api.post("/api/v1/editions/hp/categories", {"name": "", "slug": "Có Dấu"}, token=tokens["organizer"])
    assert resp.status_code == 422 and set(resp.json["fields"]) == {"name", "slug"}
    resp = api.post("/api/v1/editions/hp/categories", {"name": "Khác", "slug": "nong-nghiep"}, token=tokens["organizer"])
    assert resp.status_code == 409 and "slug" in resp.json["fields"]


# --- products: the exhibitor's side ---------------------------------------------------------

def test_exhibitor_creates_a_draft_then_submits_it(world, api, outbox):
    edition, category, exhibitor, tokens = world
    resp = api.post("/api/v1/editions/hp/products", NEW, token=tokens["exhibitor"])
    assert resp.status_code == 201, resp.json
    body = resp.json
    assert resp.headers["Location"].endswith(f"/api/v1/products/{body['id']}")
    assert body["status"] == "draft" and body["category"]["slug"] == "nong-nghiep"
    assert body["team_members"] == ["Nguyễn Văn An – trưởng nhóm", "김민준 – cố vấn"]
    assert body["booth"] == {"size": "double", "power": True, "internet": False, "water": True, "table": True}
    assert body["organisation"]["name"] == "Công ty CP Điện tử Hải Phòng"
    resp = api.post(f"/api/v1/products/{body['id']}/submit", {}, token=tokens["exhibitor"])
    assert resp.status_code == 200 and resp.json["status"] == "submitted" and resp.json["submitted_at"]
    assert [m["To"] for m in outbox] == ["duc@dientu.example.vn"]


def test_invalid_product_input_answers_422_naming_the_fields(world, api):
    edition, category, exhibitor, tokens = world
    resp = api.post("/api/v1/editions/hp/products",
                    {**NEW, "title": "", "stage": "tốt", "booth": {"size": "huge"}, "colour": "đỏ"},
                    token=tokens["exhibitor"])
    assert resp.status_code == 422
    assert set(resp.json["fields"]) == {"title", "stage", "booth.size", "colour"}
    resp = api.post("/api/v1/editions/hp/products", {**NEW, "website": "khong-phai-url", "category": "khong-co"},
                    token=tokens["exhibitor"])
    assert resp.status_code == 422 and set(resp.json["fields"]) == {"website", "category"}
    assert db.session.scalar(db.select(db.func.count()).select_from(Product)) == 0


def test_submitting_an_incomplete_draft_names_what_is_missing(world, api):
    edition, category, exhibitor, tokens = world
    pid = api.post("/api/v1/editions/hp/products", {"title": "Chỉ có tên"}, token=tokens["exhibitor"]).json["id"]
    resp = api.post(f"/api/v1/products/{pid}/submit", {}, token=tokens["exhibitor"])
    assert resp.status_code == 422
    assert set(resp.json["fields"]) == {"summary", "description", "category", "stage"}
    assert db.session.get(Product, pid).status == "draft"


def test_exhibitor_updates_a_draft_and_withdraws_a_submitted_product(world, api):
    edition, category, exhibitor, tokens = world
    product = make_product(edition, exhibitor.organisation, "submitted", category)
    resp = api.patch(f"/api/v1/products/{product.id}", {"summary": "Tóm tắt mới", "booth": {"internet": True}},
                     token=tokens["exhibitor"])
    assert resp.status_code == 200 and resp.json["summary"] == "Tóm tắt mới" and resp.json["booth"]["internet"]
    resp = api.post(f"/api/v1/products/{product.id}/withdraw", {"note": "Đổi kế hoạch"}, token=tokens["exhibitor"])
    assert resp.status_code == 200 and resp.json["status"] == "withdrawn"
    assert api.patch(f"/api/v1/products/{product.id}", {"summary": "x"}, token=tokens["exhibitor"]).status_code == 409


def test_the_api_enforces_the_deadline(world, api, monkeypatch):
    from techfest.submissions.services import access, products, review, uploads

    edition, category, exhibitor, tokens = world
    edition.submission_deadline = datetime(2026, 10, 31, 16, 59, tzinfo=timezone.utc)
    db.session.commit()
    submitted = make_product(edition, exhibitor.organisation, "submitted", category)
    draft = make_product(edition, exhibitor.organisation, "draft", category)
    for module in (access, products, review, uploads):  # each module of the package that reads the clock
        monkeypatch.setattr(module, "utcnow", lambda: datetime(2026, 10, 31, 17, 0, tzinfo=timezone.utc))
    assert api.patch(f"/api/v1/products/{submitted.id}", {"summary": "Muộn"}, token=tokens["exhibitor"]).status_code == 409
    assert api.post(f"/api/v1/products/{draft.id}/submit", {}, token=tokens["exhibitor"]).status_code == 409
    assert api.post("/api/v1/editions/hp/products", NEW, token=tokens["exhibitor"]).status_code == 409
    assert db.session.get(Product, submitted.id).summary != "Muộn"


# --- the workflow through the API -------------------------------------------------------------

def test_organizer_moves_a_product_through_review_and_a_refused_step_is_409(world, api, outbox):
    edition, category, exhibitor, tokens = world
    product = make_product(edition, exhibitor.organisation, "submitted", category)
    url = f"/api/v1/products/{product.id}/transition"
    resp = api.post(url, {"to": "accepted"}, token=tokens["organizer"])
    assert resp.status_code == 409 and resp.json["fields"]["to"] == ["allowed: under_review"]
    assert api.post(url, {"to": "under_review"}, token=tokens["organizer"]).json["status"] == "under_review"
    resp = api.post(url, {"to": "accepted", "note": "Chúc mừng!"}, token=tokens["organizer"])
    assert resp.status_code == 200 and resp.json["status"] == "accepted"
    # the exhibitor may not decide, but confirms
    assert api.post(url, {"to": "rejected"}, token=tokens["exhibitor"]).status_code == 409
    assert api.post(url, {"to": "confirmed"}, token=tokens["exhibitor"]).json["status"] == "confirmed"
    steps = db.session.scalars(db.select(ProductTransition).order_by(ProductTransition.id)).all()
    assert [(s.to_status, s.actor_role) for s in steps] == [
        ("under_review", "organizer"), ("accepted", "organizer"), ("confirmed", "exhibitor")]
    assert steps[1].note == "Chúc mừng!"
    assert len(outbox) == 3


def test_invalid_transition_body_is_422(world, api):
    edition, category, exhibitor, tokens = world
    product = make_product(edition, exhibitor.organisation, "submitted", category)
    resp = api.post(f"/api/v1/products/{product.id}/transition", {"to": "published"}, token=tokens["organizer"])
    assert resp.status_code == 422 and set(resp.json["fields"]) == {"to"}


# --- visibility and other organisations ------------------------------------------------------

def test_public_list_shows_only_accepted_products_and_searches_without_accents(world, api):
    edition, category, exhibitor, tokens = world
    make_product(edition, exhibitor.organisation, "confirmed", category, "Nhà màng trồng dưa lưới")
    make_product(edition, exhibitor.organisation, "accepted", category, "Cảm biến độ ẩm đất")
    make_product(edition, exhibitor.organisation, "under_review", category, "Máy bay phun thuốc")
    body = api.get("/api/v1/editions/hp/products").json
    assert body["total"] == 2 and body["page"] == 1
    assert sorted(p["title"] for p in body["items"]) == ["Cảm biến độ ẩm đất", "Nhà màng trồng dưa lưới"]
    body = api.get("/api/v1/editions/hp/products?q=dua+luoi").json
    assert [p["title"] for p in body["items"]] == ["Nhà màng trồng dưa lưới"]
    assert api.get("/api/v1/editions/hp/products?category=khac").json["total"] == 0
    assert api.get("/api/v1/editions/hp/products?per_page=1&page=2").json["items"][0]["title"] == "Nhà màng trồng dưa lưới"


def test_one_product_is_public_only_once_accepted_and_always_visible_to_its_owner(world, api):
    edition, category, exhibitor, tokens = world
    draft = make_product(edition, exhibitor.organisation, "draft", category)
    review = make_product(edition, exhibitor.organisation, "under_review", category)
    assert api.get(f"/api/v1/products/{draft.id}").status_code == 404
    assert api.get(f"/api/v1/products/{draft.id}", token=tokens["exhibitor"]).json["status"] == "draft"
    assert api.get(f"/api/v1/products/{draft.id}", token=tokens["organizer"]).status_code == 404  # drafts are private
    assert api.get(f"/api/v1/products/{review.id}", token=tokens["organizer"]).json["status"] == "under_review"
    assert api.get(f"/api/v1/products/{review.id}").status_code == 404


def test_an_exhibitor_cannot_read_or_change_another_organisations_products_through_the_api(world, api):
    edition, category, exhibitor, tokens = world
    draft = make_product(edition, exhibitor.organisation, "draft", category, "Bí mật")
    submitted = make_product(edition, exhibitor.organisation, "submitted", category, "Đang nộp")
    accepted = make_product(edition, exhibitor.organisation, "accepted", category, "Đã chọn")
    spy = tokens["rival"]
    assert api.get(f"/api/v1/products/{draft.id}", token=spy).status_code == 404
    assert api.get(f"/api/v1/products/{submitted.id}", token=spy).status_code == 404
    for p in (draft, submitted):
        assert api.patch(f"/api/v1/products/{p.id}", {"title": "Bị sửa"}, token=spy).status_code == 404
        assert api.post(f"/api/v1/products/{p.id}/submit", {}, token=spy).status_code == 404
        assert api.post(f"/api/v1/products/{p.id}/withdraw", {}, token=spy).status_code == 404
        assert api.post(f"/api/v1/products/{p.id}/transition", {"to": "withdrawn"}, token=spy).status_code == 404
    # public product: readable, but not theirs to change
    assert api.get(f"/api/v1/products/{accepted.id}", token=spy).status_code == 200
    assert api.patch(f"/api/v1/products/{accepted.id}", {"title": "Bị sửa"}, token=spy).status_code == 403
    assert api.post(f"/api/v1/products/{accepted.id}/transition", {"to": "confirmed"}, token=spy).status_code == 403
    db.session.expire_all()
    assert [db.session.get(Product, p.id).title for p in (draft, submitted, accepted)] == ["Bí mật", "Đang nộp", "Đã chọn"]
    assert [db.session.get(Product, p.id).status for p in (draft, submitted, accepted)] == ["draft", "submitted", "accepted"]
    assert db.session.scalar(db.select(db.func.count()).select_from(ProductTransition)) == 0


def test_writes_need_a_token_and_the_exhibitor_role(world, api):
    edition, category, exhibitor, tokens = world
    product = make_product(edition, exhibitor.organisation, "draft", category)
    assert api.post("/api/v1/editions/hp/products", NEW).status_code == 401
    assert api.patch(f"/api/v1/products/{product.id}", {"title": "x"}).status_code == 401
    assert api.post("/api/v1/editions/hp/products", NEW, token=tokens["organizer"]).status_code == 403
    assert api.patch(f"/api/v1/products/{product.id}", {"title": "x"}, token=tokens["organizer"]).status_code == 403
    attendee = make_token(make_user("khach@example.vn", role="attendee", edition=edition))
    assert api.post(f"/api/v1/products/{product.id}/transition", {"to": "x"}, token=attendee).status_code == 403
    assert api.patch("/api/v1/products/99999", {"title": "x"}, token=tokens["exhibitor"]).status_code == 404


def test_the_openapi_document_lists_the_endpoints_and_their_errors(client):
    spec = client.get("/api/v1/openapi.json").json
    paths = spec["paths"]
    for path in ("/api/v1/editions/{slug}/categories", "/api/v1/editions/{slug}/categories/{category_id}",
                 "/api/v1/editions/{slug}/products", "/api/v1/products/{product_id}",
                 "/api/v1/products/{product_id}/submit", "/api/v1/products/{product_id}/withdraw",
                 "/api/v1/products/{product_id}/transition"):
        assert path in paths, path
    transition = paths["/api/v1/products/{product_id}/transition"]["post"]
    assert {"401", "403", "404", "409", "422"} <= set(transition["responses"])
    assert transition["security"] == [{"bearerAuth": []}]
