"""The floor plan as SVG (pure: standard library only).

The caller decides colours and texts (by zone, status or category; what each audience may see);
this module lays them out:

* the ``viewBox`` is the hall in metres (plus a margin), so the browser scales the drawing; the
  ``width``/``height`` attributes ask for ``px_per_m`` pixels per metre, chosen so the smallest
  booth code is at least ``MIN_FONT_PX`` pixels high -- at 1,000 booths the page scrolls rather
  than shrinking the codes into dust;
* every booth is one ``<g class="tf-booth">`` holding a ``<title>`` (hover), a ``<rect>`` and the
  code as ``<text>`` sized to fit the booth, wrapped in ``<a>`` when it links somewhere (click);
  ``data-*`` attributes carry the details the page's script shows on click;
* an optional legend below the hall (for the PDF and the standalone SVG; the web page shows an
  HTML legend beside the plan).

Text is escaped here (``xml.sax.saxutils``): user text never reaches the markup raw.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr as _quoteattr

MIN_FONT_PX = 10.0
CHAR_WIDTH = 0.6  # average advance of a (condensed, bold) digit or capital, in ems
MAX_FONT_M = 1.3  # islands and big booths: codes no taller than this (metres)


@dataclass
class PlanBooth:
    code: str
    x: float  # metres
    y: float
    w: float
    h: float
    fill: str = "#e9ecef"
    title: str = ""                  # hover text (several lines allowed)
    href: str | None = None          # click target
    label: str | None = None         # second line under the code (e.g. an organisation's short name)
    highlight: bool = False          # "your booth"
    dim: bool = False                # drawn faded (not the one being looked at)
    hatch: bool = False              # blocked / held: hatched
    occupied: bool = False           # holds an exhibitor: a dot in the top-right corner
    css: str = ""
    data: Mapping[str, str] = field(default_factory=dict)


@dataclass
class LegendItem:
    fill: str
    label: str
    hatch: bool = False
    dot: bool = False  # the "occupied" marker instead of a swatch


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(text: str) -> str:
    """Text content, escaped; characters XML forbids are dropped."""
    return _escape(_CONTROL.sub("", str(text)))


def quoteattr(text: str) -> str:
    return _quoteattr(_CONTROL.sub("", str(text)), {"\n": "&#10;"})


def _num(v: float) -> str:
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def text_colour(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (#rrggbb), by relative luminance."""
    try:
        r, g, b = (int(fill[i:i + 2], 16) / 255 for i in (1, 3, 5))
    except (ValueError, IndexError):
        return "#000"

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "#000" if lum > 0.179 else "#fff"


def font_size(code: str, w: float, h: float) -> float:
    """The code's font size in metres: as large as fits the width, at most a third of the height."""
    return max(min(w * 0.9 / (max(len(code), 1) * CHAR_WIDTH), h * 0.36, MAX_FONT_M), 0.05)


def fit_text(text: str, width: float, size: float) -> str:
    """``text`` cut (with an ellipsis) to what fits ``width`` at font ``size`` (same units)."""
    limit = max(int(width / (size * CHAR_WIDTH)), 1)
    return text if len(text) <= limit else text[: max(limit - 1, 1)].rstrip() + "…"


def scale_for(booths: Sequence[PlanBooth], width_m: float, fit_px: float = 1100.0, max_px_per_m: float = 40.0) -> float:
    """Pixels per metre: fit ``fit_px`` wide, but never so small that a booth code drops below
    ``MIN_FONT_PX`` pixels."""
    fit = fit_px / width_m if width_m > 0 else 10.0
    if not booths:
        return min(fit, max_px_per_m)
    smallest = min(font_size(b.code, b.w, b.h) for b in booths)
    readable = MIN_FONT_PX / smallest
    return min(max(fit, readable), max_px_per_m * max(1.0, readable / max_px_per_m))


def render_svg(booths: Sequence[PlanBooth], width_m: float, depth_m: float, *, title: str = "",
               legend: Sequence[LegendItem] = (), legend_title: str = "", px_per_m: float | None = None,
               standalone: bool = False, element_id: str = "tf-plan") -> str:
    """The plan as an SVG string (a fragment for inline HTML, or a document when ``standalone``)."""
    margin = 1.0
    legend_h = 0.0
    unit = max(width_m / 60.0, 0.6)  # legend text size: readable when the whole hall fits a page
    if legend:
        per_row, _col_w = _legend_columns(legend, width_m, unit)
        rows = (len(legend) + per_row - 1) // per_row
        legend_h = unit * (2.2 + 1.6 * rows)
    vb_w, vb_h = width_m + 2 * margin, depth_m + 2 * margin + legend_h
    scale = px_per_m or scale_for(booths, width_m)
    smallest = min((font_size(b.code, b.w, b.h) for b in booths), default=1.0)
    readable = MIN_FONT_PX / smallest  # px per metre below which the smallest code gets too small
    out: list[str] = []
    ns = ' xmlns="http://www.w3.org/2000/svg"'
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else ""
    out.append(f'{head}<svg{ns} id={quoteattr(element_id)} class="tf-plan" role="img" '
               f'viewBox="{_num(-margin)} {_num(-margin)} {_num(vb_w)} {_num(vb_h)}" '
               f'width="{_num(vb_w * scale)}" height="{_num(vb_h * scale)}" '
               f'data-px-per-m="{_num(scale)}" data-readable-px-per-m="{_num(readable)}" '
               f'preserveAspectRatio="xMinYMin meet" font-family="Noto Sans, Noto Sans CJK KR, DejaVu Sans, sans-serif"'
               f' aria-label={quoteattr(title or "floor plan")}>')
    if title:
        out.append(f"<title>{escape(title)}</title>")
    out.append('<defs><pattern id="tf-hatch" patternUnits="userSpaceOnUse" width="0.6" height="0.6" '
               'patternTransform="rotate(45)"><rect width="0.6" height="0.6" fill="#f8f9fa"/>'
               '<line x1="0" y1="0" x2="0" y2="0.6" stroke="#adb5bd" stroke-width="0.25"/></pattern></defs>')
    out.append(f'<rect class="tf-hall" x="0" y="0" width="{_num(width_m)}" height="{_num(depth_m)}" '
               'fill="#ffffff" stroke="#6c757d" stroke-width="0.15"/>')
    highlight: list[PlanBooth] = []
    for b in booths:
        if b.highlight:
            highlight.append(b)  # drawn last, on top
            continue
        out.append(_booth(b))
    for b in highlight:
        out.append(_booth(b))
    if legend:
        out.append(_legend(legend, legend_title, depth_m + unit * 1.2, width_m, unit))
    out.append("</svg>")
    return "".join(out)


