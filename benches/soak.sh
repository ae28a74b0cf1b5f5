#!/usr/bin/env bash
# Soak: a million first visits (no cookie: each request a new session and a new provisional
# shopper) to product pages under wrk, with the shop's resident memory sampled every second,
# then an idle minute. It measures two promises of issue 15 at once:
#   - memory stays bounded: the live per-visitor state and the recommendation memo have byte
#     budgets, so the shop's own memory (RssAnon: VmRSS without the database file SQLite maps,
#     which is page cache) must stay under BOUND_MB (500) however many visitors came;
#   - no acknowledged event is lost at the highest rate the shop serves: every 200 wrk got is a
#     ProductViewed in the database (the tracker waits for room instead of dropping), and the
#     tracker's own counters say how often pages waited (back-pressure) and dropped nothing.
#
#   bash benches/soak.sh                         # 1,000,000 visits, 32 connections
#   VISITS=200000 CONNS=64 bash benches/soak.sh
#   SHOP_BIN=target/debug/storefront bash benches/soak.sh
#
# Builds nothing: SHOP_BIN defaults to target/release/storefront (cargo build --release first).
# Needs wrk (apt-get install wrk), curl and python3 (standard library). Prints a summary and
# writes the RSS samples to $OUT (default /tmp/soak-rss.csv). Exits 1 when RSS ends over the
# bound or a served view is missing from the database.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${SHOP_BIN:-target/release/storefront}
VISITS=${VISITS:-1000000}
CONNS=${CONNS:-32}
THREADS=${THREADS:-2}
PORT=${PORT:-18292}
IDLE=${IDLE:-60}
BOUND_MB=${BOUND_MB:-500}
OUT=${OUT:-/tmp/soak-rss.csv}
HISTORY=${HISTORY_INTERACTIONS:-100000}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[ -x "$BIN" ] || { echo "no shop binary at $BIN (cargo build --release)" >&2; exit 2; }

dir=$(mktemp -d)
db="sqlite://$dir/shop.db"
"$BIN" serve --bind "127.0.0.1:$PORT" --database "$db" --history-interactions "$HISTORY" \
  >"$dir/server.log" 2>&1 &
server=$!
sampler=
trap 'kill $server 2>/dev/null || true; [ -z "$sampler" ] || kill $sampler 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 1200); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || { cat "$dir/server.log" >&2; exit 2; }
  sleep 0.5
done
# The shop's own memory (RssAnon): what its state takes. VmRSS adds file-backed pages (the
# database SQLite maps with mmap), which are the kernel's page cache; both are sampled.
rss_mb() { awk '/RssAnon/ {printf "%.0f", $2 / 1024}' "/proc/$server/status"; }
vm_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$server/status"; }
start_rss=$(rss_mb)

# Product ids, from the category pages' first pages.
python3 - "$PORT" "$dir/products" <<'PY'
import re, sys, urllib.request
port, out = sys.argv[1], sys.argv[2]
home = urllib.request.urlopen(f"http://127.0.0.1:{port}/").read().decode()
ids = []
for cat in sorted(set(re.findall(r'href="/category/([^"?]+)"', home))):
    page = urllib.request.urlopen(f"http://127.0.0.1:{port}/category/{cat}").read().decode()
    ids += re.findall(r'data-product-id="([^"]+)"', page)
open(out, "w").write("\n".join(dict.fromkeys(ids)) + "\n")
PY
products=$(wc -l <"$dir/products")

echo "seconds,anon_mb,rss_mb" >"$OUT"
( t=0; while kill -0 $server 2>/dev/null; do echo "$t,$(rss_mb),$(vm_mb)" >>"$OUT"; sleep 1; t=$((t + 1)); done ) &
sampler=$!

# Runs of CHUNK seconds until VISITS views were answered (the rate falls when the event writer
# sets the pace, so no single duration fits).
CHUNK=${CHUNK:-30}
load_started=$(python3 -c 'import time; print(int(time.time() * 1e6))')
answered=0
runs=0
while [ "$answered" -lt "$VISITS" ]; do
  runs=$((runs + 1))
  PRODUCTS="$dir/products" wrk -t"$THREADS" -c"$CONNS" -d"${CHUNK}s" --latency -s benches/soak.lua \
    "http://127.0.0.1:$PORT" >"$dir/wrk.$runs.txt"
  ok=$(awk '/requests in/ {total = $1} /Non-2xx/ {bad = $5} END {print total - bad}' "$dir/wrk.$runs.txt")
  answered=$((answered + ok))
