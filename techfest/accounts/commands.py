"""`flask techfest create-admin | create-user | create-token`."""
from __future__ import annotations

import click

from techfest.core.cli import fail, techfest_cli
from techfest.core.errors import DomainError


def _edition(slug: str | None):
    if not slug:
        return None
    from techfest.editions.services import get_edition_or_404

    try:
        return get_edition_or_404(slug, include_draft=True)
    except DomainError:
        fail(f"no edition with slug {slug!r}")


def _explain(exc: DomainError) -> str:
    details = "; ".join(f"{k}: {', '.join(v)}" for k, v in exc.fields.items())
    return f"{exc.message} ({details})" if details else exc.message


@techfest_cli.command("create-admin")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--name", default=None)
def create_admin(email: str, password: str, name: str | None) -> None:
    """Create or update a global administrator."""
    from .services import upsert_user

    try:
        user, created = upsert_user(email=email, password=password, name=name, is_admin=True)
    except DomainError as exc:
        fail(_explain(exc))
    click.echo(f"admin {user.email} {'created' if created else 'updated'}")


@techfest_cli.command("create-user")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--name", default=None)
@click.option("--org", "org_name", default=None, help="Organisation name (created if new).")
@click.option("--role", type=click.Choice(["organizer", "exhibitor", "judge", "checkin", "attendee"]), default=None)
@click.option("--edition", "edition_slug", default=None, help="Edition slug, required with --role.")
def create_user(email, password, name, org_name, role, edition_slug) -> None:
    """Create or update an account, optionally with a role in an edition."""
    from .services import upsert_user

    if role and not edition_slug:
        fail("--role needs --edition SLUG")
    edition = _edition(edition_slug)
    try:
        user, created = upsert_user(email=email, password=password, name=name, org_name=org_name,
                                    role=role, edition=edition)
    except DomainError as exc:
        fail(_explain(exc))
    extra = f" as {role} in {edition.slug}" if role else ""
    click.echo(f"user {user.email} {'created' if created else 'updated'}{extra}")


@techfest_cli.command("create-token")
@click.option("--email", required=True)
@click.option("--name", default="CLI")
def create_token(email: str, name: str) -> None:
    """Create a personal API token; the token is printed on the last line."""
    from .services import create_api_token, get_user_by_email

    user = get_user_by_email(email)
    if user is None:
        fail(f"no user with e-mail {email}")
    _row, plain = create_api_token(user, name)
    click.echo(f"token for {user.email} (shown once, keep it safe):")
    click.echo(plain)
