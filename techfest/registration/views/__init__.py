"""Registration pages (blueprint ``registration``). Modules, each adding its routes to ``bp``:

``public``       the public form and badge page, the public badge key and the printed programme
``manage``       organizers: the list, new / edit / cancel / re-issue / admit, import, export, settings
``badges``       organizers: badge preview and bulk printing
``booth_staff``  exhibitors' booth staff
``common``       helpers shared by those pages
"""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("registration", __name__)

from . import badges, booth_staff, common, manage, public  # noqa: E402,F401  (they add the routes)
