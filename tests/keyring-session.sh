#!/bin/sh
# Runs a test in a private D-Bus session with its own unlocked GNOME Keyring (its own runtime and
# data folders, removed afterwards), without a display: keychain code never waits for a prompt.
set -eu
dir=$(mktemp -d)
chmod 700 "$dir"
mkdir -p "$dir/data"
trap 'rm -rf "$dir"' EXIT
export XDG_RUNTIME_DIR="$dir" XDG_DATA_HOME="$dir/data" DC_KEYRING_DATA="$dir/data"
unset DISPLAY WAYLAND_DISPLAY
dbus-run-session -- sh -c 'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && "$@"' sh "$@"
