"""The printed programme: an A5 booklet rendered with WeasyPrint, in Vietnamese or English.

Contents: cover, table of contents (page numbers filled in by WeasyPrint's
``target-counter()``, so they are the real ones), the forum schedule by day and room with each
session's participants, the speaker index (with the pages of their sessions), the floor plan,
the exhibitor directory in Vietnamese alphabetical order (``core.collation``), sponsors and
practical information. Blank "Notes" pages pad the booklet to a multiple of 4 pages for
saddle-stitch printing. All text is real text (selectable, searchable).

Data comes from other domains through their services, each optional (the programme renders
whatever exists): ``forum.services.published_programme`` (only the *published* version),
``submissions.services.accepted_exhibitors`` (else organisations of the edition's exhibitors)
and ``booths.services.floor_plan_svg``. The PDF is cached on disk under a key that hashes all
the data it shows (the schedule version included): publishing a new schedule version, or any
other change, makes a new file; asking again for the same content serves the cached file.
"""
from __future__ import annotations

import base64
import hashlib
import json
import logging
import unicodedata
from datetime import date
from pathlib import Path

from flask import current_app, render_template
from sqlalchemy import select

from techfest.core.collation import vi_sorted
from techfest.core.db import db, utcnow

from .fonts import font_face_css
from .printing import logo_url

logger = logging.getLogger(__name__)

LAYOUT_VERSION = "1"
LANGS = ("vi", "en")
_TEMPLATE_DIR = Path(__file__).resolve().parent.parent.parent / "templates" / "registration" / "programme"
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


# --- data from the other domains ---------------------------------------------------------

def _forum(edition, lang: str) -> dict | None:
    from .services import domain_services

    forum = domain_services("forum")
    finder = getattr(forum, "published_programme", None) if forum else None
    if finder is None:
        return None
    try:
        prog = finder(edition)
    except Exception:  # noqa: BLE001 - a forum problem must not take the programme down
        logger.exception("published programme of edition %s could not be read", edition.id)
        return None
    if prog is None:
        return None

    def text(obj, name, default=""):
        value = getattr(obj, name, default)
        if callable(value):
            try:
                value = value(lang)
            except TypeError:
                value = value()
        return value or default

    room_order = [getattr(r, "name", "") for r in getattr(prog, "rooms", ())]
    days, people = [], {}
    for day in getattr(prog, "days", ()):
        rooms: dict[str, list] = {}
        for s in getattr(day, "sessions", ()):
            room = getattr(getattr(s, "room", None), "name", None) or ""
            anchor = f"s-{getattr(s, 'code', None) or getattr(s, 'id', len(rooms))}"
            participants = []
            for p in getattr(s, "participants", ()):
                person = getattr(p, "person", p)
                name = getattr(person, "name", "")
                if not name:
                    continue
                affiliation = ", ".join(x for x in (getattr(person, "title", ""), getattr(person, "organisation", "")) if x)
                participants.append({"name": name, "role": str(getattr(p, "role_label", "") or ""),
                                     "affiliation": affiliation})
                key = getattr(person, "id", name)
                entry = people.setdefault(key, {"name": name, "affiliation": affiliation, "sessions": []})
                entry["sessions"].append(anchor)
            start, end = getattr(s, "start", None), getattr(s, "end", None)
            rooms.setdefault(room, []).append({
                "anchor": anchor, "title": text(s, "title"), "type": str(getattr(s, "type_label", "") or ""),
                "start": start.strftime("%H:%M") if start else "", "end": end.strftime("%H:%M") if end else "",
                "description": text(s, "description"), "participants": participants,
                "interpretation": getattr(s, "interpretation", "") or ""})
        ordered = [r for r in room_order if r in rooms] + [r for r in rooms if r not in room_order]
        days.append({"date": getattr(day, "date").isoformat(),
                     "rooms": [{"name": r, "sessions": rooms[r]} for r in ordered]})
    speakers = vi_sorted(people.values(), key=lambda p: p["name"])
    return {"version": getattr(prog, "version", None),
            "published_at": getattr(prog, "published_at", None).isoformat() if getattr(prog, "published_at", None) else None,
            "days": days, "speakers": speakers}


