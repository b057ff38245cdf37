"""Production settings that only show with their own app: a reverse proxy's headers
(TRUSTED_PROXIES), Redis unreachable for rate limits (in-memory fallback) and /healthz reporting
Redis. Each case runs in a subprocess: Flask-Limiter keeps one storage per Limiter object, so a
second app in this process would change the suite's own rate-limit storage."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRELUDE = textwrap.dedent("""
    import json, re, sys
    from techfest import create_app
    from techfest.core.db import db
    from tests.factories import make_user

    def app_with(**config):
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "RATELIMIT_ENABLED": True,
                          "LOGIN_RATE_LIMIT": "2 per minute", **config})
        with app.app_context():
            db.create_all()
            make_user("an@example.vn")
        return app

    def failed_logins(app, addresses):
        client = app.test_client()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
        codes = []
        for address in addresses:
            resp = client.post("/login", data={"csrf_token": token, "email": "an@example.vn", "password": "sai"},
                               headers={"X-Forwarded-For": address})
            codes.append(resp.status_code)
        return codes
""")


def run(body: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", PRELUDE + textwrap.dedent(body)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={"PATH": "/usr/bin:/bin", "LOG_LEVEL": "ERROR",
                                                       "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_behind_a_trusted_proxy_each_visitor_has_their_own_login_limit():
    out = run("""
        print(json.dumps({"trusted": failed_logins(app_with(TRUSTED_PROXIES=1), ["1.1.1.1"] * 3 + ["2.2.2.2"])}))
    """)
    # the third attempt of 1.1.1.1 is refused; 2.2.2.2 (another visitor behind the proxy) is not
    assert out["trusted"] == [422, 422, 429, 422]


def test_without_trusted_proxies_a_forged_forwarded_for_does_not_escape_the_limit():
    out = run("""
        print(json.dumps({"codes": failed_logins(app_with(), ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4"])}))
    """)
    assert out["codes"] == [422, 422, 429, 429]


def test_rate_limits_keep_working_when_redis_is_down():
    out = run("""
        app = app_with(RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")   # nothing listens on port 1
        print(json.dumps({"codes": failed_logins(app, ["1.1.1.1"] * 3)}))
    """)
    assert out["codes"] == [422, 422, 429]  # no 500: per-process memory until Redis is back


def test_healthz_reports_redis_when_it_is_used():
    out = run("""
        down = app_with(JOB_QUEUE_URL="redis://127.0.0.1:1/0").test_client().get("/healthz")
        plain = app_with().test_client().get("/healthz")
        print(json.dumps({"down": [down.status_code, down.get_json()], "plain": [plain.status_code, plain.get_json()]}))
    """)
    assert out["down"] == [200, {"status": "degraded", "database": "ok", "redis": "unreachable"}]
    assert out["plain"] == [200, {"status": "ok", "database": "ok"}]  # no Redis configured: not mentioned
