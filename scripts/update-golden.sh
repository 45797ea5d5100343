#!/usr/bin/env bash
# Rewrites tests/golden/*.yaml from the generator. Review `git diff tests/golden` before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build --preset dev --target tst_generator
DC_UPDATE_GOLDEN=1 build/dev/tests/tst_generator golden >/dev/null || true
git --no-pager diff --stat -- tests/golden
