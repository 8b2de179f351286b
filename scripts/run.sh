#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job on its embedded
# default: synthetic captured payloads replayed into ./deals.db, no API key.
# Extra arguments go to `keepa-deals run` (see `build/keepa-deals run --help`).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bash "$here/scripts/build.sh" --target keepa-deals
exec "$here/build/keepa-deals" run "$@"
