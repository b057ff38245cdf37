"""Layout of the organizer's day grid: rooms as columns, time as rows (pure: stdlib only).

:func:`layout_day` places one local day's sessions on a grid of ``slot`` minute rows. The
template turns row/column numbers into CSS classes (``static/css/forum.css`` defines
``tf-row-N``/``tf-span-N``/``tf-col-N`` because the Content-Security-Policy forbids inline
styles). Row 1 is the header, so the first time slot is row 2; column 1 is the time axis, so
the first room is column 2.

* The window starts at the earliest of ``default_start`` and the first session (rounded down
  to a slot) and ends at the latest of ``default_end`` and the last session end (rounded up),
  clipped to the day (sessions running past midnight are drawn to the end of the day).
* Sessions overlapping in one room get increasing ``lane`` numbers so the template can offset
  them (a room overlap is also reported as a conflict).
* Sessions without a room, or in a room not shown, are returned in ``unplaced``.
"""
from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

__all__ = ["Block", "DayLayout", "GridSession", "MAX_ROWS", "layout_day"]

MAX_ROWS = 24 * 4  # 15-minute rows over a whole day; forum.css defines classes up to this


@dataclass(frozen=True)
class GridSession:
    """A session in local (edition) time; ``start``/``end`` naive or aware, same zone."""

    id: Hashable
    room_id: Hashable | None
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Block:
    session_id: Hashable
    column: int      # CSS grid column (2 = first room)
    row: int         # CSS grid row (2 = first slot)
    span: int        # number of rows (>= 1)
    lane: int = 0    # 0 normally; 1, 2, ... for sessions overlapping an earlier one in the room
    clipped: bool = False  # True when the session continues after the day ends


@dataclass(frozen=True)
class DayLayout:
    day: date
    slot_minutes: int
    start: time
    rows: int                       # number of slot rows
    times: tuple[time, ...]         # the label of each slot row
    blocks: tuple[Block, ...]
    unplaced: tuple[Hashable, ...] = field(default=())

    def slot_start(self, index: int) -> datetime:
        """Local datetime of slot ``index`` (0-based)."""
        return datetime.combine(self.day, self.start) + timedelta(minutes=index * self.slot_minutes)


def _minutes(value: datetime, day: date) -> int:
    naive = value.replace(tzinfo=None)
    return int((naive - datetime.combine(day, time(0))).total_seconds() // 60)


def layout_day(day: date, room_ids: Sequence[Hashable], sessions: Sequence[GridSession], *,
               slot_minutes: int = 15, default_start: time = time(8, 0),
               default_end: time = time(18, 0)) -> DayLayout:
    """Place ``sessions`` (those starting on ``day``) on the grid of ``room_ids``."""
    if slot_minutes <= 0 or (24 * 60) % slot_minutes:
        raise ValueError("slot_minutes must divide a day")
    day_minutes = 24 * 60
    lo = default_start.hour * 60 + default_start.minute
    hi = default_end.hour * 60 + default_end.minute
    spans = []
    for s in sessions:
        start = max(_minutes(s.start, day), 0)
        end = min(_minutes(s.end, day), day_minutes)
        if end <= start:
            end = min(start + slot_minutes, day_minutes)
        spans.append((s, start, end, _minutes(s.end, day) > day_minutes))
        lo, hi = min(lo, start), max(hi, end)
    lo = (lo // slot_minutes) * slot_minutes
    hi = min(-(-hi // slot_minutes) * slot_minutes, day_minutes)
    if hi <= lo:
        hi = min(lo + slot_minutes, day_minutes)
    rows = (hi - lo) // slot_minutes

    columns = {rid: i + 2 for i, rid in enumerate(room_ids)}
    blocks: list[Block] = []
    unplaced: list[Hashable] = []
    lanes_end: dict[Hashable, list[int]] = {}
    for s, start, end, clipped in sorted(spans, key=lambda x: (x[1], x[2], str(x[0].id))):
        if s.room_id is None or s.room_id not in columns:
            unplaced.append(s.id)
            continue
        row = (start - lo) // slot_minutes + 2
        last = -(-(end - lo) // slot_minutes) + 1
        lane_ends = lanes_end.setdefault(s.room_id, [])
        lane = next((i for i, e in enumerate(lane_ends) if e <= start), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(end)
        else:
            lane_ends[lane] = end
        blocks.append(Block(s.id, columns[s.room_id], row, max(last - row + 1, 1), lane, clipped))
    times = tuple((datetime.combine(day, time(0)) + timedelta(minutes=lo + i * slot_minutes)).time()
                  for i in range(rows))
    return DayLayout(day, slot_minutes, times[0] if times else time(0), rows, times, tuple(blocks), tuple(unplaced))
