"""Forum pages, one blueprint ``forum`` whose routes live in modules by who uses them:

* ``common``: the messages and helpers the pages share, and the forum's template helpers;
* ``schedule``: the organizers' schedule editor, sessions (new, edit, move, duplicate, delete)
  and shifting a day;
* ``organizer``: rooms, speakers, publishing and the published versions;
* ``invitations``: the speakers' invitation pages (speaker self-service, by signed link);
* ``public``: the public programme, speaker pages, "my programme" and the exports.
"""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("forum", __name__)

from . import common, invitations, organizer, public, schedule  # noqa: E402,F401  (they add their routes to bp)
