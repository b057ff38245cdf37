"""Edition status workflow (pure: no Flask, no database).

draft → open (submissions open) → closed (submissions closed) → live (fair running) → archived.
``closed → open`` re-opens submissions (a deadline extension), the one step back we allow.
"""
from __future__ import annotations

import enum


class EditionStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    LIVE = "live"
    ARCHIVED = "archived"


TRANSITIONS: dict[EditionStatus, frozenset[EditionStatus]] = {
    EditionStatus.DRAFT: frozenset({EditionStatus.OPEN}),
    EditionStatus.OPEN: frozenset({EditionStatus.CLOSED}),
    EditionStatus.CLOSED: frozenset({EditionStatus.OPEN, EditionStatus.LIVE}),
    EditionStatus.LIVE: frozenset({EditionStatus.ARCHIVED}),
    EditionStatus.ARCHIVED: frozenset(),
}


class TransitionRefused(Exception):
    def __init__(self, current: EditionStatus, target: str):
        super().__init__(f"cannot move an edition from {current} to {target}")
        self.current = current
        self.target = target


def allowed_targets(current: EditionStatus) -> list[EditionStatus]:
    """Statuses reachable in one step, in workflow order."""
    order = list(EditionStatus)
    return sorted(TRANSITIONS[current], key=order.index)


def check_transition(current: EditionStatus, target: str) -> EditionStatus:
    """Return the target status if the workflow allows it, else raise TransitionRefused."""
    try:
        target_status = EditionStatus(target)
    except ValueError:
        raise TransitionRefused(current, target) from None
    if target_status not in TRANSITIONS[current]:
        raise TransitionRefused(current, target)
    return target_status


def is_public(status: EditionStatus) -> bool:
    return status != EditionStatus.DRAFT


def accepts_submissions(status: EditionStatus) -> bool:
    return status == EditionStatus.OPEN
