"""Report figures and recorded figures.

Every counted figure comes from one aggregate query (GROUP BY / COUNT / SUM): no rows are loaded
into Python, only the grouped counts, so the report runs the same number of queries whatever the
edition's size. Each figure group has its own function returning a ``Group`` (title + (label,
value) rows). Products, exhibitors, organisations, registrations, forum, check-ins, booths and
judging are counted by their own domains' read functions (``submissions.services``,
``accounts.services``, ``registration.services``, ``forum.services``, ``checkin.services``,
``booths.services``, ``judging.services``); the report only labels and arranges what they return
(and keeps its own recorded figures).

Domains are imported defensively: a domain whose module is missing contributes no figures.

Headline figures (``HeadlineKey``): an organizer-recorded figure with the same key when there is
one (the official figure: archived editions held before Techfest ran on this system have only
recorded figures), else the value counted from the edition's rows.
"""
from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from techfest.accounts import services as accounts
from techfest.accounts.models import ORGANISATION_TYPE_LABELS
from techfest.core.csvio import csv_bytes, safe_cell
from techfest.core.db import db
from techfest.core.errors import Conflict, NotFound, ValidationFailed
from techfest.editions import services as edition_services
from techfest.editions.workflow import EditionStatus
from techfest.submissions import services as submissions
from techfest.submissions.models import STAGE_LABELS, STATUS_LABELS

from .models import HEADLINE_LABELS, MAX_POSITION, HeadlineKey, RecordedFigure

try:
    from techfest.forum import services as forum
    from techfest.forum.models import SESSION_TYPE_LABELS
except ImportError:  # pragma: no cover
    forum = None
    SESSION_TYPE_LABELS = {}
try:
    from techfest.registration import services as registration
    from techfest.registration.models import ATTENDEE_TYPE_LABELS
except ImportError:  # pragma: no cover
    registration = None
    ATTENDEE_TYPE_LABELS = {}
try:
    from techfest.checkin import services as checkin
except ImportError:  # pragma: no cover
    checkin = None
try:
    from techfest.booths import services as booths
    from techfest.booths.models import STATUS_LABELS as BOOTH_STATUS_LABELS
except ImportError:  # pragma: no cover
    booths = None
    BOOTH_STATUS_LABELS = {}
try:
    from techfest.judging import services as judging
    from techfest.judging.models import AWARD_LABELS
except ImportError:  # pragma: no cover
    judging = None
    AWARD_LABELS = {}

logger = logging.getLogger(__name__)


@dataclass
class Group:
    key: str
    title: str
    rows: list[tuple[str, int | Decimal]] = field(default_factory=list)
    kind: str = "bar"          # bar | column
    note: str = ""

    @property
    def total(self):
        return sum((v for _, v in self.rows), 0)


def _label(mapping, value) -> str:
    try:
        return str(mapping[value])
    except KeyError:
        return str(value)


def _n(value) -> int:
    return int(value or 0)


# ---------------------------------------------------------------- products and exhibitors

def products_by_status(edition) -> Group:
    counts = submissions.product_counts_by_status(edition)
    return Group("products_by_status", str(_l("Products by status")),
                 [(str(label), _n(counts.get(s))) for s, label in STATUS_LABELS.items() if counts.get(s)])


def products_by_category(edition, locale: str = "vi") -> Group:
    out = []
    for name, name_en, n in submissions.shown_product_counts_by_category(edition):
        label = (name_en if locale == "en" and name_en else name) if name else str(_l("No category"))
        out.append((label, _n(n)))
    return Group("products_by_category", str(_l("Products shown by category")), out)


def products_by_stage(edition) -> Group:
    counts = submissions.shown_product_counts_by_stage(edition)
    rows = [(str(label), _n(counts.get(s))) for s, label in STAGE_LABELS.items() if counts.get(s)]
    if counts.get(None):
        rows.append((str(_l("Not given")), _n(counts[None])))
    return Group("products_by_stage", str(_l("Products shown by stage")), rows)


def exhibitors_by_type(edition) -> Group:
    counts = accounts.organisation_counts_by_type(submissions.exhibitor_ids(edition))
    return Group("exhibitors_by_type", str(_l("Exhibitors by organisation type")),
                 [(str(label), _n(counts.get(t))) for t, label in ORGANISATION_TYPE_LABELS.items() if counts.get(t)])


