#!/usr/bin/env bash
# The kill test as a longer soak: ROUNDS SIGKILLs (default 200) at seeded
# random moments of a backfill against the mock, restarted each time; then
# integrity, no ASIN doubled, rows equal an unkilled run's.
#   bash scripts/soak-kill.sh [ROUNDS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-200}"
seed="${2:-$RANDOM}"
ninja -C build -j1 test_e2e keepa-deals >/dev/null
echo "soak: $rounds kills, seed $seed"
KEEPA_KILL_ROUNDS="$rounds" KEEPA_KILL_SEED="$seed" build/tests/e2e/test_e2e "SIGKILL*" --success --reporter compact | tail -3
