#!/usr/bin/env bash
# Simulated shoppers (`storefront shoppers`) measuring the shop, every figure from the shop's own
# experiment results and funnels: an A/A test over many seeds, popular against the engine (A/B),
# interleaving against A/B (shoppers needed to detect the same difference), a three-armed bandit
# (allocation and regret), the workshop's before/after, and load. docs/BENCHMARKS.md quotes it.
#
#   bash benches/shoppers.sh                          # every part (about 30 minutes on 2 cores)
#   PARTS="aa ab" bash benches/shoppers.sh            # some: aa ab sensitivity bandit workshop load
#   AA_SEEDS=20 AA_COUNT=600 AB_COUNT=2000 SENS_SEEDS=10 bash benches/shoppers.sh   # the defaults
#   BIN=/tmp/other-storefront bash benches/shoppers.sh
#
# One shop (release build, SQLite, the store's own catalog and history) serves all parts; each
# experiment is created, started, visited, stopped and read through the CLI, one at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
PARTS=${PARTS:-"aa ab sensitivity bandit workshop load"}
AA_SEEDS=${AA_SEEDS:-20}
AA_COUNT=${AA_COUNT:-600}
AB_COUNT=${AB_COUNT:-2000}
SENS_SEEDS=${SENS_SEEDS:-10}
AB_LADDER=${AB_LADDER:-"50 100 200 400 800"}
IL_LADDER=${IL_LADDER:-"10 20 40 80 160"}
# The two strategies the sensitivity part compares (a large difference by default; "baseline
# embedded" with larger ladders is a small one).
SENS_PAIR=${SENS_PAIR:-"popular embedded"}
# … on this shelf (product_detail_related with "popular embedded" is a small difference).
SENS_SHELF=${SENS_SHELF:-home_product_recs}
BANDIT_COUNT=${BANDIT_COUNT:-3000}
WORKSHOP_COUNT=${WORKSHOP_COUNT:-2000}
LOAD_DURATION=${LOAD_DURATION:-60s}
LOAD_CONCURRENCY=${LOAD_CONCURRENCY:-32}
CONCURRENCY=${CONCURRENCY:-8}
PORT=${PORT:-18480}
url="http://127.0.0.1:$PORT"

bin=${BIN:-}
if [ -z "$bin" ]; then
  cargo build --release --quiet
  bin=./target/release/storefront
fi
dir=$(mktemp -d)
db="sqlite://$dir/shop.db"
shop=""
cleanup() {
  [ -z "$shop" ] || { kill "$shop" 2>/dev/null || true; wait "$shop" 2>/dev/null || true; }
  rm -rf "$dir"
}
trap cleanup EXIT
export STOREFRONT_EXPERIMENTS__REFRESH_INTERVAL_MS=200
export STOREFRONT_EXPERIMENTS__BANDIT_INTERVAL_SECS=${BANDIT_INTERVAL:-1}

