"""Per-category standings, the award line and walking order (pure: standard library only).

The judging service ranks a whole round at once with :func:`techfest.judging.ranking.rank`
(so every judge is calibrated on all the products they scored, whatever the category), then
splits the result by category here.

Standings
---------
Within a category the products are sorted by score, best first (ties by product id), and
ranked with competition ranking on the score: equal scores share a rank (1, 1, 3).

The award line
--------------
A category awards ``podium`` places (gold, silver, bronze: 3 by default). When it has more
ranked products than places, the *award line* is the score midway between the last awarded
place and the first product below it::

    line = (score[podium - 1] + score[podium]) / 2        (scores sorted best first)

A product is **flagged** when its interval ``[low, high]`` contains the line: the data cannot
tell on which side of the line it belongs, so the jury should look at it before deciding
(two products tied across the line are both flagged). A category with no more products
than places has no line and no flag.

Walking order
-------------
Judges walk the hall booth by booth: products with a booth code come first, in the natural
order of the codes ("A-2" before "A-10", hall letter first), then products without a booth by
category position and title. :func:`walking_key` builds the sort key.

Command line
------------
``python -m techfest.judging.standings input.json`` with ``{"podium": 3, "categories":
{"product": "category", ...}, "ranking": [{"product", "score", "low", "high", "judges"},
...]}`` (the ``ranking`` list as printed by ``python -m techfest.judging.ranking``) prints
``{"categories": {"category": {"line": L, "rows": [{"product", "rank", "score", "low",
"high", "judges", "flagged"}, ...]}}}``.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

DEFAULT_PODIUM = 3
_DIGITS = re.compile(r"(\d+)")


@dataclass(frozen=True)
class Ranked:
    """One product's line of a ranking (the fields of ``ranking.ProductRanking`` we need)."""

    product: str
    score: float
    low: float
    high: float
    judges: int


@dataclass(frozen=True)
class Standing:
    product: str
    rank: int
    score: float
    low: float
    high: float
    judges: int
    flagged: bool


@dataclass(frozen=True)
class CategoryStandings:
    category: str | None
    line: float | None
    rows: tuple[Standing, ...]


def award_line(scores: Sequence[float], podium: int = DEFAULT_PODIUM) -> float | None:
    """The score midway between the last awarded place and the next (scores best first)."""
    if podium < 1 or len(scores) <= podium:
        return None
    return (scores[podium - 1] + scores[podium]) / 2.0


def competition_ranks(scores: Sequence[float]) -> list[int]:
    """Ranks for scores sorted best first; equal scores share a rank (1, 1, 3)."""
    ranks: list[int] = []
    for i, score in enumerate(scores):
        if i and score == scores[i - 1]:
            ranks.append(ranks[-1])
        else:
            ranks.append(i + 1)
    return ranks


def standings_for(rows: Iterable[Ranked], podium: int = DEFAULT_PODIUM,
                  category: str | None = None) -> CategoryStandings:
    """Rank ``rows`` (one category) and flag the products whose interval holds the line."""
    ordered = sorted(rows, key=lambda r: (-r.score, r.product))
    scores = [r.score for r in ordered]
    line = award_line(scores, podium)
    ranks = competition_ranks(scores)
    out = tuple(
        Standing(r.product, rank, r.score, r.low, r.high, r.judges,
                 line is not None and r.low <= line <= r.high)
        for r, rank in zip(ordered, ranks))
    return CategoryStandings(category, line, out)


def by_category(rows: Iterable[Ranked], category_of: Mapping[str, str | None],
                podium: int = DEFAULT_PODIUM) -> dict[str | None, CategoryStandings]:
    """Split a round's ranking by category (``category_of[product]``) and rank each part."""
    groups: dict[str | None, list[Ranked]] = {}
    for r in rows:
        groups.setdefault(category_of.get(r.product), []).append(r)
    return {cat: standings_for(items, podium, cat) for cat, items in groups.items()}


def natural_key(code: str) -> tuple:
    """"A-2" < "A-10" < "B-1": text compared case-insensitively, digit runs as numbers."""
    parts = _DIGITS.split((code or "").strip().casefold())
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p != "")


def walking_key(booth_code: str | None, category_position: int | None, title_folded: str,
                product_id: int) -> tuple:
    """Sort key of the judges' walking order (booths first, in natural order)."""
    if booth_code:
        return (0, natural_key(booth_code), 0, "", product_id)
    return (1, (), category_position if category_position is not None else 10 ** 6, title_folded, product_id)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        with (open(argv[0], encoding="utf-8") if argv and argv[0] != "-" else sys.stdin) as handle:
            data: Any = json.load(handle)
        podium = int(data.get("podium", DEFAULT_PODIUM))
        categories = {str(k): (None if v is None else str(v)) for k, v in data.get("categories", {}).items()}
        rows = [Ranked(str(r["product"]), float(r["score"]), float(r.get("low", r["score"])),
                       float(r.get("high", r["score"])), int(r.get("judges", 0))) for r in data["ranking"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    result = by_category(rows, categories, podium)
    out = {"categories": {
        str(cat): {"line": st.line, "rows": [s.__dict__ for s in st.rows]}
        for cat, st in sorted(result.items(), key=lambda kv: str(kv[0]))}}
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
