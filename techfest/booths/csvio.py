"""Booth CSV import and export formats (pure: standard library only).

Columns (header row required, any order, case-insensitive; extra columns are ignored, so an
exported list can be edited and imported into another hall)::

    code, zone, x, y, w, h, type, size, features, accessible, price_tier, status

* ``code``: A-01 (letters, digits, ``-``, ``.``, ``/``; at most 16), unique;
* ``zone``: a zone name of the hall (may be empty);
* ``x``, ``y``, ``w``, ``h``: metres, ``3``, ``3.5`` or ``3,5``; ``w``/``h`` positive;
* ``type``: inline / corner / island (empty: computed from the neighbours);
* ``size``: standard / double / island (empty: standard);
* ``features``: any of power, internet, water separated by ``;``, ``,``, ``|`` or spaces;
* ``accessible``: yes/no, true/false, 1/0, có/không, x (empty: no);
* ``price_tier``: free text up to 32 characters;
* ``status``: available / held / blocked (empty: available; "assigned", from an export, reads
  as available: exhibitors are never imported).

The file may be comma-, semicolon- or tab-separated, UTF-8 with or without BOM (what Excel saves
as "CSV UTF-8"). :func:`parse` returns every row it could read and one :class:`RowError` per
problem (line number as a spreadsheet shows it, column, code, parameters); the caller
translates the codes and imports nothing while any error remains.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from techfest.core.csvio import csv_bytes, defuse

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_METRES = Decimal("10000")

COLUMNS = ("code", "zone", "x", "y", "w", "h", "type", "size", "features", "accessible", "price_tier", "status")
REQUIRED = ("code", "x", "y", "w", "h")
TYPES = ("inline", "corner", "island")
SIZES = ("standard", "double", "island")
FEATURES = ("power", "internet", "water")
STATUSES = ("available", "held", "blocked")
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9./-]{0,15}$")
_TRUE = {"yes", "y", "true", "1", "x", "có", "co"}
_FALSE = {"no", "n", "false", "0", "không", "khong", ""}
_ALIASES = {"width": "w", "height": "h", "depth": "h", "feature": "features", "price": "price_tier",
            "tier": "price_tier", "booth": "code", "size_class": "size", "kind": "type"}


@dataclass
class RowError:
    line: int
    column: str
    code: str                      # machine code, translated by the caller
    params: dict = field(default_factory=dict)


@dataclass
class BoothRow:
    line: int
    code: str
    zone: str
    x: Decimal
    y: Decimal
    w: Decimal
    h: Decimal
    type: str | None
    size: str
    features: frozenset[str]
    accessible: bool
    price_tier: str
    status: str


def normalise_code(code: str) -> str:
    return (code or "").strip().upper()


def parse_metres(text: str) -> Decimal | None:
    """``3``, ``3.5``, ``3,5`` -> Decimal with two decimals at most; None if not a number."""
    text = (text or "").strip().replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d{1,2})?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex already refused it
        return None


def _decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def parse(data: bytes) -> tuple[list[BoothRow], list[RowError]]:
    """Read a booth CSV file (see the module docstring)."""
    if len(data) > MAX_BYTES:
        return [], [RowError(0, "", "too_large", {"max_mb": MAX_BYTES // (1024 * 1024)})]
    text = _decode(data)
    if text is None:
        return [], [RowError(0, "", "not_utf8")]
    if "\x00" in text:
        return [], [RowError(0, "", "not_csv")]
    if not text.strip():
        return [], [RowError(0, "", "empty")]
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return [], [RowError(1, "", "not_csv")]
    names = [_ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        return [], [RowError(1, c, "missing_column") for c in missing]
    index = {}
    for i, name in enumerate(names):
        if name in COLUMNS and name not in index:
            index[name] = i
    rows: list[BoothRow] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    count = 0
    try:
        for raw in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in raw):
                continue
            count += 1
            if count > MAX_ROWS:
                errors.append(RowError(line, "", "too_many_rows", {"max": MAX_ROWS}))
                break
            row = _row(line, raw, index, errors)
            if row is None:
                continue
            if row.code in seen:
                errors.append(RowError(line, "code", "duplicate_in_file", {"code": row.code, "other": seen[row.code]}))
                continue
            seen[row.code] = line
            rows.append(row)
    except csv.Error:
        errors.append(RowError(reader.line_num, "", "not_csv"))
    if not rows and not errors:
        errors.append(RowError(0, "", "empty"))
    return rows, errors


def _row(line: int, raw: Sequence[str], index: dict[str, int], errors: list[RowError]) -> BoothRow | None:
    def cell(name: str) -> str:
        i = index.get(name)
        return raw[i].strip() if i is not None and i < len(raw) else ""

    before = len(errors)
    code = normalise_code(cell("code"))
    if not code:
        errors.append(RowError(line, "code", "required"))
    elif not CODE_RE.match(code):
        errors.append(RowError(line, "code", "bad_code", {"value": code[:40]}))
    numbers = {}
    for name in ("x", "y", "w", "h"):
        value = parse_metres(cell(name))
        if value is None:
            errors.append(RowError(line, name, "not_a_number" if cell(name) else "required", {"value": cell(name)[:40]}))
        elif abs(value) > MAX_METRES:
            errors.append(RowError(line, name, "too_big", {"max": int(MAX_METRES)}))
        elif name in ("w", "h") and value <= 0:
            errors.append(RowError(line, name, "not_positive", {"value": cell(name)}))
        elif name in ("x", "y") and value < 0:
            errors.append(RowError(line, name, "negative", {"value": cell(name)}))
        else:
            numbers[name] = value
    btype = cell("type").lower() or None
    if btype is not None and btype not in TYPES:
        errors.append(RowError(line, "type", "bad_choice", {"value": btype[:40], "choices": ", ".join(TYPES)}))
    size = cell("size").lower() or "standard"
    if size not in SIZES:
        errors.append(RowError(line, "size", "bad_choice", {"value": size[:40], "choices": ", ".join(SIZES)}))
    features = set()
    for word in re.split(r"[;,|\s]+", cell("features").lower()):
        if not word:
            continue
        if word not in FEATURES:
            errors.append(RowError(line, "features", "bad_choice", {"value": word[:40], "choices": ", ".join(FEATURES)}))
        else:
            features.add(word)
    acc = cell("accessible").lower()
    if acc not in _TRUE and acc not in _FALSE:
        errors.append(RowError(line, "accessible", "bad_boolean", {"value": acc[:40]}))
    price = cell("price_tier")
    if len(price) > 32:
        errors.append(RowError(line, "price_tier", "too_long", {"max": 32}))
    status = cell("status").lower() or "available"
    if status == "assigned":  # an exported list: exhibitors are not imported, the booth is free
        status = "available"
    if status not in STATUSES:
        errors.append(RowError(line, "status", "bad_choice", {"value": status[:40], "choices": ", ".join(STATUSES)}))
    zone = cell("zone")
    if len(zone) > 100:
        errors.append(RowError(line, "zone", "too_long", {"max": 100}))
    if len(errors) > before:
        return None
    return BoothRow(line, code, zone, numbers["x"], numbers["y"], numbers["w"], numbers["h"], btype, size,
                    frozenset(features), acc in _TRUE, price, status)


EXPORT_COLUMNS = COLUMNS + ("hall", "exhibitor", "products", "locked")


def write(rows: Iterable[Sequence], header: Sequence[str] = EXPORT_COLUMNS) -> bytes:
    """CSV bytes (UTF-8 with BOM so Excel shows Vietnamese correctly). Cells that a spreadsheet
    would run as a formula are prefixed with an apostrophe (not negative numbers)."""
    return csv_bytes(header, rows, _safe_cell)


def _safe_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return text if re.fullmatch(r"-?\d+(\.\d+)?", text) else defuse(text)
