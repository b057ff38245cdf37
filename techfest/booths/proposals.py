"""Allocation proposals: build the problem from the database, run the engine, show the result
as a proposal (diff against the current assignments, preference rank achieved, the unassigned
and why), publish it or throw it away.

* Booths offered: every booth that is available or assigned (held and blocked booths are kept
  out; a locked assignment's booth is always in).
* Exhibitors: every organisation with accepted or confirmed products (``services.exhibitors``).
* Locks: locked assignments. A lock that no longer fits (the exhibitor's needs changed) is
  dropped with a warning, so the run still works; the organizer sees it on the proposal.
* Avoid pairs: the competitor pairs. Scores: ``scoring.build_problem`` with the edition's settings.

Publishing applies the diff in one transaction, only if nothing the hard constraints depend on
changed since the run (``services.state_fingerprint``); otherwise the proposal is marked out of
date and the organizer runs the engine again.
"""
from __future__ import annotations

import logging
from dataclasses import asdict

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from techfest.core.db import db, utcnow
from techfest.core.errors import Conflict, NotFound

from . import allocation, scoring, services
from .models import (AllocationRun, BoothAssignment, Booth, BoothStatus, ChangeAction, CompetitorPair, NearWish, BoothPreference,
                     RunStatus)
from .services.adapter import _sync_product_codes
from .services.changelog import _log
from .services.common import _, _err

logger = logging.getLogger(__name__)

DEFAULT_TIME_LIMIT = 10.0


def _booth_infos(edition) -> tuple[list[Booth], list[scoring.BoothInfo]]:
    booths = list(db.session.scalars(select(Booth).where(Booth.edition_id == edition.id).order_by(Booth.code)))
    locked = set(db.session.scalars(select(BoothAssignment.booth_id).where(BoothAssignment.edition_id == edition.id,
                                                                      BoothAssignment.locked.is_(True))))
    offered = [b for b in booths if b.status in (BoothStatus.AVAILABLE, BoothStatus.ASSIGNED) or b.id in locked]
    adj = services.neighbours_by_code(booths)
    infos = [scoring.BoothInfo(b.code, str(b.size), b.features, b.zone_id, tuple(sorted(adj.get(b.code, ()))))
             for b in offered]
    return offered, infos


