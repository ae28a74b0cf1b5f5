#!/usr/bin/env bash
# Load test: throughput and latency of /healthz, / and /product/{id} under wrk, each page as a
# ratio to /healthz measured in the same run. Needs wrk (Debian: apt-get install wrk).
#
#   bash benches/load.sh                 # 15 s per page, 32 connections
#   DURATION=30s CONNS=64 bash benches/load.sh
#   PAGES=/ bash benches/load.sh        # /healthz and the home page only (/product: a product page)
#   BIN=/tmp/other-storefront bash benches/load.sh   # a binary built elsewhere (A/B two builds)
#   CATALOG=/tmp/gen100k DATABASE=sqlite:///tmp/h100k.db bash benches/load.sh
#       # a generated catalog (`storefront generate-seeds`) on a database seeded and trained for it
#       # beforehand (`storefront seed … --history-interactions K`, then `storefront train`): the
#       # database is used as it is and kept; without DATABASE the shop seeds a fresh one itself
#
# The requests carry one session cookie: a shopper emulating one of the fictional shoppers, so the
# home page carries personalized recommendations and every product view is a real ProductViewed
# event written to the database and folded into the live state. SHOPPER=anonymous keeps an
# anonymous (cold) shopper instead; COOKIE=none sends no cookie: every request a first visit.
# WINDOWS=N measures each page N times in a row, each row with the server's resident memory and
# how many models it has trained so far: with STOREFRONT_ENGINE__RETRAIN_INTERVAL_SECS set, what
# a background retraining does to the pages (e.g. PAGES=/ WINDOWS=40 DURATION=15s at 1M items).
# EXPERIMENT="benches/experiments/home-ab.yaml …" creates and starts these experiments first (the
# shelves they name then serve a variation and record exposures), to compare with a run without.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-15s}
CONNS=${CONNS:-32}
THREADS=${THREADS:-1}
PORT=${PORT:-18181}
COOKIE=${COOKIE:-session}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=./target/release/storefront
fi
dir=$(mktemp -d)
# With experiments, the shop re-reads them soon after the CLI starts them (a build from before
# experiments does not know the setting, so it is only set then).
refresh=()
[ -z "${EXPERIMENT:-}" ] || refresh=(env STOREFRONT_EXPERIMENTS__REFRESH_INTERVAL_MS=200)
database=${DATABASE:-sqlite://$dir/shop.db}
catalog=()
[ -z "${CATALOG:-}" ] || catalog=(--catalog "$CATALOG")
"${refresh[@]}" "$BIN" serve --bind "127.0.0.1:$PORT" --database "$database" "${catalog[@]}" \
  >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
# A large catalog takes a while to load (and a model to train, when none is saved).
for _ in $(seq 1 ${START_WAIT:-600}); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done

for file in ${EXPERIMENT:-}; do
  id=$("$BIN" experiment create "$file" --database "$database")
  "$BIN" experiment start "$id" --database "$database" >/dev/null
done
[ -z "${EXPERIMENT:-}" ] || sleep 1

jar="$dir/jar"
curl -fs -c "$jar" "http://127.0.0.1:$PORT/" >/dev/null
if [ "${SHOPPER:-emulated}" = "emulated" ]; then
  # Emulate a shopper, so that every page is personalized (home recommendations, re-ranked
  # similar items) as for a known shopper.
  csrf() { curl -fs -b "$jar" -c "$jar" "http://127.0.0.1:$PORT/profile" | grep -o 'name="csrf_token" value="[^"]*"' | head -1 | cut -d'"' -f4; }
  curl -fs -b "$jar" -c "$jar" -d "csrf_token=$(csrf)&mode=auto" "http://127.0.0.1:$PORT/profile/select" -o /dev/null
  shopper=$(curl -fs -b "$jar" -c "$jar" "http://127.0.0.1:$PORT/profile" | grep -o 'data-candidate-id="[^"]*"' | cut -d'"' -f2)
  curl -fs -b "$jar" -c "$jar" -d "csrf_token=$(csrf)&shopper_id=$shopper" "http://127.0.0.1:$PORT/profile/save" -o /dev/null
  # -c: the home page consumes the "now shopping as" message; a browser keeps the new cookie.
  home=$(curl -fs -b "$jar" -c "$jar" "http://127.0.0.1:$PORT/")
  grep -q 'data-feature="home_product_recs"' <<<"$home" || { echo "emulation did not take" >&2; exit 1; }
fi
cookie=$(awk '$6 == "storefront" {print $7}' "$jar")
product=$(curl -fs -b "$jar" "http://127.0.0.1:$PORT/category/electronics" \
  | grep -o 'data-product-id="[^"]*"' | head -1 | cut -d'"' -f2)
header=()
[ "$COOKIE" = "none" ] || header=(-H "Cookie: storefront=$cookie")

run() {
  wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "${header[@]}" "http://127.0.0.1:$PORT$1" 2>&1
}

if [ -n "${EXPERIMENT:-}" ]; then
  # Read whole before grep looks (grep -q would close the pipe early and fail it).
  pages=$(curl -fs -b "$jar" "http://127.0.0.1:$PORT/"; curl -fs -b "$jar" "http://127.0.0.1:$PORT/product/$product")
  grep -q 'data-experiment=' <<<"$pages" || { echo "no shelf carries the experiment" >&2; exit 1; }
fi
products=$(curl -fs "http://127.0.0.1:$PORT/healthz" | grep -o '"products":[0-9]*' | cut -d: -f2 || true)
echo "machine: $(nproc) cores, $(uname -m); catalog: ${CATALOG:-seeds} (${products:-?} products); wrk -t$THREADS -c$CONNS -d$DURATION; cookie: $COOKIE; shopper: ${SHOPPER:-emulated}; experiments: ${EXPERIMENT:-none}"
echo
windows=${WINDOWS:-1}
if [ "$windows" -gt 1 ]; then
  printf '| path | requests/s | ratio to /healthz | p50 | p99 | non-2xx | server CPU a request | window | server RSS | models trained |\n|---|---|---|---|---|---|---|---|---|---|\n'
else
  printf '| path | requests/s | ratio to /healthz | p50 | p99 | non-2xx | server CPU a request |\n|---|---|---|---|---|---|---|\n'
fi
# The server's CPU time so far (user + system), in clock ticks: the load generator shares the
# machine, so throughput alone moves with wrk's own share; CPU a request is the server's cost.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
ticks_per_second=$(getconf CLK_TCK)
base=""
# PAGES="/" measures only the home page after /healthz (e.g. while a profiler is attached).
paths=(/healthz)
for page in ${PAGES:-/ /product}; do
  [ "$page" = "/product" ] && page="/product/$product"
  paths+=("$page")
done
for path in "${paths[@]}"; do
 rounds=$windows
 [ "$path" != /healthz ] || rounds=1
 for window in $(seq 1 "$rounds"); do
  before=$(cpu_ticks)
  out=$(run "$path")
  after=$(cpu_ticks)
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  [ -n "$base" ] || base=$rps
  ratio=$(awk -v a="$rps" -v b="$base" 'BEGIN {printf "%.2f", a / b}')
  label=$path
  [ "$path" = "/product/$product" ] && label="/product/{id}"
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  cpu=$(awk -v t=$((after - before)) -v hz="$ticks_per_second" -v n="${requests:-0}" \
    'BEGIN {if (n > 0) printf "%.1f µs", t / hz / n * 1e6; else printf "-"}')
  if [ "$windows" -gt 1 ]; then
    rss=$(awk '/VmRSS/ {printf "%.2f GB", $2 / 1048576}' "/proc/$server/status")
    trained=$(grep -c "recommendation model trained" "$dir/server.log" || true)
    printf '| %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$rps" "$ratio" "$p50" "$p99" "${errors:-0}" "$cpu" "$window" "$rss" "$trained"
  else
    printf '| %s | %.0f | %s | %s | %s | %s | %s |\n' "$label" "$rps" "$ratio" "$p50" "$p99" "${errors:-0}" "$cpu"
  fi
 done
done
echo
curl -fs "http://127.0.0.1:$PORT/healthz"
echo
