"""Floor-plan geometry (pure: standard library only).

Everything works on axis-aligned rectangles with **integer centimetres**, so "two booths share an
edge" is an exact comparison (no floating-point tolerance): ``x`` grows to the right, ``y``
downwards (SVG orientation), ``w``/``h`` are positive.

* :func:`adjacency` -- booths sharing an edge of positive length are neighbours (touching only at
  a corner is not; booths across an aisle are not). A sweep per edge coordinate: O(n log n + k).
* :func:`overlapping_pairs` -- pairs of booths overlapping with a positive area (a sweep on x).
* :func:`classify` -- inline / corner / island from the sides a booth shares with neighbours.
* :func:`generate_grid` -- rows × columns of booths with aisles every N columns / M rows.

The web app stores metres with two decimals (``Numeric(8, 2)``); :func:`to_cm` converts.

Try it::

    echo '{"rows": 4, "cols": 10, "aisle_every_rows": 2}' | python -m techfest.booths.geometry
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["Rect", "GridSpec", "GridBooth", "to_cm", "to_m", "adjacency", "overlapping_pairs", "outside",
           "shared_sides", "classify", "generate_grid", "booth_code", "main"]


@dataclass(frozen=True)
class Rect:
    """A booth's footprint in centimetres."""

    id: str
    x: int
    y: int
    w: int
    h: int

    @property
    def x1(self) -> int:
        return self.x + self.w

    @property
    def y1(self) -> int:
        return self.y + self.h


