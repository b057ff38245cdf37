#!/usr/bin/env bash
# Production check: follows the README's "Production" section on this machine, as far as it
# allows (no TLS, so SESSION_COOKIE_SECURE=false). Creates a fresh PostgreSQL database, applies
# the migrations, loads the demo, starts TWO gunicorn processes A and B (not workers of one) on
# 127.0.0.1 with Redis for rate limits (RATELIMIT_STORAGE_URI) and the job queue (JOB_QUEUE_URL),
# plus one `flask techfest worker`, checks /healthz on both, then shows that nothing depends on
# one process's memory:
#   check-in     the same badge checked in through A and B at once: exactly one "ok"
#   rate limits  wrong-password logins alternating A, B: the 5th POST in total gets 429, on both
#   sessions     logged in through A, an organizer-only page answers 200 through B
#   jobs         a bulk badge print started through A runs in the worker; B reports its
#                progress and serves the PDF
# Stops everything, drops the database and empties the check's Redis databases; exits non-zero
# on any failure.
#
#   make production-check       (PG_ADMIN_URL, PROD_CHECK_DB, PORT_A, PORT_B, REDIS_URL,
#                                 REDIS_DB_LIMITS, REDIS_DB_JOBS may be overridden)
set -euo pipefail
cd "$(dirname "$0")/.."

PG_ADMIN_URL="${PG_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
DB_NAME="${PROD_CHECK_DB:-techfest_prod_check}"
PORT_A="${PORT_A:-18431}"
PORT_B="${PORT_B:-18432}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
REDIS_DB_LIMITS="${REDIS_DB_LIMITS:-13}"  # Redis databases kept for this check, emptied at the
REDIS_DB_JOBS="${REDIS_DB_JOBS:-14}"      # start and at the end (the tests use 15)
PY=.venv/bin/python
FLASK=(.venv/bin/flask --app wsgi)
WORK="$(mktemp -d -t techfest-prod-check-XXXXXX)"
PIDS=()

log() { echo "[production-check] $*"; }
fail() { echo "[production-check] FAILED: $*" >&2; exit 1; }
redis_flush() {  # URL... : empty these Redis databases
  "$PY" -c 'import sys, redis; [redis.Redis.from_url(u, socket_connect_timeout=3).flushdb() for u in sys.argv[1:]]' "$@"
}

cleanup() {
  local rc=$?
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  psql "$PG_ADMIN_URL" -q -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null 2>&1 || true
  redis_flush "$REDIS_URL/$REDIS_DB_LIMITS" "$REDIS_URL/$REDIS_DB_JOBS" >/dev/null 2>&1 || true
  if [ $rc -ne 0 ]; then
    for f in "$WORK"/gunicorn-*.log "$WORK"/worker.log; do [ -f "$f" ] && { echo "--- $f (tail)"; tail -20 "$f"; }; done
  fi
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT

psql "$PG_ADMIN_URL" -q -c "SELECT 1" >/dev/null || fail "PostgreSQL not reachable at $PG_ADMIN_URL"
psql "$PG_ADMIN_URL" -q -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null
psql "$PG_ADMIN_URL" -q -c "CREATE DATABASE $DB_NAME" >/dev/null
redis_flush "$REDIS_URL/$REDIS_DB_LIMITS" "$REDIS_URL/$REDIS_DB_JOBS" >/dev/null 2>&1 \
  || fail "Redis not reachable at $REDIS_URL (Debian: apt-get install redis-server)"

# The README's environment; LOGIN_RATE_LIMIT is low so that a few POSTs reach it.
export TECHFEST_ENV=production
export SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(48))')"
export DATABASE_URL="${PG_ADMIN_URL%/*}/$DB_NAME"
export SESSION_COOKIE_SECURE=false
export UPLOAD_DIR="$WORK/uploads"   # one shared directory for both processes and the worker
export RATELIMIT_STORAGE_URI="$REDIS_URL/$REDIS_DB_LIMITS"
export JOB_QUEUE_URL="$REDIS_URL/$REDIS_DB_JOBS"
export LOGIN_RATE_LIMIT="4 per minute"
export LOG_FORMAT=json
mkdir -p "$UPLOAD_DIR"