def _booth(b: PlanBooth) -> str:
    cls = "tf-booth" + (" tf-you" if b.highlight else "") + (" tf-dim" if b.dim else "") + (f" {b.css}" if b.css else "")
    data = "".join(f" data-{k}={quoteattr(str(v))}" for k, v in b.data.items())
    parts = [f'<g class={quoteattr(cls)} id={quoteattr("booth-" + b.code)} data-code={quoteattr(b.code)}{data}>']
    parts.append(f"<title>{escape(b.title or b.code)}</title>")
    fill = "url(#tf-hatch)" if b.hatch else b.fill
    stroke, width = ("#d63384", "0.35") if b.highlight else ("#343a40", "0.06")
    opacity = ' opacity="0.35"' if b.dim else ""
    parts.append(f'<rect x="{_num(b.x)}" y="{_num(b.y)}" width="{_num(b.w)}" height="{_num(b.h)}" '
                 f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"{opacity}/>')
    size = font_size(b.code, b.w, b.h)
    colour = "#000" if b.hatch else text_colour(b.fill)
    cx, cy = b.x + b.w / 2, b.y + b.h / 2
    if b.occupied:
        r = min(b.w, b.h) * 0.06
        parts.append(f'<circle class="tf-dot" cx="{_num(b.x + b.w - r * 1.5)}" cy="{_num(b.y + r * 1.5)}" '
                     f'r="{_num(r)}" fill="{colour}"/>')
    if b.label and b.h >= size * 2.4:
        label = fit_text(b.label, b.w * 0.9, size * 0.5)
        code_y = cy - size * 0.12
        parts.append(f'<text x="{_num(cx)}" y="{_num(code_y)}" font-size="{_num(size)}" font-weight="700" '
                     f'text-anchor="middle" fill="{colour}">{escape(b.code)}</text>')
        parts.append(f'<text class="tf-label" x="{_num(cx)}" y="{_num(code_y + size * 0.85)}" '
                     f'font-size="{_num(size * 0.5)}" text-anchor="middle" fill="{colour}">{escape(label)}</text>')
    else:
        parts.append(f'<text x="{_num(cx)}" y="{_num(cy + size * 0.35)}" font-size="{_num(size)}" '
                     f'font-weight="700" text-anchor="middle" fill="{colour}">{escape(b.code)}</text>')
    parts.append("</g>")
    body = "".join(parts)
    if b.href:
        return f'<a href={quoteattr(b.href)}>{body}</a>'
    return body


def _legend_columns(items: Sequence[LegendItem], width_m: float, unit: float) -> tuple[int, float]:
    """(items per row, column width): columns as wide as the longest label needs."""
    need = unit * (2.2 + CHAR_WIDTH * 0.95 * max((len(i.label) for i in items), default=1))
    per_row = max(min(int(width_m // need), len(items)), 1)
    return per_row, max(width_m / per_row, need)


def _legend(items: Sequence[LegendItem], title: str, top: float, width_m: float, unit: float) -> str:
    per_row, col_w = _legend_columns(items, width_m, unit)
    out = [f'<g class="tf-legend" font-size="{_num(unit)}">']
    if title:
        out.append(f'<text x="0" y="{_num(top)}" font-weight="700">{escape(title)}</text>')
    for i, item in enumerate(items):
        row, col = divmod(i, per_row)
        x, y = col * col_w, top + unit * 0.6 + row * unit * 1.6
        fill = "url(#tf-hatch)" if item.hatch else item.fill
        if item.dot:
            out.append(f'<circle cx="{_num(x + unit * 0.6)}" cy="{_num(y + unit * 0.5)}" r="{_num(unit * 0.3)}" '
                       f'fill="{item.fill}"/>')
        else:
            out.append(f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(unit * 1.2)}" height="{_num(unit)}" '
                       f'fill="{fill}" stroke="#343a40" stroke-width="{_num(unit * 0.05)}"/>')
        out.append(f'<text x="{_num(x + unit * 1.6)}" y="{_num(y + unit * 0.85)}">{escape(item.label)}</text>')
    out.append("</g>")
    return "".join(out)


def palette(i: int) -> str:
    """A distinct, fairly light colour for the i-th category (cycles after 12)."""
    return PALETTE[i % len(PALETTE)]


PALETTE = ("#8ecae6", "#ffb703", "#90be6d", "#f4a261", "#cdb4db", "#ffafcc", "#a8dadc", "#e9c46a",
           "#b5e48c", "#f28482", "#84a59d", "#bde0fe")

STATUS_COLOURS = {"available": "#b7e4c7", "held": "#ffe8a1", "assigned": "#4c8bf5", "blocked": "#adb5bd"}
