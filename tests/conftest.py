"""Test fixtures.

The database under test comes from TEST_DATABASE_URL (default: an SQLite file in a temporary
folder, so threads and the browser's live server share it). The schema is created once per
session. Services commit, threads and a live server need to see the rows, so instead of
rolling back each test we empty every table after it (one TRUNCATE on PostgreSQL, DELETEs on
SQLite) — a few milliseconds on a test-sized database.
"""
from __future__ import annotations

import os
import re
import tempfile

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event, text

from tests import factories  # noqa: F401  (re-exported for convenience)


def _database_url(tmp_root: str) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    return url or f"sqlite:///{tmp_root}/techfest-test.db"


def is_postgres() -> bool:
    return (os.environ.get("TEST_DATABASE_URL") or "").startswith(("postgresql", "postgres:"))


def pytest_collection_modifyitems(config, items):
    if is_postgres():
        return
    skip = pytest.mark.skip(reason="PostgreSQL only: runs in the PostgreSQL pass of `make test`")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def _app():
    from techfest import create_app
    from techfest.core.db import db

    tmp = tempfile.mkdtemp(prefix="techfest-tests-")
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": _database_url(tmp),
        "UPLOAD_DIR": os.path.join(tmp, "uploads"),
        "SERVER_NAME": None,
    })
    with app.app_context():
        db.drop_all()
        if is_postgres():
            with db.engine.begin() as conn:
                conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()
    app.config["TEST_TMP"] = tmp
    return app


def _empty_tables(db) -> None:
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for t in tables:
                conn.execute(text(f'DELETE FROM "{t}"'))


@pytest.fixture
def app(_app):
    from techfest.core.db import db
    from techfest.core.extensions import limiter

    ctx = _app.app_context()
    ctx.push()
    _app.extensions["outbox"].clear()
    limiter.reset()
    try:
        yield _app
    finally:
        db.session.rollback()
        db.session.remove()
        _empty_tables(db)
        ctx.pop()


class IsolatedClient(FlaskClient):
    """Each request runs in its own application context (own ``g``, own database session),
    as in production, even though the test itself holds an application context open."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def outbox(app):
    return app.extensions["outbox"]


@pytest.fixture
def count_queries(app):
    """Counts SQL statements run inside the ``with`` block: ``with count_queries() as n: ...; n()``."""
    from contextlib import contextmanager

    from techfest.core.db import db

    @contextmanager
    def counter():
        statements: list[str] = []

        def before(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield lambda: len(statements)
        finally:
            event.remove(db.engine, "before_cursor_execute", before)

    return counter


CSRF_RE = re.compile(r'name="[a-z-]*csrf_token"[^>]*value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


class Browser:
    """A test client that behaves like a browser: reads the form's CSRF token, then posts."""

    def __init__(self, client):
        self.client = client

    def get(self, url, **kw):
        return self.client.get(url, **kw)

    def post_form(self, page_url: str, data: dict, action: str | None = None, follow_redirects=True):
        page = self.client.get(page_url)
        payload = {"csrf_token": csrf_from(page.get_data(as_text=True)), **data}
        return self.client.post(action or page_url, data=payload, follow_redirects=follow_redirects)

    def login(self, email: str, password: str = factories.PASSWORD):
        resp = self.post_form("/login", {"email": email, "password": password})
        assert resp.status_code == 200, resp.status_code
        return resp

    def logout(self):
        page = self.client.get("/")
        return self.client.post("/logout", data={"csrf_token": csrf_from(page.get_data(as_text=True))},
                                follow_redirects=True)


@pytest.fixture
def browser(client):
    return Browser(client)


@pytest.fixture
def api(client):
    """JSON API helper: api.get(url, token=...), api.post(url, json, token=...)."""

    class Api:
        def _headers(self, token):
            return {"Authorization": f"Bearer {token}"} if token else {}

        def get(self, url, token=None):
            return client.get(url, headers=self._headers(token))

        def post(self, url, json=None, token=None, **kw):
            return client.post(url, json=json, headers=self._headers(token), **kw)

        def patch(self, url, json=None, token=None):
            return client.patch(url, json=json, headers=self._headers(token))

        def delete(self, url, token=None):
            return client.delete(url, headers=self._headers(token))

    return Api()
