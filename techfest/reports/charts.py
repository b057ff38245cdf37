"""Bar and column charts as inline SVG strings (pure: no Flask, no JavaScript, no CDN).

Every label and value is drawn as SVG text, escaped; the page shows the same numbers in a table
next to the chart, so the SVG is marked ``role="img"`` with a title for screen readers.

Try it::

    echo '{"title": "Sản phẩm", "rows": [["Cơ khí", 12], ["Nông nghiệp", 7]]}' | python -m techfest.reports.charts
"""
from __future__ import annotations

import json
import sys
from decimal import Decimal
from html import escape

COLOUR = "#0b4f8a"


def _fmt(value) -> str:
    if isinstance(value, float):
        value = Decimal(str(value))
    if isinstance(value, Decimal):
        value = value.normalize()
        if value == value.to_integral_value():
            value = int(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")  # Vietnamese thousands separator
    return str(value).replace(".", ",")


def _number(value) -> float:
    try:
        return max(float(value), 0.0)
    except (TypeError, ValueError):
        return 0.0


def bar_chart(rows, title: str = "", width: int = 560, bar_height: int = 22, label_width: int = 200,
              colour: str = COLOUR) -> str:
    """Horizontal bars: ``rows`` is a list of (label, value). Empty rows → an empty-chart SVG."""
    rows = [(str(label), value) for label, value in rows]
    gap = 6
    top = 4
    height = top + max(len(rows), 1) * (bar_height + gap) + 4
    biggest = max((_number(v) for _, v in rows), default=0.0) or 1.0
    plot = width - label_width - 70
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="tf-chart" role="img" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
             f"<title>{escape(title)}</title>"]
    for i, (label, value) in enumerate(rows):
        y = top + i * (bar_height + gap)
        w = round(plot * _number(value) / biggest, 1)
        short = label if len(label) <= 32 else label[:31] + "…"
        parts.append(f'<text x="{label_width - 6}" y="{y + bar_height * 0.7:.1f}" text-anchor="end" '
                     f'fill="#212529">{escape(short)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{w}" height="{bar_height}" fill="{colour}"/>')
        parts.append(f'<text x="{label_width + w + 4:.1f}" y="{y + bar_height * 0.7:.1f}" '
                     f'fill="#212529">{escape(_fmt(value))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def column_chart(rows, title: str = "", width: int = 560, height: int = 220, colour: str = COLOUR) -> str:
    """Vertical columns: ``rows`` is a list of (label, value), e.g. years or hours."""
    rows = [(str(label), value) for label, value in rows]
    bottom, top, left = 36, 18, 8
    n = max(len(rows), 1)
    slot = (width - 2 * left) / n
    col = max(min(slot * 0.7, 60), 2)
    biggest = max((_number(v) for _, v in rows), default=0.0) or 1.0
    plot = height - bottom - top
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="tf-chart" role="img" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
             f"<title>{escape(title)}</title>",
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - left}" y2="{height - bottom}" stroke="#adb5bd"/>']
    for i, (label, value) in enumerate(rows):
        h = round(plot * _number(value) / biggest, 1)
        x = left + i * slot + (slot - col) / 2
        cx = left + i * slot + slot / 2
        y = height - bottom - h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{col:.1f}" height="{h}" fill="{colour}"/>')
        parts.append(f'<text x="{cx:.1f}" y="{y - 4:.1f}" text-anchor="middle" fill="#212529">'
                     f'{escape(_fmt(value))}</text>')
        parts.append(f'<text x="{cx:.1f}" y="{height - bottom + 16}" text-anchor="middle" fill="#495057">'
                     f'{escape(label if len(label) <= 14 else label[:13] + "…")}</text>')
    parts.append("</svg>")
    return "".join(parts)


def main(argv: list[str]) -> int:
    data = json.load(open(argv[1], encoding="utf-8") if len(argv) > 1 else sys.stdin)
    chart = column_chart if data.get("kind") == "column" else bar_chart
    print(chart(data.get("rows", []), data.get("title", "")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
