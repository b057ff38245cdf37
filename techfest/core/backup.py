"""Consistent backups: the database plus uploaded files, in one .tar.gz.

- SQLite: the online backup API (``sqlite3.Connection.backup``) copies a consistent snapshot
  while the application keeps running.
- PostgreSQL: ``pg_dump --format=custom`` (a consistent snapshot by construction), restored
  with ``pg_restore``.

The archive holds ``manifest.json`` (engine, Alembic revision, row counts per table, time),
``database.sqlite3`` or ``database.pgdump``, and ``uploads/``. Restoring needs an empty
database (no Techfest tables) of the same engine, unless ``force`` is given.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import make_url

logger = logging.getLogger(__name__)


class BackupError(Exception):
    pass


def _pg_env_and_url(engine) -> tuple[dict, str]:
    url = make_url(str(engine.url.render_as_string(hide_password=False))).set(drivername="postgresql")
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
        url = url.set(password=None)
    return env, url.render_as_string(hide_password=False)


def table_counts(db) -> dict[str, int]:
    counts = {}
    for table in db.metadata.sorted_tables:
        counts[table.name] = db.session.scalar(select(func.count()).select_from(table))
    return counts


def _revision(db) -> str | None:
    try:
        return db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:  # noqa: BLE001 - a database built by create_all has no alembic table
        db.session.rollback()
        return None


def backup(db, upload_dir: str, out: str) -> dict:
    """Write a backup archive to ``out``; returns the manifest."""
    engine = db.engine
    manifest = {
        "format": 1,
        "engine": engine.dialect.name,
        "revision": _revision(db),
        "created_at": datetime.now(timezone.utc).isoformat(),
        "counts": table_counts(db),
    }
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if engine.dialect.name == "sqlite":
            source = engine.raw_connection()
            try:
                dest = sqlite3.connect(tmp_path / "database.sqlite3")
                source.driver_connection.backup(dest)
                dest.close()
            finally:
                source.close()
            db_file = "database.sqlite3"
        elif engine.dialect.name == "postgresql":
            env, url = _pg_env_and_url(engine)
            if shutil.which("pg_dump") is None:
                raise BackupError("pg_dump not found: install the PostgreSQL client (postgresql-client)")
            result = subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                                     "--file", str(tmp_path / "database.pgdump"), url],
                                    env=env, capture_output=True, text=True)
            if result.returncode != 0:
                raise BackupError(f"pg_dump failed: {result.stderr.strip().splitlines()[-1] if result.stderr else result.returncode}")
            db_file = "database.pgdump"
        else:
            raise BackupError(f"unsupported database engine {engine.dialect.name}")
        (tmp_path / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        partial = f"{out}.partial"
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(tmp_path / "manifest.json", arcname="manifest.json")
            tar.add(tmp_path / db_file, arcname=db_file)
            if upload_dir and Path(upload_dir).is_dir():
                tar.add(upload_dir, arcname="uploads")
        os.replace(partial, out)  # never leave a half-written archive under the final name
    logger.info("backup written to %s (%s rows)", out, sum(manifest["counts"].values()))
    return manifest


def _safe_members(tar: tarfile.TarFile):
    for member in tar.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or member.issym() or member.islnk():
            raise BackupError(f"unsafe path in archive: {member.name}")
        yield member


def restore(db, upload_dir: str, archive: str, force: bool = False) -> dict:
    """Restore ``archive`` into the configured (empty) database and upload directory."""
    engine = db.engine
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(tmp_path, members=list(_safe_members(tar)))
        except (tarfile.TarError, OSError) as exc:
            raise BackupError(f"cannot read {archive}: {exc}") from None
        manifest_file = tmp_path / "manifest.json"
        if not manifest_file.exists():
            raise BackupError("not a Techfest backup (no manifest.json)")
        manifest = json.loads(manifest_file.read_text())
        if manifest.get("engine") != engine.dialect.name:
            raise BackupError(f"backup is from {manifest.get('engine')}, the target database is {engine.dialect.name}")
        existing = set(inspect(engine).get_table_names()) & set(db.metadata.tables)
        if existing and not force:
            raise BackupError("the target database is not empty; use --force to replace its content")
        db.session.remove()
        if engine.dialect.name == "sqlite":
            src = sqlite3.connect(tmp_path / "database.sqlite3")
            target = engine.raw_connection()
            try:
                src.backup(target.driver_connection)
            finally:
                target.close()
                src.close()
        else:
            env, url = _pg_env_and_url(engine)
            args = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--dbname", url]
            if force:
                args[1:1] = ["--clean", "--if-exists"]
            result = subprocess.run([*args, str(tmp_path / "database.pgdump")], env=env, capture_output=True, text=True)
            if result.returncode != 0:
                raise BackupError(f"pg_restore failed: {result.stderr.strip().splitlines()[-1] if result.stderr else result.returncode}")
        engine.dispose()
        if (tmp_path / "uploads").is_dir():
            Path(upload_dir).mkdir(parents=True, exist_ok=True)
            shutil.copytree(tmp_path / "uploads", upload_dir, dirs_exist_ok=True)
    counts = table_counts(db)
    missing = {t: (n, counts.get(t)) for t, n in manifest["counts"].items() if counts.get(t) != n}
    if missing:
        raise BackupError(f"restored row counts differ from the backup: {missing}")
    logger.info("backup %s restored (%s rows)", archive, sum(counts.values()))
    return manifest