def exhibitors_by_country(edition) -> Group:
    rows = accounts.organisation_counts_by_country(submissions.exhibitor_ids(edition))
    return Group("exhibitors_by_country", str(_l("Exhibitors by country")), [(c, _n(n)) for c, n in rows])


# ---------------------------------------------------------------- forum

def forum_sessions_by_type(edition) -> Group | None:
    if forum is None:
        return None
    counts = forum.session_counts_by_type(edition)
    return Group("forum_sessions_by_type", str(_l("Forum sessions by type")),
                 [(_label(SESSION_TYPE_LABELS, t), _n(n)) for t, n in sorted(counts.items(), key=lambda kv: -kv[1])])


def forum_speakers_by_country(edition) -> Group | None:
    """Speakers taking part in at least one session, by country."""
    if forum is None:
        return None
    return Group("forum_speakers_by_country", str(_l("Forum speakers by country")),
                 [(c, _n(n)) for c, n in forum.speaker_counts_by_country(edition)])


def forum_capacity(edition) -> Group | None:
    """Seats offered (room capacity summed over sessions), expected attendance and, when session
    check-in points exist, the check-ins counted at them."""
    if forum is None:
        return None
    seats, expected = forum.seats_and_expected_attendance(edition)
    rows = [(str(_l("Seats offered")), _n(seats)), (str(_l("Expected attendance")), _n(expected))]
    if checkin is not None:
        rows.append((str(_l("Session check-ins")), _n(checkin.session_entry_count(edition))))
    return Group("forum_capacity", str(_l("Forum attendance against capacity")), rows)


# ---------------------------------------------------------------- registration and check-in

def registrations_by_type(edition) -> Group | None:
    if registration is None:
        return None
    counts = registration.active_counts_by_type(edition)
    return Group("registrations_by_type", str(_l("Registrations by type")),
                 [(str(label), _n(counts.get(str(t)))) for t, label in ATTENDEE_TYPE_LABELS.items()
                  if counts.get(str(t))])


def registrations_by_day(edition) -> Group | None:
    if registration is None:
        return None
    return Group("registrations_by_day", str(_l("Registrations by day")),
                 [(d.strftime("%d/%m"), _n(n)) for d, n in registration.active_counts_by_day(edition)],
                 kind="column")


def checkins_by_day(edition) -> Group | None:
    """People checked in per day (distinct badges entering through any point)."""
    if checkin is None:
        return None
    return Group("checkins_by_day", str(_l("People checked in by day")),
                 [(d.strftime("%d/%m"), _n(n)) for d, n in checkin.people_checked_in_by_day(edition)], kind="column")


def checkins_by_hour(edition) -> Group | None:
    """Entries per local hour of the day, all days together; the note names the peak hour.

    Check-in counts entries per UTC hour (a bounded number of rows: at most 24 per day); the
    report only shifts those buckets into the edition's time zone."""
    if checkin is None:
        return None
    tz = ZoneInfo(edition.timezone or "Asia/Ho_Chi_Minh")
    per_hour: dict[int, int] = {}
    peak: tuple[int, str] = (0, "")
    for hour, n in checkin.entries_by_utc_hour(edition):
        local = hour.astimezone(tz)
        per_hour[local.hour] = per_hour.get(local.hour, 0) + _n(n)
        if _n(n) > peak[0]:
            peak = (_n(n), local.strftime("%d/%m %H:00"))
    group = Group("checkins_by_hour", str(_l("Entries by hour of the day")),
                  [(f"{h:02d}h", per_hour[h]) for h in sorted(per_hour)], kind="column")
    if peak[0]:
        group.note = str(_l("Peak hour: %(hour)s (%(n)s entries)", hour=peak[1], n=peak[0]))
    return group


# ---------------------------------------------------------------- booths

def booths_by_status(edition) -> Group | None:
    if booths is None:
        return None
    counts = booths.status_counts(edition)
    return Group("booths_by_status", str(_l("Booths by status")),
                 [(_label(BOOTH_STATUS_LABELS, s), _n(n)) for s, n in sorted(counts.items(), key=lambda kv: str(kv[0]))])