start_shop() {
  "$bin" serve --bind "127.0.0.1:$PORT" --database "$db" "$@" >>"$dir/shop.log" 2>&1 &
  shop=$!
  for _ in $(seq 1 600); do
    curl -fs "$url/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$shop" 2>/dev/null || { cat "$dir/shop.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "the shop did not come up" >&2
  exit 1
}
stop_shop() {
  kill -TERM "$shop"
  wait "$shop" || true
  shop=""
}

# Every experiment's visitors arrive on the home page, where the shelf under test is.
printf 'arrival: {home: 1.0, category: 0.0, search: 0.0}\n' >"$dir/home.yaml"

# experiment NAME TYPE METRIC NAME=STRATEGY… → creates and starts it on $SHELF; its id.
SHELF=home_product_recs
experiment() {
  local name=$1 kind=$2 metric=$3
  shift 3
  {
    printf 'name: %s\nshelf: %s\ntype: %s\nmetric: %s\nvariations:\n' "$name" "$SHELF" "$kind" "$metric"
    for v in "$@"; do printf '  - {name: %s, strategy: %s}\n' "${v%%=*}" "${v#*=}"; done
  } >"$dir/$name.yaml"
  local id
  id=$("$bin" experiment create "$dir/$name.yaml" --database "$db")
  "$bin" experiment start "$id" --database "$db" >/dev/null
  sleep 0.5 # the shop re-reads its experiments every 200 ms here
  echo "$id"
}
finish() { # ID [METRIC] → results JSON on stdout, the experiment stopped
  sleep 1 # the tracker's last flush
  "$bin" experiment stop "$1" --database "$db" >/dev/null 2>&1 || true
  if [ -n "${2:-}" ]; then
    "$bin" experiment results "$1" --database "$db" --json --metric "$2"
  else
    "$bin" experiment results "$1" --database "$db" --json
  fi
}
crowd() { # COUNT SEED [more flags] → the crowd's JSON report
  local count=$1 seed=$2
  shift 2
  "$bin" shoppers --url "$url" --count "$count" --seed "$seed" --concurrency "$CONCURRENCY" \
    --params "$dir/home.yaml" --json "$@"
}

echo "== shop: seeding and training a fresh database (release build $bin)"
start_shop
echo "   up: $(curl -fs "$url/healthz" | head -c 200)"

for part in $PARTS; do
  case $part in
  aa)
    echo "== A/A: embedded against embedded on home_product_recs, $AA_SEEDS seeds × $AA_COUNT shoppers"
    for s in $(seq 1 "$AA_SEEDS"); do
      id=$(experiment "aa-$s" ab click_through a=embedded b=embedded)
      crowd "$AA_COUNT" "$((1000 + s))" >/dev/null
      finish "$id" >"$dir/aa-$s.json"
    done
    python3 - "$dir" "$AA_SEEDS" <<'PY'
import json, sys
d, n = sys.argv[1], int(sys.argv[2])
rows = [json.load(open(f"{d}/aa-{s}.json")) for s in range(1, n + 1)]
sig = sum(1 for r in rows if r["p_value"] is not None and r["p_value"] < 0.05)
srm = sum(1 for r in rows if r["srm_flagged"])
for s, r in enumerate(rows, 1):
    v = r["variations"]
    print(f"   seed {s:2}: exposed {v[0]['exposed']:4} / {v[1]['exposed']:4}  CTR {v[0]['rate']:.3f} / {v[1]['rate']:.3f}  p = {r['p_value']:.3f}  SRM p = {r['srm_p_value']:.3f}")
print(f"A/A: {sig} of {n} seeds significant at alpha 0.05 (goal: at most 2); SRM flagged on {srm} of {n} (goal: 0); smallest SRM p {min(r['srm_p_value'] for r in rows):.3f}")
PY
    ;;
  ab)
    echo "== A/B: popular against embedded on home_product_recs, $AB_COUNT shoppers"
    id=$(experiment ab-popular-embedded ab click_through popular=popular embedded=embedded)
    crowd "$AB_COUNT" 77 >"$dir/ab-crowd.json"
    finish "$id" >"$dir/ab-click.json"
    for m in add_to_cart purchase revenue; do
      "$bin" experiment results "$id" --database "$db" --json --metric "$m" >"$dir/ab-$m.json"
    done
    python3 - "$dir" <<'PY'
import json, sys
d = sys.argv[1]
crowd = json.load(open(f"{d}/ab-crowd.json"))
print(f"   crowd: {crowd['sessions']} sessions, {crowd['page_views']} pages, {crowd['orders']} orders, {crowd['errors']} errors")
for m in ["click", "add_to_cart", "purchase", "revenue"]:
    r = json.load(open(f"{d}/ab-{m}.json"))
    a, b = r["variations"]
    fmt = (lambda x: f"${x:.2f}") if m == "revenue" else (lambda x: f"{100 * x:.1f} %")
    rel = b["relative_lift"]
    print(f"A/B {r['metric']:13}: popular {fmt(a['rate'])} ({a['exposed']} exposed) vs embedded {fmt(b['rate'])} ({b['exposed']}); "
          f"relative lift {100 * rel:+.1f} % [{100 * b['relative_lift_ci_low']:+.1f}, {100 * b['relative_lift_ci_high']:+.1f}], p = {r['p_value']:.2g}; SRM p = {r['srm_p_value']:.2f}")
