#!/usr/bin/env python3
"""The parts of a saved recommendation model (file version 4, src/recs/embedded/model.rs) and
what each takes: `python3 benches/model_parts.py MODEL_FILE`.

A model file is the recs bench's cache (STOREFRONT_BENCH_MODEL) or the newest row of a store's
`models` table, e.g. on SQLite:
  sqlite3 DB "SELECT writefile('/tmp/model.bin', data) FROM models ORDER BY id DESC LIMIT 1"
"""
import sys

data = open(sys.argv[1], "rb").read()
if data[:8] != b"SFMODEL4":
    sys.exit(f"not a version 4 model file: {data[:8]!r}")
at = 8


def varint():
    global at
    value, shift = 0, 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value


def skip_str():
    global at
    length = varint()
    at += length


parts = []
start = at
skip_str()  # catalog fingerprint
items = varint()
for _ in range(items):
    skip_str()
at += 8 * 5  # through, trained_at, interactions, train_seconds, lambda
skip_str()  # trained_with
parts.append((f"header and {items:,} item ids", at - start))
for name in ("EASE weights", "similar items", "new items' look-alikes"):
    start, weights = at, 0
    for _ in range(varint()):
        n = varint()
        weights += n
        for _ in range(n):
            varint()  # the target's gap
            at += 4  # the weight
    parts.append((f"{name} ({weights:,})", at - start))
for name in ("popularity", "trending"):
    start = at
    length = varint()
    at += 4 * length
    parts.append((name, at - start))
start = at
shoppers = varint()
parts.append((f"shopper histories ({shoppers:,} shoppers)", len(data) - start))
for name, size in parts:
    print(f"{name}: {size / 1e6:.1f} MB")
print(f"total: {len(data) / 1e6:.1f} MB")
