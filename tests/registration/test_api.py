"""/api/v1 registrations with an organizer token."""
from __future__ import annotations

from techfest.registration import services
from tests.factories import make_edition, make_token, make_user
from tests.registration.factories import make_registration


def _token(edition):
    return make_token(make_user("btc@example.vn", role="organizer", edition=edition))


def test_create_read_list_and_the_fields_a_registration_answers_with(api, live_edition):
    token = _token(live_edition)
    day = services.edition_days(live_edition)[0].isoformat()
    resp = api.post("/api/v1/editions/hp/registrations", {"name": "김민준", "email": "Kim@Example.kr", "type": "speaker",
                                                          "days": [day], "organisation": "Busan"}, token=token)
    assert resp.status_code == 201
    body = resp.json
    assert {"id", "name", "email", "type", "days", "status", "badge_token"} <= set(body)
    assert (body["name"], body["email"], body["type"], body["days"], body["status"]) == (
        "김민준", "kim@example.kr", "speaker", [day], "active")
    assert services.verify_badge(body["badge_token"], live_edition).status == "ok"
    assert resp.headers["Location"].endswith(f"/api/v1/registrations/{body['id']}")
    assert api.get(f"/api/v1/registrations/{body['id']}", token=token).json == body
    page = api.get("/api/v1/editions/hp/registrations?q=kim&type=speaker", token=token).json
    assert page["total"] == 1 and page["items"][0]["id"] == body["id"] and page["page"] == 1
    assert "김민준" in api.get("/api/v1/editions/hp/registrations", token=token).get_data(as_text=True)


def test_posting_a_known_email_updates_it(api, live_edition):
    token = _token(live_edition)
    first = api.post("/api/v1/editions/hp/registrations", {"name": "An", "email": "an@example.vn"}, token=token).json
    again = api.post("/api/v1/editions/hp/registrations", {"name": "Nguyễn Văn An", "email": "AN@example.vn"}, token=token)
    assert again.status_code == 200 and again.json["id"] == first["id"] and again.json["name"] == "Nguyễn Văn An"
    assert len(first["days"]) == 3  # days default to every day


def test_invalid_input_names_the_field(api, live_edition):
    token = _token(live_edition)
    resp = api.post("/api/v1/editions/hp/registrations", {"name": "", "email": "nope", "type": "astronaut"}, token=token)
    assert resp.status_code == 422
    assert {"name", "email", "type"} <= set(resp.json["fields"])
    resp = api.post("/api/v1/editions/hp/registrations", {"name": "A", "email": "a@example.vn", "days": ["2030-01-01"]},
                    token=token)
    assert resp.status_code == 422 and "days" in resp.json["fields"]
    resp = api.post("/api/v1/editions/hp/registrations", {"name": "A", "email": "a@example.vn", "hacker": 1}, token=token)
    assert resp.status_code == 422 and "hacker" in resp.json["fields"]


def test_patch_delete_reissue_and_badge_pdf(api, live_edition):
    token = _token(live_edition)
    reg = make_registration(live_edition, email="ha@example.vn")
    resp = api.patch(f"/api/v1/registrations/{reg.id}", {"name": "Nguyễn Thị Thu Hà", "type": "press"}, token=token)
    assert resp.status_code == 200 and resp.json["type"] == "press" and resp.json["name"] == "Nguyễn Thị Thu Hà"
    old = resp.json["badge_token"]
    resp = api.post(f"/api/v1/registrations/{reg.id}/reissue", token=token)
    assert resp.status_code == 200 and resp.json["badge_token"] != old
    assert services.verify_badge(old).status == "revoked"
    pdf = api.get(f"/api/v1/registrations/{reg.id}/badge.pdf", token=token)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert api.delete(f"/api/v1/registrations/{reg.id}", token=token).status_code == 204
    body = api.get(f"/api/v1/registrations/{reg.id}", token=token).json
    assert body["status"] == "cancelled" and body["badge_token"] is None
    assert api.delete(f"/api/v1/registrations/{reg.id}", token=token).status_code == 409
    assert api.post(f"/api/v1/registrations/{reg.id}/reissue", token=token).status_code == 409
    assert api.get(f"/api/v1/registrations/{reg.id}/badge.pdf", token=token).status_code == 404


def test_patch_to_a_used_email_is_a_conflict(api, live_edition):
    token = _token(live_edition)
    make_registration(live_edition, email="taken@example.vn")
    reg = make_registration(live_edition, email="mine@example.vn")
    resp = api.patch(f"/api/v1/registrations/{reg.id}", {"email": "taken@example.vn"}, token=token)
    assert resp.status_code == 409 and resp.json["fields"] == {"email": ["already registered"]}


def test_organizers_of_another_edition_and_anonymous_callers_are_refused(api, live_edition):
    other = make_edition(slug="other", status="open")
    reg = make_registration(live_edition)
    stranger = make_token(make_user("other@example.vn", role="organizer", edition=other))
    assert api.get("/api/v1/editions/hp/registrations", token=stranger).status_code == 403
    assert api.get(f"/api/v1/registrations/{reg.id}", token=stranger).status_code == 403
    assert api.delete(f"/api/v1/registrations/{reg.id}", token=stranger).status_code == 403
    assert api.get(f"/api/v1/registrations/{reg.id}").status_code == 401
    assert api.get("/api/v1/registrations/999999", token=stranger).status_code == 404
