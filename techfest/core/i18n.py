"""Flask-Babel setup: Vietnamese first, English second; locale and time-zone aware formatting."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import has_request_context, request, session
from flask_babel import Babel, format_date, format_datetime, format_decimal, get_locale

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LOCALE = "vi"
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"

babel = Babel()


def select_locale() -> str:
    """Explicit choice (?lang= or the switcher, kept in the session) first, then the default.

    Vietnamese is the default whatever the browser says: the fair's audience is Vietnamese and
    foreign visitors switch with one click. ``?lang=`` lets shared links force a language.
    """
    if not has_request_context():  # CLI, background jobs, services called from tests
        return DEFAULT_LOCALE
    lang = request.args.get("lang")
    if lang in LANGUAGES:
        return lang
    if request.path.startswith("/api/"):
        # Programs get English unless they ask for Vietnamese with Accept-Language.
        return request.accept_languages.best_match(list(LANGUAGES), default="en")
    lang = session.get("lang")
    if lang in LANGUAGES:
        return lang
    return DEFAULT_LOCALE


def init_app(app) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", DEFAULT_TIMEZONE)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    babel.init_app(app, locale_selector=select_locale)

    app.jinja_env.filters["date"] = fmt_date
    app.jinja_env.filters["datetime"] = fmt_datetime
    app.jinja_env.filters["number"] = fmt_number
    app.jinja_env.globals["LANGUAGES"] = LANGUAGES
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale() or DEFAULT_LOCALE)


def fmt_date(value: date | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    return format_date(value, fmt)


def fmt_datetime(value: datetime | None, tz: str | None = None, fmt: str = "medium") -> str:
    """Format an aware datetime in ``tz`` (an edition's time zone) for the current locale."""
    if value is None:
        return ""
    from babel.dates import format_datetime as babel_format_datetime

    zone = ZoneInfo(tz or DEFAULT_TIMEZONE)
    return babel_format_datetime(value, fmt, tzinfo=zone, locale=str(get_locale() or DEFAULT_LOCALE))


def fmt_number(value, fmt: str | None = None) -> str:
    if value is None:
        return ""
    return format_decimal(value, fmt)


__all__ = ["babel", "init_app", "fmt_date", "fmt_datetime", "fmt_number", "format_datetime"]
