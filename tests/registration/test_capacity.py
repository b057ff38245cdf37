"""Capacity and waiting-list decisions (pure module)."""
import json
import random
import subprocess
import sys
from pathlib import Path

from techfest.registration.capacity import Occupancy, admissions, fits, fits_change, full_days

D1, D2, D3 = "2026-11-25", "2026-11-26", "2026-11-27"


def test_unlimited_capacity_always_fits():
    occ = Occupancy.of([[D1]] * 1000)
    assert fits([D1, D2], occ, None, {})


def test_the_last_place_of_the_fair_is_taken_once():
    occ = Occupancy.of([[D1], [D2]])
    assert fits([D3], occ, 3, {})
    occ.add([D3])
    assert not fits([D3], occ, 3, {})


def test_a_full_day_refuses_only_people_attending_it():
    occ = Occupancy.of([[D1, D2], [D1]])
    limits = {D1: 2, D2: 5}
    assert not fits([D1], occ, None, limits)
    assert not fits([D2, D1], occ, None, limits)
    assert fits([D2, D3], occ, None, limits)
    assert full_days([D3, D1, D2], occ, limits) == [D1]


def test_changing_days_keeps_the_place_and_checks_only_added_days():
    occ = Occupancy.of([[D1], [D1]])  # the other two attendees
    limits = {D1: 2, D2: 1}
    # someone already holding D1 (not counted in occ) keeps it even though D1 is "full" for newcomers
    assert fits_change([D1], [D1], occ, limits) == []
    assert fits_change([D2], [D1, D2], occ, limits) == [D1]
    assert fits_change([D1], [D2], occ, limits) == []


def test_waiting_list_admits_in_order_without_head_of_line_blocking():
    occ = Occupancy.of([[D1]])
    waiting = [("first-wants-full-d1", [D1]), ("second-wants-d2", [D2]), ("third-wants-d2", [D2]),
               ("fourth-wants-d3", [D3])]
    admitted = admissions(waiting, occ, total_limit=3, day_limits={D1: 1, D2: 5})
    assert admitted == ["second-wants-d2", "third-wants-d2"]  # the fair is then full: the fourth waits
    assert occ.total == 3 and occ.per_day[D2] == 2


def test_admissions_match_a_brute_force_check_on_random_cases():
    rng = random.Random(7)
    days = [D1, D2, D3]
    for _ in range(300):
        active = [rng.sample(days, rng.randint(1, 3)) for _ in range(rng.randint(0, 6))]
        waiting = [(i, rng.sample(days, rng.randint(1, 3))) for i in range(rng.randint(0, 6))]
        total = rng.choice([None, rng.randint(0, 10)])
        limits = {d: rng.choice([None, rng.randint(0, 6)]) for d in days}
        admitted = admissions(waiting, Occupancy.of(active), total, limits)
        # replay by hand: each admitted registration must have fitted at its turn, in order,
        # and each skipped one must not have fitted when its turn came
        state = Occupancy.of(active)
        for key, wanted in waiting:
            ok = (total is None or state.total < total) and all(
                limits[d] is None or state.per_day[d] < limits[d] for d in wanted)
            assert (key in admitted) == ok
            if ok:
                state.add(wanted)
        assert total is None or state.total <= max(total, len(active))


def test_command_line_reads_a_state_and_prints_admissions(tmp_path):
    state = {"total_limit": 2, "day_limits": {D1: 1}, "active": [[D1]],
             "waiting": [{"id": 7, "days": [D1]}, {"id": 8, "days": [D2]}]}
    path = tmp_path / "state.json"
    path.write_text(json.dumps(state))
    out = subprocess.run([sys.executable, "-m", "techfest.registration.capacity", str(path)], capture_output=True,
                         text=True, check=True, cwd=Path(__file__).resolve().parents[2])
    assert json.loads(out.stdout)["admitted"] == [8]
