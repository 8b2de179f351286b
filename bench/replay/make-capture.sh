#!/usr/bin/env bash
# Makes a capture for `keepa-bench replay`: three sessions of a node against
# the mock server over loopback, each a backfiller walk of the whole feed
# (Keepa's cap: 67 pages, 10,050 deals) with tokens unlimited, the mock's
# clock standing still so that each session exercises one path:
#   1 optimal   every deal new: heavy fetches (and offers for the profitable)
#   2 hybrid    every deal known: a light product call each
#   3 optimal   every deal known: refreshed from its feed entry, no call
# Usage: bench/replay/make-capture.sh OUT_DIR [BOOKS]   (default 66000 books)
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:?usage: make-capture.sh OUT_DIR [BOOKS]}"
books="${2:-66000}"
bin="$here/build/keepa-deals"
work="$(mktemp -d)"
trap 'kill "$mock_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

"$bin" mock-server --port 0 --universe "$books" --seed 5 --history-days 365 --token-rate 1000000 \
  --initial-tokens 100000000 --start 2026-11-02T09:00:00Z --simulated-clock >"$work/mock.out" 2>&1 &
mock_pid=$!
for _ in $(seq 600); do grep -q listening "$work/mock.out" && break; sleep 0.2; done
url="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/mock.out")"
# The whole feed: the [deals] bounds off, so 66,000 books list about 10,000.
printf '[ingest]\nlight_max_age_hours = 48\n[deals]\nsales_rank_min = 1\nsales_rank_max = 100000000\nprice_min = 0\nprice_max = 100000\nmin_rating = 0\n' >"$work/node.toml"
rm -rf "$out"
walk() {
  "$bin" run --backfill --backfill-max 20000 --mode "$1" --token-rate 1000000 -c "$work/node.toml" \
    --keepa-url "$url" --db "$work/deals.db" --capture "$out" 2>&1 | grep -v '\[info\]' || true
}
walk optimal
walk hybrid
walk optimal
du -sh "$out"
