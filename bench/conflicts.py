"""Benchmark of techfest.forum.conflicts.find_conflicts against an all-pairs baseline.

Run: ``python -m bench.conflicts [--sessions 500] [--people 1000] [--runs 7] [--seed 2026]``

Generates a two-day programme (12 rooms in 3 halls, opening hours 08:00–20:00
in Asia/Ho_Chi_Minh) with a few deliberate conflicts of every kind on top of the
random ones, times the sweep-based ``find_conflicts`` and a brute-force checker
that compares every pair of sessions (median of several runs each), prints the
timings and their ratio, and checks both report exactly the same conflicts.
Exit status 1 if they differ.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time as _time
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from techfest.forum.conflicts import Programme, Room, Session, find_conflicts

TZ = "Asia/Ho_Chi_Minh"
DAYS = [date(2026, 11, 24), date(2026, 11, 25)]
Signature = tuple[str, tuple, tuple, tuple]


def generate(n_sessions: int = 500, n_people: int = 1000, seed: int = 2026) -> Programme:
    """A realistic programme: per-room timelines with breaks, 1–4 people per session."""
    rng = random.Random(seed)
    zone = ZoneInfo(TZ)
    hours = {d: [(time(8), time(20))] for d in DAYS}
    rooms = [Room(i, f"Phòng {i}", rng.choice([30, 60, 120, 300]), "ABC"[i % 3], hours) for i in range(12)]
    cursor = {(r.id, d): datetime.combine(d, time(8), tzinfo=zone) for r in rooms for d in DAYS}
    sessions: list[Session] = []
    for sid in range(n_sessions):
        room = rooms[sid % len(rooms)]
        day = DAYS[(sid // len(rooms)) % len(DAYS)]
        start = cursor[(room.id, day)] + timedelta(minutes=rng.choice([0, 0, 0, 5, 10]))
        end = start + timedelta(minutes=rng.choice([15, 20, 20, 30, 45]))
        cursor[(room.id, day)] = end
        people = tuple(rng.sample(range(n_people), rng.randint(1, 4)))
        expected = rng.randint(10, room.capacity) if rng.random() > 0.03 else room.capacity + 20
        sessions.append(Session(sid, f"Phiên {sid}", room.id, start.astimezone(timezone.utc),
                                end.astimezone(timezone.utc), expected, people))
    # Deliberate conflicts on top of the random person clashes.
    for k in range(5):
        s = sessions[rng.randrange(n_sessions)]  # room overlap: shift into the next slot
        sessions[s.id] = Session(s.id, s.title, s.room_id, s.start + timedelta(minutes=20),
                                 s.end + timedelta(minutes=20), s.expected_attendance, s.person_ids)
    for k in range(3):
        s = sessions[rng.randrange(n_sessions)]  # outside the edition days
        sessions[s.id] = Session(s.id, s.title, s.room_id, s.start + timedelta(days=2),
                                 s.end + timedelta(days=2), s.expected_attendance, s.person_ids)
    for k in range(3):
        s = sessions[rng.randrange(n_sessions)]  # no room, shared speaker with another session
        other = sessions[rng.randrange(n_sessions)]
        sessions[s.id] = Session(s.id, s.title, None, other.start, other.end, None,
                                 s.person_ids + other.person_ids[:1])
    return Programme(sessions, rooms, DAYS, TZ, buffer_minutes=10)


def _idk(v):
    return (0, v, "") if isinstance(v, int) else (1, 0, str(v))


def brute_force(p: Programme) -> set[Signature]:
    """Baseline: single-session checks plus every pair of sessions compared."""
    tz = ZoneInfo(p.tz)
    rooms = {r.id: r for r in p.rooms}
    days = set(p.days)
    buffer = timedelta(minutes=p.buffer_minutes)
    out: set[Signature] = set()
    valid: list[Session] = []
    for s in p.sessions:
        if s.end <= s.start:
            out.add(("invalid_time", (s.id,), (), ()))
            continue
        valid.append(s)
        room = rooms.get(s.room_id)
        if s.room_id is not None and room is None:
            out.add(("unknown_room", (s.id,), (), (s.room_id,)))
        first, last = s.start.astimezone(tz).date(), (s.end - timedelta(microseconds=1)).astimezone(tz).date()
        if days and any(first + timedelta(days=i) not in days for i in range((last - first).days + 1)):
            out.add(("outside_edition_days", (s.id,), (), (room.id,) if room else ()))
        if room is None:
            continue
        if room.capacity is not None and (s.expected_attendance or 0) > room.capacity:
            out.add(("over_capacity", (s.id,), (), (room.id,)))
        if room.hours is not None:
            spans = [(datetime.combine(d, o, tzinfo=tz), datetime.combine(d if c > o else d + timedelta(days=1), c, tzinfo=tz))
                     for d, pairs in room.hours.items() for o, c in pairs]
            if not any(lo <= s.start and s.end <= hi for lo, hi in spans):
                out.add(("outside_room_hours", (s.id,), (), (room.id,)))
    for i, x in enumerate(valid):
        for y in valid[i + 1:]:
            a, b = (x, y) if (x.start, _idk(x.id)) <= (y.start, _idk(y.id)) else (y, x)
            overlap = a.start < b.end and b.start < a.end
            ra, rb = rooms.get(a.room_id), rooms.get(b.room_id)
            if overlap and ra is not None and ra is rb:
                out.add(("room_overlap", (a.id, b.id), (), (ra.id,)))
            shared = set(a.person_ids) & set(b.person_ids)
            if not shared:
                continue
            people = tuple(sorted(shared, key=_idk))
            known = tuple(sorted({r.id for r in (ra, rb) if r is not None}, key=_idk))
            if overlap:
                out.add(("person_overlap", (a.id, b.id), people, known))
            elif (b.start - a.end < buffer and ra is not None and rb is not None
                  and None not in (ra.hall, rb.hall) and ra.hall != rb.hall):
                out.add(("short_buffer", (a.id, b.id), people, known))
    return out


def _median_time(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t0 = _time.perf_counter()
        result = fn()
        times.append(_time.perf_counter() - t0)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.conflicts", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=500)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)

    programme = generate(args.sessions, args.people, args.seed)
    print(f"programme: {len(programme.sessions)} sessions, {args.people} people, {len(programme.rooms)} rooms "
          f"in {len({r.hall for r in programme.rooms})} halls, {len(programme.days)} days, "
          f"buffer {programme.buffer_minutes} min")
    sweep_t, conflicts = _median_time(lambda: find_conflicts(programme), args.runs)
    brute_runs = max(1, min(args.runs, 3))
    brute_t, expected = _median_time(lambda: brute_force(programme), brute_runs)

    found = {(c.kind.value, c.session_ids, c.person_ids, c.room_ids) for c in conflicts}  # type: ignore[union-attr]
    by_kind: dict[str, int] = {}
    for c in conflicts:  # type: ignore[union-attr]
        by_kind[c.kind.value] = by_kind.get(c.kind.value, 0) + 1
    print(f"conflicts: {len(conflicts)} ({', '.join(f'{k} {n}' for k, n in sorted(by_kind.items()))})")  # type: ignore[arg-type]
    print(f"find_conflicts (sweep): median {sweep_t * 1000:8.2f} ms over {args.runs} runs")
    print(f"brute force (all pairs): median {brute_t * 1000:8.2f} ms over {brute_runs} runs")
    print(f"ratio brute/sweep: {brute_t / sweep_t:.1f}x")
    if found == expected:
        print("check: both find the same conflicts: OK")
        return 0
    print(f"check: MISMATCH — only sweep: {sorted(found - expected)[:5]}, only brute force: {sorted(expected - found)[:5]}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