PY
    ;;
  sensitivity)
    read -r sa sb <<<"$SENS_PAIR"
    SHELF=$SENS_SHELF
    echo "== Interleaving against A/B: $sa vs $sb on $SHELF, $SENS_SEEDS seeds a size"
    for n in $AB_LADDER; do
      for s in $(seq 1 "$SENS_SEEDS"); do
        id=$(experiment "sens-ab-$sa-$sb-$n-$s" ab click_through "$sa=$sa" "$sb=$sb")
        crowd "$n" "$((5000 + 100 * s + n))" >/dev/null
        finish "$id" >"$dir/sens-ab-$n-$s.json"
      done
    done
    for n in $IL_LADDER; do
      for s in $(seq 1 "$SENS_SEEDS"); do
        id=$(experiment "sens-il-$sa-$sb-$n-$s" interleaving click_through "$sa=$sa" "$sb=$sb")
        crowd "$n" "$((9000 + 100 * s + n))" >/dev/null
        finish "$id" >"$dir/sens-il-$n-$s.json"
      done
    done
    SHELF=home_product_recs
    python3 - "$dir" "$SENS_SEEDS" "$AB_LADDER" "$IL_LADDER" "$sa vs $sb on $SENS_SHELF" <<'PY'
import json, sys
d, seeds = sys.argv[1], int(sys.argv[2])
def power(kind, ladder):
    out = []
    for n in map(int, ladder.split()):
        rs = [json.load(open(f"{d}/sens-{kind}-{n}-{s}.json")) for s in range(1, seeds + 1)]
        hits = sum(1 for r in rs if r["p_value"] is not None and r["p_value"] < 0.05)
        out.append((n, hits))
        if kind == "ab":
            v = [r["variations"] for r in rs]
            rates = [sum(x[k]["rate"] or 0 for x in v) / seeds for k in (0, 1)]
            extra = f"(mean CTR {100 * rates[0]:.1f} % vs {100 * rates[1]:.1f} %)"
        else:
            wins = sum(r["wins"] or 0 for r in rs) / seeds
            losses = sum(r["losses"] or 0 for r in rs) / seeds
            ties = sum(r["ties"] or 0 for r in rs) / seeds
            extra = f"(mean shoppers preferring the first {wins:.1f}, the second {losses:.1f}, tied {ties:.1f})"
        print(f"   {kind} {n:5} shoppers: p < 0.05 in {hits}/{seeds} seeds {extra}")
    need = next((n for n, h in out if h >= 0.8 * seeds), None)
    return need
ab = power("ab", sys.argv[3])
il = power("il", sys.argv[4])
ratio = f"{ab / il:.1f}x" if ab and il else "n/a (a ladder did not reach 80 %)"
print(f"Sensitivity, {sys.argv[5]}: A/B needs {ab} shoppers, interleaving {il}, for p < 0.05 in 80 % of seeds: ratio {ratio}")
PY
    ;;
  bandit)
    echo "== Bandit: random, popular and embedded on home_product_recs, $BANDIT_COUNT shoppers"
    id=$(experiment bandit-three bandit click_through random=random popular=popular embedded=embedded)
    crowd "$BANDIT_COUNT" 31 >/dev/null
    finish "$id" >"$dir/bandit.json"
    python3 - "$dir" <<'PY'
import json, sys
r = json.load(open(f"{sys.argv[1]}/bandit.json"))
v = r["variations"]
rates = [x["rate"] or 0.0 for x in v]
n = [x["exposed"] for x in v]
best = max(rates)
regret = sum(k * (best - p) for k, p in zip(n, rates))
uniform = sum(n) * (best - sum(rates) / len(rates))
for x in v:
    print(f"   {x['name']:9} exposed {x['exposed']:5}  CTR {100 * (x['rate'] or 0):.1f} %  P(best) {x['p_best']}")