def hall_occupancy(edition) -> Group | None:
    """Per hall: the share (percent) of booth area that is assigned."""
    if booths is None:
        return None
    out = []
    for name, total, used in booths.booth_area_by_hall(edition):
        pct = (used * 100 / total).quantize(Decimal("1")) if total else Decimal(0)
        out.append((name, int(pct)))
    return Group("hall_occupancy", str(_l("Hall occupancy (percent of booth area assigned)")), out)


# ---------------------------------------------------------------- judging

def judging_participation(edition) -> Group | None:
    if judging is None:
        return None
    judges, products, sheets, done = judging.participation_counts(edition)
    return Group("judging_participation", str(_l("Judging participation")), [
        (str(_l("Judges")), _n(judges)), (str(_l("Products judged")), _n(products)),
        (str(_l("Score sheets")), _n(sheets)), (str(_l("Score sheets submitted")), _n(done))])


def awards_by_kind(edition) -> Group | None:
    if judging is None:
        return None
    counts = judging.award_counts_by_kind(edition)
    return Group("awards_by_kind", str(_l("Awards by kind")),
                 [(_label(AWARD_LABELS, k), _n(n)) for k, n in sorted(counts.items(), key=lambda kv: str(kv[0]))])


GROUPS = (products_by_status, products_by_category, products_by_stage, exhibitors_by_type,
          exhibitors_by_country, booths_by_status, hall_occupancy, registrations_by_type,
          registrations_by_day, checkins_by_day, checkins_by_hour, forum_sessions_by_type,
          forum_speakers_by_country, forum_capacity, judging_participation, awards_by_kind)


# ---------------------------------------------------------------- headline figures (any number of editions)

def counted_headlines(edition_ids: list[int]) -> dict[HeadlineKey, dict[int, int]]:
    """{key: {edition_id: count}}: one grouped query per key, whatever the number of editions."""
    out: dict[HeadlineKey, dict[int, int]] = {}
    out[HeadlineKey.PRODUCTS_SHOWN] = submissions.shown_product_counts_by_edition(edition_ids)
    out[HeadlineKey.EXHIBITORS] = submissions.exhibitor_counts_by_edition(edition_ids)
    visitors: dict[int, int] = {}
    if registration is not None:  # registered visitors, used where nobody has been checked in yet
        visitors = registration.active_visitor_counts_by_edition(edition_ids)
    if checkin is not None:  # people checked in (any type), once each
        visitors.update(checkin.people_checked_in_by_edition(edition_ids))
    out[HeadlineKey.VISITORS] = visitors
    if forum is not None:
        out[HeadlineKey.FORUM_SESSIONS] = forum.session_counts_by_edition(edition_ids)
        out[HeadlineKey.SPEAKERS] = forum.speaker_counts_by_edition(edition_ids)
    if judging is not None:
        out[HeadlineKey.AWARDS] = judging.award_counts_by_edition(edition_ids)
    return out


def _recorded(edition_ids: list[int], public_only: bool = False) -> dict[int, list[RecordedFigure]]:
    stmt = select(RecordedFigure).where(RecordedFigure.edition_id.in_(edition_ids))
    if public_only:
        stmt = stmt.where(RecordedFigure.is_public.is_(True))
    out: dict[int, list[RecordedFigure]] = {}
    for f in db.session.scalars(stmt.order_by(RecordedFigure.position, RecordedFigure.key)):
        out.setdefault(f.edition_id, []).append(f)
    return out


def headlines(editions: list, recorded: dict[int, list[RecordedFigure]]) -> dict[int, dict[str, dict]]:
    """{edition_id: {key: {"value", "source": "counted"|"recorded", "note", "counted"}}}.

    A figure the organizers recorded under a headline key is the edition's official figure and
    wins (archived editions whose detailed data is missing or incomplete); otherwise the value
    counted from the edition's rows. ``counted`` always holds the counted value (or None)."""
    ids = [e.id for e in editions]
    counted = counted_headlines(ids) if ids else {}
    out: dict[int, dict[str, dict]] = {}
    for e in editions:
        rec = {f.key: f for f in recorded.get(e.id, [])}
        row: dict[str, dict] = {}
        for key in HeadlineKey:
            n = counted.get(key, {}).get(e.id) or None
            if key.value in rec:
                row[key.value] = {"value": rec[key.value].display_value, "source": "recorded",
                                  "note": rec[key.value].source, "counted": n}
            elif n:
                row[key.value] = {"value": n, "source": "counted", "note": "", "counted": n}
            else:
                row[key.value] = {"value": None, "source": "", "note": "", "counted": None}
        out[e.id] = row
    return out


