"""The index-based view of a problem that every solver phase works on: booths and exhibitors
as sorted integer indices, and which booths each free exhibitor may take."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from .problem import Problem, _adjacency, _avoid_pairs

BoothType = tuple[str, frozenset[str]]


class _Instance:
    """Index-based view of a problem (everything sorted by id: deterministic)."""

    def __init__(self, problem: Problem) -> None:
        booths = sorted(problem.booths, key=lambda b: b.id)
        exhibitors = sorted(problem.exhibitors, key=lambda e: e.id)
        self.booths = booths
        self.exhibitors = exhibitors
        self.booth_index = {b.id: i for i, b in enumerate(booths)}
        self.exhibitor_index = {e.id: i for i, e in enumerate(exhibitors)}
        adjacency = _adjacency(booths)
        self.adj: list[frozenset[int]] = [
            frozenset(self.booth_index[o] for o in adjacency[b.id]) for b in booths
        ]
        avoid = _avoid_pairs(exhibitors)
        self.avoid: list[tuple[int, ...]] = [
            tuple(sorted(self.exhibitor_index[o] for o in avoid[e.id])) for e in exhibitors
        ]
        self.scores: list[dict[int, int]] = [
            {self.booth_index[b]: s for b, s in e.scores.items() if s > 0} for e in exhibitors
        ]
        self.locks: dict[int, int] = {
            self.exhibitor_index[e]: self.booth_index[b] for e, b in problem.locks.items()
        }

    def score(self, exhibitor: int, booth: int) -> int:
        """Score of ``booth`` for ``exhibitor`` (0 when absent)."""
        return self.scores[exhibitor].get(booth, 0)

    def booth_type(self, booth: int) -> BoothType:
        """``(size, features)`` of a booth."""
        return (self.booths[booth].size, self.booths[booth].features)

    def conflicts(self, position: Mapping[int, int], exhibitor: int) -> list[int]:
        """Avoid partners of ``exhibitor`` placed next to it in ``position``."""
        booth = position.get(exhibitor)
        if booth is None:
            return []
        near = self.adj[booth]
        return [f for f in self.avoid[exhibitor] if position.get(f) in near]

    def violated_pairs(self, assignment: Mapping[int, int]) -> set[tuple[int, int]]:
        """Avoid pairs (sorted index pairs) on neighbouring booths, locks included."""
        position = {**assignment, **self.locks}
        return {
            (min(e, f), max(e, f)) for e in assignment for f in self.conflicts(position, e)
        }

    def weighted(self, assignment: Mapping[int, int], big_m: int) -> int:
        """Weighted value ``sum(big_m + score)`` of an assignment of free exhibitors."""
        return sum(big_m + self.score(e, b) for e, b in assignment.items())


@dataclass
class _Candidates:
    """Booths each free exhibitor may take (size, needs, locks and locked partners)."""

    free_exhibitors: list[int]
    free_booths: list[int]
    profile_of: dict[int, BoothType]  # exhibitor -> (size, needs)
    booths_of_profile: dict[BoothType, np.ndarray]  # sorted booth indices
    booths_of_type: dict[BoothType, list[int]]  # free booths of each booth type
    forbidden: dict[int, frozenset[int]]  # booths next to a locked avoid partner

    n_booths: int = 0
    _masks: dict[BoothType, np.ndarray] = field(default_factory=dict)

    def booths(self, exhibitor: int) -> np.ndarray:
        """Sorted indices of the booths ``exhibitor`` may take."""
        allowed = self.booths_of_profile[self.profile_of[exhibitor]]
        banned = self.forbidden.get(exhibitor)
        if banned:
            allowed = allowed[~np.isin(allowed, np.fromiter(banned, dtype=np.int64))]
        return allowed

    def allowed(self, exhibitor: int, booths: np.ndarray) -> np.ndarray:
        """The entries of ``booths`` that ``exhibitor`` may take."""
        profile = self.profile_of[exhibitor]
        mask = self._masks.get(profile)
        if mask is None:
            mask = self._masks[profile] = np.zeros(self.n_booths, dtype=bool)
            mask[self.booths_of_profile[profile]] = True
        keep = mask[booths]
        banned = self.forbidden.get(exhibitor)
        if banned:
            keep &= ~np.isin(booths, np.fromiter(banned, dtype=np.int64))
        return booths[keep]


def _fits(profile: BoothType, booth_type: BoothType) -> bool:
    """True when an exhibitor profile ``(size, needs)`` suits a booth type ``(size, features)``."""
    return profile[0] == booth_type[0] and profile[1] <= booth_type[1]


def _candidates(inst: _Instance) -> _Candidates:
    """Free exhibitors and booths, and which booths each free exhibitor may take."""
    locked_booths = set(inst.locks.values())
    free_booths = [b for b in range(len(inst.booths)) if b not in locked_booths]
    free_exhibitors = [e for e in range(len(inst.exhibitors)) if e not in inst.locks]
    by_type: dict[BoothType, list[int]] = defaultdict(list)
    for b in free_booths:
        by_type[inst.booth_type(b)].append(b)
    profile_of: dict[int, BoothType] = {}
    booths_of_profile: dict[BoothType, np.ndarray] = {}
    for e in free_exhibitors:
        profile = (inst.exhibitors[e].size, inst.exhibitors[e].needs)
        profile_of[e] = profile
        if profile not in booths_of_profile:
            chosen = [b for t, members in by_type.items() if _fits(profile, t) for b in members]
            booths_of_profile[profile] = np.array(sorted(chosen), dtype=np.int64)
    forbidden: dict[int, frozenset[int]] = {}
    for locked, booth in sorted(inst.locks.items()):
        for partner in inst.avoid[locked]:
            if partner not in inst.locks:
                forbidden[partner] = forbidden.get(partner, frozenset()) | inst.adj[booth]
    return _Candidates(
        free_exhibitors, free_booths, profile_of, booths_of_profile, dict(by_type), forbidden,
        n_booths=len(inst.booths),
    )