allocs = r["allocations"]
if allocs:
    steps = [allocs[0], allocs[len(allocs) // 2], allocs[-1]]
    print("   shares over time (first, middle, last period):", [[round(s, 2) for s in a["shares"]] for a in steps])
print(f"Bandit: final shares {[round(s, 2) for s in allocs[-1]['shares']] if allocs else 'none'}; cumulative regret {regret:.0f} clicks "
      f"against {uniform:.0f} for a uniform split ({100 * (1 - regret / uniform):.0f} % less), over {sum(n)} exposed shoppers")
PY
    ;;
  workshop)
    echo "== Workshop: $WORKSHOP_COUNT shoppers with the baseline recommender, then $WORKSHOP_COUNT with the engine"
    stop_shop
    start_shop --recommender baseline
    t0=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    sleep 1
    "$bin" shoppers --url "$url" --count "$WORKSHOP_COUNT" --seed 501 --concurrency "$CONCURRENCY" --label before --json >"$dir/before.json"
    sleep 1
    stop_shop
    t1=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    sleep 1
    start_shop
    "$bin" shoppers --url "$url" --count "$WORKSHOP_COUNT" --seed 502 --concurrency "$CONCURRENCY" --label after --json >"$dir/after.json"
    sleep 1
    t2=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    "$bin" funnel --database "$db" --source simulated --from "$t0" --to "$t1" --compare-from "$t1" --compare-to "$t2" \
      --filter "1:feature=home_product_recs,home_product_recs_cold,product_detail_related" --hold session --json >"$dir/funnel.json"
    "$bin" funnel --database "$db" --source simulated --from "$t0" --to "$t1" --compare-from "$t1" --compare-to "$t2" \
      --filter "1:feature=home_product_recs,home_product_recs_cold,product_detail_related" --hold session | tail -n 12
    echo "   -- every view, not only the personalization shelves':"
    "$bin" funnel --database "$db" --source simulated --from "$t0" --to "$t1" --compare-from "$t1" --compare-to "$t2" \
      --hold session | tail -n 4
    python3 - "$dir" <<'PY'
import json, sys
d = sys.argv[1]
for label in ["before", "after"]:
    r = json.load(open(f"{d}/{label}.json"))
    print(f"   {label:6}: {r['sessions']} sessions, click-through {100 * r['click_through_rate']:.1f} %, {r['orders']} orders, conversion {100 * r['conversion_rate']:.2f} % per session, revenue ${r['revenue']:.0f}")
PY
    ;;
  load)
    echo "== Load: $LOAD_CONCURRENCY shoppers for $LOAD_DURATION, default behaviour"
    rss() { awk '/VmRSS/ {print $2 / 1024 " MB"}' "/proc/$shop/status"; }
    cpu() { awk '{print $14 + $15}' "/proc/$shop/stat"; }
    echo "   shop RSS before: $(rss)"
    before=$(cpu)
    TIMEFORMAT='%U %S'
    { time "$bin" shoppers --url "$url" --duration "$LOAD_DURATION" --seed 900 --concurrency "$LOAD_CONCURRENCY" --json >"$dir/load.json"; } 2>"$dir/load.time"
    shop_ticks=$(( $(cpu) - before ))
    echo "   shop RSS after: $(rss)"
    python3 - "$dir" "$shop_ticks" "$(getconf CLK_TCK)" <<'PY'
import json, sys
d, ticks, hz = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
r = json.load(open(f"{d}/load.json"))
user, sys_ = map(float, open(f"{d}/load.time").read().split()[-2:])
sim, shop = user + sys_, ticks / hz
l = r["latency"]
print(f"Load: {r['pages_per_sec']:.0f} pages/s ({r['requests_per_sec']:.0f} requests/s) from {r['concurrency']} shoppers over {r['elapsed_secs']:.0f} s; "
      f"p50 {l['p50_ms']:.2f} ms, p90 {l['p90_ms']:.2f} ms, p99 {l['p99_ms']:.2f} ms, max {l['max_ms']:.0f} ms; "
      f"{r['errors']} server errors, {r['failures']} other failures; {r['sessions']} sessions, {r['orders']} orders")
print(f"   CPU: simulator {sim:.1f} s, shop {shop:.1f} s ({100 * shop / (sim + shop):.0f} % of the two to the shop)")
PY
    curl -fs "$url/healthz" | python3 -c 'import json,sys; h=json.load(sys.stdin); print("   tracker:", json.dumps(h.get("tracker", h))[:400])'
    ;;
  *)
    echo "unknown part $part (aa ab sensitivity bandit workshop load)" >&2
    exit 1
    ;;
  esac
done
