#!/usr/bin/env bash
# Build the libFuzzer targets (clang-14 + ASan + UBSan) and run them, seeded from the test
# fixtures. Usage: scripts/fuzz.sh [SECONDS_PER_TARGET (default 600)] [TARGET...]
# Crash inputs land in build/fuzz/artifacts/; turn each into a regression fixture under
# tests/fixtures/fuzz-regressions/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
shift || true
targets=("$@")
((${#targets[@]})) || targets=(fuzz_project fuzz_yaml fuzz_validator fuzz_protobuf fuzz_http)
command -v clang++-14 >/dev/null || { echo "fuzz: clang++-14 is needed (apt-get install clang-14)" >&2; exit 1; }
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
mkdir -p build/fuzz/artifacts
for t in "${targets[@]}"; do
  corpus="build/fuzz/corpus/$t"
  mkdir -p "$corpus"
  case "$t" in
    fuzz_project) seeds=(tests/fixtures/projects tests/fixtures/bad-projects) ;;
    fuzz_protobuf) seeds=(tests/fixtures/protobuf) ;;
    fuzz_http)     seeds=(tests/fixtures/http) ;;
    *)            seeds=(tests/fixtures/bad-manifests tests/fixtures/guide tests/golden) ;;
  esac
  [[ -d "tests/fixtures/fuzz-regressions/$t" ]] && seeds+=("tests/fixtures/fuzz-regressions/$t")
  find "${seeds[@]}" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.pb' -o -name '*.http' \) -exec cp -n {} "$corpus/" \;
  echo "fuzz: $t for ${seconds}s"
  build/fuzz/fuzz/"$t" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="build/fuzz/artifacts/$t-" -print_final_stats=1 2>&1 | tee "build/fuzz/$t.log" | grep -E "^#[0-9]+ *(DONE|pulse)|ERROR|stat::" || true
done
