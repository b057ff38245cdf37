"""The README's production section, followed by scripts/production_check.sh (make
production-check): two gunicorn processes, a job worker, one PostgreSQL database and one Redis.
Runs in the PostgreSQL pass of `make test` (about two minutes)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.postgres


def _redis_up(url: str) -> bool:
    try:
        from redis import Redis

        return bool(Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001
        return False


def test_two_processes_share_check_in_rate_limits_sessions_and_job_progress():
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379")
    if shutil.which("psql") is None or not _redis_up(redis_url):
        if os.environ.get("CI"):
            pytest.fail("CI needs psql and Redis for the production check")
        pytest.skip("the production check needs psql and Redis")
    test_url = os.environ["TEST_DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://")
    admin_url = test_url.rsplit("/", 1)[0] + "/postgres"
    env = {**os.environ, "PG_ADMIN_URL": admin_url, "REDIS_URL": redis_url}
    env.pop("DATABASE_URL", None)
    proc = subprocess.run([str(ROOT / "scripts/production_check.sh")], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=900)
    report = (proc.stdout + proc.stderr)[-4000:]
    assert proc.returncode == 0, report
    assert "check-in: exactly one ok" in proc.stdout, report
    assert "OK: two processes, one database, one Redis" in proc.stdout, report
