"""Every HTML form, posted with garbage, answers a clear page — never a 500 — and never
leaves a write half-done.

For each non-API route that accepts POST, as an admin (who may use every page) with a valid
CSRF token: missing fields, 10,000-character strings, wrong types, numbers too large for any
column, HTML/script, and bytes that are not UTF-8. Field names are read from the form the same
URL shows on GET, when it does. After each post the content of every table is compared with
what it was before:
- a post the app refuses (a 4xx, or a page or redirect that shows only an error) changed no
  table at all: nothing was stored half-done;
- a post the app accepts is whole: the page it leads to renders, and no row points at a row
  that does not exist.

Then every form of every page gets, one field at a time, a number too large for the database
(the other fields as the page shows them, so the number reaches the service), and every page a
query string of such numbers: never a 500 (on PostgreSQL the driver overflows past 2**31-1).
"""
import hashlib
import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import and_, func, select, text

from tests.conftest import csrf_from
from tests.core.test_route_permissions import SETUPS, _url
from tests.factories import make_edition, make_user

NAME_RE = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')
FLASH_RE = re.compile(r'class="alert alert-(success|info|warning|danger) alert-dismissible')
PAYLOADS = {
    "long": "Đ" * 10_000,
    "script": '<script>alert("x")</script><img src=x onerror=alert(1)>',
    "wrong_type": "not-a-number-🙂",
    "huge_number": str(2**63),  # past every INTEGER column: must be refused, not overflow the driver
    "empty": "",
}
NON_UTF8 = b"%FF%FE%C3%28"
# Routes that delete or end things are walked after the others, so those still find the rows the
# setups made; then those that empty a whole hall or move an edition, round or product on; closing
# one's own account (it logs the walker out) comes at the very end.
LATE = re.compile(r"delete|cancel|erase|revoke|remove|discard|unassign|undo|set_active")
LATER = re.compile(r"clear|delete_hall|delete_category|transition")
VERY_LATE = {"privacy.erase_me"}
# Posts that are not refusals when they change nothing: a signed-in walker is sent on from the
# sign-up and login pages, and the language switch needs no message.
NOTHING_TO_SAY = {"accounts.signup", "accounts.login", "set_language"}


@pytest.fixture
def admin_client(app, client):
    from techfest.accounts.services import _grant
    from techfest.core.auth import Role
    from techfest.core.db import db
    from techfest.registration.services import register_booth_staff

    edition = make_edition(slug="hp", status="live")
    admin = make_user("admin@example.vn", is_admin=True)
    users = {r: admin for r in ("attendee", "exhibitor", "judge", "checkin", "organizer", "other_organizer", "admin")}
    values = {"slug": "hp", "code": "en", "token": "x", "filename": "css/app.css", "token_id": 1,
              "user_id": admin.id, "role": "judge"}
    for setup in SETUPS:
        values.update(setup(edition, users) or {})
    _grant(admin, edition, Role.JUDGE)  # the judge's own pages (profile, sheets) answer judges only
    staff = register_booth_staff(admin, edition, admin.organisation, {"name": "Đỗ Thị Gian Hàng",
                                                                      "email": "staff.walk@example.vn"},
                                 notify_attendee=False)  # of the organisation the admin ends up in
    values["staff_id"] = staff.id
    db.session.commit()
    client.post("/login", data={"csrf_token": csrf_from(client.get("/login").get_data(as_text=True)),
                                "email": "admin@example.vn", "password": "mat-khau-an-toan"})
    return client, values


def _post_routes(app):
    rules = [r for r in app.url_map.iter_rules()
             if "POST" in r.methods and not r.rule.startswith("/api/") and r.endpoint not in ("accounts.logout",)]
    return sorted(rules, key=lambda r: (r.endpoint in VERY_LATE, bool(LATER.search(r.endpoint)),
                                        bool(LATE.search(r.endpoint))))


