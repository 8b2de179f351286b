#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test with ctest.
#   bash scripts/test.sh              # into build/
#   bash scripts/test.sh --sanitize   # ASan + UBSan, into build-asan/ (slow: a build of its own)
# Further arguments go to ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--sanitize" ]; then
  shift
  bash scripts/install-deps.sh
  # UBSan recoverable, so that scripts/ubsan.supp can silence CAF's own
  # report; halt_on_error below still fails a test on any other.
  flags="-fsanitize=address,undefined -fno-omit-frame-pointer"
  [ -f build-asan/build.ninja ] || cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined"
  cmake --build build-asan -- -j"${JOBS:-1}"
  # Leaks are reported at exit of each test binary and of every keepa-deals
  # child the e2e tests start; any report fails that test.
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:suppressions=$PWD/scripts/ubsan.supp}"
  cd build-asan && exec ctest --output-on-failure --timeout 1800 "$@"
fi
bash scripts/install-deps.sh --with-browser
bash scripts/build.sh
cd build && ctest --output-on-failure --timeout 900 -j"$(nproc)" "$@"
