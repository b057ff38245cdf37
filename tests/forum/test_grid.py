"""techfest.forum.grid: placing a day's sessions on the editor grid."""
from datetime import date, datetime, time

import pytest

from techfest.forum.grid import GridSession, layout_day

DAY = date(2026, 11, 24)


def s(sid, room, start, end, day=DAY):
    return GridSession(sid, room, datetime.combine(day, time.fromisoformat(start)),
                       datetime.combine(day, time.fromisoformat(end)))


def test_sessions_get_their_room_column_and_rows_from_the_window_start():
    layout = layout_day(DAY, ["A", "B"], [s(1, "A", "08:00", "09:00"), s(2, "B", "09:15", "09:45")])
    assert layout.start == time(8, 0) and layout.rows == 40  # 08:00–18:00 in quarters
    blocks = {b.session_id: b for b in layout.blocks}
    assert (blocks[1].column, blocks[1].row, blocks[1].span) == (2, 2, 4)
    assert (blocks[2].column, blocks[2].row, blocks[2].span) == (3, 7, 2)
    assert layout.times[0] == time(8, 0) and layout.times[-1] == time(17, 45)


def test_window_grows_to_fit_early_and_late_sessions_rounded_to_slots():
    layout = layout_day(DAY, ["A"], [s(1, "A", "06:40", "07:10"), s(2, "A", "19:00", "20:05")])
    assert layout.start == time(6, 30)
    assert layout.times[-1] == time(20, 0)  # the 20:00–20:15 row holds the last five minutes
    first = layout.blocks[0]
    assert (first.row, first.span) == (2, 3)  # 06:30, 06:45, 07:00 rows


def test_overlapping_sessions_in_one_room_take_separate_lanes_back_to_back_do_not():
    layout = layout_day(DAY, ["A"], [s(1, "A", "09:00", "10:00"), s(2, "A", "09:30", "10:30"),
                                     s(3, "A", "10:00", "11:00"), s(4, "A", "10:30", "11:00")])
    lanes = {b.session_id: b.lane for b in layout.blocks}
    assert lanes == {1: 0, 2: 1, 3: 0, 4: 1}


def test_sessions_without_a_known_room_are_not_placed():
    layout = layout_day(DAY, ["A"], [s(1, None, "09:00", "10:00"), s(2, "gone", "09:00", "10:00")])
    assert layout.blocks == () and layout.unplaced == (1, 2)


def test_a_session_running_past_midnight_is_clipped_to_the_day():
    night = GridSession(1, "A", datetime(2026, 11, 24, 23, 0), datetime(2026, 11, 25, 1, 0))
    layout = layout_day(DAY, ["A"], [night])
    (block,) = layout.blocks
    assert block.clipped and layout.times[-1] == time(23, 45)
    assert block.row + block.span - 1 == layout.rows + 1


def test_slot_start_gives_the_local_time_of_a_row():
    layout = layout_day(DAY, ["A"], [])
    assert layout.slot_start(3) == datetime(2026, 11, 24, 8, 45)


def test_slot_must_divide_the_day():
    with pytest.raises(ValueError):
        layout_day(DAY, ["A"], [], slot_minutes=7)
