#!/usr/bin/env bash
# Set up, build (Release) and start the console. Extra arguments go to deploy-console
# (e.g. a project file). Without a display it runs the offscreen self-test instead.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target deploy-console deployctl
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "console: no display found (DISPLAY/WAYLAND_DISPLAY unset); running the offscreen self-test instead."
  echo "console: on a desktop, run build/release/app/gui/deploy-console; headless, try xvfb-run."
  QT_QPA_PLATFORM=offscreen exec build/release/app/gui/deploy-console --self-test "$@"
fi
exec build/release/app/gui/deploy-console "$@"
