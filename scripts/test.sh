#!/usr/bin/env bash
# Set up, build and run the whole test suite (CTest). Used by CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev -j2 "$@"
