#!/usr/bin/env bash
# Runs the built test suite as of another date and time (UTC), under libfaketime:
#   bash scripts/test-at.sh "2027-03-15 12:00:00" [ctest arguments...]
# Wall-clock time starts at that instant in every process; monotonic time is
# left real, and timerfd calls bypass libfaketime (scripts/timerfd_passthrough.c
# says why). Build first (scripts/build.sh); needs the faketime package.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
  echo "usage: bash scripts/test-at.sh 'YYYY-MM-DD hh:mm:ss' [ctest arguments...]" >&2
  exit 2
fi
at="$1"
shift
faketime_lib=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1
if [ ! -f "$faketime_lib" ]; then
  echo "test-at: $faketime_lib is missing; install it with: apt-get install faketime" >&2
  exit 2
fi
if [ ! -f build/build.ninja ]; then
  echo "test-at: no build/ yet; run bash scripts/build.sh first" >&2
  exit 2
fi
shim=build/timerfd_passthrough.so
if [ ! -f "$shim" ] || [ scripts/timerfd_passthrough.c -nt "$shim" ]; then
  cc -shared -fPIC -O2 -o "$shim" scripts/timerfd_passthrough.c
fi
cd build
export TZ=UTC
LD_PRELOAD="$PWD/timerfd_passthrough.so:$faketime_lib" FAKETIME="@$at" FAKETIME_DONT_FAKE_MONOTONIC=1 \
  ctest --output-on-failure --timeout 900 "$@"
