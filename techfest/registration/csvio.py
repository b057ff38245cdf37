"""CSV import checking and CSV/XLSX export of registrations (pure: no Flask, no database).

Import is all-or-nothing: :func:`parse_import` reads the whole file and returns the clean rows
*and* every row-level problem; the service imports only when there is no problem at all.
Problems are codes (``"required"``, ``"bad_email"``...) with parameters, so the caller words
them in the reader's language.

Accepted files: UTF-8 (with or without the BOM Excel writes), UTF-16 (Excel's "Unicode text"),
or Windows-1258 (Vietnamese Windows); comma, semicolon or tab separated. Headers may be English
or Vietnamese, with or without accents: ``name``/``Họ và tên``, ``email``, ``phone``/``Điện
thoại``, ``organisation``/``Đơn vị``, ``type``/``Loại``, ``days``/``Ngày``. Days are ISO dates
(``2026-11-25``), day numbers (``1`` = first day of the fair) or ``all``/``tất cả`` (empty means
every day), separated by ``;``, ``,`` or spaces.

``python -m techfest.registration.csvio FILE.csv 2026-11-25 2026-11-26`` checks a file.
"""
from __future__ import annotations

import csv
import io
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Sequence

from techfest.core.csvio import FORMULA_START, csv_bytes, defuse
from techfest.core.search import fold

MAX_ROWS = 20_000
MAX_LENGTHS = {"name": 200, "email": 254, "phone": 40, "organisation": 200}
TYPES = ("visitor", "exhibitor_staff", "speaker", "press", "vip", "organizer_staff")

HEADER_ALIASES = {
    "name": {"name", "full name", "ho ten", "ho va ten", "ten"},
    "email": {"email", "e-mail", "e mail", "mail", "thu dien tu", "dia chi email"},
    "phone": {"phone", "telephone", "mobile", "dien thoai", "so dien thoai", "sdt"},
    "organisation": {"organisation", "organization", "company", "don vi", "to chuc", "co quan", "cong ty"},
    "type": {"type", "attendee type", "loai", "loai khach", "doi tuong", "loai dai bieu"},
    "days": {"days", "day", "ngay", "ngay tham du", "cac ngay"},
}
TYPE_ALIASES = {
    "visitor": {"visitor", "khach tham quan", "khach", "tham quan"},
    "exhibitor_staff": {"exhibitor staff", "exhibitor_staff", "exhibitor", "nhan vien gian hang", "trien lam",
                        "don vi trien lam"},
    "speaker": {"speaker", "dien gia", "bao cao vien"},
    "press": {"press", "media", "journalist", "bao chi", "phong vien", "nha bao"},
    "vip": {"vip", "vip guest", "dai bieu", "khach moi", "khach moi vip"},
    "organizer_staff": {"organizer staff", "organizer_staff", "organizer", "staff", "ban to chuc", "btc",
                        "nhan vien ban to chuc"},
}
_TYPE_LOOKUP = {alias: t for t, aliases in TYPE_ALIASES.items() for alias in aliases}
_HEADER_LOOKUP = {alias: h for h, aliases in HEADER_ALIASES.items() for alias in aliases}
_EMAIL_RE = re.compile(r"^[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\"]+$")
_PHONE_RE = re.compile(r"^[0-9+().\-\s/]*$")
_DAY_SPLIT = re.compile(r"[;,\s]+")
_ALL_DAYS = {"all", "tat ca", "ca", "*"}


@dataclass
class Problem:
    row: int          # 1 = the header line; data starts at 2 (as a spreadsheet numbers them)
    field: str        # "name", "email", ..., or "file"
    code: str         # required, too_long, bad_email, bad_phone, unknown_type, bad_day, duplicate_email, ...
    params: dict = field(default_factory=dict)


@dataclass
class ImportRow:
    row: int
    name: str
    email: str
    phone: str
    organisation: str
    type: str | None   # None: keep the existing type / default
    days: list[date]


