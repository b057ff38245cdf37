"""CSV files for spreadsheets (pure: no Flask, no database).

Every CSV that Techfest hands out is UTF-8 with a byte-order mark and CRLF line ends, so Excel
opens Vietnamese text ("Hải Phòng", not "HaÌ‰i PhoÌ€ng") without an import dialog. How a cell is
written stays with each export (``cell``); ``defuse`` is the usual guard against CSV injection.
"""
from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable, Iterable, Sequence

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(text: str) -> str:
    """``text`` with an apostrophe in front when a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def safe_cell(value) -> object:
    """A cell for files that hold text people typed (names, titles): numbers as they are, None
    empty, any text defused (``=HYPERLINK(...)`` in a speaker's name stays text in Excel)."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return defuse(str(value))


def csv_bytes(header: Sequence, rows: Iterable[Sequence], cell: Callable[[object], object] | None = None) -> bytes:
    """The CSV file: ``header``, then ``rows``. ``cell`` turns each value, header included, into
    what is written (default: the value as the csv module writes it, None as an empty cell)."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    for row in itertools.chain([header], rows):
        writer.writerow(row if cell is None else [cell(v) for v in row])
    return out.getvalue().encode("utf-8")
