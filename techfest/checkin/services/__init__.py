"""Check-in use-cases: points and their staff, scanning (online and offline batches), undo, stats.

Each function takes the actor explicitly and commits one transaction. The "first entry today
at this point" rule is enforced by the UNIQUE constraint on ``checkins`` (see models.py): we
insert and catch the IntegrityError, never read-then-write.

The modules, by responsibility (callers import the names below from this package):

- ``points``: points and their staff, who may manage or scan at a point (``scan_point``: the
  point with the actor's right to scan there, in one query of the scan path);
- ``badge_check``: a scanned text to (registration, status), edition keys cached per process;
  the one adapter to the registration domain;
- ``scan``: ``check_in``, one scan: the decision and the answer (the hot path);
- ``entries``: the rows a scan writes (cached statements) and the reads that settle a refused
  second entry;
- ``scanner``: offline batch uploads, undo, name search, the offline bundle;
- ``dashboard``: stats and the dashboard's reads;
- ``personal_data``: a registration's check-ins for export and erasure (privacy.services).
"""
from __future__ import annotations

from .badge_check import verify
from .dashboard import arrivals_per_quarter, conflicts, last_scans, stats
from .personal_data import anonymise_scans_of, checkins_of
from .points import (CODE_RE, ScanEdition, ScanPoint, create_point, delete_point, get_point, get_point_for_scan,
                     get_point_to_manage, may_manage, may_scan, point_json, points_for_edition, points_for_user,
                     scan_point, update_point)
from .scan import MAX_FUTURE, check_in, local_day
from .scanner import MAX_BATCH, check_in_batch, offline_bundle, search_registrations, undo_scan

__all__ = [
    "CODE_RE", "MAX_BATCH", "MAX_FUTURE", "ScanEdition", "ScanPoint", "anonymise_scans_of", "arrivals_per_quarter",
    "check_in", "check_in_batch", "checkins_of", "conflicts", "create_point", "delete_point", "get_point",
    "get_point_for_scan", "get_point_to_manage", "last_scans", "local_day", "may_manage", "may_scan",
    "offline_bundle", "point_json", "points_for_edition", "points_for_user", "scan_point", "search_registrations",
    "stats", "undo_scan", "update_point", "verify",
]

# Aggregate counts other domains read (reports): ``counts``, one grouped query each, no commit.
from .counts import (entries_by_utc_hour, people_checked_in_by_day, people_checked_in_by_edition,  # noqa: E402
                     session_entry_count)

__all__ += ["entries_by_utc_hour", "people_checked_in_by_day", "people_checked_in_by_edition", "session_entry_count"]
