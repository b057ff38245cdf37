"""The allocation problem as data: booths, exhibitors, locks and the solution; their JSON form
and the validation of a problem (see the package docstring for the problem itself)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: Largest accepted score (keeps every weighted sum comfortably inside int64).
MAX_SCORE = 1_000_000


class InvalidProblem(ValueError):
    """The problem is malformed or contradictory; ``message`` names the item."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------
# Data model
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Booth:
    """A booth of the hall."""

    id: str
    size: str
    features: frozenset[str] = frozenset()
    neighbors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Exhibitor:
    """An exhibitor asking for a booth."""

    id: str
    size: str
    needs: frozenset[str] = frozenset()
    scores: Mapping[str, int] = field(default_factory=dict, hash=False)
    avoid: tuple[str, ...] = ()

    def fits(self, booth: Booth) -> bool:
        """True when ``booth`` has this exhibitor's size and all its needs."""
        return booth.size == self.size and self.needs <= booth.features


@dataclass(frozen=True)
class Problem:
    """A complete allocation problem."""

    booths: tuple[Booth, ...]
    exhibitors: tuple[Exhibitor, ...]
    locks: Mapping[str, str] = field(default_factory=dict, hash=False)


@dataclass
class Solution:
    """Result of :func:`solve`.

    ``objective`` is the total score of ``assignment``.  ``bound`` is a proven
    upper bound on the total score of any feasible assignment with at least as
    many exhibitors as ``assignment`` (equal to ``objective`` when ``optimal``).
    """

    assignment: dict[str, str]
    unassigned: list[str]
    objective: int
    bound: int
    optimal: bool
    seconds: float


# --------------------------------------------------------------------------
# Parsing and validation
# --------------------------------------------------------------------------


