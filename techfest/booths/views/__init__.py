"""Floor plan pages (blueprint ``booths``): organizers (halls, zones, booths, import, grid,
assignments, allocation, exhibitors, competitors, settings, log, exports), exhibitors (their booth
and wishes) and the public plan.

Modules, each adding its routes to ``bp``:

``overview``    the organizers' booths overview, the change log, CSV and PDF exports
``layout``      halls, zones, new booths, CSV import and the grid generator
``booth_page``  one booth: its page and form, delete, assign / free / move / swap / lock / status
``planning``    allocation inputs (exhibitors and tiers, competitors, settings) and runs (proposals)
``exhibitor``   an exhibitor's booth and wishes
``public``      the public floor plan
``common``      helpers shared by those pages
"""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("booths", __name__)

from . import booth_page, exhibitor, layout, overview, planning, public  # noqa: E402,F401  (they add the routes)