def build(edition) -> dict:
    """Everything a run needs: the problem JSON plus the context to describe the result."""
    known = services.exhibitors(edition)
    config = services.allocation_config(edition)
    booths, infos = _booth_infos(edition)
    by_id = {b.id: b for b in booths}
    tiers = services.tiers_for(edition)
    prefs: dict[int, list[scoring.Preference]] = {}
    for p in db.session.scalars(select(BoothPreference).where(BoothPreference.edition_id == edition.id)):
        if p.booth_id is not None:
            booth = by_id.get(p.booth_id)
            if booth is None:
                continue  # held or blocked meanwhile: the wish cannot be met
            prefs.setdefault(p.organisation_id, []).append(scoring.Preference(p.rank, booth=booth.code))
        else:
            prefs.setdefault(p.organisation_id, []).append(scoring.Preference(p.rank, zone=p.zone_id))
    near: dict[int, list[str]] = {}
    for n in db.session.scalars(select(NearWish).where(NearWish.edition_id == edition.id)):
        if n.near_organisation_id in known:
            near.setdefault(n.organisation_id, []).append(f"org-{n.near_organisation_id}")
    ex_infos = [scoring.ExhibitorInfo(e.key, e.size, e.needs, str(tiers.get(oid, "standard")), e.categories,
                                      tuple(prefs.get(oid, ())), tuple(near.get(oid, ())))
                for oid, e in known.items()]
    zone_categories = {z.id: z.category_id for z in services.zones_for(edition)}
    current: dict[str, str] = {}
    locks: dict[str, str] = {}
    warnings: list[dict] = []
    info_by_code = {i.code: i for i in infos}
    ex_by_key = {e.key: e for e in ex_infos}
    rows = db.session.execute(select(BoothAssignment.organisation_id, BoothAssignment.locked, Booth.code)
                              .join(Booth, Booth.id == BoothAssignment.booth_id).where(BoothAssignment.edition_id == edition.id))
    kept: set[str] = set()
    for oid, locked, code in rows:
        key = f"org-{oid}"
        if locked and key not in ex_by_key:
            # A locked booth of an organisation with no accepted product (any more): left as it is,
            # out of the problem, so publishing never touches it.
            kept.add(code)
            warnings.append({"kind": "lock_kept_not_exhibitor", "organisation": key, "booth": code})
            continue
        current[key] = code
        if locked and key in ex_by_key:
            if scoring.fits(ex_by_key[key], info_by_code[code]):
                locks[key] = code
            else:
                warnings.append({"kind": "lock_dropped", "organisation": key, "booth": code})
    pairs = [(f"org-{a}", f"org-{b}") for a, b in db.session.execute(
        select(CompetitorPair.first_id, CompetitorPair.second_id).where(CompetitorPair.edition_id == edition.id))]
    # Two locks on neighbouring booths for competitors cannot both be kept: drop the later one.
    adjacency = {i.code: set(i.neighbors) for i in infos}
    for a, b in pairs:
        if a in locks and b in locks and locks[b] in adjacency.get(locks[a], ()):
            warnings.append({"kind": "lock_dropped_competitor", "organisation": b, "booth": locks.pop(b)})
    infos = [i for i in infos if i.code not in kept]
    problem = scoring.build_problem(infos, ex_infos, config, zone_categories, locks, pairs, current)
    return {"problem": problem, "exhibitors": ex_infos, "booths": infos, "current": current, "known": known,
            "warnings": warnings, "config": config}


def run_allocation(actor, edition, time_limit: float = DEFAULT_TIME_LIMIT) -> AllocationRun:
    """Solve and store a proposal (older open proposals are marked out of date)."""
    known = services.exhibitors(edition)
    basis = services.state_fingerprint(edition, known)
    ctx = build(edition)
    try:
        problem = allocation.parse_problem(ctx["problem"])
    except allocation.InvalidProblem as exc:  # a bug or a race: report, never crash
        logger.warning("allocation problem refused for edition %s: %s", edition.id, exc.message)
        raise _err(Conflict, "invalid_problem", _("The plan cannot be allocated: %(reason)s", reason=exc.message)) from None
    solution = allocation.solve(problem, time_limit=time_limit)
    result = allocation.solution_to_dict(solution)
    described = scoring.describe(ctx["exhibitors"], ctx["booths"], solution.assignment, ctx["current"], ctx["problem"])
    names = {e.key: e.name for e in known.values()}
    from techfest.accounts.models import Organisation

    missing = [int(k.removeprefix("org-")) for k in [r.key for r in described] + [w["organisation"] for w in ctx["warnings"]]
               if k not in names]
    if missing:
        for org in db.session.scalars(select(Organisation).where(Organisation.id.in_(missing))):
            names[f"org-{org.id}"] = org.name
    rows = []
    locks = ctx["problem"]["locks"]
    for r in described:
        data = asdict(r)
        data["name"] = names.get(r.key, r.key)
        data["locked"] = r.key in locks
        data["near_met"] = [names.get(k, k) for k in r.near_met]
        data["near_missed"] = [names.get(k, k) for k in r.near_missed]
        ex = known.get(int(r.key.removeprefix("org-")))
        data["size"] = ex.size if ex else ""
        data["needs"] = sorted(ex.needs) if ex else []
        rows.append(data)
    db.session.execute(update(AllocationRun).where(AllocationRun.edition_id == edition.id,
                                                   AllocationRun.status == RunStatus.PROPOSED)
                       .values(status=RunStatus.SUPERSEDED).execution_options(synchronize_session=False))
    warnings = [{**w, "organisation": names.get(w["organisation"], w["organisation"])} for w in ctx["warnings"]]
    run = AllocationRun(edition_id=edition.id, created_by_id=getattr(actor, "id", None), basis=basis,
                        problem=ctx["problem"], solution=result, rows=rows, warnings=warnings,
                        exhibitor_count=len(ctx["exhibitors"]), assigned_count=len(solution.assignment),
                        objective=solution.objective, bound=solution.bound, optimal=solution.optimal,
                        milliseconds=int(solution.seconds * 1000))
    db.session.add(run)
    db.session.commit()
    logger.info("allocation run %s for edition %s by user %s: %s/%s placed, objective %s, bound %s, %s ms",
                run.id, edition.id, getattr(actor, "id", None), run.assigned_count, run.exhibitor_count,
                run.objective, run.bound, run.milliseconds)
    return run