def fingerprint() -> dict[str, tuple[int, str]]:
    """Per table: the number of rows and a hash of all of them (in a stable order)."""
    from techfest.core.db import db

    out = {}
    with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":  # one round trip instead of one per table
            parts = [f"SELECT '{t.name}', count(*), md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) "
                     f'FROM "{t.name}" r' for t in db.metadata.sorted_tables]
            return {name: (n, digest) for name, n, digest in conn.execute(text(" UNION ALL ".join(parts)))}
        for table in db.metadata.sorted_tables:
            rows = sorted(repr(tuple(row)) for row in conn.execute(select(table)))
            out[table.name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return out


def orphans() -> list[str]:
    """Rows whose foreign key is set but points at no row (the database should make it impossible)."""
    from techfest.core.db import db

    found = []
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            for fk in table.foreign_keys:
                child, parent = fk.parent, fk.column
                target = parent.table.alias()
                ref = target.c[parent.name]
                n = conn.scalar(select(func.count()).select_from(table.outerjoin(target, ref == child))
                                .where(and_(child.is_not(None), ref.is_(None))))
                if n:
                    found.append(f"{table.name}.{child.name} -> {parent.table.name}: {n} orphan row(s)")
    return found


def _wait_for_background_jobs() -> None:
    """Badge printing runs in the background and keeps writing its job row: let it finish first."""
    from techfest.core.db import db
    from techfest.registration import printing
    from techfest.registration.models import BadgeJob

    with db.engine.connect() as conn:
        job_ids = conn.scalars(select(BadgeJob.id)).all()
    for job_id in job_ids:
        printing.wait_for_job(job_id)


def _flashes(html: str) -> set[str]:
    """The categories of the flashed messages a page shows (not the page's own alert boxes)."""
    return set(FLASH_RE.findall(html))


def _accepted(resp, landing_html: str) -> bool:
    """The user was told the post went through: the page it answers, or the one its redirect
    leads to, flashes a success (or an info such as "printing N badges"). Anything else (a
    4xx, the form again with errors, an error flash, or a redirect that says nothing) is a
    refusal, and a refusal must leave every table as it was."""
    if resp.status_code >= 400:
        return False
    flashes = _flashes(resp.get_data(as_text=True) if resp.status_code == 200 else landing_html)
    return bool(flashes & {"success", "info"})


def test_every_form_survives_garbage_and_never_stores_half_a_write(app, admin_client):
    client, values = admin_client
    crashes, half_done, broken, silent = [], [], [], []
    refused_count = accepted_count = 0
    for rule in _post_routes(app):
        try:
            url = _url(rule, values)
        except KeyError:
            continue
        page = client.get(url) if "GET" in rule.methods else client.get("/")
        html = page.get_data(as_text=True)
        token = csrf_from(html) if "csrf_token" in html else csrf_from(client.get("/").get_data(as_text=True))
        names = sorted(set(NAME_RE.findall(html)) - {"csrf_token"}) if "GET" in rule.methods else []
        posts = [(label, {"data": {**{n: value for n in names}, "csrf_token": token}})
                 for label, value in PAYLOADS.items()]
        posts.append(("non-utf8", {"data": b"csrf_token=" + token.encode() + b"&"
                                   + b"&".join(n.encode() + b"=" + NON_UTF8 for n in names),
                                   "content_type": "application/x-www-form-urlencoded"}))
        for label, kwargs in posts:
            where = f"POST {url} [{label}]"
            before = fingerprint()
            resp = client.post(url, **kwargs)
            _wait_for_background_jobs()
            after = fingerprint()
            if resp.status_code >= 500:
                crashes.append(f"{where} -> {resp.status_code}")
                continue
            landing, landing_html = None, ""
            if resp.status_code in (301, 302, 303):
                landing = client.get(resp.headers["Location"])
                landing_html = landing.get_data(as_text=True)
            changed = sorted(t for t in before if before[t] != after[t])
            if landing is not None and landing.status_code >= 400 and rule.endpoint not in VERY_LATE:
                broken.append(f"{where} -> {resp.headers['Location']} answers {landing.status_code}")
            if rule.endpoint not in VERY_LATE and "/login" in resp.headers.get("Location", ""):
                broken.append(f"{where} logged the walker out: the routes after it were not walked")
            if not _accepted(resp, landing_html):
                refused_count += 1
                if changed:
                    half_done.append(f"{where} refused ({resp.status_code}) yet changed {changed}")
                elif (landing is not None and rule.endpoint not in VERY_LATE | NOTHING_TO_SAY
                      and not _flashes(landing_html) & {"danger", "warning"}):
                    silent.append(f"{where} -> {resp.headers['Location']}")
                continue
            accepted_count += 1
            if changed:
                broken.extend(f"{where}: {o}" for o in orphans())
    assert not crashes, "answered 500:\n" + "\n".join(crashes)
    assert not half_done, "stored half a write:\n" + "\n".join(half_done)
    assert not broken, "\n".join(broken)
    assert not silent, "refused by a redirect that does not say why:\n" + "\n".join(silent)
    assert refused_count > 100 and accepted_count > 50, (refused_count, accepted_count)  # the walk really ran


class _Forms(HTMLParser):
    """The page's forms as a browser would send them untouched: per form its method, action and
    field values (checked boxes, the selected or first option, textarea text)."""

    def __init__(self, page_url: str):
        super().__init__()
        self.page_url = page_url
        self.forms: list[dict] = []
        self._form = self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        name = a.get("name")
        if tag == "form":
            self._form = {"method": (a.get("method") or "get").lower(),
                          "action": a.get("action") or self.page_url, "values": {}}
            self.forms.append(self._form)
        if self._form is None or not name:
            if tag == "option" and self._select:
                self._option(a)
            return
        values = self._form["values"]
        kind = a.get("type", "text")
        if tag == "input" and kind not in ("submit", "button", "file", "image", "reset"):
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            values[name] = a.get("value") or ("y" if kind == "checkbox" else "")
        elif tag == "select":
            self._select = name
            values.setdefault(name, None)
        elif tag == "textarea":
            self._textarea = name
            values[name] = ""

    def _option(self, a):
        values = self._form["values"]
        if values.get(self._select) is None or "selected" in a:
            values[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["values"][self._textarea] += data


HUGE_NUMBERS = (str(2**31), str(2**63))  # past an INTEGER column, past a BIGINT one
KEEP = {"csrf_token", "next", "slug", "code"}  # a digits-only slug or code is valid: the walk would lose its URLs
# What pages read from the query string (ids, page numbers, filters on enum columns, dates).
QUERY_NAMES = ("page", "per_page", "zone", "hall", "category", "room", "booth", "day", "start", "status", "stage",
               "type", "org_type", "sort", "show", "mode", "action", "q")
QUERY_VALUES = HUGE_NUMBERS + ("-" + HUGE_NUMBERS[1], "0", "not-a-value-🙂", "2026-02-30", "%FF%FE")


def _page_urls(app, values):
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and not rule.rule.startswith(("/api/", "/static")):
            try:
                yield rule, _url(rule, values)
            except KeyError:
                continue


def test_a_number_too_large_for_a_column_in_any_one_field_is_refused_not_a_500(app, admin_client):
    """Every form of every page, each field alone given a number too large for the database while
    the others keep what the page shows, so the value reaches the service (an id in a select, a
    count, an order) instead of being stopped by a neighbouring field's error. GET forms (search
    and filters) too."""
    from urllib.parse import urlencode, urlsplit

    client, values = admin_client
    adapter = app.url_map.bind("localhost")
    forms, seen = [], set()
    for _rule, url in _page_urls(app, values):
        page = client.get(url)
        if page.status_code != 200 or "html" not in page.content_type:
            continue
        parser = _Forms(url)
        parser.feed(page.get_data(as_text=True))
        for form in parser.forms:
            action = urlsplit(form["action"]).path or url
            key = (form["method"], action, tuple(sorted(form["values"])))
            if key in seen:
                continue
            seen.add(key)
            try:
                endpoint = adapter.match(action, method="POST" if form["method"] == "post" else "GET")[0]
            except Exception:  # noqa: BLE001 - a form posting outside the app
                continue
            if endpoint in VERY_LATE or endpoint == "accounts.logout":
                continue
            forms.append((endpoint, form["method"], action, {k: v or "" for k, v in form["values"].items()}))
    forms.sort(key=lambda f: (bool(LATER.search(f[0])), bool(LATE.search(f[0]))))
    crashes, sent = [], 0
    for endpoint, method, action, defaults in forms:
        for name in sorted(set(defaults) - KEEP):
            for number in HUGE_NUMBERS:
                data = {**defaults, name: number}
                if method == "post":
                    resp = client.post(action, data=data)
                else:
                    resp = client.get(action + "?" + urlencode(data))
                sent += 1
                if resp.status_code >= 500:
                    crashes.append(f"{method.upper()} {action} {name}={number} -> {resp.status_code}")
        _wait_for_background_jobs()
    assert not crashes, "\n".join(crashes)
    assert sent > 300, sent  # the walk really ran


def test_garbage_in_the_query_string_is_not_a_500(app, admin_client):
    """Page numbers and ids too large for the database (the OFFSET, a filter on an INTEGER
    column), values no enum column holds, impossible dates: every page still answers."""
    client, values = admin_client
    crashes = []
    for _rule, url in _page_urls(app, values):
        for value in QUERY_VALUES:
            resp = client.get(url + "?" + "&".join(f"{name}={value}" for name in QUERY_NAMES))
            if resp.status_code >= 500:
                crashes.append(f"GET {url} ({value}) -> {resp.status_code}")
    assert not crashes, "\n".join(crashes)


def test_non_utf8_query_strings_do_not_crash_search_boxes(client):
    make_edition(slug="hp", status="live")
    resp = client.get("/editions/?q=%FF%FE")
    assert resp.status_code < 500


def test_a_refused_post_to_an_action_without_a_page_shows_the_error_not_a_405(app, admin_client):
    """A domain error sends the browser back where the form was (the Referer); without one, to
    the same URL only when it is a page: an action that only takes POST answers the error itself."""
    client, values = admin_client
    token = csrf_from(client.get("/").get_data(as_text=True))
    url = f"/checkin/{values['point_code']}/scan"
    resp = client.post(url, data={"csrf_token": token})  # a form post where JSON is expected
    assert resp.status_code == 422 and "a JSON object is expected" in resp.get_data(as_text=True)
    resp = client.post(url, data={"csrf_token": token}, headers={"Referer": "http://localhost/checkin"})
    assert resp.status_code == 302 and resp.headers["Location"] == "http://localhost/checkin"
