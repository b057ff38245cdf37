"""Check-in throughput: POST /api/v1/checkin under gunicorn (2 workers) on PostgreSQL, against a
bare Flask JSON endpoint under the same gunicorn settings, measured in the same run.

    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_checkin python -m bench.checkin

Prints requests/s, p50 and p99 for both, the ratio, and checks that no badge got two "ok"s at the
single-entry gate. Two more lines are bare Flask apps using psycopg: "db floor" does one INSERT +
COMMIT per request, "db floor+2" first the two SELECTs no check-in can skip (token, registration):
what the database alone costs. ``--rate N`` sends N requests per second
(open loop) instead of as fast as answered: latency at a given load rather than at saturation.

Figures on the 2-core development machine, idle (the client, PostgreSQL and both workers share
the two cores), 2026-11-25 and 26:

    closed loop: checkin 164-380 req/s (p99 200-500 ms), bare 930-2,350, db floor+2 500-565
                 ratio 0.14-0.18 of bare (goal 0.5); the db floor+2 app (no framework, only the
                 SQL a check-in cannot skip) is itself at 0.54-0.55 of bare
    --rate 100:  checkin p50 5.4 ms, p99 7.3 ms
    --rate 250:  checkin p50 5.8 ms, p99 12.0 ms

The closed loop's p99 goal cannot be met by any endpoint here: with 50 clients, mean latency is
50 / throughput (Little's law), so a mean under 50 ms needs 1,000 req/s, about what the bare
endpoint itself reaches; the script prints that bound. At the loads gates produce (open loop,
--rate) the p99 is far under 50 ms.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bench_checkin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(n_regs: int) -> tuple[list[str], str]:
    """Fresh schema, an edition running today, a gate, a staff token and ``n_regs`` badges."""
    from datetime import timedelta

    os.environ["DATABASE_URL"] = DB_URL
    from sqlalchemy import insert

    from techfest import create_app
    from techfest.core.db import db, utcnow
    from techfest.registration import services as reg_services
    from techfest.registration.models import Registration, RegistrationStatus
    from tests.factories import make_edition, make_token, make_user

    from techfest.checkin import services

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": DB_URL, "SECRET_KEY": "bench-secret"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        today = services.local_day(type("E", (), {"timezone": "Asia/Ho_Chi_Minh"})(), utcnow())
        edition = make_edition(slug="bench", status="live", start_date=today - timedelta(days=1),
                               end_date=today + timedelta(days=1))
        org = make_user("btc@bench.vn", role="organizer", edition=edition)
        staff = make_user("staff@bench.vn", role="checkin", edition=edition)
        services.create_point(org, edition, {"code": "GATE-1", "name": "Cổng 1", "kind": "gate", "staff": [staff.email]})
        now = utcnow()
        db.session.execute(insert(Registration), [
            {"edition_id": edition.id, "email": f"khach{i}@bench.vn", "name": f"Khách mời số {i}",
             "search_folded": f"khach moi so {i}", "type": "visitor", "status": RegistrationStatus.ACTIVE,
             "badge_version": 1, "access_code": uuid.uuid4().hex, "created_at": now, "updated_at": now}
            for i in range(n_regs)])
        db.session.commit()
        sign = reg_services.token_signer(edition)
        regs = db.session.query(Registration).filter_by(edition_id=edition.id).all()
        tokens = [sign(r) for r in regs]
        return tokens, make_token(staff)


BARE = textwrap.dedent("""
    from flask import Flask, jsonify, request
    app = Flask(__name__)
    @app.post("/api/v1/checkin")
    def checkin():
        data = request.get_json()
        return jsonify({"status": "ok", "nonce": data.get("nonce")})
