#!/usr/bin/env bash
# Re-makes data/demo-capture, the capture the embedded default replays: two
# --once refiller runs of a node against the project's mock server, six hours
# apart on the mock's simulated clock, so the second run refreshes known
# deals from the feed, rules new ones out with the peek and fetches the rest.
# Usage: scripts/make-demo-capture.sh [OUT_DIR]   (default data/demo-capture)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$here/data/demo-capture}"
bin="$here/build/keepa-deals"
bash "$here/scripts/build.sh" --target keepa-deals >/dev/null
work="$(mktemp -d)"
trap 'kill "$mock_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

"$bin" mock-server --port 0 --universe 600 --seed 42 --history-days 270 --token-rate 20 \
  --initial-tokens 100000 --start 2026-11-02T09:00:00Z --simulated-clock >"$work/mock.out" 2>&1 &
mock_pid=$!
for _ in $(seq 100); do grep -q listening "$work/mock.out" && break; sleep 0.1; done
url="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/mock.out")"
# Top-ups are best-effort and a --once run does not wait for them: with none
# due, every request of the runs is in the capture, and the replay asks for
# nothing else. The feed goes down to $5 so that the peek has cheap books to
# rule out (the [deals] default starts at $20); the capture records the feed
# it walked, and the replay walks the same.
printf '[ingest]\nlight_max_age_hours = 48\n[deals]\nprice_min = 5.0\n' >"$work/node.toml"
rm -rf "$out"
run() { "$bin" run --once --only refill -c "$work/node.toml" --keepa-url "$url" --db "$work/deals.db" --capture "$out"; }
run
curl -fsS -X POST "$url/mock/advance?minutes=360" >/dev/null
run
du -sh "$out"