def edition_report(edition, locale: str = "vi") -> dict:
    """Everything the report page, the PDF and the exports show for one edition."""
    recorded = _recorded([edition.id])
    groups = [g for g in (fn(edition, locale) if fn is products_by_category else fn(edition) for fn in GROUPS) if g]
    return {"edition": edition, "groups": groups, "headlines": headlines([edition], recorded)[edition.id],
            "headline_labels": {k.value: str(v) for k, v in HEADLINE_LABELS.items()},
            "recorded": [f for f in recorded.get(edition.id, []) if f.key not in HeadlineKey.__members__.values()]}


def _change(current, previous):
    if current is None or previous in (None, 0):
        return None
    return round((Decimal(str(current)) - Decimal(str(previous))) * 100 / Decimal(str(previous)), 1)


def comparison(public_only: bool = False) -> dict:
    """Every non-draft edition (oldest first) with its headline and recorded figures and the change
    in percent against the previous edition. A bounded number of queries."""
    editions = edition_services.editions_past_draft_oldest_first()
    recorded = _recorded([e.id for e in editions], public_only=public_only)
    heads = headlines(editions, recorded)
    extra: dict[str, dict] = {}   # recorded keys beyond the headlines: key -> label/unit and per-edition values
    for e in editions:
        for f in recorded.get(e.id, []):
            if f.key in HeadlineKey.__members__.values():
                continue
            entry = extra.setdefault(f.key, {"label_vi": f.label_vi, "label_en": f.label_en, "unit": f.unit,
                                             "values": {}})
            entry["values"][e.id] = {"value": f.display_value, "source": "recorded", "note": f.source}
    rows = []
    for key in HeadlineKey:
        values = {e.id: heads[e.id][key.value] for e in editions}
        rows.append({"key": key.value, "label": str(HEADLINE_LABELS[key]), "label_en": "", "unit": "",
                     "values": values})
    for key, entry in extra.items():
        rows.append({"key": key, "label": entry["label_vi"], "label_en": entry["label_en"], "unit": entry["unit"],
                     "values": entry["values"]})
    for row in rows:
        prev = None
        for e in editions:
            cell = row["values"].get(e.id) or {"value": None, "source": "", "note": ""}
            cell = dict(cell, change=_change(cell["value"], prev))
            row["values"][e.id] = cell
            if cell["value"] is not None:
                prev = cell["value"]
    return {"editions": editions, "rows": rows}


def public_numbers() -> dict:
    """"Techfest in numbers": editions held, totals of the headline figures over all editions,
    and the figures organizers marked public (per edition)."""
    data = comparison(public_only=True)
    held = [e for e in data["editions"] if e.status in (EditionStatus.LIVE, EditionStatus.ARCHIVED)]
    totals = {}
    for row in data["rows"][:len(HeadlineKey)]:
        if row["key"] in (HeadlineKey.SPEAKERS, HeadlineKey.AWARDS):
            continue
        totals[row["key"]] = {"label": row["label"],
                              "total": sum((c["value"] or 0) for c in row["values"].values()),
                              "series": [(str(e.year), row["values"][e.id]["value"] or 0) for e in data["editions"]]}
    public_rows = data["rows"][len(HeadlineKey):]
    return {"editions_held": len(held), "totals": totals, "public_rows": public_rows, "editions": data["editions"]}


# ---------------------------------------------------------------- recorded figures (CRUD)

def figures_for_edition(edition) -> list[RecordedFigure]:
    return list(db.session.scalars(select(RecordedFigure).where(RecordedFigure.edition_id == edition.id)
                                   .order_by(RecordedFigure.position, RecordedFigure.key)))


def get_figure(edition, figure_id: int) -> RecordedFigure:
    figure = db.session.get(RecordedFigure, figure_id)
    if figure is None or figure.edition_id != edition.id:
        raise NotFound(str(_l("Figure not found.")))
    return figure


