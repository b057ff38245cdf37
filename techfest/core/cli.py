"""The ``flask techfest ...`` command group; domains add their subcommands to ``techfest_cli``."""
from __future__ import annotations

import click
from flask.cli import AppGroup

techfest_cli = AppGroup("techfest", help="Techfest administration commands.")


def fail(message: str) -> None:
    """Print one clear line on stderr and exit non-zero."""
    raise click.ClickException(message)