done
seconds=$((runs * CHUNK))
peak_load=$(awk -F, 'NR > 1 && $2 > m {m = $2} END {print m}' "$OUT")
peak_vm=$(awk -F, 'NR > 1 && $3 > m {m = $3} END {print m}' "$OUT")
end_load=$(rss_mb)
sleep "$IDLE"
idle_rss=$(rss_mb)
idle_vm=$(vm_mb)
health=$(curl -fs "http://127.0.0.1:$PORT/healthz")
metrics=$(curl -fs "http://127.0.0.1:$PORT/metrics")

# Stop gracefully (the tracker writes what is queued), then count what the database holds.
kill -TERM $server
wait $server 2>/dev/null || true
kill $sampler 2>/dev/null || true
sampler=
python3 - "$dir" "$runs" "$seconds" "$start_rss" "$peak_load" "$end_load" "$idle_rss" \
  "$BOUND_MB" "$products" "$health" "$metrics" "$load_started" "$peak_vm" "$idle_vm" <<'PY'
import glob, json, re, sqlite3, sys
(d, runs, seconds, start, peak, end, idle, bound, products, health, metrics, began, peak_vm,
 idle_vm) = sys.argv[1:]
outputs = [open(f).read() for f in sorted(glob.glob(f"{d}/wrk.*.txt"))]
wrk = outputs[-1]
def grab(pattern, text=wrk, cast=float):
    m = re.search(pattern, text)
    return cast(m.group(1)) if m else None
def ok_responses(text):
    total = grab(r"(\d+) requests in", text, int) or 0
    return total - (grab(r"Non-2xx or 3xx responses: (\d+)", text, int) or 0)
total = sum(grab(r"(\d+) requests in", o, int) or 0 for o in outputs)
non2xx = sum(grab(r"Non-2xx or 3xx responses: (\d+)", o, int) or 0 for o in outputs)
errors = sum(int(x) for o in outputs for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", o))
rates = [grab(r"Requests/sec:\s+([\d.]+)", o) for o in outputs]
p50s = [grab(r"50%\s+([\d.]+\w+)", o, str) for o in outputs]
p99s = [grab(r"99%\s+([\d.]+\w+)", o, str) for o in outputs]
served = sum(ok_responses(o) for o in outputs)
db = sqlite3.connect(f"{d}/shop.db")
# The load's views only: the seeded history and the product list's page views came before.
stored = db.execute("SELECT count(*) FROM events WHERE event_type = 'ProductViewed' "
                    "AND occurred_at >= ?", (int(began),)).fetchone()[0]
visitors = db.execute("SELECT count(DISTINCT user_id) FROM events WHERE event_type = "
                      "'ProductViewed' AND occurred_at >= ?", (int(began),)).fetchone()[0]
sinks = {s["sink"]: s for s in json.loads(health)["events"]["sinks"]}
dbs = sinks["database"]
mem = dict(re.findall(r'engine_memory_bytes\{part="(\w+)"\} ([\d.e+]+)', metrics))
shoppers = dict(re.findall(r'engine_memory_shoppers\{part="(\w+)"\} ([\d.e+]+)', metrics))
print(f"products {products}; wrk: {total} requests in {seconds} s ({runs} runs), requests/s by "
      f"run {[round(r) for r in rates]}, p50 {p50s}, p99 {p99s}, non-2xx {non2xx}, socket errors {errors}")
print(f"views answered 200 {served}; ProductViewed stored since the load began {stored} "
      f"({stored - served:+d}: requests the shop answered after wrk stopped reading); "
      f"distinct visitors {visitors}")
print(f"tracker (database): delivered {dbs['delivered']}, dropped {dbs['dropped']}, failed "
      f"{dbs['failed']}, pages that waited for room {dbs['waited']}")
for part in mem:
    print(f"engine {part}: {float(mem[part]) / 2**20:.1f} MiB for {float(shoppers[part]):.0f} shoppers")
print(f"own memory (RssAnon) MB: start {start}, peak under load {peak}, end of load {end}, "
      f"after the idle wait {idle} (bound {bound}); VmRSS with the mapped database: peak "
      f"{peak_vm}, idle {idle_vm}")
ok = (int(peak) <= int(bound) and int(idle) <= int(bound) and dbs["dropped"] == 0
      and dbs["failed"] == 0 and stored >= served)
print("PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
