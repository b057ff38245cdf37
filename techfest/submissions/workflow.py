"""Product submission status machine (pure: no Flask, no database).

::

    draft ──exhibitor──▶ submitted ──organizer──▶ under_review ──organizer──▶ accepted | rejected | waitlisted
    waitlisted ──organizer──▶ accepted | rejected
    accepted ──exhibitor──▶ confirmed (participation confirmed) | withdrawn
    submitted | under_review ──exhibitor──▶ withdrawn

``TRANSITIONS`` is the one table; ``check_transition`` is the one check. The service
``techfest.submissions.services.transition_product`` applies it and is the only code that
assigns a product's status.

Also here: whether an exhibitor may still edit a product (``exhibitor_may_edit``) and whether
an edition takes submissions right now (``submissions_open``), from plain values.

Try it without the app::

    echo '{"from": "under_review", "to": "accepted", "actor": "organizer"}' | python -m techfest.submissions.workflow
"""
from __future__ import annotations

import enum
import json
import sys
from datetime import datetime


class ProductStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WAITLISTED = "waitlisted"
    CONFIRMED = "confirmed"
    WITHDRAWN = "withdrawn"


class Actor(enum.StrEnum):
    """Who performs a transition: a member of the product's organisation, or an organizer."""

    EXHIBITOR = "exhibitor"
    ORGANIZER = "organizer"


S, E, O = ProductStatus, Actor.EXHIBITOR, Actor.ORGANIZER

# (from, to) -> who may perform it.
TRANSITIONS: dict[tuple[ProductStatus, ProductStatus], frozenset[Actor]] = {
    (S.DRAFT, S.SUBMITTED): frozenset({E}),
    (S.SUBMITTED, S.UNDER_REVIEW): frozenset({O}),
    (S.UNDER_REVIEW, S.ACCEPTED): frozenset({O}),
    (S.UNDER_REVIEW, S.REJECTED): frozenset({O}),
    (S.UNDER_REVIEW, S.WAITLISTED): frozenset({O}),
    (S.WAITLISTED, S.ACCEPTED): frozenset({O}),
    (S.WAITLISTED, S.REJECTED): frozenset({O}),
    (S.ACCEPTED, S.CONFIRMED): frozenset({E}),
    (S.ACCEPTED, S.WITHDRAWN): frozenset({E}),
    (S.SUBMITTED, S.WITHDRAWN): frozenset({E}),
    (S.UNDER_REVIEW, S.WITHDRAWN): frozenset({E}),
}

# Shown in the public catalogue.
PUBLIC_STATUSES = frozenset({S.ACCEPTED, S.CONFIRMED})
# An exhibitor may change the content while the edition takes submissions (drafts at any time).
EDITABLE_AFTER_SUBMIT = frozenset({S.SUBMITTED, S.UNDER_REVIEW})


class TransitionRefused(Exception):
    """The table has no such step (``reason="workflow"``) or the actor may not take it
    (``reason="actor"``)."""

    def __init__(self, current: str, target: str, reason: str = "workflow"):
        super().__init__(f"cannot move a product from {current} to {target} ({reason})")
        self.current = current
        self.target = target
        self.reason = reason


def _status(value: str) -> ProductStatus | None:
    try:
        return ProductStatus(value)
    except ValueError:
        return None


def allowed_targets(current: str, actors) -> list[ProductStatus]:
    """Statuses ``actors`` (an iterable of Actor) may move a product to from ``current``, in order."""
    current_status = _status(current)
    actors = set(actors)
    order = list(ProductStatus)
    return sorted((to for (frm, to), who in TRANSITIONS.items() if frm == current_status and who & actors),
                  key=order.index)


def check_transition(current: str, target: str, actors) -> ProductStatus:
    """The target status if one of ``actors`` may take this step, else raise TransitionRefused."""
    current_status, target_status = _status(current), _status(target)
    if current_status is None or target_status is None or (current_status, target_status) not in TRANSITIONS:
        raise TransitionRefused(current, target, "workflow")
    if not TRANSITIONS[(current_status, target_status)] & set(actors):
        raise TransitionRefused(current, target, "actor")
    return target_status


def submissions_open(edition_accepts: bool, deadline: datetime | None, now: datetime) -> bool:
    """True while the edition is open for submissions and its deadline (aware, any zone) is ahead."""
    return edition_accepts and (deadline is None or now < deadline)


def exhibitor_may_edit(status: str, is_open: bool, archived: bool) -> bool:
    """Drafts can be edited at any time until the edition is archived; submitted products
    (submitted, under review) only while submissions are open; decided ones never."""
    status = _status(status)
    if status == ProductStatus.DRAFT:
        return not archived
    return status in EDITABLE_AFTER_SUBMIT and is_open


def is_public(status: str) -> bool:
    return _status(status) in PUBLIC_STATUSES


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    data = json.load(open(argv[0], encoding="utf-8") if argv else sys.stdin)
    actors = [Actor(data.get("actor", "organizer"))]
    try:
        result = check_transition(data["from"], data["to"], actors)
    except TransitionRefused as exc:
        print(json.dumps({"allowed": False, "reason": exc.reason,
                          "allowed_targets": [str(t) for t in allowed_targets(data["from"], actors)]}))
        return 1
    print(json.dumps({"allowed": True, "to": str(result)}))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
