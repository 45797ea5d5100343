#!/usr/bin/env bash
# Rewrites tests/golden/ (the 18 built-in combinations and tests/golden/projects/ for the fixture
# projects) from the generator. Fails when the update fails. Review `git diff tests/golden` before
# committing.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build --preset dev --target tst_generator
mkdir -p tests/golden/projects
DC_UPDATE_GOLDEN=1 build/dev/tests/tst_generator golden >/dev/null
git --no-pager diff --stat -- tests/golden
git status --short -- tests/golden