def _exhibitors(edition) -> list[dict]:
    from .services import domain_services

    entries: list[dict] = []
    submissions = domain_services("submissions")
    finder = getattr(submissions, "accepted_exhibitors", None) if submissions else None
    if finder is not None:
        try:
            found = list(finder(edition))
            codes = _booth_codes(edition, [getattr(e, "organisation_id", None) for e in found])
            for e in found:
                entries.append({"name": getattr(e, "organisation_name", "") or getattr(e, "name", ""),
                                "country": getattr(e, "country", "") or "",
                                "products": list(getattr(e, "product_titles", []) or []),
                                "booth": codes.get(getattr(e, "organisation_id", None)) or getattr(e, "booth_code", "") or ""})
        except Exception:  # noqa: BLE001
            logger.exception("accepted exhibitors of edition %s could not be read", edition.id)
            entries = []
    if not entries and finder is None:
        from techfest.accounts.models import EditionRole, Organisation, User
        from techfest.core.auth import Role

        orgs = db.session.scalars(
            select(Organisation).join(User, User.organisation_id == Organisation.id)
            .join(EditionRole, EditionRole.user_id == User.id)
            .where(EditionRole.edition_id == edition.id, EditionRole.role == Role.EXHIBITOR).distinct())
        entries = [{"name": o.name, "country": o.country, "products": [], "booth": ""} for o in orgs]
    entries = [e for e in entries if e["name"]]
    ordered = vi_sorted(entries, key=lambda e: e["name"])
    groups: list[dict] = []
    for entry in ordered:
        letter = initial(entry["name"])
        if not groups or groups[-1]["letter"] != letter:
            groups.append({"letter": letter, "entries": []})
        groups[-1]["entries"].append(entry)
    return groups


def _booth_codes(edition, organisation_ids) -> dict:
    """Booth codes ("A-12") of exhibitors, from the booths domain when it has allocated them."""
    from .services import domain_services

    booths = domain_services("booths")
    finder = getattr(booths, "booth_codes_for_organisations", None) if booths else None
    ids = [i for i in organisation_ids if i is not None]
    if finder is None or not ids:
        return {}
    try:
        return dict(finder(edition, ids))
    except Exception:  # noqa: BLE001
        logger.exception("booth codes of edition %s could not be read", edition.id)
        return {}


def initial(name: str) -> str:
    """The letter a name is filed under: tones dropped, ă â đ ê ô ơ ư kept ("Ánh" → "A", "Ân" → "Â")."""
    text = unicodedata.normalize("NFD", (name or "").strip().lstrip("\"'«“([ "))
    composed = unicodedata.normalize("NFC", "".join(ch for ch in text if ch not in _TONE_MARKS))
    first = composed[:1]
    return first.upper() if first.isalpha() else "#"


def _floor_plan(edition) -> str | None:
    from .services import domain_services

    booths = domain_services("booths")
    finder = getattr(booths, "floor_plan_svg", None) if booths else None
    if finder is None:
        return None
    try:
        svg = finder(edition)
    except Exception:  # noqa: BLE001
        logger.exception("floor plan of edition %s could not be drawn", edition.id)
        return None
    if not svg:
        return None
    if isinstance(svg, str):
        svg = svg.encode("utf-8")
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _sponsors(text: str) -> list[dict]:
    tiers: dict[str, list[str]] = {}
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        name, _sep, tier = line.partition("|")
        tiers.setdefault(tier.strip(), []).append(name.strip())
    return [{"tier": t, "names": names} for t, names in tiers.items()]


def programme_data(edition, lang: str) -> dict:
    """Everything the booklet shows, as plain JSON-able data (also the cache key's input)."""
    from .services import settings_for

    settings = settings_for(edition)
    practical = settings.practical_info_en if lang == "en" else settings.practical_info_vi
    return {
        "lang": lang,
        "edition": {"name": edition.name, "slug": edition.slug, "city": edition.city, "venue": edition.venue,
                    "start": edition.start_date.isoformat(), "end": edition.end_date.isoformat(),
                    "timezone": edition.timezone,
                    "description": edition.description if lang == "vi" else ""},
        "forum": _forum(edition, lang),
        "exhibitors": _exhibitors(edition),
        "floor_plan": _floor_plan(edition),
        "sponsors": _sponsors(settings.sponsors),
        "practical": [p.strip() for p in (practical or "").split("\n\n") if p.strip()],
        "logo": logo_url(edition),  # the edition's logo on the cover ("" for the Techfest mark)
    }


