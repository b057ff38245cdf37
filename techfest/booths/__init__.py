"""booths domain: floor plan and booth allocation.

Pure modules (no Flask, no database; each with a ``python -m`` entry point or unit tests):
``allocation`` (the engine; a subpackage), ``geometry`` (adjacency from shared edges, overlaps, grid
generator), ``scoring`` (wishes -> problem JSON, proposal rows), ``plan`` (SVG), ``csvio``.

App modules: ``models``, ``services`` (a subpackage: layout, assignments, wishes; read API for
other domains: ``booth_for_organisation``, ``booth_codes_for_organisations``,
``booth_codes_for_products``), ``proposals`` (allocation runs), ``planview`` (what each audience
sees), ``exports`` (CSV, PDF), ``forms``, ``views`` (a subpackage; blueprint ``booths``), ``api``
(``booths_api``), ``demo``.
"""
