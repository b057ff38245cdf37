"""`flask techfest badges`: print an edition's badges to a PDF, with a progress bar."""
from __future__ import annotations

import click

from techfest.core.cli import fail, techfest_cli
from techfest.core.errors import DomainError

TYPES = ("visitor", "exhibitor_staff", "speaker", "press", "vip", "organizer_staff")


@techfest_cli.command("badges")
@click.option("--edition", "slug", required=True, help="Edition slug, e.g. hai-phong-2026.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True), help="PDF file to write.")
@click.option("--type", "kind", type=click.Choice(TYPES), default=None, help="Only this attendee type.")
@click.option("--day", default=None, help="Only people attending this day (YYYY-MM-DD).")
@click.option("--search", "q", default=None, help="Only registrations matching this text (accents optional).")
@click.option("--layout", type=click.Choice(("sheet", "single")), default="sheet", show_default=True,
              help="sheet: A4 sheets of 4 badges with cut marks; single: one A6 page per badge.")
@click.option("--jobs", type=click.IntRange(1, 32), default=1, show_default=True,
              help="Worker processes rendering chunks in parallel.")
def badges_command(slug: str, out: str, kind: str | None, day: str | None, q: str | None, layout: str,
                   jobs: int) -> None:
    """Render the badges of confirmed registrations to one PDF (5,000 badges in bounded memory)."""
    from techfest.editions.services import get_edition_or_404

    from . import printing
    from .fonts import FontsMissing

    try:
        edition = get_edition_or_404(slug, include_draft=True)
    except DomainError:
        fail(f"no edition with slug {slug!r}")
    filters = {"q": q, "type": kind, "day": day}
    ids = printing.badge_ids(edition, filters)
    if not ids:
        fail("no confirmed registration matches: nothing to print")
    with click.progressbar(length=len(ids), label=f"{len(ids)} badges", show_pos=True, file=click.get_text_stream("stderr")) as bar:
        state = {"done": 0}

        def progress(done: int) -> None:
            bar.update(done - state["done"])
            state["done"] = done

        try:
            count = printing.render_edition_badges(edition, filters, out, jobs=jobs, layout=layout, progress=progress,
                                                   ids=ids)
        except FontsMissing as exc:
            fail(str(exc))
    click.echo(f"{count} badges written to {out}")