# --- rendering and cache -----------------------------------------------------------------

def cache_key(data: dict) -> str:
    h = hashlib.sha256()
    h.update(LAYOUT_VERSION.encode())
    for name in ("programme.html", "programme.css"):
        h.update((_TEMPLATE_DIR / name).read_bytes())
    h.update(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))
    return h.hexdigest()[:24]


def cache_dir() -> Path:
    configured = current_app.config.get("PROGRAMME_CACHE_DIR")
    path = Path(configured) if configured else Path(current_app.config["UPLOAD_DIR"]) / "registration" / "programme-cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


def programme_pdf(edition, lang: str = "vi") -> tuple[Path, str]:
    """(path of the PDF, its cache key) — rendered only when the content changed."""
    from flask_babel import force_locale

    lang = lang if lang in LANGS else "vi"
    with force_locale(lang):  # labels taken from the other domains come in the booklet's language
        data = programme_data(edition, lang)
    key = cache_key(data)
    folder = cache_dir()
    path = folder / f"programme-{edition.id}-{lang}-{key}.pdf"
    if path.is_file():
        return path, key
    pdf = render_programme(data)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(pdf)
    tmp.replace(path)
    for old in folder.glob(f"programme-{edition.id}-{lang}-*.pdf"):
        if old != path:
            old.unlink(missing_ok=True)
    logger.info("programme of edition %s (%s) rendered: %s bytes, schedule version %s", edition.id, lang, len(pdf),
                (data.get("forum") or {}).get("version"))
    return path, key


def forget_cached(edition_id: int) -> int:
    """Delete the edition's cached programme PDFs (a privacy erasure changed what they print:
    the next request renders afresh). Returns how many files were deleted."""
    deleted = 0
    for old in cache_dir().glob(f"programme-{int(edition_id)}-*.pdf"):
        old.unlink(missing_ok=True)
        deleted += 1
    return deleted


def printed_on(tz: str | None) -> date:
    """Today in the edition's time zone (the cover's "printed on"): at 07:00 in Hải Phòng the
    server's UTC clock still shows yesterday."""
    from zoneinfo import ZoneInfo

    from techfest.core.i18n import DEFAULT_TIMEZONE

    return utcnow().astimezone(ZoneInfo(tz or DEFAULT_TIMEZONE)).date()


def _day_label(iso: str, lang: str) -> str:
    from babel.dates import format_date

    return format_date(date.fromisoformat(iso), "full", locale=lang)


def render_programme(data: dict) -> bytes:
    from flask_babel import force_locale
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    lang = data["lang"]
    with force_locale(lang):
        html = render_template("registration/programme/programme.html", d=data, day_label=lambda iso: _day_label(iso, lang),
                               date_range=_date_range(data["edition"], lang), generated=printed_on(data["edition"].get("timezone")))
        notes_html = render_template("registration/programme/notes.html", lang=lang)
    fonts = FontConfiguration()
    css = CSS(string=font_face_css() + "\n" + (_TEMPLATE_DIR / "programme.css").read_text("utf-8"), font_config=fonts)
    document = HTML(string=html, base_url=str(_TEMPLATE_DIR)).render(stylesheets=[css], font_config=fonts)
    pages = list(document.pages)
    missing = (-len(pages)) % 4
    if missing:
        notes = HTML(string=notes_html, base_url=str(_TEMPLATE_DIR)).render(stylesheets=[css], font_config=fonts)
        pages += [notes.pages[0]] * missing
    return document.copy(pages).write_pdf()


def _date_range(ed: dict, lang: str) -> str:
    """"25–27/11/2026" (vi) or "25–27 November 2026" (en); months and years shown only when they differ."""
    from babel.dates import format_date

    start, end = date.fromisoformat(ed["start"]), date.fromisoformat(ed["end"])
    if lang != "en":
        if start == end:
            return end.strftime("%d/%m/%Y")
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day:02d}–{end.strftime('%d/%m/%Y')}"
        return f"{start.strftime('%d/%m')} – {end.strftime('%d/%m/%Y')}"
    full = format_date(end, "d MMMM y", locale="en")
    if start == end:
        return full
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{full}"
    return f"{format_date(start, 'd MMMM', locale='en')} – {full}"
