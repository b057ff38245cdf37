"""Command line: ``python -m techfest.booths.allocation problem.json [--time-limit 10]``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .problem import InvalidProblem, parse_problem, solution_to_dict
from .solver import DEFAULT_TIME_LIMIT, solve


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m techfest.booths.allocation",
        description="Allocate booths to exhibitors; prints the solution as JSON.",
    )
    parser.add_argument("problem", help="problem JSON file, or '-' for stdin")
    parser.add_argument(
        "--time-limit", type=float, default=DEFAULT_TIME_LIMIT, help="seconds (default %(default)s)"
    )
    parser.add_argument("--indent", type=int, default=None, help="pretty-print the JSON output")
    args = parser.parse_args(argv)
    if not args.time_limit > 0:
        parser.error("--time-limit must be positive")
    try:
        if args.problem == "-":
            data = json.load(sys.stdin)
        else:
            with open(args.problem, encoding="utf-8") as handle:
                data = json.load(handle)
        solution = solve(parse_problem(data), time_limit=args.time_limit)
    except InvalidProblem as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    except (OSError, json.JSONDecodeError) as exc:
        print(f"error: cannot read problem: {exc}", file=sys.stderr)
        return 2
    json.dump(solution_to_dict(solution), sys.stdout, sort_keys=True, indent=args.indent)
    sys.stdout.write("\n")
    return 0
