"""Independent verification of a solution against its problem."""

from __future__ import annotations

from .problem import Problem, Solution


def check_solution(problem: Problem, solution: Solution) -> list[str]:
    """Return a message for every violated hard constraint (empty when valid).

    Checks: known ids, one exhibitor per booth, size and needs, locks,
    avoid pairs on neighbouring booths, ``unassigned`` consistency, that
    ``objective`` is the recomputed score sum and that ``bound`` is coherent.
    It deliberately shares no code with the solver.
    """
    problems: list[str] = []
    booths = {b.id: b for b in problem.booths}
    exhibitors = {e.id: e for e in problem.exhibitors}
    holder: dict[str, str] = {}
    total = 0
    for exhibitor_id, booth_id in sorted(solution.assignment.items()):
        exhibitor = exhibitors.get(exhibitor_id)
        booth = booths.get(booth_id)
        if exhibitor is None:
            problems.append(f"unknown exhibitor {exhibitor_id!r} in assignment")
            continue
        if booth is None:
            problems.append(f"exhibitor {exhibitor_id!r} assigned to unknown booth {booth_id!r}")
            continue
        if booth_id in holder:
            problems.append(f"booth {booth_id!r} holds both {holder[booth_id]!r} and {exhibitor_id!r}")
        holder[booth_id] = exhibitor_id
        if booth.size != exhibitor.size:
            problems.append(
                f"exhibitor {exhibitor_id!r} (size {exhibitor.size!r}) on booth {booth_id!r} (size {booth.size!r})"
            )
        missing = sorted(set(exhibitor.needs) - set(booth.features))
        if missing:
            problems.append(f"exhibitor {exhibitor_id!r} on booth {booth_id!r} lacks {', '.join(missing)}")
        total += exhibitor.scores.get(booth_id, 0)

    for exhibitor_id, booth_id in sorted(problem.locks.items()):
        if solution.assignment.get(exhibitor_id) != booth_id:
            problems.append(f"lock broken: exhibitor {exhibitor_id!r} must be on booth {booth_id!r}")

    neighbours = {b.id: set(b.neighbors) for b in problem.booths}
    for exhibitor in problem.exhibitors:
        for other in exhibitor.avoid:
            a, b = solution.assignment.get(exhibitor.id), solution.assignment.get(other)
            if a is None or b is None or a not in neighbours or b not in neighbours:
                continue
            if b in neighbours[a] or a in neighbours[b]:
                problems.append(
                    f"exhibitors {exhibitor.id!r} and {other!r} avoid each other but got neighbouring "
                    f"booths {a!r} and {b!r}"
                )

    expected_unassigned = sorted(set(exhibitors) - set(solution.assignment))
    if sorted(solution.unassigned) != expected_unassigned:
        problems.append(
            f"unassigned list {sorted(solution.unassigned)!r} should be {expected_unassigned!r}"
        )
    if solution.objective != total:
        problems.append(f"objective {solution.objective} differs from the recomputed score sum {total}")
    if solution.bound < solution.objective:
        problems.append(f"bound {solution.bound} is below the objective {solution.objective}")
    if solution.optimal and solution.bound != solution.objective:
        problems.append(f"solution claims optimality but bound {solution.bound} != objective {solution.objective}")
    return problems
