"""Flask extensions, created once and bound to each app in ``init_app``."""
from __future__ import annotations

from flask import request, session
from werkzeug.routing import IntegerConverter
from flask_bootstrap import Bootstrap5
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

from . import i18n
from .db import MAX_DB_INT, db

migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
bootstrap = Bootstrap5()


class DatabaseIntConverter(IntegerConverter):
    """``<int:...>`` in URLs, bounded to what an INTEGER column holds: a larger number is a 404,
    not an overflow error in the database driver (a 500). The OpenAPI document says ``maximum``."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_DB_INT)
        super().__init__(map, *args, **kwargs)


def init_app(app) -> None:
    app.url_map.converters["int"] = DatabaseIntConverter  # before any blueprint adds a rule
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:  # behind nginx/Caddy: the visitor's address and scheme from their headers
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(_migrations_dir()))
    csrf.init_app(app)
    app.config.setdefault("RATELIMIT_ENABLED", True)
    limiter.init_app(app)
    bootstrap.init_app(app)
    i18n.init_app(app)
    _init_login(app)
    _init_templates(app)
    _init_security_headers(app)


def init_api(app):
    from .api import BEARER, Api

    api = Api(app)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer",
                                                      "description": "Personal API token (tfp_...)"})
    app.extensions["techfest_api"] = api
    from .auth import public_endpoint

    public_endpoint(app, "api-docs.openapi_json")
    app.config.setdefault("API_BEARER", BEARER)
    return api


def _migrations_dir():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent.parent / "migrations"


def _init_login(app) -> None:
    from flask_babel import lazy_gettext as _l

    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(user_id: str):
        # The API authenticates by bearer token only: a session cookie is ignored there, so a
        # third-party page cannot make a logged-in browser call the API (no CSRF on /api).
        if request.path.startswith("/api/"):
            return None
        from techfest.accounts.models import User

        try:
            return db.session.get(User, int(user_id))
        except (TypeError, ValueError):
            return None

    @login_manager.request_loader
    def load_user_from_token(req):
        if not req.path.startswith("/api/"):
            return None
        header = req.headers.get("Authorization", "")
        if not header.lower().startswith("bearer "):
            return None
        from techfest.accounts.services import user_for_api_token

        return user_for_api_token(header[7:].strip())


def _init_templates(app) -> None:
    from .auth import ROLE_LABELS, Role, can

    app.jinja_env.globals["role_label"] = lambda r: ROLE_LABELS[Role(r)]

    @app.context_processor
    def inject():
        from flask_login import current_user

        return {"can": lambda perm, edition=None: can(current_user, perm, edition)}

    @app.route("/lang/<code>", methods=["POST"])
    def set_language(code: str):
        from flask import redirect

        from .auth import public  # noqa: F401  (marked below)

        if code in i18n.LANGUAGES:
            session["lang"] = code
        target = request.form.get("next") or "/"
        if not target.startswith("/") or target.startswith("//"):
            target = "/"
        return redirect(target)

    from .auth import public, public_endpoint

    public(app.view_functions["set_language"])
    public_endpoint(app, "static")

    @app.route("/healthz")
    def healthz():
        from sqlalchemy import text

        try:
            db.session.execute(text("SELECT 1"))
            answer = {"status": "ok", "database": "ok"}
        except Exception:  # noqa: BLE001 - report, never crash
            return {"status": "error", "database": "unreachable"}, 503
        redis_url = _redis_url(app.config)
        if redis_url:  # rate limits and jobs degrade without it; the site still answers (200)
            answer["redis"] = "ok" if _redis_ok(redis_url) else "unreachable"
            if answer["redis"] != "ok":
                answer["status"] = "degraded"
        return answer

    public(app.view_functions["healthz"])
    public_endpoint(app, "bootstrap.static")


def _redis_url(config) -> str | None:
    for key in ("JOB_QUEUE_URL", "RATELIMIT_STORAGE_URI"):
        value = config.get(key) or ""
        if value.startswith(("redis://", "rediss://")):
            return value
    return None


def _redis_ok(url: str) -> bool:
    try:
        from redis import Redis

        return bool(Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping())
    except Exception:  # noqa: BLE001 - unreachable, refused, bad URL: all "unreachable"
        return False


def _init_security_headers(app) -> None:
    @app.after_request
    def headers(resp):
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("X-Frame-Options", "DENY")
        resp.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        resp.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
            "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
        )
        return resp