@dataclass
class ParsedImport:
    rows: list[ImportRow]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def decode(data: bytes) -> str:
    """Bytes of an uploaded spreadsheet export to text (NFC). Raises ValueError if binary."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError("binary")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1258")
            except UnicodeDecodeError:
                raise ValueError("encoding") from None
    if "\x00" in text:
        raise ValueError("binary")
    return unicodedata.normalize("NFC", text)


def _dialect(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def parse_days(value: str, edition_days: Sequence[date]) -> tuple[list[date], str | None]:
    """Days from a cell; returns (days, None) or ([], the offending piece)."""
    text = fold(value)
    if not text or text in _ALL_DAYS:
        return list(edition_days), None
    out: list[date] = []
    for piece in _DAY_SPLIT.split(text):
        if not piece:
            continue
        day: date | None = None
        if piece.isdigit() and 1 <= int(piece) <= len(edition_days):
            day = edition_days[int(piece) - 1]
        else:
            try:
                day = date.fromisoformat(piece)
            except ValueError:
                m = re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}))?", piece)  # 25/11 or 25/11/2026
                if m:
                    year = int(m.group(3)) if m.group(3) else (edition_days[0].year if edition_days else 2000)
                    try:
                        day = date(year, int(m.group(2)), int(m.group(1)))
                    except ValueError:
                        day = None
        if day is None or day not in edition_days:
            return [], piece
        if day not in out:
            out.append(day)
    return (sorted(out), None) if out else (list(edition_days), None)


def parse_type(value: str) -> str | None:
    """An attendee type from an English or Vietnamese label (accents optional); '' is None."""
    key = fold(value).replace("_", " ")
    if not key:
        return None
    return _TYPE_LOOKUP.get(key) or _TYPE_LOOKUP.get(key.replace(" ", "_")) or "?"


def parse_import(data: bytes, edition_days: Sequence[date], *, allowed_types: Iterable[str] = TYPES) -> ParsedImport:
    allowed = set(allowed_types)
    problems: list[Problem] = []
    try:
        text = decode(data)
    except ValueError as exc:
        return ParsedImport([], [Problem(0, "file", "not_text" if str(exc) == "binary" else "encoding")])
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return ParsedImport([], [Problem(0, "file", "empty")])
    reader = csv.reader(io.StringIO(text), delimiter=_dialect(lines[0]))
    try:
        header = next(reader)
    except (csv.Error, StopIteration):
        return ParsedImport([], [Problem(1, "file", "empty")])
    columns: dict[str, int] = {}
    for i, title in enumerate(header):
        key = _HEADER_LOOKUP.get(fold(title).replace("_", " ").strip())
        if key and key not in columns:
            columns[key] = i
    missing = [c for c in ("name", "email") if c not in columns]
    if missing:
        return ParsedImport([], [Problem(1, c, "missing_column") for c in missing])

    rows: list[ImportRow] = []
    seen: dict[str, int] = {}
    try:
        for line_no, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(rows) >= MAX_ROWS:
                problems.append(Problem(line_no, "file", "too_many_rows", {"max": MAX_ROWS}))
                break

            def cell(name: str) -> str:
                idx = columns.get(name)
                value = cells[idx].strip() if idx is not None and idx < len(cells) else ""
                if value[:1] == "'" and value[1:2] in FORMULA_START:
                    value = value[1:]  # undo safe_cell() of our own exports
                return value

            values = {k: cell(k) for k in ("name", "email", "phone", "organisation", "type", "days")}
            values["email"] = values["email"].lower()
            row_problems: list[Problem] = []
            for key in ("name", "email"):
                if not values[key]:
                    row_problems.append(Problem(line_no, key, "required"))
            for key, limit in MAX_LENGTHS.items():
                if len(values[key]) > limit:
                    row_problems.append(Problem(line_no, key, "too_long", {"max": limit}))
            if values["email"] and not _EMAIL_RE.match(values["email"]):
                row_problems.append(Problem(line_no, "email", "bad_email", {"value": values["email"][:80]}))
            elif values["email"] in seen:
                row_problems.append(Problem(line_no, "email", "duplicate_email", {"first": seen[values["email"]]}))
            if values["phone"] and not _PHONE_RE.match(values["phone"]):
                row_problems.append(Problem(line_no, "phone", "bad_phone", {"value": values["phone"][:40]}))
            kind = parse_type(values["type"])
            if kind == "?" or (kind is not None and kind not in allowed):
                row_problems.append(Problem(line_no, "type", "unknown_type", {"value": values["type"][:60]}))
            days, bad = parse_days(values["days"], edition_days)
            if bad is not None:
                row_problems.append(Problem(line_no, "days", "bad_day", {"value": bad[:40]}))
            if row_problems:
                problems.extend(row_problems)
                continue
            seen[values["email"]] = line_no
            rows.append(ImportRow(line_no, values["name"], values["email"], values["phone"],
                                  values["organisation"], kind, days))
    except csv.Error as exc:
        problems.append(Problem(0, "file", "malformed", {"detail": str(exc)[:120]}))
    if not rows and not problems:
        problems.append(Problem(1, "file", "no_rows"))
    return ParsedImport(rows, problems)


# --- export ------------------------------------------------------------------------------

def safe_cell(value) -> object:
    """Neutralise spreadsheet formulas in text cells (CSV/formula injection)."""
    return defuse(value) if isinstance(value, str) else value


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a BOM, so Excel shows Vietnamese correctly when the file is double-clicked."""
    return csv_bytes(headers, rows, lambda v: "" if v is None else safe_cell(v))


def write_xlsx(headers: Sequence[str], rows: Iterable[Sequence[object]], title: str = "Registrations") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Sheet")
    bold = Font(bold=True)
    head = []
    for h in headers:
        c = WriteOnlyCell(ws, value=h)
        c.font = bold
        head.append(c)
    ws.append(head)
    for row in rows:
        ws.append([safe_cell(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        print("usage: python -m techfest.registration.csvio FILE.csv DAY [DAY...]", file=sys.stderr)
        return 2
    with open(argv[0], "rb") as fh:
        result = parse_import(fh.read(), [date.fromisoformat(d) for d in argv[1:]])
    print(json.dumps({
        "rows": [{"row": r.row, "name": r.name, "email": r.email, "type": r.type,
                  "days": [d.isoformat() for d in r.days]} for r in result.rows],
        "problems": [p.__dict__ for p in result.problems],
    }, ensure_ascii=False, indent=1))
    return 0 if result.ok else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
