"""Retention dates (pure): when an edition's attendee data becomes eligible for anonymisation.

    python -m techfest.privacy.retention 2026-11-27 12      # -> 2027-11-27
"""
from __future__ import annotations

import calendar
import sys
from datetime import date


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def purge_date(end_date: date, retention_months: int | None) -> date | None:
    """First day on which the data may be anonymised (None: no retention period set)."""
    if retention_months is None:
        return None
    return add_months(end_date, retention_months) + (date.resolution)


def is_due(end_date: date, retention_months: int | None, today: date) -> bool:
    due = purge_date(end_date, retention_months)
    return due is not None and today >= due


if __name__ == "__main__":  # pragma: no cover
    end, months = date.fromisoformat(sys.argv[1]), int(sys.argv[2])
    print(purge_date(end, months))