def to_cm(metres: Decimal | int | float | str) -> int:
    """Metres (a Decimal from the database, or a number) to whole centimetres, rounding half up."""
    return int((Decimal(str(metres)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_m(cm: int) -> Decimal:
    return (Decimal(cm) / 100).quantize(Decimal("0.01"))


# --- adjacency -----------------------------------------------------------------------------

def _touching(edges_a: dict[int, list[tuple[int, int, str]]], edges_b: dict[int, list[tuple[int, int, str]]],
              out: dict[str, set[str]]) -> None:
    """For each coordinate present in both maps, pair intervals of ``a`` and ``b`` that overlap
    with a positive length. Sweep over the interval starts; the active lists only hold intervals
    not yet ended, so for non-overlapping booths they hold one or two items."""
    for coord, a_list in edges_a.items():
        b_list = edges_b.get(coord)
        if not b_list:
            continue
        # (start, side, end, id); at equal starts the order does not matter (both pair up).
        events = sorted([(s, 0, e, i) for s, e, i in a_list] + [(s, 1, e, i) for s, e, i in b_list])
        active: tuple[list[tuple[int, str]], list[tuple[int, str]]] = ([], [])
        for start, side, end, ident in events:
            other = active[1 - side]
            # Drop intervals that ended at or before this start: they touch at a point at most.
            other[:] = [(e, i) for e, i in other if e > start]
            for _e, i in other:
                if i != ident:
                    out[ident].add(i)
                    out[i].add(ident)
            active[side].append((end, ident))


def adjacency(rects: Iterable[Rect]) -> dict[str, set[str]]:
    """Neighbours of every rectangle: those sharing a (part of an) edge of positive length.

    Symmetric. Vertical edges: a right edge at ``x`` touching a left edge at ``x`` with
    overlapping ``y`` ranges; horizontal edges likewise with bottom/top.
    """
    rects = list(rects)
    out: dict[str, set[str]] = {r.id: set() for r in rects}
    rights: dict[int, list] = defaultdict(list)
    lefts: dict[int, list] = defaultdict(list)
    bottoms: dict[int, list] = defaultdict(list)
    tops: dict[int, list] = defaultdict(list)
    for r in rects:
        rights[r.x1].append((r.y, r.y1, r.id))
        lefts[r.x].append((r.y, r.y1, r.id))
        bottoms[r.y1].append((r.x, r.x1, r.id))
        tops[r.y].append((r.x, r.x1, r.id))
    _touching(rights, lefts, out)
    _touching(bottoms, tops, out)
    return out


def shared_sides(rect: Rect, neighbours: Iterable[Rect]) -> set[str]:
    """Which sides of ``rect`` ("left", "right", "top", "bottom") touch a neighbour."""
    sides = set()
    for n in neighbours:
        if n.x1 == rect.x and min(n.y1, rect.y1) > max(n.y, rect.y):
            sides.add("left")
        if n.x == rect.x1 and min(n.y1, rect.y1) > max(n.y, rect.y):
            sides.add("right")
        if n.y1 == rect.y and min(n.x1, rect.x1) > max(n.x, rect.x):
            sides.add("top")
        if n.y == rect.y1 and min(n.x1, rect.x1) > max(n.x, rect.x):
            sides.add("bottom")
    return sides


def classify(rect: Rect, neighbours: Iterable[Rect]) -> str:
    """"island" when open on four sides, "corner" when open on two sides that meet, else
    "inline" (open on the front only, or on two opposite sides)."""
    shared = shared_sides(rect, neighbours)
    open_sides = {"left", "right", "top", "bottom"} - shared
    if len(open_sides) == 4:
        return "island"
    horizontal = open_sides & {"left", "right"}
    vertical = open_sides & {"top", "bottom"}
    if horizontal and vertical:
        return "corner"
    return "inline"


# --- overlaps and bounds ------------------------------------------------------------------

def overlapping_pairs(rects: Iterable[Rect]) -> list[tuple[str, str]]:
    """Pairs (sorted ids) of rectangles whose interiors intersect. Sweep on x: rectangles are
    visited by left edge; the active list holds those whose right edge is still ahead."""
    ordered = sorted(rects, key=lambda r: (r.x, r.y, r.id))
    active: list[Rect] = []
    pairs = []
    for r in ordered:
        active = [a for a in active if a.x1 > r.x]
        for a in active:
            if a.y < r.y1 and r.y < a.y1:
                pairs.append(tuple(sorted((a.id, r.id))))
        active.append(r)
    return sorted(pairs)


def outside(rects: Iterable[Rect], width: int, depth: int) -> list[str]:
    """Ids of rectangles not entirely inside the hall ``[0, width] × [0, depth]``."""
    return [r.id for r in rects if r.x < 0 or r.y < 0 or r.x1 > width or r.y1 > depth]


# --- grid generator -----------------------------------------------------------------------

@dataclass(frozen=True)
class GridSpec:
    """Rows × columns of identical booths (centimetres), numbered row by row.

    An aisle of ``aisle_cm`` is left after every ``aisle_every_cols`` columns and after every
    ``aisle_every_rows`` rows (0: never). The classic fair layout is ``aisle_every_rows=2``:
    blocks of two back-to-back rows, each booth facing an aisle.
    """

    rows: int
    cols: int
    booth_w: int = 300
    booth_h: int = 300
    origin_x: int = 0
    origin_y: int = 0
    aisle_every_cols: int = 0
    aisle_every_rows: int = 2
    aisle_cm: int = 300
    prefix: str = "A"
    start: int = 1


@dataclass(frozen=True)
class GridBooth:
    code: str
    x: int
    y: int
    w: int
    h: int
    type: str  # inline / corner / island


MAX_GRID_BOOTHS = 2500


def booth_code(prefix: str, number: int, digits: int = 2) -> str:
    """"A-01": the prefix, a hyphen and a zero-padded number (no hyphen without a prefix)."""
    num = str(number).zfill(digits)
    return f"{prefix}-{num}" if prefix else num


def generate_grid(spec: GridSpec) -> list[GridBooth]:
    """The booths of ``spec``; their type comes from which sides touch another booth."""
    if spec.rows < 1 or spec.cols < 1:
        raise ValueError("rows and cols must be at least 1")
    if spec.rows * spec.cols > MAX_GRID_BOOTHS:
        raise ValueError(f"at most {MAX_GRID_BOOTHS} booths at once")
    if spec.booth_w <= 0 or spec.booth_h <= 0 or spec.aisle_cm < 0:
        raise ValueError("booth sizes must be positive and the aisle not negative")
    last = spec.start + spec.rows * spec.cols - 1
    digits = max(2, len(str(last)))
    rects = []
    number = spec.start
    for row in range(spec.rows):
        row_aisles = row // spec.aisle_every_rows if spec.aisle_every_rows else 0
        y = spec.origin_y + row * spec.booth_h + row_aisles * spec.aisle_cm
        for col in range(spec.cols):
            col_aisles = col // spec.aisle_every_cols if spec.aisle_every_cols else 0
            x = spec.origin_x + col * spec.booth_w + col_aisles * spec.aisle_cm
            rects.append(Rect(booth_code(spec.prefix, number, digits), x, y, spec.booth_w, spec.booth_h))
            number += 1
    adj = adjacency(rects)
    by_id = {r.id: r for r in rects}
    return [GridBooth(r.id, r.x, r.y, r.w, r.h, classify(r, (by_id[n] for n in adj[r.id]))) for r in rects]


def extent(rects: Sequence[Rect]) -> tuple[int, int]:
    """(right-most x, bottom-most y) of the rectangles (0, 0 when empty)."""
    if not rects:
        return 0, 0
    return max(r.x1 for r in rects), max(r.y1 for r in rects)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m techfest.booths.geometry [spec.json | -]``: generate a grid (fields of
    :class:`GridSpec`) and print its booths with their neighbours as JSON."""
    argv = list(sys.argv[1:] if argv is None else argv)
    source = argv[0] if argv else "-"
    try:
        data = json.load(sys.stdin) if source == "-" else json.load(open(source, encoding="utf-8"))
        booths = generate_grid(GridSpec(**data))
    except (OSError, ValueError, TypeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    adj = adjacency(Rect(b.code, b.x, b.y, b.w, b.h) for b in booths)
    json.dump([{**asdict(b), "neighbors": sorted(adj[b.code])} for b in booths], sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
