"""Regressions found by the API fuzzer (tests/api/test_fuzz_schemathesis.py): ids too large for an
INTEGER column in the booth list's filters and the assignment body answer 422, not 500."""
from __future__ import annotations

from tests.factories import make_edition, make_token, make_user

HUGE = 46481016622201190511062024192


def test_booth_filters_with_an_id_too_large_answer_422_naming_the_field(api):
    make_edition(slug="hp", status="live")
    for name in ("hall_id", "zone_id"):
        resp = api.get(f"/api/v1/editions/hp/booths?{name}={HUGE}")
        assert resp.status_code == 422, (name, resp.status_code)
        assert name in str(resp.json["fields"])
    assert api.get("/api/v1/editions/hp/booths?hall_id=2147483647").status_code == 200  # the largest id is fine


def test_assignment_with_an_organisation_id_too_large_answers_422(client):
    from tests.booths.routes import setup

    edition = make_edition(slug="hp", status="live")
    organizer = make_user("btc@example.vn", role="organizer", edition=edition)
    setup(edition, {"organizer": organizer, "exhibitor": make_user("dn@example.vn")})
    resp = client.put("/api/v1/editions/hp/booths/RW-01/assignment", json={"organisation_id": HUGE},
                      headers={"Authorization": f"Bearer {make_token(organizer)}"})
    assert resp.status_code == 422, resp.status_code
    assert "organisation_id" in str(resp.json["fields"])
