"""Every id (and every other integer bound for an INTEGER column) an API client sends is checked
against what the database holds before any query: 2**63, 2**31, 0 or -1 answer a 422 naming
the field, never a 500 (on PostgreSQL the driver overflows past 2**31-1)."""
from __future__ import annotations

import pytest

from tests.core.test_route_permissions import world  # noqa: F401  (the fixture: every domain's rows)

TOO_LARGE = (2**63, 2**31)
NOT_AN_ID = TOO_LARGE + (0, -1)


def _call(client, method, url, token, body=None):
    return client.open(url, method=method, json=body, headers={"Authorization": f"Bearer {token}"})


def _assert_names(resp, field):
    assert resp.status_code == 422, (resp.status_code, resp.get_data(as_text=True)[:300])
    assert resp.is_json and "error" in resp.json
    assert any(field in name for name in resp.json["fields"]), resp.json


@pytest.mark.parametrize("value", NOT_AN_ID)
def test_forum_room_of_a_new_session_and_the_room_filter(client, world, value):
    _users, tokens, values = world
    body = {"title_vi": "Tọa đàm: Cảng biển thông minh", "type": "panel", "room_id": value,
            "start": "2026-11-25T09:00:00+07:00", "end": "2026-11-25T10:00:00+07:00"}
    _assert_names(_call(client, "POST", "/api/v1/editions/hp/forum/draft/sessions", tokens["organizer"], body),
                  "room_id")
    _assert_names(_call(client, "GET", f"/api/v1/editions/hp/forum/sessions?room={value}", tokens["organizer"]),
                  "room")
    _assert_names(_call(client, "GET", f"/api/v1/editions/hp/forum/draft/sessions?room={value}",
                        tokens["organizer"]), "room")


@pytest.mark.parametrize("value", NOT_AN_ID)
def test_forum_lock_version_of_a_session_change(client, world, value):
    _users, tokens, values = world
    url = f"/api/v1/editions/hp/forum/draft/sessions/{values['session_code']}"
    _assert_names(_call(client, "PATCH", url, tokens["organizer"], {"title_vi": "Tên mới", "lock_version": value}),
                  "lock_version")


@pytest.mark.parametrize("value", TOO_LARGE + (-(2**63),))
def test_judging_score_values(client, world, value):
    _users, tokens, values = world
    url = f"/api/v1/editions/hp/judging/my/rounds/{values['round_slug']}/sheets/{values['pid']}"
    _assert_names(_call(client, "PUT", url, tokens["judge"], {"scores": {"innovation": value}}), "innovation")


@pytest.mark.parametrize("value", NOT_AN_ID)
def test_booth_filters_and_the_assigned_organisation(client, world, value):
    _users, tokens, values = world
    for name in ("hall_id", "zone_id"):
        _assert_names(_call(client, "GET", f"/api/v1/editions/hp/booths?{name}={value}", tokens["organizer"]), name)
    url = f"/api/v1/editions/hp/booths/{values['booth_code']}/assignment"
    _assert_names(_call(client, "PUT", url, tokens["organizer"], {"organisation_id": value}), "organisation_id")


@pytest.mark.parametrize("value", NOT_AN_ID)
def test_checkin_registration_id(client, world, value):
    _users, tokens, values = world
    body = {"registration_id": value, "point": values["point_code"], "nonce": f"bound-{value}"}
    _assert_names(_call(client, "POST", "/api/v1/checkin", tokens["checkin"], body), "registration_id")


@pytest.mark.parametrize("page", (2**63, 2**31, 0, -1))
def test_page_numbers(client, world, page):
    _users, tokens, _values = world
    for url in ("/api/v1/editions", "/api/v1/editions/hp/registrations", "/api/v1/editions/hp/booths"):
        _assert_names(_call(client, "GET", f"{url}?page={page}", tokens["organizer"]), "page")
