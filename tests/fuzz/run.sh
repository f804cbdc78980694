#!/usr/bin/env bash
# Builds the libFuzzer targets (the clang `fuzz` preset, build/fuzz) and runs them.
#
#   tests/fuzz/run.sh [SECONDS] [TARGET...]    default: 600 s each for stats plan evidence
#
# Each target runs alone at nice 19 on one core, mutating a working copy of its checked-in
# corpus (build/fuzz/corpus/<target>; tests/fuzz/corpus/<target> is only read) with the JSON
# dictionary tests/fuzz/json.dict. A crash, a contract break (abort), a leak or an input slower
# than 10 s writes build/fuzz/artifacts/<target>-crash-* (or timeout-*, leak-*) and fails the
# run: copy it to tests/fuzz/corpus/<target>/ as a reproducer once it is fixed.
# Logs: build/fuzz/logs/<target>.log (the last lines give executions, coverage and corpus size).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib/common.sh"
ensure_packages "${RAMPART_BUILD_PACKAGES[@]}" "${RAMPART_FUZZ_PACKAGES[@]}"

seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(stats plan evidence)

cd "$RAMPART_ROOT"
[ -f build/fuzz/build.ninja ] || cmake --preset fuzz >/dev/null
cmake --build build/fuzz -j "$(nproc)" --target "${targets[@]/#/fuzz_}"

mkdir -p build/fuzz/artifacts build/fuzz/logs
status=0
for target in "${targets[@]}"; do
    work="build/fuzz/corpus/$target"
    mkdir -p "$work"
    log "fuzzing $target for ${seconds}s"
    if ! nice -n 19 "build/fuzz/tests/fuzz/fuzz_$target" "$work" "tests/fuzz/corpus/$target" \
            -dict=tests/fuzz/json.dict -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
            -max_len=16384 -print_final_stats=1 -artifact_prefix="build/fuzz/artifacts/$target-" \
            >"build/fuzz/logs/$target.log" 2>&1; then
        log "$target FAILED: see build/fuzz/logs/$target.log"
        status=1
    fi
    grep -E '^(#[0-9]+[[:space:]]+DONE|stat::)' "build/fuzz/logs/$target.log" || true
done
exit $status
