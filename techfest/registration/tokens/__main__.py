"""``python -m techfest.registration.tokens``: see :func:`cli.main`."""

import sys

from .cli import main

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
