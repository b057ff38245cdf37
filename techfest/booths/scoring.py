"""From preferences to the allocation problem (pure: standard library only).

How a booth is scored for an exhibitor (all numbers are per-edition settings, defaults below)::

    preference = rank_scores[r - 1]                       the booth itself is the exhibitor's choice r
               | rank_scores[r - 1] * zone_percent / 100  the booth's zone is choice r
               | 0                                        neither (the best of them counts)
    bonus      = affinity_bonus   if the booth's zone has the category of one of the exhibitor's products
               + near_bonus       if the booth's zone holds (or is the first choice of) an organisation
                                  the exhibitor asked to be near
    score      = (preference + bonus) * tier_percent[tier] / 100   (rounded down)

With the defaults a first choice is worth 100, a fifth 20, a zone ranked first 90, the right
sector's zone 30 more, and a sponsor's wishes count three times a standard exhibitor's. The
engine first places as many exhibitors as it can and only then maximises the sum of scores, so
weights decide *who gets their wish* when wishes collide, never *who gets a booth*.

"Near" wishes cannot be an exact term of the engine's objective (it scores booths, not pairs), so
they are approximated by the zone bonus above and reported afterwards (same zone or not).

Only booths that fit (same size, every needed feature) are scored: the engine never assigns the
others anyway.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

TIERS = ("sponsor", "international", "returning", "standard")
FEATURES = ("power", "internet", "water")
SIZES = ("standard", "double", "island")
MAX_PREFERENCES = 5
MAX_NEAR = 3

DEFAULT_CONFIG: dict[str, Any] = {
    "rank_scores": [100, 80, 60, 40, 20],
    "zone_percent": 90,
    "affinity_bonus": 30,
    "near_bonus": 20,
    "tier_percent": {"sponsor": 300, "international": 200, "returning": 150, "standard": 100},
}
LIMITS = {"score": (0, 1000), "percent": (0, 1000)}


def normalise_config(data: Mapping[str, Any] | None) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """(config with defaults filled in, errors by field). Every value is an integer in range."""
    data = dict(data or {})
    out: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}

    def integer(name: str, value: Any, kind: str) -> int:
        lo, hi = LIMITS[kind]
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            errors.setdefault(name, []).append(f"an integer between {lo} and {hi}")
            return 0
        return value

    ranks = data.get("rank_scores", DEFAULT_CONFIG["rank_scores"])
    if not isinstance(ranks, (list, tuple)) or len(ranks) != MAX_PREFERENCES:
        errors["rank_scores"] = [f"{MAX_PREFERENCES} integers"]
        ranks = DEFAULT_CONFIG["rank_scores"]
    out["rank_scores"] = [integer(f"rank_scores.{i + 1}", v, "score") for i, v in enumerate(ranks)]
    out["zone_percent"] = integer("zone_percent", data.get("zone_percent", DEFAULT_CONFIG["zone_percent"]), "percent")
    out["affinity_bonus"] = integer("affinity_bonus", data.get("affinity_bonus", DEFAULT_CONFIG["affinity_bonus"]), "score")
    out["near_bonus"] = integer("near_bonus", data.get("near_bonus", DEFAULT_CONFIG["near_bonus"]), "score")
    tiers = data.get("tier_percent") or {}
    if not isinstance(tiers, Mapping):
        errors["tier_percent"] = ["an object"]
        tiers = {}
    out["tier_percent"] = {t: integer(f"tier_percent.{t}", tiers.get(t, DEFAULT_CONFIG["tier_percent"][t]), "percent")
                           for t in TIERS}
    unknown = sorted(set(data) - set(DEFAULT_CONFIG))
    for key in unknown:
        errors[key] = ["unknown setting"]
    return out, errors


@dataclass(frozen=True)
class BoothInfo:
    code: str
    size: str
    features: frozenset[str]
    zone: int | None = None
    neighbors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Preference:
    rank: int          # 1..5
    booth: str | None = None  # booth code
    zone: int | None = None   # zone id


@dataclass(frozen=True)
class ExhibitorInfo:
    key: str                     # id in the problem ("org-12")
    size: str
    needs: frozenset[str]
    tier: str = "standard"
    categories: frozenset[int] = frozenset()
    preferences: tuple[Preference, ...] = ()
    near: tuple[str, ...] = ()   # keys of exhibitors they want to be near


def fits(exhibitor: ExhibitorInfo, booth: BoothInfo) -> bool:
    return booth.size == exhibitor.size and exhibitor.needs <= booth.features


@dataclass(frozen=True)
class Match:
    """Which preference a booth satisfies: rank 1..5 and whether it was the booth or its zone."""

    rank: int | None
    by_zone: bool = False


def preference_match(exhibitor: ExhibitorInfo, booth: BoothInfo, zone_percent: int = 100,
                     rank_scores: Sequence[int] = (5, 4, 3, 2, 1)) -> tuple[int, Match]:
    """(preference points, the best matching preference) of ``booth`` for ``exhibitor``."""
    best, match = 0, Match(None)
    for p in exhibitor.preferences:
        if not 1 <= p.rank <= len(rank_scores):
            continue
        if p.booth is not None and p.booth == booth.code:
            points = rank_scores[p.rank - 1]
            candidate = Match(p.rank, False)
        elif p.zone is not None and booth.zone is not None and p.zone == booth.zone:
            points = rank_scores[p.rank - 1] * zone_percent // 100
            candidate = Match(p.rank, True)
        else:
            continue
        if points > best or (points == best and match.rank is None) or (
                points == best and match.rank is not None and candidate.rank < match.rank):
            best, match = points, candidate
    return best, match


def score(exhibitor: ExhibitorInfo, booth: BoothInfo, config: Mapping[str, Any],
          zone_categories: Mapping[int, int | None], near_zones: frozenset[int] = frozenset()) -> int:
    """The score of ``booth`` for ``exhibitor`` (see the module docstring)."""
    points, _match = preference_match(exhibitor, booth, config["zone_percent"], config["rank_scores"])
    bonus = 0
    if booth.zone is not None:
        category = zone_categories.get(booth.zone)
        if category is not None and category in exhibitor.categories:
            bonus += config["affinity_bonus"]
        if booth.zone in near_zones:
            bonus += config["near_bonus"]
    weight = config["tier_percent"].get(exhibitor.tier, 100)
    return (points + bonus) * weight // 100


def near_zones_of(exhibitor: ExhibitorInfo, current_zone: Mapping[str, int | None],
                  first_choice_zone: Mapping[str, int | None]) -> frozenset[int]:
    """Zones the exhibitor's wished neighbours are in (their current booth's zone, else the zone of
    their first choice)."""
    zones = set()
    for other in exhibitor.near:
        zone = current_zone.get(other)
        if zone is None:
            zone = first_choice_zone.get(other)
        if zone is not None:
            zones.add(zone)
    return frozenset(zones)


def first_choice_zone(exhibitor: ExhibitorInfo, booths: Mapping[str, BoothInfo]) -> int | None:
    for p in sorted(exhibitor.preferences, key=lambda p: p.rank):
        if p.zone is not None:
            return p.zone
        if p.booth is not None and p.booth in booths:
            return booths[p.booth].zone
    return None


def build_problem(booths: Sequence[BoothInfo], exhibitors: Sequence[ExhibitorInfo], config: Mapping[str, Any],
                  zone_categories: Mapping[int, int | None], locks: Mapping[str, str] | None = None,
                  avoid_pairs: Iterable[tuple[str, str]] = (),
                  current: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The problem JSON of ``techfest.booths.allocation`` (booths and exhibitors sorted).

    ``current`` maps exhibitor keys to their current booth code (used for the "near" zones).
    """
    by_code = {b.code: b for b in booths}
    current = current or {}
    current_zone = {k: by_code[c].zone for k, c in current.items() if c in by_code}
    first_zone = {e.key: first_choice_zone(e, by_code) for e in exhibitors}
    known = {e.key for e in exhibitors}
    avoid: dict[str, set[str]] = {e.key: set() for e in exhibitors}
    for a, b in avoid_pairs:
        if a in known and b in known and a != b:
            avoid[min(a, b)].add(max(a, b))
    problem_booths = [{"id": b.code, "size": b.size, "features": sorted(b.features),
                       "neighbors": sorted(n for n in b.neighbors if n in by_code)}
                      for b in sorted(booths, key=lambda b: b.code)]
    problem_exhibitors = []
    for e in sorted(exhibitors, key=lambda e: e.key):
        nz = near_zones_of(e, current_zone, first_zone)
        scores = {}
        for b in booths:
            if fits(e, b):
                s = score(e, b, config, zone_categories, nz)
                if s > 0:
                    scores[b.code] = s
        problem_exhibitors.append({"id": e.key, "size": e.size, "needs": sorted(e.needs),
                                   "scores": dict(sorted(scores.items())), "avoid": sorted(avoid[e.key])})
    return {"booths": problem_booths, "exhibitors": problem_exhibitors,
            "locks": dict(sorted((locks or {}).items()))}


