#!/usr/bin/env bash
# Set up, build and run the whole test suite (CTest), then the same suite under
# AddressSanitizer + UndefinedBehaviorSanitizer (skip that part with DC_SKIP_ASAN=1).
# Used by CI (.ci/run). Extra arguments go to ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev -j2 "$@"
if [[ "${DC_SKIP_ASAN:-0}" != 1 ]]; then
  cmake --preset asan >/dev/null
  cmake --build --preset asan
  ctest --preset asan -j2 "$@"
fi
