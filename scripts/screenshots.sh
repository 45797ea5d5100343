#!/usr/bin/env bash
# Pictures of the console's main states for the README, taken under Xvfb (a real X server, so
# fonts, styles and palettes are what users see). Writes docs/screenshots/*.png.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset dev >/dev/null
cmake --build --preset dev --target screenshots
out="${1:-docs/screenshots}"
mkdir -p "$out"
display=":$((90 + RANDOM % 9))"
Xvfb "$display" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
# Settings of the screenshot run stay out of the user's own.
home=$(mktemp -d)
# The cluster dialog's picture: a demo cluster with TLS, a token and one denied permission.
cmake --build --preset dev --target demo-cluster
build/dev/app/demo-cluster/demo-cluster --tls --deny patch:deployments:kubeflow --kubeconfig-out "$home/kubeconfig" >"$home/demo.log" 2>&1 &
demo=$!
trap 'kill $xvfb $demo 2>/dev/null || true' EXIT
# The deploy window's pictures: another demo cluster, where everything is allowed.
build/dev/app/demo-cluster/demo-cluster --ready-after 1 --kubeconfig-out "$home/deploy-kubeconfig" --prometheus-config-out "$home/prometheus.yml" >"$home/deploy.log" 2>&1 &
deploydemo=$!
trap 'kill $xvfb $demo $deploydemo 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q listening "$home/demo.log" && grep -q listening "$home/deploy.log" && break; sleep 0.1; done
# The metrics window's pictures: Debian's Prometheus scraping that cluster.
prometheus --config.file="$home/prometheus.yml" --storage.tsdb.path="$home/tsdb" --web.listen-address=127.0.0.1:39190 >"$home/prometheus.log" 2>&1 &
prom=$!
trap 'kill $xvfb $demo $deploydemo $prom 2>/dev/null || true' EXIT
DC_PROMETHEUS_URL=http://127.0.0.1:39190 DC_DEPLOY_KUBECONFIG="$home/deploy-kubeconfig" DISPLAY="$display" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" KUBECONFIG="$home/kubeconfig" build/dev/tools/screenshots "$out"
rm -rf "$home"
