"""Manual assignment: assign, free, move, swap, lock and booth status. Each is one transaction
that locks the booth rows it reads (and their neighbours), checks the hard constraints and
writes with a conditional update; the unique constraint on ``booth_assignments.booth_id`` is
the final guard."""
from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from techfest.core.db import db
from techfest.core.errors import Conflict, ValidationFailed

from ..models import Booth, BoothAssignment, BoothStatus, ChangeAction
from .adapter import _exhibitor, _sync_product_codes, exhibitors
from .changelog import _log
from .common import _, _err
from .constraints import _check_competitors, _check_fit
from .queries import get_booth, neighbour_ids

logger = logging.getLogger(__name__)


def _lock_booths(ids: Iterable[int]) -> dict[int, Booth]:
    """Lock booth rows (PostgreSQL: SELECT ... FOR UPDATE, in id order so two organizers never
    deadlock) and return them fresh from the database."""
    ids = sorted({int(i) for i in ids})
    if not ids:
        return {}
    rows = db.session.scalars(select(Booth).where(Booth.id.in_(ids)).order_by(Booth.id)
                              .with_for_update().execution_options(populate_existing=True))
    return {b.id: b for b in rows}


def _assignment_of_booth(booth_id: int) -> BoothAssignment | None:
    return db.session.scalar(select(BoothAssignment).where(BoothAssignment.booth_id == booth_id)
                             .execution_options(populate_existing=True))


def _assignment_of_org(edition, organisation_id: int) -> BoothAssignment | None:
    return db.session.scalar(select(BoothAssignment).where(BoothAssignment.edition_id == edition.id,
                                                      BoothAssignment.organisation_id == organisation_id)
                             .execution_options(populate_existing=True))


def _taken_error(booth: Booth, holder_id: int) -> Conflict:
    from techfest.accounts.models import Organisation

    org = db.session.get(Organisation, holder_id)
    return _err(Conflict, "booth_taken",
                _("Booth %(code)s is already assigned to %(name)s.", code=booth.code, name=org.name if org else "?"),
                {"booth": [_("Already assigned.")]})


def _commit_or_conflict(booth_code: str) -> None:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise _err(Conflict, "booth_taken",
                   _("Booth %(code)s was assigned by someone else a moment ago. Reload the plan.", code=booth_code),
                   {"booth": [_("Already assigned.")]}) from None