def _require_str(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidProblem(f"{what} must be a non-empty string, got {value!r}")
    return value


def _require_str_list(value: Any, what: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidProblem(f"{what} must be a list of strings, got {value!r}")
    return [_require_str(item, f"{what} entry") for item in value]


def _require_object(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidProblem(f"{what} must be an object, got {type(value).__name__}")
    return value


def parse_problem(data: Mapping[str, Any]) -> Problem:
    """Build and validate a :class:`Problem` from its JSON form.

    Raises :class:`InvalidProblem` (naming the offending item) when the data is
    malformed or contradictory.
    """
    data = _require_object(data, "problem")
    unknown = sorted(set(data) - {"booths", "exhibitors", "locks"})
    if unknown:
        raise InvalidProblem(f"unknown top-level key {unknown[0]!r}")
    raw_booths = data.get("booths", [])
    raw_exhibitors = data.get("exhibitors", [])
    if not isinstance(raw_booths, list):
        raise InvalidProblem("'booths' must be a list")
    if not isinstance(raw_exhibitors, list):
        raise InvalidProblem("'exhibitors' must be a list")

    booths = []
    for position, raw in enumerate(raw_booths):
        raw = _require_object(raw, f"booth #{position}")
        booth_id = _require_str(raw.get("id"), f"booth #{position} id")
        label = f"booth {booth_id!r}"
        booths.append(
            Booth(
                id=booth_id,
                size=_require_str(raw.get("size"), f"{label} size"),
                features=frozenset(_require_str_list(raw.get("features"), f"{label} features")),
                neighbors=tuple(dict.fromkeys(_require_str_list(raw.get("neighbors"), f"{label} neighbors"))),
            )
        )

    exhibitors = []
    for position, raw in enumerate(raw_exhibitors):
        raw = _require_object(raw, f"exhibitor #{position}")
        exhibitor_id = _require_str(raw.get("id"), f"exhibitor #{position} id")
        label = f"exhibitor {exhibitor_id!r}"
        raw_scores = raw.get("scores") or {}
        raw_scores = _require_object(raw_scores, f"{label} scores")
        exhibitors.append(
            Exhibitor(
                id=exhibitor_id,
                size=_require_str(raw.get("size"), f"{label} size"),
                needs=frozenset(_require_str_list(raw.get("needs"), f"{label} needs")),
                scores=dict(raw_scores),
                avoid=tuple(dict.fromkeys(_require_str_list(raw.get("avoid"), f"{label} avoid"))),
            )
        )

    raw_locks = _require_object(data.get("locks") or {}, "locks")
    locks = {}
    for exhibitor_id, booth_id in raw_locks.items():
        locks[exhibitor_id] = _require_str(booth_id, f"lock of exhibitor {exhibitor_id!r}")

    problem = Problem(booths=tuple(booths), exhibitors=tuple(exhibitors), locks=locks)
    validate_problem(problem)
    return problem


def validate_problem(problem: Problem) -> None:
    """Check the semantic consistency of ``problem``; raise :class:`InvalidProblem`."""
    booths: dict[str, Booth] = {}
    for booth in problem.booths:
        if booth.id in booths:
            raise InvalidProblem(f"duplicate booth id {booth.id!r}")
        booths[booth.id] = booth
    exhibitors: dict[str, Exhibitor] = {}
    for exhibitor in problem.exhibitors:
        if exhibitor.id in exhibitors:
            raise InvalidProblem(f"duplicate exhibitor id {exhibitor.id!r}")
        exhibitors[exhibitor.id] = exhibitor

    for booth in problem.booths:
        for other in booth.neighbors:
            if other not in booths:
                raise InvalidProblem(f"booth {booth.id!r} lists unknown neighbor {other!r}")
            if other == booth.id:
                raise InvalidProblem(f"booth {booth.id!r} lists itself as a neighbor")

    for exhibitor in problem.exhibitors:
        for booth_id, score in exhibitor.scores.items():
            if booth_id not in booths:
                raise InvalidProblem(f"exhibitor {exhibitor.id!r} scores unknown booth {booth_id!r}")
            if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= MAX_SCORE:
                raise InvalidProblem(
                    f"exhibitor {exhibitor.id!r}: score for booth {booth_id!r} must be an integer "
                    f"between 0 and {MAX_SCORE}, got {score!r}"
                )
        for other in exhibitor.avoid:
            if other not in exhibitors:
                raise InvalidProblem(f"exhibitor {exhibitor.id!r} avoids unknown exhibitor {other!r}")
            if other == exhibitor.id:
                raise InvalidProblem(f"exhibitor {exhibitor.id!r} avoids itself")

    locked_by: dict[str, str] = {}
    for exhibitor_id, booth_id in sorted(problem.locks.items()):
        if exhibitor_id not in exhibitors:
            raise InvalidProblem(f"lock on unknown exhibitor {exhibitor_id!r}")
        if booth_id not in booths:
            raise InvalidProblem(f"lock of exhibitor {exhibitor_id!r} on unknown booth {booth_id!r}")
        if not exhibitors[exhibitor_id].fits(booths[booth_id]):
            raise InvalidProblem(
                f"lock of exhibitor {exhibitor_id!r} on booth {booth_id!r}: "
                "the booth does not fit (size or needs)"
            )
        if booth_id in locked_by:
            raise InvalidProblem(
                f"booth {booth_id!r} is locked for two exhibitors: "
                f"{locked_by[booth_id]!r} and {exhibitor_id!r}"
            )
        locked_by[booth_id] = exhibitor_id

    adjacency = _adjacency(problem.booths)
    for exhibitor_id, others in sorted(_avoid_pairs(problem.exhibitors).items()):
        for other in sorted(others):
            if exhibitor_id < other and exhibitor_id in problem.locks and other in problem.locks:
                if problem.locks[other] in adjacency[problem.locks[exhibitor_id]]:
                    raise InvalidProblem(
                        f"locks of exhibitors {exhibitor_id!r} and {other!r} put them on neighbouring "
                        f"booths {problem.locks[exhibitor_id]!r} and {problem.locks[other]!r}, "
                        "but they avoid each other"
                    )


def _adjacency(booths: Sequence[Booth]) -> dict[str, set[str]]:
    """Symmetric neighbourhood of every booth id."""
    adjacency: dict[str, set[str]] = {booth.id: set() for booth in booths}
    for booth in booths:
        for other in booth.neighbors:
            if other in adjacency and other != booth.id:
                adjacency[booth.id].add(other)
                adjacency[other].add(booth.id)
    return adjacency


def _avoid_pairs(exhibitors: Sequence[Exhibitor]) -> dict[str, set[str]]:
    """Symmetric avoid relation of every exhibitor id."""
    avoid: dict[str, set[str]] = {exhibitor.id: set() for exhibitor in exhibitors}
    for exhibitor in exhibitors:
        for other in exhibitor.avoid:
            if other in avoid and other != exhibitor.id:
                avoid[exhibitor.id].add(other)
                avoid[other].add(exhibitor.id)
    return avoid


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    """JSON form of ``problem`` (inverse of :func:`parse_problem`)."""
    return {
        "booths": [
            {"id": b.id, "size": b.size, "features": sorted(b.features), "neighbors": list(b.neighbors)}
            for b in problem.booths
        ],
        "exhibitors": [
            {
                "id": e.id,
                "size": e.size,
                "needs": sorted(e.needs),
                "scores": dict(e.scores),
                "avoid": list(e.avoid),
            }
            for e in problem.exhibitors
        ],
        "locks": dict(problem.locks),
    }


def solution_to_dict(solution: Solution) -> dict[str, Any]:
    """JSON form of ``solution`` (keys and lists sorted)."""
    return {
        "assignment": dict(sorted(solution.assignment.items())),
        "unassigned": sorted(solution.unassigned),
        "objective": solution.objective,
        "bound": solution.bound,
        "optimal": solution.optimal,
        "seconds": round(solution.seconds, 3),
    }