log "migrating and loading the demo into $DB_NAME"
"${FLASK[@]}" db upgrade >"$WORK/upgrade.log" 2>&1 || { cat "$WORK/upgrade.log"; fail "flask db upgrade"; }
"${FLASK[@]}" techfest demo >"$WORK/demo.log" 2>&1 || { tail -20 "$WORK/demo.log"; fail "flask techfest demo"; }

# The fair runs today for this check; pick a point the demo's check-in staff works at and an
# attendee registered just now, and print the badge token, the point code and the edition slug.
read -r BADGE POINT SLUG < <("$PY" - <<'EOF'
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
    print(token, point.code, edition.slug)
EOF
)
[ -n "${BADGE:-}" ] && [ -n "${POINT:-}" ] && [ -n "${SLUG:-}" ] || fail "no badge/point/edition from the demo"
STAFF_TOKEN="$("${FLASK[@]}" techfest create-token --email checkin@techfest.example 2>/dev/null | tail -1)"
[[ "$STAFF_TOKEN" == tfp_* ]] || fail "create-token did not print a token"

for port in "$PORT_A" "$PORT_B"; do
  .venv/bin/gunicorn --workers 2 --bind "127.0.0.1:$port" wsgi:app >"$WORK/gunicorn-$port.log" 2>&1 &
  PIDS+=($!)
done
"${FLASK[@]}" techfest worker >"$WORK/worker.log" 2>&1 &   # runs the queued bulk prints
PIDS+=($!)

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
log "check-in: exactly one ok"

URL_A="http://127.0.0.1:$PORT_A"
URL_B="http://127.0.0.1:$PORT_B"
csrf_token() {  # html file -> the first CSRF token in it
  grep -m1 -oE 'name="csrf_token"[^>]*value="[^"]+"' "$1" | sed -nE '1s/.*value="([^"]+)"/\1/p'
}
http() {  # cookie-jar url [curl args...] -> prints the status code; the body goes to $WORK/body
  local jar=$1 url=$2
  shift 2
  curl -sS -o "$WORK/body" -w '%{http_code}' -b "$jar" -c "$jar" "$@" "$url"
}

# Rate limits: login POSTs are counted per client address in Redis, so A and B share the count.
JAR="$WORK/guesser.jar"
[ "$(http "$JAR" "$URL_A/login")" = 200 ] || fail "GET /login"
TOKEN="$(csrf_token "$WORK/body")"
[ -n "$TOKEN" ] || fail "no CSRF token in the login form"
CODES=()
for url in "$URL_A" "$URL_B" "$URL_A" "$URL_B" "$URL_A" "$URL_B"; do
  CODES+=("$(http "$JAR" "$url/login" -X POST --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode "email=organizer@techfest.example" --data-urlencode "password=not-the-password")")
done
log "rate limits: wrong-password logins A B A B A B with LOGIN_RATE_LIMIT=\"$LOGIN_RATE_LIMIT\": ${CODES[*]}"
[ "${CODES[*]}" = "422 422 422 422 429 429" ] || fail "expected 422 four times, then 429 from both, got: ${CODES[*]}"
KEYS="$("$PY" -c 'import sys, redis; print(redis.Redis.from_url(sys.argv[1]).dbsize())' "$RATELIMIT_STORAGE_URI")"
[ "$KEYS" -gt 0 ] || fail "no rate-limit counter in $RATELIMIT_STORAGE_URI"
redis_flush "$RATELIMIT_STORAGE_URI"  # the counters are there: emptying it lets the next login in
log "rate limits: one count for both processes, kept in $RATELIMIT_STORAGE_URI ($KEYS key(s), emptied now)"

