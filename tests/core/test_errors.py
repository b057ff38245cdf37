"""Localised error pages, no stack traces, CSRF enforced, JSON errors on the API."""
from tests.factories import make_user


def test_404_is_a_localised_page(client):
    resp = client.get("/khong-co-trang-nay")
    assert resp.status_code == 404
    assert "Không tìm thấy trang" in resp.get_data(as_text=True)
    assert "Page not found" in client.get("/khong-co?lang=en").get_data(as_text=True)


def test_500_shows_a_friendly_page_without_a_traceback(app):
    from techfest import create_app
    from techfest.core.auth import public

    fresh = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})

    @fresh.route("/_boom")
    @public
    def _boom():  # pragma: no cover - raises
        raise RuntimeError("secret internals")

    client = fresh.test_client()
    resp = client.get("/_boom")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 500
    assert "Đã có lỗi xảy ra" in html and "secret internals" not in html and "Traceback" not in html
    api = client.get("/_boom", headers={"Accept": "application/json"})
    assert api.status_code == 500 and api.json == {"error": "internal error"}


def test_post_without_csrf_token_is_refused(client):
    make_user("an@example.vn")
    resp = client.post("/login", data={"email": "an@example.vn", "password": "mat-khau-an-toan"})
    assert resp.status_code == 400
    assert "Biểu mẫu đã hết hạn" in resp.get_data(as_text=True)


def test_security_headers_are_set(client):
    resp = client.get("/")
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]


def test_api_404_and_405_are_json(client):
    assert client.get("/api/v1/khong-co").json == {"error": client.get("/api/v1/khong-co").json["error"]}
    resp = client.delete("/api/v1/editions")
    assert resp.status_code == 405 and "error" in resp.json


def test_production_refuses_to_start_without_a_secret(monkeypatch):
    import pytest

    from config import ProductionConfig
    from techfest import create_app

    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", None)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)


def test_production_cookies_are_secure():
    from config import ProductionConfig

    assert ProductionConfig.SESSION_COOKIE_SECURE and ProductionConfig.SESSION_COOKIE_HTTPONLY
    assert ProductionConfig.SESSION_COOKIE_SAMESITE == "Lax"


def test_database_url_is_normalised_for_psycopg3():
    from config import database_url

    assert database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"