""")

# What any check-in must at least do, with a bare Flask app and psycopg (no ORM, no framework
# checks): one durable write (INSERT + COMMIT) per scan; with FLOOR_READS=1 also the two reads
# no check-in can skip (the staff token, the badge's registration). Not goals of the issue:
# they show how much of the gap to the bare endpoint the database alone accounts for here.
DB_FLOOR = textwrap.dedent("""
    import hashlib, os
    import psycopg
    from flask import Flask, jsonify, request
    app = Flask(__name__)
    conn = None
    READS = os.environ.get("FLOOR_READS") == "1"
    @app.post("/api/v1/checkin")
    def checkin():
        global conn
        if conn is None:
            conn = psycopg.connect(os.environ["FLOOR_DSN"])
        data = request.get_json()
        with conn.cursor() as cur:
            if READS:
                token = request.headers.get("Authorization", "")[7:]
                cur.execute("SELECT user_id FROM api_tokens WHERE token_hash = %s",
                            (hashlib.sha256(token.encode()).hexdigest(),))
                cur.fetchone()
                cur.execute("SELECT id, status, badge_version FROM registrations WHERE id = %s",
                            (1 + int(data.get("nonce")[:6], 16) % 5000,))
                cur.fetchone()
            cur.execute("INSERT INTO bench_floor (nonce) VALUES (%s)", (data.get("nonce"),))
        conn.commit()
        return jsonify({"status": "ok", "nonce": data.get("nonce")})
