"""`flask techfest backup --out FILE`, `flask techfest restore FILE` and `flask techfest worker`."""
from __future__ import annotations

import click
from flask import current_app

from .cli import fail, techfest_cli


@techfest_cli.command("backup")
@click.option("--out", "out", required=True, help="Archive to write (.tar.gz).")
def backup_command(out: str) -> None:
    """Consistent snapshot of the database plus uploaded files."""
    from .backup import BackupError, backup
    from .db import db

    try:
        manifest = backup(db, current_app.config["UPLOAD_DIR"], out)
    except BackupError as exc:
        fail(str(exc))
    click.echo(f"backup of {manifest['engine']} written to {out}: {sum(manifest['counts'].values())} rows")


@techfest_cli.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace the content of a non-empty database.")
def restore_command(archive: str, force: bool) -> None:
    """Restore a backup into the configured (empty) database."""
    from .backup import BackupError, restore
    from .db import db

    try:
        manifest = restore(db, current_app.config["UPLOAD_DIR"], archive, force=force)
    except BackupError as exc:
        fail(str(exc))
    click.echo(f"restored {archive} ({manifest['created_at']}): {sum(manifest['counts'].values())} rows")


@techfest_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty instead of waiting for more jobs.")
def worker_command(burst: bool) -> None:
    """Run background jobs (bulk badge printing) from the Redis queue JOB_QUEUE_URL."""
    from redis.exceptions import RedisError

    from .queue import queue_configured, run_worker

    if not queue_configured(current_app):
        fail("JOB_QUEUE_URL is not set (e.g. redis://127.0.0.1:6379/1): without it the web process runs "
             "jobs itself and no worker is needed")
    try:
        run_worker(current_app._get_current_object(), burst=burst)
    except RedisError as exc:
        fail(f"the job queue at JOB_QUEUE_URL is unreachable: {exc}")
