"""Configuration classes. Every setting can be overridden by an environment variable.

| variable              | meaning                                             | default                        |
|-----------------------|-----------------------------------------------------|--------------------------------|
| DATABASE_URL          | SQLAlchemy URL (sqlite:///..., postgresql://...)    | sqlite:///instance/techfest.db |
| SECRET_KEY            | signs sessions, reset links; encrypts badge keys    | dev: generated in instance/    |
| PORT                  | port for `make run`                                 | 5000                           |
| MAIL_SERVER ...       | SMTP; unset = mail written to the log               | unset                          |
| RATELIMIT_STORAGE_URI | memory:// or redis://host:6379/0 (shared by every   | memory://                      |
|                       | process: needed with several gunicorn workers)      |                                |
| LOGIN_RATE_LIMIT      | login and password-reset POSTs per client address   | 10 per minute                  |
| JOB_QUEUE_URL         | redis://host:6379/1: bulk badge prints go to this   | unset: a thread of the web     |
|                       | RQ queue, run by `flask techfest worker` processes  | process runs them              |
| JOB_QUEUE_NAME        | name of the RQ queue in that Redis database         | techfest                       |
| TRUSTED_PROXIES       | reverse proxies in front (nginx: 1): X-Forwarded-*  | 0 (headers ignored)            |
|                       | headers trusted for that many hops                  |                                |
| UPLOAD_DIR            | uploaded files (shared directory in production)     | instance/uploads               |
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("TECHFEST_INSTANCE", BASE_DIR / "instance"))


def database_url(url: str | None) -> str:
    """Normalise a DATABASE_URL: plain postgresql:// URLs use the psycopg 3 driver."""
    url = url or f"sqlite:///{INSTANCE_DIR / 'techfest.db'}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _dev_secret() -> str:
    """A per-machine development secret kept in instance/ (never committed)."""
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.lower() in {"1", "true", "yes", "on"}


class Config:
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"))
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SECRET_KEY = os.environ.get("SECRET_KEY")
    PORT = int(os.environ.get("PORT", "5000"))

    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", True)
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Techfest <no-reply@techfest.example>")

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")
    # Background jobs (techfest/core/queue.py): unset = a thread of the web process runs them.
    JOB_QUEUE_URL = os.environ.get("JOB_QUEUE_URL") or None
    JOB_QUEUE_NAME = os.environ.get("JOB_QUEUE_NAME", "techfest")
    # Redis down: rate limits fall back to per-process memory instead of failing the request.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # Reverse proxies in front of the app (nginx: 1). Their X-Forwarded-For/-Proto/-Host are
    # trusted for that many hops, so rate limits and logs see the visitor's address, not the
    # proxy's. 0 (default): the headers are ignored (anyone could forge them).
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")  # "json": one JSON object per line
    PASSWORD_RESET_MAX_AGE = int(os.environ.get("PASSWORD_RESET_MAX_AGE", "3600"))
    PASSWORD_HASH_METHOD = "scrypt"
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR", str(INSTANCE_DIR / "uploads"))
    # Absolute address used in e-mails sent outside a request (badge links from background jobs).
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    REGISTRATION_RATE_LIMIT = os.environ.get("REGISTRATION_RATE_LIMIT", "60 per minute")
    BADGE_JOB_DIR = os.environ.get("BADGE_JOB_DIR")            # default: UPLOAD_DIR/badge-jobs
    BADGE_JOB_PROCESSES = int(os.environ.get("BADGE_JOB_PROCESSES", "1"))
    PROGRAMME_CACHE_DIR = os.environ.get("PROGRAMME_CACHE_DIR")  # default: UPLOAD_DIR/programme
    MAX_CONTENT_LENGTH = 32 * 1024 * 1024

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead: long forms must not expire

    BOOTSTRAP_SERVE_LOCAL = True
    BOOTSTRAP_BOOTSWATCH_THEME = None

    API_TITLE = "Techfest API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    API_SPEC_OPTIONS = {
        "info": {"description": "JSON API of Techfest, the innovation-fair management system. "
                                "Authenticate with a personal token: `Authorization: Bearer tfp_...`."},
    }
    TESTING = False
    DEBUG = False


class DevelopmentConfig(Config):
    DEBUG = False  # `make run` serves with the reloader off; set FLASK_DEBUG=1 to debug
    DEV_SECRET = staticmethod(_dev_secret)  # used by create_app when SECRET_KEY is unset


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret-not-for-production"
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("TEST_DATABASE_URL") or "sqlite://")
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # fast in tests; production uses scrypt
    RATELIMIT_STORAGE_URI = "memory://"
    JOB_QUEUE_URL = None  # jobs run in threads; tests/registration/test_job_queue.py sets a Redis queue
    SERVER_NAME = None


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    PREFERRED_URL_SCHEME = "https"


CONFIGS = {"development": DevelopmentConfig, "testing": TestingConfig, "production": ProductionConfig}
