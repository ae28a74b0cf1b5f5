#!/bin/sh
# tantivy against the shop's search on the judged query sets, and both at 1,000,000 products.
# Run from the repository root: sh benches/tantivy-eval/run.sh  (the 1M catalog takes ~1 GB on disk)
set -e
ROOT=$(pwd)
OUT=${OUT:-/tmp/tantivy-eval-run}
mkdir -p "$OUT"
cargo build --release --bin storefront
(cd benches/tantivy-eval && CARGO_TARGET_DIR="$OUT/target" cargo build --release)
TV="$OUT/target/release/tantivy-eval"
SHOP="$ROOT/target/release/storefront"
RDS="${RDS:-$ROOT/../shared/rds-reference}"
# Quality and latency on the two small catalogs: the shop, then tantivy (variants A and B).
"$SHOP" search-eval
"$SHOP" search-eval --catalog "$RDS"
"$TV" run "$ROOT/seeds" --reps 20
"$TV" run "$RDS" --reps 20
TV_FUZZY_FIELDS=name,category,style "$TV" run "$ROOT/seeds"          # variant B'
# The 1M catalog (deterministic) and both engines on it.
[ -f "$OUT/catalog-1m/products.yaml" ] || "$TV" gen "$ROOT/seeds" "$OUT/catalog-1m" 1000000
/usr/bin/time -v "$SHOP" search-eval --catalog "$OUT/catalog-1m"
/usr/bin/time -v "$TV" build "$OUT/catalog-1m" "$OUT/index-1m" 200
TV_FUZZY_FIELDS=name,category,style /usr/bin/time -v "$TV" eval "$OUT/catalog-1m" "$OUT/index-1m" --reps 20