def _status(run: AllocationRun) -> str:
    from flask import has_request_context

    return run.status_label if has_request_context() else str(run.status)


def get_run(edition, run_id: int) -> AllocationRun:
    run = db.session.get(AllocationRun, run_id)
    if run is None or run.edition_id != edition.id:
        raise NotFound(_("Proposal not found."))
    return run


def runs_for(edition, limit: int = 20) -> list[AllocationRun]:
    return list(db.session.scalars(select(AllocationRun).where(AllocationRun.edition_id == edition.id)
                                   .order_by(AllocationRun.id.desc()).limit(limit)))


def latest_proposal(edition) -> AllocationRun | None:
    return db.session.scalar(select(AllocationRun).where(AllocationRun.edition_id == edition.id,
                                                         AllocationRun.status == RunStatus.PROPOSED)
                             .order_by(AllocationRun.id.desc()).limit(1))


def is_current(edition, run: AllocationRun) -> bool:
    return run.status == RunStatus.PROPOSED and run.basis == services.state_fingerprint(edition)


def summary(run: AllocationRun) -> dict:
    """Counts for the proposal page: per change kind and per preference rank achieved."""
    changes: dict[str, int] = {}
    ranks: dict[str, int] = {}
    for r in run.rows:
        changes[r["change"]] = changes.get(r["change"], 0) + 1
        if r["proposed"]:
            key = (f"zone-{r['rank']}" if r["by_zone"] else str(r["rank"])) if r["rank"] else "none"
            ranks[key] = ranks.get(key, 0) + 1
    return {"changes": changes, "ranks": ranks}


