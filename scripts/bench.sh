#!/usr/bin/env bash
# Set up, build (Release) and run the benchmarks; the figures in README.md come from here.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target bench_core bench_democluster bench_gui bench_rollout bench_metrics deployctl demo-cluster deploy-console static_window
build/release/benchmarks/bench_core --benchmark_repetitions="${REPETITIONS:-3}" --benchmark_report_aggregates_only=true "$@"
# The demo-cluster load test runs once per repetition (each run starts its own server).
build/release/benchmarks/bench_democluster --benchmark_repetitions="${REPETITIONS:-3}"
# The console, offscreen: keystroke -> findings shown, and start-up against a window of the same
# widgets holding static content.
home=$(mktemp -d)
XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" build/release/benchmarks/bench_gui
# The rollout view: watch events into its model and a frame at 5,000 pods.
QT_QPA_PLATFORM=offscreen build/release/benchmarks/bench_rollout --benchmark_repetitions="${REPETITIONS:-3}" --benchmark_report_aggregates_only=true
# The metrics charts: a day of 10 series into a chart model, and a chart's redraw.
QT_QPA_PLATFORM=offscreen build/release/benchmarks/bench_metrics --benchmark_repetitions="${REPETITIONS:-3}" --benchmark_report_aggregates_only=true
rm -rf "$home"