def assign_booth(actor, edition, booth_id: int, organisation_id: int, *, locked: bool = False) -> BoothAssignment:
    """Give a free booth to an exhibitor without one. Checks: the booth is in the edition and not
    blocked, the exhibitor is accepted and has no booth yet, size and needs fit, no competitor
    next door. The unique constraint on ``booth_assignments.booth_id`` is the final guard."""
    known = exhibitors(edition)
    ex = _exhibitor(edition, organisation_id, known)
    booth = get_booth(edition, booth_id)
    locked_rows = _lock_booths([booth.id] + neighbour_ids(booth))
    booth = locked_rows[booth.id]
    if booth.status == BoothStatus.BLOCKED:
        raise _err(Conflict, "booth_blocked", _("Booth %(code)s is blocked.", code=booth.code), {"booth": [_("Blocked.")]})
    holder = _assignment_of_booth(booth.id)
    if holder is not None:
        raise _taken_error(booth, holder.organisation_id)
    mine = _assignment_of_org(edition, ex.organisation_id)
    if mine is not None:
        raise _err(Conflict, "already_has_booth",
                   _("%(name)s already has booth %(code)s: move it instead.", name=ex.name, code=mine.booth.code),
                   {"organisation_id": [_("Already has a booth.")]})
    _check_fit(ex, booth)
    _check_competitors(edition, ex.organisation_id, booth, ignore=set())
    row = BoothAssignment(edition_id=edition.id, booth_id=booth.id, organisation_id=ex.organisation_id, locked=locked,
                     assigned_by_id=getattr(actor, "id", None))
    db.session.add(row)
    result = db.session.execute(update(Booth).where(Booth.id == booth.id,
                                                    Booth.status.in_([BoothStatus.AVAILABLE, BoothStatus.HELD]))
                                .values(status=BoothStatus.ASSIGNED).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        raise _err(Conflict, "booth_taken", _("Booth %(code)s is no longer free. Reload the plan.", code=booth.code),
                   {"booth": [_("Already assigned.")]})
    _log(edition, actor, ChangeAction.ASSIGNED, booth.code, org=(ex.organisation_id, ex.name),
         details={"locked": locked})
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise _err(Conflict, "booth_taken",
                   _("Booth %(code)s was assigned by someone else a moment ago. Reload the plan.", code=booth.code),
                   {"booth": [_("Already assigned.")]}) from None
    _sync_product_codes(edition, [ex.organisation_id], known)
    _commit_or_conflict(booth.code)
    logger.info("booth %s assigned to organisation %s by user %s", booth.code, ex.organisation_id, getattr(actor, "id", None))
    return row


def unassign_booth(actor, edition, booth_id: int) -> None:
    booth = get_booth(edition, booth_id)
    booth = _lock_booths([booth.id])[booth.id]
    row = _assignment_of_booth(booth.id)
    if row is None:
        raise _err(Conflict, "booth_free", _("Booth %(code)s holds no exhibitor.", code=booth.code))
    org_id, org_name = row.organisation_id, row.organisation.name
    db.session.execute(delete(BoothAssignment).where(BoothAssignment.id == row.id))
    booth.status = BoothStatus.AVAILABLE
    _log(edition, actor, ChangeAction.UNASSIGNED, booth.code, org=(org_id, org_name))
    db.session.flush()
    _sync_product_codes(edition, [org_id])
    db.session.commit()
    logger.info("booth %s unassigned (organisation %s) by user %s", booth.code, org_id, getattr(actor, "id", None))


def move_exhibitor(actor, edition, organisation_id: int, target_booth_id: int) -> BoothAssignment:
    """Move an exhibitor from its booth to a free one (the lock, if any, moves with it)."""
    known = exhibitors(edition)
    ex = _exhibitor(edition, organisation_id, known)
    row = _assignment_of_org(edition, ex.organisation_id)
    if row is None:
        raise _err(Conflict, "no_booth", _("%(name)s has no booth yet: assign one.", name=ex.name))
    target = get_booth(edition, target_booth_id)
    locked_rows = _lock_booths([row.booth_id, target.id] + neighbour_ids(target))
    target, source = locked_rows[target.id], locked_rows[row.booth_id]
    if target.id == source.id:
        raise _err(Conflict, "same_booth", _("%(name)s is already on booth %(code)s.", name=ex.name, code=target.code))
    if target.status == BoothStatus.BLOCKED:
        raise _err(Conflict, "booth_blocked", _("Booth %(code)s is blocked.", code=target.code), {"booth": [_("Blocked.")]})
    holder = _assignment_of_booth(target.id)
    if holder is not None:
        raise _taken_error(target, holder.organisation_id)
    _check_fit(ex, target)
    _check_competitors(edition, ex.organisation_id, target, ignore=set())
    result = db.session.execute(update(Booth).where(Booth.id == target.id,
                                                    Booth.status.in_([BoothStatus.AVAILABLE, BoothStatus.HELD]))
                                .values(status=BoothStatus.ASSIGNED).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        raise _err(Conflict, "booth_taken", _("Booth %(code)s is no longer free. Reload the plan.", code=target.code))
    db.session.execute(update(BoothAssignment).where(BoothAssignment.id == row.id).values(
        booth_id=target.id, assigned_by_id=getattr(actor, "id", None)).execution_options(synchronize_session=False))
    db.session.execute(update(Booth).where(Booth.id == source.id).values(status=BoothStatus.AVAILABLE)
                       .execution_options(synchronize_session=False))
    _log(edition, actor, ChangeAction.MOVED, target.code, other=source.code, org=(ex.organisation_id, ex.name))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise _err(Conflict, "booth_taken",
                   _("Booth %(code)s was assigned by someone else a moment ago. Reload the plan.", code=target.code)) from None
    _sync_product_codes(edition, [ex.organisation_id], known)
    _commit_or_conflict(target.code)
    db.session.expire_all()
    logger.info("organisation %s moved from %s to %s by user %s", ex.organisation_id, source.code, target.code,
                getattr(actor, "id", None))
    return db.session.get(BoothAssignment, row.id)


def swap_booths(actor, edition, booth_a_id: int, booth_b_id: int) -> None:
    """Exchange the exhibitors of two assigned booths; both must fit their new booth and keep
    their competitors at a distance."""
    known = exhibitors(edition)
    a, b = get_booth(edition, booth_a_id), get_booth(edition, booth_b_id)
    if a.id == b.id:
        raise _err(Conflict, "same_booth", _("Choose two different booths."))
    locked_rows = _lock_booths([a.id, b.id] + neighbour_ids(a) + neighbour_ids(b))
    a, b = locked_rows[a.id], locked_rows[b.id]
    ra, rb = _assignment_of_booth(a.id), _assignment_of_booth(b.id)
    if ra is None or rb is None:
        free = a if ra is None else b
        raise _err(Conflict, "booth_free", _("Booth %(code)s holds no exhibitor: use “move” instead.", code=free.code))
    ea, eb = _exhibitor(edition, ra.organisation_id, known), _exhibitor(edition, rb.organisation_id, known)
    _check_fit(ea, b)
    _check_fit(eb, a)
    planned = {a.id: eb.organisation_id, b.id: ea.organisation_id}
    _check_competitors(edition, ea.organisation_id, b, ignore=set(), planned=planned)
    _check_competitors(edition, eb.organisation_id, a, ignore=set(), planned=planned)
    # The unique constraint on booth_id forbids an intermediate state with both on one booth:
    # delete both rows, then insert the exchanged pair (one transaction).
    data = [(ra, b), (rb, a)]
    db.session.execute(delete(BoothAssignment).where(BoothAssignment.id.in_([ra.id, rb.id])))
    for old, booth in data:
        db.session.add(BoothAssignment(edition_id=edition.id, booth_id=booth.id, organisation_id=old.organisation_id,
                                  locked=old.locked, assigned_by_id=getattr(actor, "id", None)))
    _log(edition, actor, ChangeAction.SWAPPED, a.code, other=b.code, org=(ea.organisation_id, ea.name),
         details={"other_organisation": eb.name})
    db.session.flush()
    _sync_product_codes(edition, [ea.organisation_id, eb.organisation_id], known)
    _commit_or_conflict(a.code)
    db.session.expire_all()
    logger.info("booths %s and %s swapped by user %s", a.code, b.code, getattr(actor, "id", None))


def set_lock(actor, edition, booth_id: int, locked: bool) -> None:
    """A locked assignment is kept by the allocation (sponsors, partners)."""
    booth = get_booth(edition, booth_id)
    row = _assignment_of_booth(booth.id)
    if row is None:
        raise _err(Conflict, "booth_free", _("Booth %(code)s holds no exhibitor: assign one before locking.", code=booth.code))
    result = db.session.execute(update(BoothAssignment).where(BoothAssignment.id == row.id, BoothAssignment.locked == (not locked))
                                .values(locked=locked).execution_options(synchronize_session=False))
    if result.rowcount == 1:
        _log(edition, actor, ChangeAction.LOCKED if locked else ChangeAction.UNLOCKED, booth.code,
             org=(row.organisation_id, row.organisation.name))
    db.session.commit()
    db.session.expire_all()
    logger.info("booth %s %s by user %s", booth.code, "locked" if locked else "unlocked", getattr(actor, "id", None))


def set_booth_status(actor, edition, booth_id: int, status: str) -> None:
    """available / held / blocked for a booth without exhibitor (conditional update)."""
    if status not in (BoothStatus.AVAILABLE, BoothStatus.HELD, BoothStatus.BLOCKED):
        raise ValidationFailed(_("Not a valid choice."), {"status": [_("Not a valid choice.")]})
    booth = get_booth(edition, booth_id)
    old = booth.status
    result = db.session.execute(update(Booth).where(Booth.id == booth.id, Booth.status != BoothStatus.ASSIGNED)
                                .values(status=status).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        raise _err(Conflict, "booth_assigned", _("Booth %(code)s holds an exhibitor: unassign it first.", code=booth.code))
    _log(edition, actor, ChangeAction.STATUS_CHANGED, booth.code, details={"from": str(old), "to": status})
    db.session.commit()
    db.session.expire_all()
