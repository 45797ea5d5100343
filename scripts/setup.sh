#!/usr/bin/env bash
# Installs what Deploy Console needs to build, test and run. Idempotent: installs only what is
# missing. Debian 12 / Ubuntu 24.04 with apt; on other systems it prints the list and stops.
#   scripts/setup.sh           install (needs root or sudo)
#   scripts/setup.sh --print   print the package list only
set -euo pipefail

PACKAGES=(
  g++ cmake ninja-build pkg-config
  qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-httpserver-dev libqt6sql6-sqlite
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libyaml-dev qtkeychain-qt6-dev libvalijson-dev libgl-dev libssl-dev libqt6svg6
  libbenchmark-dev
  dbus gnome-keyring xvfb xauth fonts-dejavu-core imagemagick
  prometheus yamllint desktop-file-utils appstream jq
  tinyproxy-bin microsocks
)

if [[ "${1:-}" == "--print" ]]; then
  printf '%s\n' "${PACKAGES[@]}"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
  echo "This script installs Debian/Ubuntu packages. On other systems install the equivalents of:" >&2
  printf '  %s\n' "${PACKAGES[@]}" >&2
  echo "plus kubectl 1.30 or later (used by the tests as the kustomize renderer)." >&2
  exit 1
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: run as root (or install sudo) to install: ${missing[*]}" >&2; exit 1; }
    SUDO="sudo"
  fi
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: all ${#PACKAGES[@]} packages present"
fi

if ! command -v kubectl >/dev/null 2>&1; then
  echo "setup: kubectl is not installed. Debian 12 does not package it; install kubectl 1.30 or later" >&2
  echo "       (the kustomize tests and the cluster features need it)." >&2
fi