""")


def start(app_spec: str, port: int, cwd: str, env: dict) -> subprocess.Popen:
    # The same settings for both apps: 2 worker processes (BENCH_THREADS > 1: gthread workers).
    kind = ["-k", "gthread", "--threads", str(THREADS)] if THREADS > 1 else ["-k", "sync"]
    proc = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "-w", "2", *kind,
                             "-b", f"127.0.0.1:{port}", "--log-level", "warning", app_spec], cwd=cwd, env=env)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


def warm_up(port: int, auth: str, clients: int) -> None:
    """Not timed: each gunicorn worker imports the app on its first request's way (about 1.7 s
    for Techfest, nothing for the bare app) and compiles its statements; without this, the
    first ~200 requests of a run would wait for that and count as slow."""
    bodies = [{"token": "warm-up", "point": "GATE-1", "nonce": uuid.uuid4().hex} for _ in range(clients * 4)]
    drive(port, bodies, auth, clients)


def drive(port: int, bodies: list[dict], auth: str, clients: int,
          rate: float | None = None) -> tuple[float, list[float], list[dict]]:
    """Closed loop (each client sends as soon as it has its answer) or, with ``rate``, open loop:
    request i leaves at start + i / rate (a steady stream of scans, like gates on a busy morning)."""
    local = threading.local()
    t_start = time.perf_counter() + 0.05

    def one(item):
        index, body = item
        if rate:
            delay = t_start + index / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        t0 = time.perf_counter()
        conn.request("POST", "/api/v1/checkin", json.dumps(body),
                      {"Content-Type": "application/json", "Authorization": f"Bearer {auth}"})
        resp = conn.getresponse()
        data = json.loads(resp.read())
        return time.perf_counter() - t0, data

    start_t = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        out = list(pool.map(one, enumerate(bodies)))
    elapsed = time.perf_counter() - start_t
    return elapsed, [o[0] for o in out], [o[1] for o in out]


def report(name, elapsed, lat, n):
    lat = sorted(lat)
    rps = n / elapsed
    p50, p99 = statistics.median(lat) * 1000, lat[int(0.99 * (len(lat) - 1))] * 1000
    print(f"{name:<10} {n} requests in {elapsed:.2f}s: {rps:8.1f} req/s  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms")
    return rps, p99


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--registrations", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=6000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--rate", type=float, default=None,
                        help="open loop: send this many requests per second (default: as fast as answered)")
    parser.add_argument("--no-floor", action="store_true", help="skip the two bare-app-with-database lines")
    args = parser.parse_args()
    tokens, auth = prepare(args.registrations)
    # every badge once, then repeats (the gate is single-entry: repeats answer already_checked_in)
    bodies = [{"token": tokens[i % len(tokens)], "point": "GATE-1", "nonce": uuid.uuid4().hex}
              for i in range(args.requests)]
    env = {**os.environ, "DATABASE_URL": DB_URL, "SECRET_KEY": "bench-secret", "LOG_LEVEL": "WARNING"}
    print(f"gunicorn: 2 workers x {THREADS} thread(s); {args.clients} clients; {args.registrations} registrations; "
          + (f"open loop at {args.rate:g} requests/s" if args.rate else "closed loop"))

    port = free_port()
    proc = start("wsgi:app", port, str(ROOT), env)
    try:
        warm_up(port, auth, args.clients)
        elapsed, lat, answers = drive(port, bodies, auth, args.clients, args.rate)
    finally:
        proc.terminate(); proc.wait()
    tf_rps, tf_p99 = report("checkin", elapsed, lat, len(bodies))

    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "bare.py").write_text(BARE)
        port = free_port()
        proc = start("bare:app", port, tmp, env)
        try:
            warm_up(port, auth, args.clients)
            elapsed, lat, _ = drive(port, bodies, auth, args.clients, args.rate)
        finally:
            proc.terminate(); proc.wait()
    bare_rps, _ = report("bare", elapsed, lat, len(bodies))

    floors: dict[str, float] = {}
    if not args.no_floor:
        dsn = DB_URL.replace("postgresql+psycopg://", "postgresql://")
        import psycopg

        for name, reads in (("db floor", "0"), ("db floor+2", "1")):
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute("DROP TABLE IF EXISTS bench_floor")
                conn.execute("CREATE TABLE bench_floor (id serial PRIMARY KEY, nonce text UNIQUE)")
            with tempfile.TemporaryDirectory() as tmp:
                Path(tmp, "floor.py").write_text(DB_FLOOR)
                port = free_port()
                proc = start("floor:app", port, tmp, {**env, "FLOOR_DSN": dsn, "FLOOR_READS": reads})
                try:
                    warm_up(port, auth, args.clients)
                    elapsed, lat, _ = drive(port, bodies, auth, args.clients, args.rate)
                finally:
                    proc.terminate(); proc.wait()
            floors[name], _ = report(name, elapsed, lat, len(bodies))

    print(f"ratio (checkin / bare throughput): {tf_rps / bare_rps:.2f}   goal ≥ 0.5, p99 < 50 ms")
    if not args.rate:
        # Little's law: with N clients each waiting for its answer, mean latency = N / throughput.
        need = args.clients / 0.050
        print(f"closed loop, {args.clients} clients: mean latency = {args.clients} / throughput, so any endpoint "
              f"needs ≥ {need:,.0f} req/s for a mean (let alone a p99) under 50 ms; bare reached {bare_rps:,.0f}, "
              f"checkin at 0.5 of it would wait {args.clients / (0.5 * bare_rps) * 1000:.0f} ms on average")
    if floors:
        print(f"ratio (db floor / bare): {floors['db floor'] / bare_rps:.2f}   (one INSERT + COMMIT per request, no app)")
        print(f"ratio (db floor+2 / bare): {floors['db floor+2'] / bare_rps:.2f}   "
              "(token and registration SELECTs, then INSERT + COMMIT, no app)")
        print(f"ratio (checkin / db floor+2): {tf_rps / floors['db floor+2']:.2f}")

    statuses: dict[str, int] = {}
    oks: dict[int, int] = {}
    for a in answers:
        statuses[a.get("status", "?")] = statuses.get(a.get("status", "?"), 0) + 1
        if a.get("status") == "ok":
            oks[a["registration"]["id"]] = oks.get(a["registration"]["id"], 0) + 1
    doubles = [rid for rid, n in oks.items() if n > 1]
    print("answers:", dict(sorted(statuses.items())))
    print("badges with two oks at the single-entry gate:", len(doubles))
    return 1 if doubles else 0


if __name__ == "__main__":
    sys.exit(main())
