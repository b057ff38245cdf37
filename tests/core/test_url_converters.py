"""An id too large for an INTEGER column is a 404, not a database overflow (found by the fuzzer)."""
from __future__ import annotations

from tests.factories import make_edition, make_token, make_user

HUGE = "161631178223912860623977840640"


def test_huge_ids_in_urls_are_not_found(api, app):
    edition = make_edition(slug="hp", status="live")
    token = make_token(make_user("btc@example.vn", role="organizer", edition=edition))
    for url in (f"/api/v1/products/{HUGE}", f"/api/v1/registrations/{HUGE}",
                f"/api/v1/editions/hp/categories/{HUGE}", f"/api/v1/registrations/{2**31}/badge.pdf"):
        resp = api.get(url, token=token)
        assert resp.status_code == 404, (url, resp.status_code)
    assert api.delete(f"/api/v1/registrations/{HUGE}", token=token).status_code == 404
    assert api.get(f"/api/v1/registrations/{2**31 - 1}", token=token).status_code == 404  # largest valid id


def test_the_api_document_states_the_bound(client):
    spec = client.get("/api/v1/openapi.json").json
    param = spec["paths"]["/api/v1/products/{product_id}"]["parameters"][0]
    assert param["schema"]["maximum"] == 2**31 - 1


def test_too_large_room_filter_is_a_422_naming_the_field(api):
    from tests.factories import make_edition

    make_edition(slug="hp", status="live")
    resp = api.get("/api/v1/editions/hp/forum/sessions?room=161631178223912860623977840640")
    assert resp.status_code == 422 and "room" in resp.json["fields"]
