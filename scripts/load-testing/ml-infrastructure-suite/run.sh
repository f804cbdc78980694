#!/usr/bin/env bash
# The load-testing suite: scripts/load-test.sh at every traffic level of the plan's rollout
# (5, 25, 50, 75 and 100% for the documentation-keeper plan), one after the other, and one
# summary (JSON and a Markdown table). Exit 0 only when every level passed. docs/load-testing.md.
#
#   scripts/load-testing/ml-infrastructure-suite/run.sh [--levels 25,50,75,100] [--duration 300s]
#       [--requests-per-second 100] [--out-dir DIR] [--record] [-- load-test.sh options...]
#
# The levels default to every stage percentage of the plan. Each run sets the staging flag to
# its level. The results are not stored as the agent's latest load test unless --record is
# given: the gate engine takes the LATEST test and wants it at the next stage's level, so
# before an advance run scripts/load-test.sh at that one level (the automation does).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
plan="$ROOT/resources/plans/documentation-keeper.json"
levels="" duration=300s rate=100 out_dir="" record=0 extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --levels) levels=${2:-}; shift 2 ;;
        --duration) duration=${2:-}; shift 2 ;;
        --requests-per-second) rate=${2:-}; shift 2 ;;
        --out-dir) out_dir=${2:-}; shift 2 ;;
        --plan) plan=${2:-}; shift 2 ;;
        --record) record=1; shift ;;
        --) shift; extra=("$@"); break ;;
        -h|--help) sed -n 2,14p "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) printf 'suite: unknown argument "%s" (see --help)\n' "$1" >&2; exit 2 ;;
    esac
done
[ -f "$plan" ] || { echo "suite: no plan at $plan" >&2; exit 2; }
[ -n "$levels" ] || levels=$(jq -r '[.stages[].percentage | tostring] | join(",")' "$plan")
[ -n "$out_dir" ] || out_dir="load-test-results/suite-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out_dir" || exit 4

record_args=(--no-record)
[ "$record" = 1 ] && record_args=()
results=()
status=0
IFS=',' read -r -a level_list <<<"$levels"
for level in "${level_list[@]}"; do
    out="$out_dir/load-test-$level.json"
    printf 'suite: %s%% for %s at %s/s\n' "$level" "$duration" "$rate" >&2
    "$ROOT/scripts/load-test.sh" --plan "$plan" --target-percentage "$level" --duration "$duration" \
        --requests-per-second "$rate" --output "$out" "${record_args[@]}" "${extra[@]}" >/dev/null
    rc=$?
    if [ ! -s "$out" ]; then
        printf 'suite: the %s%% run wrote no result (exit %s)\n' "$level" "$rc" >&2
        exit 4
    fi
    [ "$rc" = 0 ] || status=1
    results+=("$out")
done

jq -s '{levels: [.[] | {percentage, passed, failures, answers, achieved_rps, error_rate,
                       p50_latency_ms, p95_latency_ms, p99_latency_ms,
                       uncorrected_p95_ms: .uncorrected_latency_ms.p95,
                       resources: [.resources[] | {name, max, threshold, passes}]}],
        passed: (map(.passed) | all)}' "${results[@]}" >"$out_dir/summary.json" || exit 4
{
    echo "| level | passed | answers | rps | P50 ms | P95 ms | P99 ms | errors | failed gates |"
    echo "|---:|:---:|---:|---:|---:|---:|---:|---:|---|"
    jq -r '.levels[] | "| \(.percentage)% | \(if .passed then "yes" else "no" end) | \(.answers) | \(.achieved_rps) | \(.p50_latency_ms) | \(.p95_latency_ms) | \(.p99_latency_ms) | \(.error_rate * 100 | tostring | .[0:5])% | \(.failures | join(", ")) |"' \
        "$out_dir/summary.json"
} >"$out_dir/summary.md"
cat "$out_dir/summary.md" >&2
echo "suite: summary in $out_dir/summary.json and summary.md" >&2
exit "$status"
