#!/usr/bin/env bash
# Fetch MovieLens-100k (as packaged in RecBole's wheel) into data/ml-100k/ml-100k.inter.
#
# The file is RecBole's atomic-file export of the GroupLens u.data ratings:
#   user_id:token <TAB> item_id:token <TAB> rating:float <TAB> timestamp:float
# 100,000 ratings from 943 users on 1,682 movies.
#
# MovieLens data is distributed under the GroupLens terms of use
# (https://grouplens.org/datasets/movielens/): research use, no redistribution.
# data/ is git-ignored; never commit the file.
#
# Usage: scripts/fetch-movielens.sh   (needs python3 with pip and network access to PyPI)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest_dir="$repo_root/data/ml-100k"
dest="$dest_dir/ml-100k.inter"
wheel_version="1.2.1"
member="recbole/dataset_example/ml-100k/ml-100k.inter"

if [[ -s "$dest" ]]; then
    echo "already present: $dest"
else
    command -v python3 >/dev/null || { echo "error: python3 is required" >&2; exit 1; }
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    echo "downloading recbole==$wheel_version wheel from PyPI..."
    python3 -m pip download --quiet --no-deps --only-binary=:all: \
        "recbole==$wheel_version" -d "$tmp"
    wheel="$(find "$tmp" -maxdepth 1 -name 'recbole-*.whl' | head -n 1)"
    [[ -n "$wheel" ]] || { echo "error: no recbole wheel was downloaded" >&2; exit 1; }
    mkdir -p "$dest_dir"
    # Extract the one member to a temporary name first so an interrupted run leaves no partial file.
    python3 - "$wheel" "$member" "$dest.part" <<'PY'
import shutil, sys, zipfile
wheel, member, out = sys.argv[1:4]
with zipfile.ZipFile(wheel) as zf, zf.open(member) as src, open(out, "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
    mv "$dest.part" "$dest"
    echo "wrote $dest"
fi

lines="$(wc -l < "$dest" | tr -d ' ')"
echo "$lines lines in $dest (1 header + interactions)"
