"""Techfest: event management for innovation fairs.

``create_app`` imports Flask and the domains lazily, so the pure modules
(``techfest.booths.allocation``, ``techfest.forum.conflicts``, ...) can be imported and run with
``python -m`` without loading Flask at all.

Each domain's blueprint lives in its ``views`` module or package (not in the domain's
``__init__.py`` as STYLE.md shows), for the same reason: importing ``techfest.booths`` must not
pull in Flask.
"""
from __future__ import annotations

import logging
from typing import Any, Mapping

# Domains with HTML views, in menu order. Later issues add theirs here.
DOMAINS = ("editions", "accounts", "submissions", "forum", "registration", "booths", "judging", "checkin", "reports", "privacy")
# Domains with a JSON API module (techfest/<domain>/api.py exposing ``blp``).
API_DOMAINS = ("editions", "accounts", "submissions", "forum", "registration", "booths", "judging", "checkin", "reports")
# Modules adding subcommands to `flask techfest`.
COMMAND_MODULES = ("techfest.core.commands", "techfest.accounts.commands", "techfest.demo", "techfest.registration.commands", "techfest.privacy.commands")


def create_app(config: str | type | Mapping[str, Any] | None = None):
    from importlib import import_module
    from pathlib import Path

    from flask import Flask

    import config as config_module

    root = Path(__file__).resolve().parent.parent
    app = Flask(
        __name__,
        template_folder=str(root / "templates"),
        static_folder=str(root / "static"),
        instance_path=str(config_module.INSTANCE_DIR),
    )
    if config is None or isinstance(config, str):
        config = config_module.CONFIGS[config or "development"]
    if isinstance(config, Mapping):
        app.config.from_object(config_module.TestingConfig if config.get("TESTING") else config_module.DevelopmentConfig)
        app.config.update(config)
    else:
        app.config.from_object(config)
    if not app.config.get("SECRET_KEY"):
        dev_secret = getattr(config, "DEV_SECRET", None)
        if dev_secret is None:
            raise RuntimeError("SECRET_KEY must be set (environment variable SECRET_KEY)")
        app.config["SECRET_KEY"] = dev_secret()
    app.config["SQLALCHEMY_DATABASE_URI"] = config_module.database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {}
    if app.config.get("TESTING"):
        app.extensions["outbox"] = []
    app.json.ensure_ascii = False  # Vietnamese and Korean stay readable in JSON (still UTF-8)

    _configure_logging(app)
    from .core import extensions

    extensions.init_app(app)

    for name in DOMAINS:
        views = import_module(f"techfest.{name}.views")
        app.register_blueprint(views.bp)
    api = extensions.init_api(app)
    for name in API_DOMAINS:
        module = import_module(f"techfest.{name}.api")
        api.register_blueprint(module.blp, url_prefix="/api/v1")
        extensions.csrf.exempt(module.blp)  # bearer tokens only; session cookies are ignored on /api
    from .core.errors import register_error_handlers

    register_error_handlers(app)
    from .core.cli import techfest_cli

    for module in COMMAND_MODULES:
        import_module(module)
    app.cli.add_command(techfest_cli)
    return app


class JsonLogFormatter(logging.Formatter):
    """One JSON object per line (LOG_FORMAT=json), for log collectors in production."""

    def format(self, record: logging.LogRecord) -> str:
        import json
        from datetime import datetime, timezone

        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def _configure_logging(app) -> None:
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if app.config.get("LOG_FORMAT") == "json":
        for handler in root.handlers:
            handler.setFormatter(JsonLogFormatter())
    logging.getLogger("techfest").setLevel(app.config.get("LOG_LEVEL", "INFO"))
