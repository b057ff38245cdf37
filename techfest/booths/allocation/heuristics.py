"""Steps 2 and 3: realising pool-level placements as booths while dodging avoid partners, and
the greedy repair that turns an assignment breaking avoid pairs into a feasible incumbent."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from .instance import _Candidates, _Instance


def _realize(
    inst: _Instance,
    fixed: Mapping[int, int],
    phases: Sequence[Sequence[tuple[int, Any]]],
    pools: Mapping[Any, Sequence[int]],
) -> dict[int, int]:
    """Turn pool-level placements into booths, dodging avoid partners when possible.

    ``fixed`` exhibitors keep their booth; then every phase is processed, each
    ``(exhibitor, pool key)`` taking a free booth of its pool.  Exhibitors with
    avoid partners go first and take the first booth not next to a placed
    partner; the pools are sized so that a free booth always exists.
    """
    position = {**fixed, **inst.locks}
    taken = set(position.values())
    cursor: dict[Any, int] = defaultdict(int)
    for phase in phases:
        for e, key in sorted(phase, key=lambda item: (not inst.avoid[item[0]], item[0])):
            pool = pools[key]
            choice = None
            if inst.avoid[e]:
                first_free = None
                for b in pool:
                    if b in taken:
                        continue
                    if first_free is None:
                        first_free = b
                    near = inst.adj[b]
                    if not any(position.get(f) in near for f in inst.avoid[e]):
                        choice = b
                        break
                choice = first_free if choice is None else choice
            else:
                i = cursor[key]
                while i < len(pool) and pool[i] in taken:
                    i += 1
                cursor[key] = i + 1
                choice = pool[i] if i < len(pool) else None
            if choice is None:  # pragma: no cover - capacities guarantee a booth
                raise RuntimeError(f"no free booth left for exhibitor {inst.exhibitors[e].id}")
            position[e] = choice
            taken.add(choice)
    return {e: b for e, b in position.items() if e not in inst.locks}


def _repair(
    inst: _Instance, cands: _Candidates, start: Mapping[int, int], big_m: int
) -> dict[int, int]:
    """Greedy repair of avoid violations, choosing the cheapest move each time.

    Moves: to a free compatible booth, swap with another exhibitor, or (last
    resort) leave the exhibitor unassigned.  A move never creates a conflict
    and removes the moved exhibitor's ones, so the loop terminates.
    """
    position = {**start, **inst.locks}
    holder = {b: e for e, b in position.items()}
    allowed: dict[int, set[int]] = {}

    def allowed_for(e: int) -> set[int]:
        if e not in allowed:
            allowed[e] = set(cands.booths(e).tolist())
        return allowed[e]

    def safe(e: int, booth: int) -> bool:
        near = inst.adj[booth]
        return not any(position.get(f) in near for f in inst.avoid[e])

    while True:
        pending = sorted(e for e in start if e in position and inst.conflicts(position, e))
        if not pending:
            return {e: b for e, b in position.items() if e not in inst.locks}
        e0 = pending[0]
        movers = [e0] + [f for f in inst.conflicts(position, e0) if f not in inst.locks]
        best: tuple[int, int, int, int | None] | None = None
        for x in movers:
            here = position.pop(x)
            current = inst.score(x, here)
            for b in sorted(allowed_for(x)):
                if b == here or not safe(x, b):
                    continue
                g = holder.get(b)
                if g is None:
                    move = (current - inst.score(x, b), x, b, None)
                else:
                    if g in inst.locks or here not in allowed_for(g):
                        continue
                    position[x] = b  # would g be safe on x's booth?
                    del position[g]
                    ok = safe(g, here)
                    position[g] = b
                    del position[x]
                    if not ok:
                        continue
                    loss = current + inst.score(g, b) - inst.score(x, b) - inst.score(g, here)
                    move = (loss, x, b, g)
                if best is None or move[0] < best[0]:
                    best = move
            position[x] = here
        if best is None:
            x = min(movers, key=lambda m: (inst.score(m, position[m]), m))
            del holder[position.pop(x)]
            continue
        _, x, b, g = best
        here = position[x]
        if g is None:
            del holder[here]
        else:
            position[g] = here
            holder[here] = g
        position[x] = b
        holder[b] = x