# Sessions: signed cookies, the same SECRET_KEY in every process.
JAR="$WORK/organizer.jar"
[ "$(http "$JAR" "$URL_A/login")" = 200 ] || fail "GET /login"
TOKEN="$(csrf_token "$WORK/body")"
CODE="$(http "$JAR" "$URL_A/login" -X POST --data-urlencode "csrf_token=$TOKEN" \
  --data-urlencode "email=organizer@techfest.example" --data-urlencode "password=techfest-demo")"
[ "$CODE" = 302 ] || fail "the organizer's login through A answered $CODE"
CODE="$(http "$JAR" "$URL_B/editions/$SLUG/manage/badges")"
[ "$CODE" = 200 ] || fail "the organizer-only page through B answered $CODE (logged in through A)"
grep -q "/editions/$SLUG/manage/badges/print" "$WORK/body" || fail "the page through B has no print form"
log "sessions: logged in through A; /editions/$SLUG/manage/badges (organizers only) through B: $CODE"

# Jobs: a bulk print started through A, run by the worker, followed and downloaded through B.
TOKEN="$(csrf_token "$WORK/body")"
CODE="$(http "$JAR" "$URL_A/editions/$SLUG/manage/badges/print" -X POST --data-urlencode "csrf_token=$TOKEN" \
  --data-urlencode "q=Kiểm Tra Vận Hành" --data-urlencode "type=" --data-urlencode "day=")"
[ "$CODE" = 302 ] || fail "the print POST through A answered $CODE"
[ "$(http "$JAR" "$URL_B/editions/$SLUG/manage/badges")" = 200 ] || fail "the badge page through B"
JOB_URL="$(grep -m1 -oE 'data-job-url="[^"]+"' "$WORK/body" | sed -nE '1s/.*="([^"]+)"/\1/p')"
[ -n "$JOB_URL" ] || fail "no print job on the badge page through B"
SEEN=""
for _ in $(seq 1 240); do
  [ "$(http "$JAR" "$URL_B$JOB_URL" -H "Accept: application/json")" = 200 ] || fail "the job's state through B"
  read -r STATUS PROGRESS TOTAL DOWNLOAD < <("$PY" -c 'import json, sys
s = json.load(open(sys.argv[1]))
print(s["status"], s["progress"], s["total"], s.get("download") or "-")' "$WORK/body")
  [[ " $SEEN " == *" $STATUS "* ]] || SEEN="$SEEN $STATUS"
  if [ "$STATUS" = done ] || [ "$STATUS" = failed ]; then break; fi
  sleep 0.5
done
log "jobs: $JOB_URL polled through B, states seen:$SEEN; progress $PROGRESS/$TOTAL"
[ "$STATUS" = done ] || fail "the print job did not finish: $(cat "$WORK/body")"
[ "$PROGRESS" = "$TOTAL" ] && [ "$TOTAL" -ge 1 ] || fail "progress $PROGRESS of $TOTAL"
[ "$(http "$JAR" "$URL_B$DOWNLOAD")" = 200 ] || fail "downloading $DOWNLOAD through B"
[ "$(head -c 4 "$WORK/body")" = "%PDF" ] || fail "the download through B is not a PDF"
"$PY" -c 'import sys, unicodedata
from pypdf import PdfReader
text = unicodedata.normalize("NFC", "".join(page.extract_text() for page in PdfReader(sys.argv[1]).pages))
sys.exit(0 if "Kiểm Tra Vận Hành" in text else "the attendee name is not in the PDF")' "$WORK/body"
DONE_LINE="$(grep -m1 "\"message\": \"badge job ${JOB_URL##*/} done" "$WORK/worker.log" || true)"
[ -n "$DONE_LINE" ] || fail "the worker did not log (as JSON) that it ran job ${JOB_URL##*/}"
log "jobs: $DOWNLOAD through B: a PDF of $(stat -c %s "$WORK/body") bytes with the attendee's name"
log "jobs: run by the worker, its JSON log line: $DONE_LINE"

log "OK: two processes, one database, one Redis: check-in, rate limits, sessions and job progress are shared"
