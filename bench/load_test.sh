#!/usr/bin/env bash
# Load test: the service under gunicorn on PostgreSQL, on loopback only, driven by locust for a bounded time.
#   bench/load_test.sh
# Starts PostgreSQL if it is down (and stops it again), creates the database if missing, migrates, loads the
# province-scale pool (bench/load_data.py, once), serves it with gunicorn on 127.0.0.1 beside one job worker, runs
# locust headless (bench/locustfile.py) and prints throughput, p50, p99 and errors; then stops what it started.
# Settings (environment):
#   LOAD_DB=talent_load      database name (on postgres@127.0.0.1:5432); LOAD_FRESH=1 drops it first
#   LOAD_CADRES=50000        size of the pool
#   LOAD_USERS=20 LOAD_SPAWN_RATE=5 LOAD_SECONDS=60 LOAD_MAX_REQUESTS=50000
#   LOAD_WORKERS=4 LOAD_PORT=8765
#   LOAD_SERVERS=1           app servers: 2 runs a second gunicorn (LOAD_WORKERS workers each) on LOAD_PORT+1
#                            against the same database, and locust spreads its users over both
#   LOAD_LEAVE_OUT="reports/leadership (PDF)"   request names (as in the summary) to leave out of the mix
#   PYTHON=.venv/bin/python  the virtualenv to use (set up by bin/setup when it is the default)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-.venv/bin/python}
if [ "$PYTHON" = .venv/bin/python ]; then
  bin/setup
  "$PYTHON" -c "import locust" 2>/dev/null || "$PYTHON" -m pip install --quiet -e ".[load]"
fi
bindir=$(dirname "$PYTHON")
db=${LOAD_DB:-talent_load}
port=${LOAD_PORT:-8765}
server=postgres://postgres@127.0.0.1:5432
out=var/load/$db
mkdir -p "$out"

started_postgres=""
served_pids=""
finish() {
  for pid in $served_pids; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  if [ -n "$started_postgres" ]; then
    echo "== stopping PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$started_postgres" main stop
  fi
}
trap finish EXIT

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  started_postgres=$(ls /etc/postgresql | head -n1)
  echo "== starting PostgreSQL $started_postgres"
  pg_ctlcluster --skip-systemctl-redirect "$started_postgres" main start
  for _ in $(seq 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi

# The encryption key belongs with the data it encrypted: a database without its key is rebuilt.
if [ "${LOAD_FRESH:-0}" = 1 ] || [ ! -f "$out/keys.env" ]; then
  psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $db" >/dev/null
  "$PYTHON" - > "$out/keys.env" <<'PY'
import secrets
from cryptography.fernet import Fernet
print(f"DJANGO_SECRET_KEY={secrets.token_urlsafe(50)}")
print(f"FIELD_ENCRYPTION_KEYS={Fernet.generate_key().decode()}")
PY
fi
psql "$server/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
  || psql "$server/postgres" -qc "CREATE DATABASE $db" >/dev/null

set -a; . "$out/keys.env"; set +a
# Production settings, served over plain http on loopback: no https redirect, no secure-only cookies, no HSTS.
export DJANGO_SETTINGS_MODULE=config.settings DATABASE_URL="$server/$db" DJANGO_ALLOWED_HOSTS=127.0.0.1 \
  DJANGO_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0 DJANGO_HSTS_SECONDS=0 LOG_LEVEL=WARNING

echo "== data ($db)"
"$PYTHON" bench/load_data.py "$out/plan.json" --cadres "${LOAD_CADRES:-50000}"

# A job worker, as production runs beside the app servers: a result not yet cached (the leadership report on a new
# day) is computed by a job while the request answers 202, and answered at once from then on. Without one, the
# report answered 202 for the whole run and the mix measured no report.
"$PYTHON" manage.py db_worker --no-reload --interval 1 > "$out/worker.log" 2>&1 &
served_pids="$served_pids $!"

workers=${LOAD_WORKERS:-4}
servers=${LOAD_SERVERS:-1}
hosts=""
for n in $(seq 0 $((servers - 1))); do
  p=$((port + n))
  echo "== gunicorn, $workers workers, on 127.0.0.1:$p"
  "$bindir/gunicorn" config.wsgi -w "$workers" -b "127.0.0.1:$p" --log-level warning &
  served_pids="$served_pids $!"
  hosts="$hosts${hosts:+,}http://127.0.0.1:$p"
  for _ in $(seq 60); do
    "$PYTHON" -c "import urllib.request, urllib.error, sys
try: urllib.request.urlopen('http://127.0.0.1:$p/api/v1/me/', timeout=2)
except urllib.error.HTTPError: sys.exit(0)
except OSError: sys.exit(1)" && break
    sleep 1
  done
done

users=${LOAD_USERS:-20}
seconds=${LOAD_SECONDS:-60}
echo "== locust: $users users over $servers server(s) for at most ${seconds} s or ${LOAD_MAX_REQUESTS:-50000} requests" \
     "(load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores)"
LOAD_HOSTS="$hosts" LOAD_PLAN="$out/plan.json" LOAD_MAX_REQUESTS=${LOAD_MAX_REQUESTS:-50000} "$bindir/locust" \
  -f bench/locustfile.py --headless --host "http://127.0.0.1:$port" -u "$users" -r "${LOAD_SPAWN_RATE:-5}" \
  -t "${seconds}s" --stop-timeout 10 --only-summary --csv "$out/locust" --loglevel WARNING > "$out/locust.log" 2>&1 \
  || true  # locust exits 1 when a request failed; the summary below counts them (details in locust.log)
echo "   load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

"$PYTHON" - "$out/locust_stats.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
width = max(len(row["Name"]) for row in rows)
print(f"\n{'endpoint':<{width}} {'requests':>9} {'errors':>7} {'p50 ms':>7} {'p99 ms':>7}")
for row in rows:
    if row["Name"] == "Aggregated":
        total = row
        continue
    print(f"{row['Name']:<{width}} {row['Request Count']:>9} {row['Failure Count']:>7} {row['50%']:>7} {row['99%']:>7}")
print(f"\nthroughput {float(total['Requests/s']):.1f} requests/s, p50 {total['50%']} ms, p99 {total['99%']} ms, "
      f"errors {total['Failure Count']} of {total['Request Count']} requests")
PY
