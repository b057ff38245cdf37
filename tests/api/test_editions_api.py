"""/api/v1/editions with bearer tokens: visibility, writes, errors and the workflow."""
from techfest.core.db import db
from techfest.editions.models import Edition
from tests.factories import make_edition, make_token, make_user

NEW = {"slug": "hai-phong-2027", "name": "Techfest Hải Phòng 2027", "year": 2027, "city": "Hải Phòng",
       "start_date": "2027-11-20", "end_date": "2027-11-22"}


def _organizer_token(edition):
    return make_token(make_user("org@example.vn", role="organizer", edition=edition))


def test_public_list_hides_drafts_and_is_paginated(api):
    for year in range(2018, 2024):
        make_edition(slug=f"hp-{year}", year=year, status="archived")
    make_edition(slug="draft", year=2027, status="draft")
    body = api.get("/api/v1/editions?per_page=4&page=2").json
    assert body["total"] == 6 and body["page"] == 2 and body["per_page"] == 4
    assert [e["slug"] for e in body["items"]] == ["hp-2019", "hp-2018"]
    assert set(body["items"][0]) >= {"slug", "name", "year", "city", "venue", "start_date", "end_date", "timezone", "status"}


def test_draft_edition_is_404_for_the_public_and_visible_to_its_organizer(api):
    draft = make_edition(slug="draft", status="draft")
    assert api.get("/api/v1/editions/draft").status_code == 404
    assert api.get("/api/v1/editions/draft", token=_organizer_token(draft)).json["status"] == "draft"


def test_organizer_creates_an_edition_201_with_location(api):
    current = make_edition(slug="hp-2026", status="live")
    resp = api.post("/api/v1/editions", NEW, token=_organizer_token(current))
    assert resp.status_code == 201
    assert resp.headers["Location"].endswith("/api/v1/editions/hai-phong-2027")
    assert resp.json["status"] == "draft" and resp.json["timezone"] == "Asia/Ho_Chi_Minh"


def test_create_without_token_is_401_and_as_exhibitor_is_403(api):
    current = make_edition(slug="hp-2026", status="open")
    exhibitor = make_token(make_user("ex@example.vn", role="exhibitor", edition=current))
    assert api.post("/api/v1/editions", NEW).status_code == 401
    assert api.post("/api/v1/editions", NEW, token=exhibitor).status_code == 403
    assert api.post("/api/v1/editions", NEW, token="tfp_forged").status_code == 401
    assert db.session.scalar(db.select(db.func.count()).select_from(Edition)) == 1


def test_invalid_body_names_the_failing_fields(api):
    current = make_edition(slug="hp-2026", status="live")
    resp = api.post("/api/v1/editions", {**NEW, "slug": "Có dấu", "year": "năm", "start_date": "2027-13-40"},
                    token=_organizer_token(current))
    assert resp.status_code == 422
    assert set(resp.json["fields"]) == {"slug", "year", "start_date"}
    assert resp.json["error"]


def test_end_before_start_and_unknown_timezone_are_422(api):
    current = make_edition(slug="hp-2026", status="live")
    resp = api.post("/api/v1/editions", {**NEW, "end_date": "2027-11-01", "timezone": "Mars/Olympus"},
                    token=_organizer_token(current))
    assert resp.status_code == 422
    assert set(resp.json["fields"]) == {"end_date", "timezone"}


def test_malformed_json_is_a_4xx_json_error(api, client):
    current = make_edition(slug="hp-2026", status="live")
    token = _organizer_token(current)
    resp = client.post("/api/v1/editions", data="{not json", content_type="application/json",
                       headers={"Authorization": f"Bearer {token}"})
    assert 400 <= resp.status_code < 500 and "error" in resp.json


def test_duplicate_slug_is_409(api):
    current = make_edition(slug="hp-2026", status="live")
    resp = api.post("/api/v1/editions", {**NEW, "slug": "hp-2026"}, token=_organizer_token(current))
    assert resp.status_code == 409 and "slug" in resp.json["fields"]


def test_patch_changes_only_the_given_fields(api):
    edition = make_edition(slug="hp", status="open", venue="Cũ")
    resp = api.patch("/api/v1/editions/hp", {"venue": "Nhà Triển lãm Thành phố"}, token=_organizer_token(edition))
    assert resp.status_code == 200
    assert resp.json["venue"] == "Nhà Triển lãm Thành phố" and resp.json["name"] == edition.name


def test_patch_by_an_organizer_of_another_edition_is_403(api):
    mine = make_edition(slug="mine", status="open")
    make_edition(slug="theirs", status="open")
    resp = api.patch("/api/v1/editions/theirs", {"venue": "x"}, token=_organizer_token(mine))
    assert resp.status_code == 403


def test_patch_cannot_set_the_status(api):
    edition = make_edition(slug="hp", status="open")
    resp = api.patch("/api/v1/editions/hp", {"status": "archived"}, token=_organizer_token(edition))
    assert resp.status_code == 422 and "status" in resp.json["fields"]


def test_transition_follows_the_workflow_and_refusals_are_409(api):
    edition = make_edition(slug="hp", status="draft")
    token = _organizer_token(edition)
    assert api.post("/api/v1/editions/hp/transition", {"to": "live"}, token=token).status_code == 409
    resp = api.post("/api/v1/editions/hp/transition", {"to": "open"}, token=token)
    assert resp.status_code == 200 and resp.json["status"] == "open"
    resp = api.post("/api/v1/editions/hp/transition", {"to": "open"}, token=token)
    assert resp.status_code == 409 and "to" in resp.json["fields"]
    assert api.post("/api/v1/editions/hp/transition", {"to": "nonsense"}, token=token).status_code == 422


def test_unknown_edition_is_a_json_404(api):
    resp = api.get("/api/v1/editions/khong-co")
    assert resp.status_code == 404 and resp.json["error"]


def test_session_cookie_does_not_authenticate_the_api(browser, api):
    edition = make_edition(slug="hp", status="draft")
    make_user("org@example.vn", role="organizer", edition=edition)
    browser.login("org@example.vn")
    assert browser.client.post("/api/v1/editions/hp/transition", json={"to": "open"}).status_code == 401
