"""Arrivals per 15 minutes per gate as an SVG line chart (pure: no Flask, no CDN).

``python -m techfest.checkin.chart data.json`` prints the SVG for {"gate": {"HH:MM": n}}.
"""
from __future__ import annotations

import json
import sys
from html import escape

COLOURS = ("#0d6efd", "#198754", "#d63384", "#fd7e14", "#6f42c1", "#20c997")


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def arrivals_svg(series: dict[str, dict[str, int]], width: int = 640, height: int = 220) -> str:
    """A line per gate; x = time of day (15-minute buckets), y = arrivals."""
    left, right, top, bottom = 40, 10, 10, 40
    buckets = sorted({_minutes(k) for s in series.values() for k in s})
    if not buckets:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 60" role="img" class="w-100">'
                f'<text x="10" y="35" fill="#6c757d">–</text></svg>')
    start, end = buckets[0], max(buckets[-1], buckets[0] + 60)
    peak = max(max(s.values()) for s in series.values() if s) or 1
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(m: int) -> float:
        return left + plot_w * (m - start) / (end - start)

    def y(n: int) -> float:
        return top + plot_h * (1 - n / peak)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" class="w-100">',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#adb5bd"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#adb5bd"/>',
             f'<text x="{left - 4}" y="{top + 10}" text-anchor="end" font-size="11">{peak}</text>',
             f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end" font-size="11">0</text>']
    for m in range(start - start % 60, end + 1, 60):
        if m >= start:
            parts.append(f'<text x="{x(m):.1f}" y="{height - bottom + 16}" text-anchor="middle" font-size="11">'
                         f'{m // 60:02d}:{m % 60:02d}</text>')
    for i, (gate, counts) in enumerate(sorted(series.items())):
        colour = COLOURS[i % len(COLOURS)]
        pts = " ".join(f"{x(mm):.1f},{y(counts.get(f'{mm // 60:02d}:{mm % 60:02d}', 0)):.1f}"
                       for mm in range(start, end + 1, 15))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{pts}"/>')
        parts.append(f'<text x="{left + 8 + 110 * i}" y="{height - 6}" font-size="12" fill="{colour}">'
                     f'■ {escape(gate)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    data = json.load(open(argv[0], encoding="utf-8") if argv else sys.stdin)
    print(arrivals_svg(data))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