def publish_run(actor, edition, run_id: int) -> dict[str, int]:
    """Apply a proposal: the unlocked assignments become the proposal's. One transaction; refused
    (409) when the plan, the exhibitors' needs or the competitor pairs changed since the run, or
    when someone else published or discarded it first."""
    run = db.session.scalar(select(AllocationRun).where(AllocationRun.id == run_id).with_for_update()
                            .execution_options(populate_existing=True))
    if run is None or run.edition_id != edition.id:
        raise NotFound(_("Proposal not found."))
    if run.status != RunStatus.PROPOSED:
        raise _err(Conflict, "not_proposed", _("This proposal is no longer open (%(status)s).", status=_status(run)))
    known = services.exhibitors(edition)
    if run.basis != services.state_fingerprint(edition, known):
        run.status = RunStatus.SUPERSEDED
        db.session.commit()
        raise _err(Conflict, "out_of_date", _("The plan or the exhibitors changed since this proposal was computed. "
                                              "Compute a new proposal."))
    target = dict(run.solution["assignment"])  # "org-12" -> "A-01"
    booths = {b.code: b for b in db.session.scalars(select(Booth).where(Booth.edition_id == edition.id))}
    current = {a.organisation_id: a for a in db.session.scalars(
        select(BoothAssignment).where(BoothAssignment.edition_id == edition.id).with_for_update())}
    wanted = {int(k.removeprefix("org-")): code for k, code in target.items()}
    kept_locks = run.problem.get("locks", {})
    counts = {"new": 0, "moved": 0, "removed": 0, "unchanged": 0}
    to_delete, to_add = [], []
    for oid, a in current.items():
        code = wanted.get(oid)
        if a.locked and oid not in known:
            continue  # locked, not an exhibitor: its booth was left out of the problem
        if code is None:
            to_delete.append(a)
            counts["removed"] += 1
        elif booths[code].id != a.booth_id:
            # a lock the engine kept never moves; a dropped lock (warned) does not follow the move
            to_delete.append(a)
            to_add.append((oid, code, a.locked and f"org-{oid}" in kept_locks, a.booth.code))
            counts["moved"] += 1
        else:
            counts["unchanged"] += 1
    for oid, code in wanted.items():
        if oid not in current:
            to_add.append((oid, code, False, None))
            counts["new"] += 1
    names = {oid: e.name for oid, e in known.items()}
    freed = {a.booth_id for a in to_delete}
    if to_delete:
        db.session.execute(delete(BoothAssignment).where(BoothAssignment.id.in_([a.id for a in to_delete])))
    for a in to_delete:
        if wanted.get(a.organisation_id) is None:
            _log(edition, actor, ChangeAction.UNASSIGNED, a.booth.code, org=(a.organisation_id, names.get(a.organisation_id, a.organisation.name)),
                 details={"run": run.id})
    taken = set()
    for oid, code, locked, old_code in sorted(to_add, key=lambda t: t[1]):
        booth = booths[code]
        db.session.add(BoothAssignment(edition_id=edition.id, booth_id=booth.id, organisation_id=oid, locked=locked,
                                  assigned_by_id=getattr(actor, "id", None)))
        taken.add(booth.id)
        if old_code:
            _log(edition, actor, ChangeAction.MOVED, code, other=old_code, org=(oid, names.get(oid, "")), details={"run": run.id})
        else:
            _log(edition, actor, ChangeAction.ASSIGNED, code, org=(oid, names.get(oid, "")), details={"run": run.id})
    if freed - taken:
        db.session.execute(update(Booth).where(Booth.id.in_(freed - taken)).values(status=BoothStatus.AVAILABLE)
                           .execution_options(synchronize_session=False))
    if taken:
        db.session.execute(update(Booth).where(Booth.id.in_(taken)).values(status=BoothStatus.ASSIGNED)
                           .execution_options(synchronize_session=False))
    run.status, run.decided_by_id, run.decided_at = RunStatus.PUBLISHED, getattr(actor, "id", None), utcnow()
    _log(edition, actor, ChangeAction.PUBLISHED, details={"run": run.id, **counts})
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise _err(Conflict, "booth_taken", _("A booth was assigned by someone else meanwhile. Compute a new proposal.")) from None
    _sync_product_codes(edition, set(known) | set(current), known)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise _err(Conflict, "booth_taken", _("A booth was assigned by someone else meanwhile. Compute a new proposal.")) from None
    db.session.expire_all()
    logger.info("allocation run %s published by user %s: %s", run.id, getattr(actor, "id", None), counts)
    return counts


def discard_run(actor, edition, run_id: int) -> None:
    run = get_run(edition, run_id)
    result = db.session.execute(update(AllocationRun).where(AllocationRun.id == run.id,
                                                           AllocationRun.status == RunStatus.PROPOSED)
                                .values(status=RunStatus.DISCARDED, decided_by_id=getattr(actor, "id", None),
                                        decided_at=utcnow()).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        raise _err(Conflict, "not_proposed", _("This proposal is no longer open (%(status)s).", status=_status(run)))
    db.session.commit()
    db.session.expire_all()
    logger.info("allocation run %s discarded by user %s", run.id, getattr(actor, "id", None))
