"""Judging round status machine (pure: no Flask, no database).

::

    draft ──open scoring──▶ scoring ──close──▶ closed ──publish──▶ published
                              ▲                  │  ▲                 │
                              └────reopen────────┘  └───withdraw──────┘

* **draft**: the organizers set up the rubric and the categories and assign judges;
  judges see nothing yet.
* **scoring**: judges score their products (drafts, submit, edits after submission,
  every change logged); organizers see the provisional ranking and can still add
  late products and adjust the assignment.
* **closed**: scores are frozen and the ranking is stored; organizers decide the awards.
  Reopening is allowed as long as no award has been decided.
* **published**: the public results page and the certificates are online. Withdrawing the
  publication goes back to *closed* (to correct an award).

``TRANSITIONS`` is the one table and ``check_transition`` the one check;
``techfest.judging.services.transition_round`` applies it and is the only code that assigns a
round's status.

Try it without the app::

    echo '{"from": "closed", "to": "published"}' | python -m techfest.judging.workflow
"""
from __future__ import annotations

import enum
import json
import sys


class RoundStatus(enum.StrEnum):
    DRAFT = "draft"
    SCORING = "scoring"
    CLOSED = "closed"
    PUBLISHED = "published"


S = RoundStatus

TRANSITIONS: frozenset[tuple[RoundStatus, RoundStatus]] = frozenset({
    (S.DRAFT, S.SCORING),
    (S.SCORING, S.CLOSED),
    (S.CLOSED, S.SCORING),
    (S.CLOSED, S.PUBLISHED),
    (S.PUBLISHED, S.CLOSED),
})


class TransitionRefused(Exception):
    """The table has no such step."""

    def __init__(self, current: str, target: str):
        super().__init__(f"cannot move a judging round from {current} to {target}")
        self.current = current
        self.target = target


def _status(value) -> RoundStatus | None:
    try:
        return RoundStatus(value)
    except ValueError:
        return None


def allowed_targets(current: str) -> list[RoundStatus]:
    """Statuses a round may move to from ``current``, in the order of the enum."""
    frm = _status(current)
    order = list(RoundStatus)
    return sorted((to for (f, to) in TRANSITIONS if f == frm), key=order.index)


def check_transition(current: str, target: str) -> RoundStatus:
    """The target status if the step is in the table, else raise :class:`TransitionRefused`."""
    frm, to = _status(current), _status(target)
    if frm is None or to is None or (frm, to) not in TRANSITIONS:
        raise TransitionRefused(str(current), str(target))
    return to


def judges_see_round(status: str) -> bool:
    """Judges see their products once scoring opened (read-only after it closed)."""
    return _status(status) in (S.SCORING, S.CLOSED, S.PUBLISHED)


def scoring_open(status: str) -> bool:
    """Judges may save, submit and edit scores only while the round is scoring."""
    return _status(status) == S.SCORING


def rubric_editable(status: str) -> bool:
    """Criteria (weights, scales), categories and judges per product change only in draft."""
    return _status(status) == S.DRAFT


def assignment_editable(status: str) -> bool:
    """Judges can be (re)assigned, and late products added, until scoring closes."""
    return _status(status) in (S.DRAFT, S.SCORING)


def awards_editable(status: str) -> bool:
    """Awards are decided on the frozen ranking, before publication."""
    return _status(status) == S.CLOSED


def is_public(status: str) -> bool:
    return _status(status) == S.PUBLISHED


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    with (open(argv[0], encoding="utf-8") if argv else sys.stdin) as handle:
        data = json.load(handle)
    try:
        result = check_transition(data["from"], data["to"])
    except TransitionRefused:
        print(json.dumps({"allowed": False,
                          "allowed_targets": [str(t) for t in allowed_targets(data["from"])]}))
        return 1
    print(json.dumps({"allowed": True, "to": str(result)}))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
