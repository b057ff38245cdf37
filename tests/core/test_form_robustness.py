"""Every HTML form, posted with garbage, answers a clear page — never a 500.

For each non-API route that accepts POST, as an admin (who may use every page) with a valid
CSRF token: missing fields, 10,000-character strings, wrong types, HTML/script, and bytes that
are not UTF-8. Field names are read from the form the same URL shows on GET, when it does.
"""
import re

import pytest

from tests.conftest import csrf_from
from tests.core.test_route_permissions import SETUPS, _url
from tests.factories import make_edition, make_user

NAME_RE = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')
PAYLOADS = {
    "long": "Đ" * 10_000,
    "script": '<script>alert("x")</script><img src=x onerror=alert(1)>',
    "wrong_type": "not-a-number-🙂",
    "empty": "",
}


@pytest.fixture
def admin_client(app, client):
    edition = make_edition(slug="hp", status="live")
    admin = make_user("admin@example.vn", is_admin=True)
    users = {r: admin for r in ("attendee", "exhibitor", "judge", "checkin", "organizer", "other_organizer", "admin")}
    values = {"slug": "hp", "code": "en", "token": "x", "filename": "css/app.css", "token_id": 1,
              "user_id": admin.id, "role": "judge"}
    for setup in SETUPS:
        values.update(setup(edition, users) or {})
    client.post("/login", data={"csrf_token": csrf_from(client.get("/login").get_data(as_text=True)),
                                "email": "admin@example.vn", "password": "mat-khau-an-toan"})
    return client, values


def _post_routes(app):
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and not rule.rule.startswith("/api/") and rule.endpoint not in ("accounts.logout",):
            yield rule


def test_every_form_survives_garbage(app, admin_client):
    client, values = admin_client
    failures = []
    for rule in _post_routes(app):
        try:
            url = _url(rule, values)
        except KeyError:
            continue
        page = client.get(url) if "GET" in rule.methods else client.get("/")
        html = page.get_data(as_text=True)
        token = csrf_from(html) if "csrf_token" in html else csrf_from(client.get("/").get_data(as_text=True))
        names = sorted(set(NAME_RE.findall(html)) - {"csrf_token"}) if "GET" in rule.methods else []
        for label, value in PAYLOADS.items():
            data = {n: value for n in names}
            data["csrf_token"] = token
            resp = client.post(url, data=data)
            if resp.status_code >= 500:
                failures.append(f"POST {url} [{label}] -> {resp.status_code}")
        raw = b"csrf_token=" + token.encode() + b"&" + b"&".join(n.encode() + b"=%FF%FE%C3%28" for n in names)
        resp = client.post(url, data=raw, content_type="application/x-www-form-urlencoded")
        if resp.status_code >= 500:
            failures.append(f"POST {url} [non-utf8] -> {resp.status_code}")
    assert not failures, "\n".join(failures)


def test_non_utf8_query_strings_do_not_crash_search_boxes(client):
    make_edition(slug="hp", status="live")
    resp = client.get("/editions/?q=%FF%FE")
    assert resp.status_code < 500
