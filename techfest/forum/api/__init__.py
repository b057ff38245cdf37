"""/api/v1/editions/<slug>/forum/...: the published programme (public) and the organizers'
working copy (``/forum/draft/...``, bearer token of an organizer) with publishing.

Public reads (sessions, rooms, speakers, versions) serve the newest *published* version only.
Writes change the working copy; ``POST /forum/versions`` publishes it.

One blueprint ``forum_api``; its schemas are in ``schemas``, the published programme's
resources (and publishing) in ``published``, the working copy's in ``draft``.
"""
from __future__ import annotations

from techfest.core.api import Blueprint

blp = Blueprint("forum_api", __name__, description="Forum programme: sessions, rooms, speakers, published versions.")

# They add their resources to blp, the published programme's first (the order of the document).
from . import published  # noqa: E402,F401
from . import draft  # noqa: E402,F401,I001
