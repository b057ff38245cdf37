"""``python -m techfest.booths.allocation problem.json`` (see :mod:`.cli`)."""

import sys

from .cli import main

sys.exit(main())
