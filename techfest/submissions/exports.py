"""CSV and XLSX files from a header and rows (pure: no Flask, no database).

CSV is written by techfest.core.csvio (UTF-8 with a byte-order mark, CRLF line ends, for
Excel). Cells that a spreadsheet would run as a formula (starting with = + - @) are prefixed
with an apostrophe (CSV injection).
XLSX is written by openpyxl with a bold, frozen header row and an auto-filter.
"""
from __future__ import annotations

import io
from datetime import datetime
from typing import Iterable, Sequence

from techfest.core.csvio import csv_bytes, defuse


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return defuse(str(value))


def to_csv(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    return csv_bytes(header, rows, _cell_text)


def to_xlsx(header: Sequence[str], rows: Iterable[Sequence], sheet_title: str = "Products") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title[:31]
    ws.append([str(h) for h in header])
    widths = [len(str(h)) for h in header]
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            if isinstance(value, datetime):
                value = value.replace(tzinfo=None)  # local wall time; spreadsheets have no zones
            elif isinstance(value, bool):
                value = "x" if value else ""
            elif isinstance(value, str):
                value = defuse(value)
            cells.append(value)
            widths[i] = max(widths[i], min(len(str(value or "")), 60))
        ws.append(cells)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    if ws.max_row > 1:
        ws.auto_filter.ref = ws.dimensions
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width + 2
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
