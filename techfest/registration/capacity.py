"""Capacity and waiting list decisions (pure: plain data in, plain data out).

A registration that counts against capacity (visitors and press) needs a place over the whole
fair (``total``) and a place on each day it attends (``per_day``). Limits of ``None`` mean
unlimited. The service loads the counts under a lock, asks these functions, and writes back.

``python -m techfest.registration.capacity state.json`` prints which waiting registrations
would be admitted, for a state like::

    {"total_limit": 2, "day_limits": {"2026-11-25": 1},
     "active": [["2026-11-25"]],
     "waiting": [{"id": 7, "days": ["2026-11-26"]}, {"id": 8, "days": ["2026-11-25"]}]}
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Hashable, Iterable, Mapping, Sequence


@dataclass
class Occupancy:
    """Active counted registrations: how many in all and how many per day."""

    total: int = 0
    per_day: Counter = field(default_factory=Counter)

    @classmethod
    def of(cls, active_days: Iterable[Iterable[Hashable]]) -> "Occupancy":
        occ = cls()
        for days in active_days:
            occ.add(days)
        return occ

    def add(self, days: Iterable[Hashable]) -> None:
        self.total += 1
        for d in set(days):
            self.per_day[d] += 1

    def remove(self, days: Iterable[Hashable]) -> None:
        self.total -= 1
        for d in set(days):
            self.per_day[d] -= 1


def full_days(days: Iterable[Hashable], occupancy: Occupancy, day_limits: Mapping[Hashable, int | None]) -> list:
    """The requested days that have no place left (in the order given)."""
    out = []
    for d in days:
        limit = day_limits.get(d)
        if limit is not None and occupancy.per_day.get(d, 0) >= limit:
            out.append(d)
    return out


def fits(days: Sequence[Hashable], occupancy: Occupancy, total_limit: int | None,
         day_limits: Mapping[Hashable, int | None]) -> bool:
    """True if one more registration attending ``days`` fits."""
    if total_limit is not None and occupancy.total >= total_limit:
        return False
    return not full_days(days, occupancy, day_limits)


def fits_change(old_days: Sequence[Hashable], new_days: Sequence[Hashable], occupancy: Occupancy,
                day_limits: Mapping[Hashable, int | None]) -> list:
    """For an already admitted registration changing its days: the newly added days that are
    full (its place over the whole fair is kept). Empty list = the change fits."""
    added = [d for d in new_days if d not in set(old_days)]
    return full_days(added, occupancy, day_limits)


def admissions(waiting: Sequence[tuple[object, Sequence[Hashable]]], occupancy: Occupancy,
               total_limit: int | None, day_limits: Mapping[Hashable, int | None]) -> list:
    """Which waiting registrations to admit, in waiting-list order.

    ``waiting`` is ``[(key, days), ...]`` oldest first. Each one that fits is admitted and takes
    its places; one that does not fit is skipped (no head-of-line blocking: a visitor waiting for
    a full Saturday does not hold back one who wants the Friday). ``occupancy`` is updated.
    """
    admitted = []
    for key, days in waiting:
        if total_limit is not None and occupancy.total >= total_limit:
            break
        if fits(days, occupancy, total_limit, day_limits):
            occupancy.add(days)
            admitted.append(key)
    return admitted


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    state = json.load(open(argv[0], encoding="utf-8") if argv else sys.stdin)
    occ = Occupancy.of(state.get("active", []))
    admitted = admissions([(w["id"], w["days"]) for w in state.get("waiting", [])], occ,
                          state.get("total_limit"), state.get("day_limits", {}))
    print(json.dumps({"admitted": admitted, "total": occ.total, "per_day": dict(occ.per_day)}, ensure_ascii=False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
