#!/usr/bin/env bash
# Funnels at a real store's size (issue 16): `storefront funnel --workshop` timed over a database
# grown to each size in turn.
#
# The events are the simulator's: one simulated base (SESSIONS sessions a day over the workshop's
# 60 days, about a million events at 3,600), then copies of it made in SQL, each copy the same
# shoppers' behaviour under other ids (event, user and session ids end in `~N`), the same times
# and properties. The history loader (26,000 events a second) is far too slow for 50 million;
# an `INSERT … SELECT` per day, in time order, writes each copy as a store would have: day
# after day.
#
#   DATABASE=sqlite:///tmp/scale.db bash benches/funnel_scale.sh
#   DATABASE=postgres://postgres@127.0.0.1:5432/scale COPIES="1 5 20 50" bash benches/funnel_scale.sh
#   BIN=/path/to/storefront BEFORE=/path/to/older/storefront bash benches/funnel_scale.sh
#
# COPIES: the sizes to time, in copies of the base (each one grows the database to it). BIN is
# timed at each size, and BEFORE too when set (RUNS times each, after one warm-up run). The
# database is kept (grown further by the next run); delete it when done.
set -euo pipefail
cd "$(dirname "$0")/.."
SESSIONS=${SESSIONS:-3600}
COPIES=${COPIES:-"1 5 20 50"}
RUNS=${RUNS:-2}
DATABASE=${DATABASE:?set DATABASE=sqlite:///PATH or postgres://...}
bin=${BIN:-./target/release/storefront}

case "$DATABASE" in
sqlite://*)
    file=${DATABASE#sqlite://}
    sql() { sqlite3 -cmd '.timeout 60000' -cmd 'PRAGMA cache_size = -1000000' "$file" "$@"; }
    # Copies $1..$2-1 of each base event: the numbers, then the rows they multiply.
    numbers() { echo "WITH RECURSIVE n(k) AS (SELECT $1 UNION ALL SELECT k + 1 FROM n WHERE k + 1 < $2)"; }
    multiplied() { echo "events e, n"; }
    has_column() { sql "SELECT count(*) FROM pragma_table_info('events') WHERE name = '$1'"; }
    ;;
postgres://*)
    sql() { psql -X -q -t -A -v ON_ERROR_STOP=1 "$DATABASE" -c "$@"; }
    numbers() { :; }
    multiplied() { echo "events e CROSS JOIN generate_series($1, $(($2 - 1))) AS n(k)"; }
    has_column() { sql "SELECT count(*) FROM information_schema.columns WHERE table_name = 'events' AND column_name = '$1'"; }
    ;;
*) echo "DATABASE must be sqlite://PATH or postgres://..." >&2; exit 1 ;;
esac

count() { sql "SELECT count(*) FROM events WHERE simulated = 1"; }

# The base, once: the simulator's own events over the workshop's two periods.
if [ "$(count 2>/dev/null || echo 0)" = 0 ]; then
    "$bin" seed --database "$DATABASE" --history-interactions 0 >/dev/null 2>&1
    for period in "pre-personalization 60d 30d" "post-personalization 30d now"; do
        set -- $period
        "$bin" simulate --database "$DATABASE" --scenario "$1" --from "$2" --to "$3" \
            --sessions-per-day "$SESSIONS" 2>&1 | grep -a -o 'simulated .*'
    done
fi
"$bin" migrate --database "$DATABASE" >/dev/null
base_seq=$(sql "SELECT max(seq) FROM events WHERE simulated = 1 AND event_id NOT LIKE '%~%'")
base=$(sql "SELECT count(*) FROM events WHERE simulated = 1 AND seq <= $base_seq")
first=$(sql "SELECT min(occurred_at) FROM events WHERE simulated = 1 AND seq <= $base_seq")
last=$(sql "SELECT max(occurred_at) FROM events WHERE simulated = 1 AND seq <= $base_seq")
columns="event_id, event_type, user_id, session_id, item_id, occurred_at, properties, simulated"
copied="e.event_id || '~' || k, e.event_type, e.user_id || '~' || k, e.session_id || '~' || k, \
e.item_id, e.occurred_at, e.properties, e.simulated"
# The `feature` column (migration 0006), when the binary that migrated has it.
if [ "$(has_column feature)" = 1 ]; then
    columns="$columns, feature"
    copied="$copied, e.feature"
fi
echo "base: $base simulated events (seq <= $base_seq)"

# Copies from..to-1 of the base, a day at a time in time order.
grow() {
    local from=$1 to=$2 day=86400000000 start=$first
    while [ "$start" -le "$last" ]; do
        local end=$((start + day))
        sql "$(numbers "$from" "$to") INSERT INTO events ($columns)
             SELECT $copied FROM $(multiplied "$from" "$to")
             WHERE e.seq <= $base_seq AND e.simulated = 1
               AND e.occurred_at >= $start AND e.occurred_at < $end
             ORDER BY e.occurred_at, e.seq, k" >/dev/null
        start=$end
    done
    case "$DATABASE" in postgres://*) sql "ANALYZE events" ;; esac
}

run() {
    local label=$1 binary=$2 out
    for i in $(seq 0 "$RUNS"); do
        out=$( { /usr/bin/time -v "$binary" funnel --database "$DATABASE" --workshop | tail -n 1; } 2>&1 )
        # The first run is a warm-up (the database's pages into the cache), and where the
        # binary keeps an event digest it packs the events no block covers yet: shown apart.
        local what=$label
        [ "$i" = 0 ] && what="$label, first run"
        echo "$what: $(echo "$out" | grep -a 'events read') | wall $(echo "$out" | grep -a 'Elapsed' | awk '{print $NF}') | max RSS $(echo "$out" | grep -a 'Maximum resident' | awk '{print $NF}') KiB | load $(cut -d' ' -f1-3 /proc/loadavg)"
    done
}

have=$(( $(count) / base ))
for target in $COPIES; do
    if [ "$target" -gt "$have" ]; then
        started=$(date +%s)
        grow "$have" "$target"
        echo "grew to $target copies in $(( $(date +%s) - started )) s"
        have=$target
    fi
    echo "== $(count) simulated events ($have copies)"
    run after "$bin"
    if [ -n "${BEFORE:-}" ]; then run before "$BEFORE"; fi
done