def unassigned_reason(exhibitor: ExhibitorInfo, booths: Sequence[BoothInfo]) -> tuple[str, int]:
    """Why an exhibitor got no booth: ("no_fitting_booth", 0) when no booth of its size offers all
    its needs, else ("all_taken", n) -- the n fitting booths went to others (the engine places as
    many exhibitors as possible, so no reshuffle could have freed one)."""
    n = sum(1 for b in booths if fits(exhibitor, b))
    return ("no_fitting_booth", 0) if n == 0 else ("all_taken", n)


@dataclass
class ProposalRow:
    key: str
    current: str | None
    proposed: str | None
    change: str            # new / moved / unchanged / removed / unassigned / none
    rank: int | None = None
    by_zone: bool = False
    score: int = 0
    reason: str | None = None
    reason_count: int = 0
    near_met: list[str] = field(default_factory=list)
    near_missed: list[str] = field(default_factory=list)


def describe(exhibitors: Sequence[ExhibitorInfo], booths: Sequence[BoothInfo], assignment: Mapping[str, str],
             current: Mapping[str, str], problem: Mapping[str, Any]) -> list[ProposalRow]:
    """One row per exhibitor: current and proposed booth, the kind of change, the preference rank
    achieved, the score, the reason when unassigned and which "near" wishes hold (same zone or
    neighbouring booths). Exhibitors holding a booth but absent from ``exhibitors`` are
    "removed"."""
    by_code = {b.code: b for b in booths}
    scores = {e["id"]: e["scores"] for e in problem.get("exhibitors", [])}
    rows = []
    for e in exhibitors:
        cur, new = current.get(e.key), assignment.get(e.key)
        if new is None:
            change = "removed" if cur else "unassigned"
        elif cur is None:
            change = "new"
        else:
            change = "unchanged" if cur == new else "moved"
        row = ProposalRow(e.key, cur, new, change)
        if new is not None and new in by_code:
            _points, match = preference_match(e, by_code[new])
            row.rank, row.by_zone = match.rank, match.by_zone
            row.score = scores.get(e.key, {}).get(new, 0)
            for other in e.near:
                theirs = assignment.get(other)
                ok = theirs is not None and theirs in by_code and (
                    by_code[theirs].zone is not None and by_code[theirs].zone == by_code[new].zone
                    or theirs in by_code[new].neighbors)
                (row.near_met if ok else row.near_missed).append(other)
        else:
            row.reason, row.reason_count = unassigned_reason(e, booths)
        rows.append(row)
    known = {e.key for e in exhibitors}
    for key, cur in sorted(current.items()):
        if key not in known:
            rows.append(ProposalRow(key, cur, None, "removed", reason="not_accepted"))
    return rows
