"""`flask techfest purge`: anonymise an edition's attendee data after its retention period."""
from __future__ import annotations

import click

from techfest.core.cli import fail, techfest_cli
from techfest.core.errors import DomainError


@techfest_cli.command("purge")
@click.option("--edition", "slug", required=True, help="Edition slug, e.g. hai-phong-2026.")
@click.option("--apply", "apply", is_flag=True, default=False,
              help="Anonymise for real (default: dry run, prints what would be anonymised).")
def purge_command(slug: str, apply: bool) -> None:
    """Anonymise the edition's registrations once end date + retention months has passed."""
    from techfest.editions.services import get_edition_or_404

    from . import services

    try:
        edition = get_edition_or_404(slug, include_draft=True)
    except DomainError:
        fail(f"no edition with slug {slug!r}")
    due = services.purge_due_date(edition)
    if not apply:
        candidates = services.purge_edition(edition)
        for reg in candidates:
            click.echo(f"would anonymise registration {reg.id} ({reg.type}, {reg.status})")
        when = f"possible from {due.isoformat()}" if due else "no retention period set"
        click.echo(f"dry run: {len(candidates)} registrations of {edition.slug} would be anonymised ({when}); "
                   f"nothing changed, use --apply")
        return
    try:
        done = services.purge_edition(edition, apply=True)
    except DomainError as exc:
        fail(str(exc))
    click.echo(f"{len(done)} registrations of {edition.slug} anonymised")
