#!/usr/bin/env bash
# Production check: follows the README's "Production" section on this machine, as far as it
# allows (no TLS, so SESSION_COOKIE_SECURE=false). Creates a fresh PostgreSQL database, applies
# the migrations, loads the demo, starts TWO gunicorn processes (not workers of one) on
# 127.0.0.1, checks /healthz on both, then checks the same badge in through both processes at
# once and expects exactly one "ok" (the other "already_checked_in"): nothing depends on one
# process's memory. Stops both and drops the database; exits non-zero on any failure.
#
#   make production-check       (PG_ADMIN_URL, PROD_CHECK_DB, PORT_A, PORT_B may be overridden)
set -euo pipefail
cd "$(dirname "$0")/.."

PG_ADMIN_URL="${PG_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
DB_NAME="${PROD_CHECK_DB:-techfest_prod_check}"
PORT_A="${PORT_A:-18431}"
PORT_B="${PORT_B:-18432}"
PY=.venv/bin/python
FLASK=(.venv/bin/flask --app wsgi)
WORK="$(mktemp -d -t techfest-prod-check-XXXXXX)"
PIDS=()

log() { echo "[production-check] $*"; }
fail() { echo "[production-check] FAILED: $*" >&2; exit 1; }

cleanup() {
  local rc=$?
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  psql "$PG_ADMIN_URL" -q -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null 2>&1 || true
  if [ $rc -ne 0 ]; then
    for f in "$WORK"/gunicorn-*.log; do [ -f "$f" ] && { echo "--- $f (tail)"; tail -20 "$f"; }; done
  fi
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT

psql "$PG_ADMIN_URL" -q -c "SELECT 1" >/dev/null || fail "PostgreSQL not reachable at $PG_ADMIN_URL"
psql "$PG_ADMIN_URL" -q -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null
psql "$PG_ADMIN_URL" -q -c "CREATE DATABASE $DB_NAME" >/dev/null

# The README's environment (Redis replaced by nothing: rate limits stay per process here).
export TECHFEST_ENV=production
export SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(48))')"
export DATABASE_URL="${PG_ADMIN_URL%/*}/$DB_NAME"
export SESSION_COOKIE_SECURE=false
export UPLOAD_DIR="$WORK/uploads"   # one shared directory for both processes
mkdir -p "$UPLOAD_DIR"

log "migrating and loading the demo into $DB_NAME"
"${FLASK[@]}" db upgrade >"$WORK/upgrade.log" 2>&1 || { cat "$WORK/upgrade.log"; fail "flask db upgrade"; }
"${FLASK[@]}" techfest demo >"$WORK/demo.log" 2>&1 || { tail -20 "$WORK/demo.log"; fail "flask techfest demo"; }

# The fair runs today for this check; pick a point the demo's check-in staff works at and an
# attendee registered just now, and print the attendee's badge token and the point code.
read -r BADGE POINT < <("$PY" - <<'EOF'
from datetime import date, timedelta
from sqlalchemy import select
from techfest import create_app
from techfest.core.db import db
from techfest.checkin.models import CheckinPoint
from techfest.registration.services import badge_token, register

app = create_app("production")
with app.app_context():
    point = db.session.scalars(select(CheckinPoint).where(CheckinPoint.single_entry.is_(True))
                               .order_by(CheckinPoint.id)).first()
    edition = point.edition
    today = date.today()
    edition.start_date, edition.end_date = today - timedelta(days=1), today + timedelta(days=1)
    point.days, point.types = [], []
    db.session.commit()
    outcome = register(edition, {"name": "Kiểm Tra Vận Hành", "email": "kiem-tra-van-hanh@example.vn",
                                 "type": "visitor", "days": None, "organisation": "Techfest", "phone": ""},
                       source="organizer", notify_attendee=False)
    token = badge_token(outcome.registration)
    if not token:
        raise SystemExit(f"the new registration has no badge ({outcome.registration.status})")
    print(token, point.code)
EOF
)
[ -n "${BADGE:-}" ] && [ -n "${POINT:-}" ] || fail "no badge/point from the demo"
STAFF_TOKEN="$("${FLASK[@]}" techfest create-token --email checkin@techfest.example 2>/dev/null | tail -1)"
[[ "$STAFF_TOKEN" == tfp_* ]] || fail "create-token did not print a token"

for port in "$PORT_A" "$PORT_B"; do
  .venv/bin/gunicorn --workers 2 --bind "127.0.0.1:$port" wsgi:app >"$WORK/gunicorn-$port.log" 2>&1 &
  PIDS+=($!)
done

for port in "$PORT_A" "$PORT_B"; do
  for _ in $(seq 1 60); do
    curl -fsS "http://127.0.0.1:$port/healthz" >"$WORK/health-$port.json" 2>/dev/null && break
    sleep 0.5
  done
  grep -q '"database": *"ok"' "$WORK/health-$port.json" 2>/dev/null || fail "/healthz on port $port"
  log "/healthz on port $port: $(cat "$WORK/health-$port.json")"
done

# The same badge at the same point through both processes, at the same moment.
scan() {  # port nonce
  curl -sS -X POST "http://127.0.0.1:$1/api/v1/checkin" \
    -H "Authorization: Bearer $STAFF_TOKEN" -H "Content-Type: application/json" \
    -d "{\"token\": \"$BADGE\", \"point\": \"$POINT\", \"nonce\": \"$2\"}" >"$WORK/scan-$1.json"
}
scan "$PORT_A" "prod-check-a" & A=$!
scan "$PORT_B" "prod-check-b" & B=$!
wait $A && wait $B || fail "a check-in request failed"

STATUSES="$("$PY" -c 'import json,sys; print(" ".join(json.load(open(f)).get("status", "?") for f in sys.argv[1:]))' \
  "$WORK/scan-$PORT_A.json" "$WORK/scan-$PORT_B.json")"
log "check-in answers (port $PORT_A, port $PORT_B): $STATUSES"
OKS="$(tr ' ' '\n' <<<"$STATUSES" | grep -cx ok || true)"
[ "$OKS" = 1 ] || fail "expected exactly one ok, got: $STATUSES"
tr ' ' '\n' <<<"$STATUSES" | grep -qx already_checked_in || fail "the second scan was not already_checked_in: $STATUSES"

log "OK: two processes, one database, exactly one ok"