def _clean(data: dict) -> dict:
    import re

    errors: dict[str, list[str]] = {}
    key = (data.get("key") or "").strip().lower()
    if not re.fullmatch(r"[a-z][a-z0-9_]{1,39}", key):
        errors["key"] = [str(_l("Use 2 to 40 lower-case letters, digits or underscores, starting with a letter."))]
    label_vi = (data.get("label_vi") or "").strip()
    if not label_vi:
        errors["label_vi"] = [str(_l("This field is required."))]
    try:
        value = Decimal(str(data.get("value")).replace(",", "."))
        if not value.is_finite() or abs(value) >= Decimal("1e14"):
            raise InvalidOperation
        value = value.quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        errors["value"] = [str(_l("Enter a number."))]
        value = None
    try:
        position = int(data.get("position") or 0)
        if abs(position) > MAX_POSITION:
            raise ValueError
    except (TypeError, ValueError):
        errors["position"] = [str(_l("Number must be between %(min)s and %(max)s.", min=-MAX_POSITION, max=MAX_POSITION))]
        position = 0
    if errors:
        raise ValidationFailed(str(_l("Please correct the highlighted fields.")), errors)
    return {"key": key, "label_vi": label_vi[:200], "label_en": (data.get("label_en") or "").strip()[:200],
            "value": value, "unit": (data.get("unit") or "").strip()[:40], "source": (data.get("source") or "").strip(),
            "is_public": bool(data.get("is_public")), "position": position}


def save_figure(actor, edition, data: dict, figure: RecordedFigure | None = None) -> RecordedFigure:
    clean = _clean(data)
    if figure is None:
        figure = RecordedFigure(edition_id=edition.id)
        db.session.add(figure)
    for k, v in clean.items():
        setattr(figure, k, v)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(str(_l("This edition already has a figure with that key.")),
                       {"key": [str(_l("This edition already has a figure with that key."))]})
    logger.info("report figure %s (%s) of edition %s saved by user %s", figure.id, figure.key, edition.id,
                getattr(actor, "id", None))
    return figure


def delete_figure(actor, edition, figure: RecordedFigure) -> None:
    key = figure.key
    db.session.delete(figure)
    db.session.commit()
    logger.info("report figure %s of edition %s deleted by user %s", key, edition.id, getattr(actor, "id", None))


# ---------------------------------------------------------------- raw figures: CSV / XLSX / JSON

def flat_figures(report: dict) -> list[tuple[str, str, object, str, str]]:
    """(group, label, value, unit, source) rows: headlines, groups, recorded figures."""
    rows = []
    for key, cell in report["headlines"].items():
        if cell["value"] is not None:
            rows.append((str(_l("Headline figures")), report["headline_labels"][key], cell["value"], "",
                         cell["note"] or (str(_l("counted")) if cell["source"] == "counted" else "")))
    for g in report["groups"]:
        for label, value in g.rows:
            rows.append((g.title, label, value, "", str(_l("counted"))))
    for f in report["recorded"]:
        rows.append((str(_l("Recorded figures")), f.label_vi, f.display_value, f.unit, f.source))
    return rows


def export_csv(report: dict) -> bytes:
    return csv_bytes([_l("Group"), _l("Figure"), _l("Value"), _l("Unit"), _l("Source")], flat_figures(report), safe_cell)


def export_xlsx(report: dict) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = str(_l("Figures"))[:31]
    ws.append([str(_l("Group")), str(_l("Figure")), str(_l("Value")), str(_l("Unit")), str(_l("Source"))])
    for group, label, value, unit, source in flat_figures(report):
        if isinstance(value, Decimal):
            value = float(value)
        ws.append([group, label, value, unit, source])
    for col, width in zip("ABCDE", (40, 40, 12, 12, 50)):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def stats_json(report: dict) -> dict:
    def num(v):
        return float(v) if isinstance(v, Decimal) else v

    return {
        "edition": report["edition"].slug,
        "headlines": {k: {"value": num(c["value"]), "source": c["source"]} for k, c in report["headlines"].items()},
        "groups": [{"key": g.key, "title": g.title, "rows": [{"label": l, "value": num(v)} for l, v in g.rows]}
                   for g in report["groups"]],
        "recorded": [{"key": f.key, "label_vi": f.label_vi, "label_en": f.label_en, "value": num(f.display_value),
                      "unit": f.unit, "source": f.source, "public": f.is_public} for f in report["recorded"]],
    }
