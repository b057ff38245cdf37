"""Booth use-cases: halls, zones and booths (forms, CSV import, grid generator), manual
assignment with the hard constraints, exhibitor preferences, competitor pairs, tiers, settings.
Each public function taking an ``actor`` is one transaction. The allocation proposals are in
``proposals.py``, the exports in ``exports.py``.

For other domains (catalogue, programme, judging walking order)::

    booth_for_organisation(edition, organisation_id) -> "A-12" | None
    booth_codes_for_organisations(edition, organisation_ids) -> {organisation_id: "A-12"}
    booth_codes_for_products(edition, product_ids) -> {product_id: "A-12"}   (products without a booth are absent)

The products' own ``booth_code`` column (techfest.submissions) is kept in step on every change
through ``submissions.services.record_booth_codes``.

What this domain reads from submissions goes through :func:`exhibitors` (one adapter).

Modules (everything public is re-exported here, so callers use ``services.<name>``):

``adapter``      the boundary with submissions and the read API for other domains
``halls``        halls and zones
``queries``      reading booths; neighbours from the stored geometry
``layout``       creating, editing, deleting booths (form, CSV import, grid generator)
``constraints``  the hard constraints: size and features fit, competitors kept apart
``assignment``   assign, free, move, swap, lock, booth status (row locks, conditional updates)
``wishes``       exhibitors' ranked choices and near wishes
``inputs``       organizers' allocation inputs: tiers, competitor pairs, scoring settings
``overview``     counts, exhibitor rows, the state fingerprint of proposals
``changelog``    the change log (``_log`` writes, :func:`changes_query` reads)
``common``       shared helpers (messages, errors with a reason, metres)
"""
from __future__ import annotations

from .adapter import (Exhibitor, booth_codes_for_organisations, booth_codes_for_products, booth_for_organisation,
                      exhibitors)
from .assignment import assign_booth, move_exhibitor, set_booth_status, set_lock, swap_booths, unassign_booth
from .changelog import changes_query
from .common import MAX_METRES
from .constraints import competitors_of
from .halls import (COLOUR_RE, ZONE_COLOURS, delete_hall, delete_zone, get_hall, get_zone, halls_for, next_zone_colour,
                    save_hall, save_zone, zones_for)
from .inputs import (add_competitor_pair, allocation_config, competitor_pairs, delete_competitor_pair,
                     save_allocation_config, set_tier, tiers_for)
from .layout import (BOOTH_FIELDS, ImportRejected, delete_booth, delete_unassigned_booths, generate_booths, import_booths,
                     save_booth)
from .overview import (ExhibitorRow, assignments_by_org, booth_counts_by_hall, exhibitor_rows, state_fingerprint,
                       status_counts)
from .queries import booth_by_code, booths_query, get_booth, hall_booths, neighbour_ids, neighbours_by_code, rect
from .wishes import exhibitor_for_actor, fitting_booths, near_wishes_of, preferences_of, save_preferences

__all__ = [
    "BOOTH_FIELDS", "COLOUR_RE", "MAX_METRES", "ZONE_COLOURS",
    "Exhibitor", "ExhibitorRow", "ImportRejected",
    "add_competitor_pair", "allocation_config", "assign_booth", "assignments_by_org", "booth_by_code",
    "booth_codes_for_organisations", "booth_codes_for_products", "booth_counts_by_hall", "booth_for_organisation", "booths_query",
    "changes_query", "competitor_pairs", "competitors_of", "delete_booth", "delete_competitor_pair", "delete_hall",
    "delete_unassigned_booths", "delete_zone", "exhibitor_for_actor", "exhibitor_rows", "exhibitors",
    "fitting_booths", "generate_booths", "get_booth", "get_hall", "get_zone", "hall_booths", "halls_for",
    "import_booths", "move_exhibitor", "near_wishes_of", "neighbour_ids", "neighbours_by_code", "next_zone_colour",
    "preferences_of", "rect", "save_allocation_config", "save_booth", "save_hall", "save_preferences", "save_zone",
    "set_booth_status", "set_lock", "set_tier", "state_fingerprint", "status_counts", "swap_booths", "tiers_for",
    "unassign_booth", "zones_for",
]

# Aggregate counts other domains read (reports): ``counts`` (booth area per hall) and
# ``overview.status_counts``, one grouped query each, no commit.
from .counts import HallArea, booth_area_by_hall  # noqa: E402

__all__ += ["HallArea", "booth_area_by_hall"]
