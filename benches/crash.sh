#!/usr/bin/env bash
# Crash test: no acknowledged order, cart change or their events is lost (or stored twice) when
# the shop is killed with kill -9 under load, and the shop restarts cleanly on what it left.
#
#   bash benches/crash.sh                                        # SQLite, 3 rounds of 20 s
#   SHOP_BIN=target/debug/storefront DURATION=10 ROUNDS=2 bash benches/crash.sh
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres bash benches/crash.sh
#
# Builds nothing: it runs $SHOP_BIN (default target/release/storefront; build it first,
# e.g. cargo build --release). Settings (environment): DURATION seconds of load a round (20),
# ROUNDS (3), SHOPPERS concurrent shoppers (16), PORT (18291), HISTORY_INTERACTIONS the first
# start seeds (20000, to seed and train fast), STARTUP_TIMEOUT seconds to wait for /healthz
# (600), KEEP=1 keeps the work directory (and the PostgreSQL database) even on success.
# DATABASE_URL=postgres://… runs it on a fresh database created on that server (psql needed;
# without psql or without the server it says SKIPPED and exits 0); anything else: SQLite in a
# fresh temporary directory.
#
# Each round: start the shop on the same database (the first start creates, seeds and trains),
# wait for GET /healthz, run benches/crash_driver.py (SHOPPERS threads, each its own session
# cookie, looping: view a product, add it to the cart 1-3 times, sometimes view the cart, open
# the checkout and place the order), and after DURATION seconds kill -9 the shop mid-load. The
# driver logs, flushed line by line, every add and order it is about to post and every 303 it
# got back (an acknowledgement), every product page answered 200 (an acknowledged view). Then,
# with the shop dead, it checks the database as the crash left it:
#   - every acknowledged order id is in `orders`, for the shopper it was acknowledged to, with
#     exactly one OrderCompleted event carrying that orderId; no order without its event or
#     event without its order; no shopper has more orders stored than checkouts posted;
#   - every acknowledged add has its ProductAdded event (matched per shopper, product and
#     quantity); none is stored more often than it was posted;
#   - each shopper's events replay into exactly what is stored: every ProductAdded's cart totals,
#     every OrderCompleted's lines (and the order's stored lines), and the cart left in
#     `cart_lines` after the last order (a change and its event are one transaction);
#   - views (and cart/checkout views) are recorded through a queue flushed every 100 ms: the
#     ones lost to kill -9 are counted and reported (how long before the kill they were
#     acknowledged), as information, not as failure.
# After the last round the shop is started once more (recovering from the last kill) and stopped
# normally, and every round is checked again: the restarts lost or duplicated nothing either.
# The summary tables follow; the exit status is 1 if anything acknowledged is missing or
# duplicated (the work directory with the logs is then kept), 2 if the test could not run.
#
# kill -9 kills the process, not the machine: what the OS has accepted survives it (SQLite runs
# in WAL mode with synchronous=NORMAL, which is durable against process crashes but may lose the
# last transactions on power loss). This test does not simulate power loss.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${SHOP_BIN:-target/release/storefront}
unset SHOP_BIN
DURATION=${DURATION:-20}
ROUNDS=${ROUNDS:-3}
SHOPPERS=${SHOPPERS:-16}
PORT=${PORT:-18291}
HISTORY_INTERACTIONS=${HISTORY_INTERACTIONS:-20000}
STARTUP_TIMEOUT=${STARTUP_TIMEOUT:-600}
DRIVER=benches/crash_driver.py
BASE="http://127.0.0.1:$PORT"

die() { echo "crash.sh: $*" >&2; exit 2; }
[ -x "$BIN" ] || die "no binary at $BIN (build it, or set SHOP_BIN=target/debug/storefront)"
command -v python3 >/dev/null || die "python3 is needed"
command -v curl >/dev/null || die "curl is needed"
newer=$(find src crates migrations templates -newer "$BIN" -type f 2>/dev/null | head -1 || true)
[ -z "$newer" ] || echo "crash.sh: warning: $BIN is older than $newer (stale build?)" >&2
if curl -fs -m 2 "$BASE/healthz" >/dev/null 2>&1; then
  die "something already answers on $BASE; set PORT to a free port"
fi

