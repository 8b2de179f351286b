#!/usr/bin/env bash
# Installs the Debian 12 packages keepa-deals builds, tests and benchmarks with.
# Idempotent: installs only what is missing, runs apt-get update only when needed.
# --with-browser (scripts/test.sh passes it) adds headless Chromium for the
# status page's browser test (tests/http), which skips with a message without it.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libcaf-dev libboost-dev libssl-dev openssl zlib1g-dev
  libsimdjson-dev libsqlitecpp-dev libsqlite3-dev sqlite3
  catch2 libcli11-dev libspdlog-dev libfmt-dev libtomlplusplus-dev
  gnuplot-nox
)
[ "${1:-}" = "--with-browser" ] && packages+=(chromium)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists: fetch them first. Lists that are
# merely stale show up as a failed install, which retries once after a refresh.
if ! compgen -G '/var/lib/apt/lists/*_Packages*' > /dev/null; then
  $sudo apt-get update
fi
if ! $sudo apt-get install -y --no-install-recommends "${missing[@]}"; then
  $sudo apt-get update
  $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi
