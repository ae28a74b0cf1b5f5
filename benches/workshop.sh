#!/usr/bin/env bash
# The measuring-personalization workshop at scale: the simulator's write rate into a fresh
# database and `storefront funnel --workshop` end to end over what it wrote.
#
#   bash benches/workshop.sh                              # SQLite, 5,000 sessions a day (1.4M events)
#   SESSIONS=200 bash benches/workshop.sh                 # the workshop's own size
#   DATABASE=postgres://postgres@127.0.0.1:5432/simbench bash benches/workshop.sh   # an empty PostgreSQL database
#   BIN=/tmp/other-storefront bash benches/workshop.sh    # a binary built elsewhere (A/B two builds)
set -euo pipefail
cd "$(dirname "$0")/.."
SESSIONS=${SESSIONS:-5000}
RUNS=${RUNS:-3}

bin=${BIN:-}
if [ -z "$bin" ]; then
  cargo build --release --quiet
  bin=./target/release/storefront
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db=${DATABASE:-sqlite://$dir/workshop.db}

"$bin" seed --database "$db" --history-interactions 0 >/dev/null 2>&1
# The simulator prints its own rate: "... N events in S s (R events/s) into the database".
for period in "pre-personalization 60d 30d" "post-personalization 30d now"; do
  set -- $period
  "$bin" simulate --database "$db" --scenario "$1" --from "$2" --to "$3" \
    --sessions-per-day "$SESSIONS" 2>&1 | grep -a -o 'simulated .*'
done
for _ in $(seq 1 "$RUNS"); do
  start=$(date +%s.%N)
  "$bin" funnel --database "$db" --workshop | tail -n 1
  awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "funnel --workshop end to end: %.2f s\n", e - s }'
done