work=$(mktemp -d /tmp/storefront-crash.XXXXXX)
server=""
driver=""
pg_admin=""
pg_db=""
status=2
cleanup() {
  [ -z "$driver" ] || { kill "$driver" 2>/dev/null || true; wait "$driver" 2>/dev/null || true; }
  [ -z "$server" ] || { kill -9 "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
  if [ "$status" = 0 ] && [ "${KEEP:-}" != 1 ]; then
    [ -z "$pg_db" ] || psql -X -q -d "$pg_admin" -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$work"
  else
    echo "crash.sh: kept $work${pg_db:+ and database $pg_db}" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

case "${DATABASE_URL:-}" in
  postgres://* | postgresql://*)
    if ! command -v psql >/dev/null; then
      echo "SKIPPED: DATABASE_URL is PostgreSQL but psql is not installed"; status=0; exit 0
    fi
    if ! psql -X -q -d "$DATABASE_URL" -c 'SELECT 1' >/dev/null 2>&1; then
      echo "SKIPPED: cannot reach PostgreSQL at $DATABASE_URL"; status=0; exit 0
    fi
    pg_admin=$DATABASE_URL
    pg_db="storefront_crash_$(date +%s)_$$"
    psql -X -q -d "$pg_admin" -c "CREATE DATABASE $pg_db" >/dev/null
    db=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$pg_admin" "$pg_db")
    backend="PostgreSQL (database $pg_db)"
    ;;
  "" | sqlite:*)
    db="sqlite://$work/shop.db"
    backend="SQLite ($work/shop.db)"
    ;;
  *) die "DATABASE_URL must be postgres://… or sqlite:… (or unset)" ;;
esac

serve_flags=(--bind "127.0.0.1:$PORT" --database "$db")
if "$BIN" serve --help | grep -q -- '--history-interactions'; then
  serve_flags+=(--history-interactions "$HISTORY_INTERACTIONS")
fi

# Starts the shop in the background ($server) and waits for /healthz; $startup: seconds taken.
start_server() {
  local log=$1 t0
  t0=$(date +%s.%N)
  "$BIN" serve "${serve_flags[@]}" >"$log" 2>&1 &
  server=$!
  while ! curl -fs -m 2 "$BASE/healthz" >/dev/null 2>&1; do
    if ! kill -0 "$server" 2>/dev/null; then
      wait "$server" 2>/dev/null || true
      server=""
      echo "crash.sh: the shop exited while starting; the end of $log:" >&2
      tail -20 "$log" >&2
      exit 1
    fi
    if python3 -c 'import sys, time; sys.exit(time.time() - float(sys.argv[1]) < float(sys.argv[2]))' "$t0" "$STARTUP_TIMEOUT"; then
      echo "crash.sh: no /healthz after ${STARTUP_TIMEOUT}s; the end of $log:" >&2
      tail -20 "$log" >&2
      exit 1
    fi
    sleep 0.1
  done
  startup=$(python3 -c 'import sys, time; print(round(time.time() - float(sys.argv[1]), 2))' "$t0")
}

echo "crash test: $BIN on $backend; $ROUNDS rounds of ${DURATION}s, $SHOPPERS shoppers, kill -9 under load"
echo "machine: $(nproc) cores, $(uname -m); work directory $work"
since=$(date -u -d '-60 sec' +%Y-%m-%dT%H:%M:%SZ)
failed=0
rounds=""
for r in $(seq 1 "$ROUNDS"); do
  start_server "$work/server.$r.log"
  echo "round $r: shop up after ${startup}s (pid $server); loading for ${DURATION}s"
  python3 "$DRIVER" run --base "$BASE" --out "$work/acks.$r.jsonl" --shoppers "$SHOPPERS" \
    --round "$r" >"$work/driver.$r.json" 2>"$work/driver.$r.err" &
  driver=$!
  sleep "$DURATION"
  health=$(curl -fs -m 1 "$BASE/healthz" 2>/dev/null || true)
  kill_at=$(date +%s.%N)
  kill -9 "$server"
  wait "$server" 2>/dev/null || true
  server=""
  # Let the shoppers see the dead shop, then stop them.
  sleep 0.3
  kill -TERM "$driver"
  wait "$driver" || { echo "crash.sh: the driver failed:" >&2; cat "$work/driver.$r.err" >&2; exit 2; }
  driver=""
  printf '{"round": %s, "startup_s": %s, "kill_at": %s, "health": %s}\n' \
    "$r" "$startup" "$kill_at" "${health:-null}" >"$work/meta.$r.json"
  rounds="${rounds:+$rounds,}$r"
  # The database exactly as the crash left it (nothing has restarted on it yet).
  python3 "$DRIVER" check --quiet --bin "$BIN" --database "$db" --work "$work" --rounds "$r" \
    --since "$since" --title "after kill -9" --json "$work/check.$r.json" || failed=1
done

# Recover from the last kill too, then stop normally, and check every round again.
start_server "$work/server.final.log"
echo "final restart: shop up after ${startup}s; stopping it normally"
kill -TERM "$server"
wait "$server" 2>/dev/null || true
server=""
python3 "$DRIVER" check --bin "$BIN" --database "$db" --work "$work" --rounds "$rounds" \
  --since "$since" --title "$backend, every round checked again after the final restart" \
  --json "$work/check.final.json" || failed=1

if [ "$failed" = 0 ]; then
  status=0
else
  status=1
  echo "crash.sh: FAILED — logs, acknowledgements and check results in $work" >&2
fi
exit "$status"
