#!/usr/bin/env bash
# A load test at one traffic level: sets the staging flag to the percentage, drives the serving
# system's URL at a fixed rate with wrk and a pacing script that measures latency from the
# intended send time (coordinated omission corrected, as wrk2 does), samples the plan's
# resource gates (PostgreSQL P95, Redis P95, CPU, memory) from Prometheus during the run,
# writes one JSON result and stores it as the agent's latest load test, where the gate engine
# reads it. Exit 0 only when P95 < the threshold (100 ms), the error rate is within bounds and
# every resource gate passes. docs/load-testing.md.
#
#   scripts/load-test.sh --target-percentage 50 --duration 300s --requests-per-second 100 [--url URL]
#
# Without --url it starts the stand-in serving system itself (`rampartctl simulate --serve` on
# loopback, following the flag in Redis, writing its events into the store) and stops it after.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RAMPARTCTL=${RAMPARTCTL:-$ROOT/build/dev/app/rampartctl}
PACING="$ROOT/scripts/load-test/paced.lua"

usage() {
    cat <<'EOF'
Usage: scripts/load-test.sh --target-percentage P --duration 300s --requests-per-second N [--url URL]
         [--plan FILE] [--workspace FILE] [--flag NAME] [--connections N] [--sample-interval S]
         [--p95-threshold MS] [--max-error-rate F] [--resource-gates a,b,...] [--output FILE]
         [--no-flag-set] [--no-record] [--stand-in-listen ADDR:PORT] [--stand-in-arg ARG]...

  --target-percentage P   the staging flag is set to P% before the run (0-100)
  --duration D            run length: 300s, 5m or a number of seconds
  --requests-per-second N the fixed request rate
  --url URL               the serving system (GET URL?user=ID); default: a stand-in
                          `rampartctl simulate --serve` started and stopped by this script
  --plan FILE             the rollout plan (default resources/plans/documentation-keeper.json):
                          agent, flag, resource gates and their Prometheus queries
  --workspace FILE        SQLite workspace for the result and the stand-in's events
                          (default: PostgreSQL from RAMPART_DATABASE_URL)
  --connections N         wrk connections, one per wrk thread (default: enough for the rate)
  --sample-interval S     seconds between Prometheus samples (default 5)
  --p95-threshold MS      the latency gate (default 100)
  --max-error-rate F      the error gate, a fraction (default 0.02)
  --resource-gates LIST   the plan's service gates to sample and judge (default: every gate
                          except uptime_percent and p95_latency_ms; "none": no resource gate)
  --output FILE           the JSON result (default load-test-results/load-test-P-TIMESTAMP.json)
  --no-flag-set           leave the flag as it is (it must already be at P%)
  --no-record             do not store the result as the agent's latest load test
  --stand-in-listen A:P   where the stand-in listens (default 127.0.0.1:0, any free port;
                          give a fixed one for Prometheus to scrape it, job = the agent)
  --stand-in-arg ARG      an extra argument for the stand-in (repeatable), e.g. --fault latency:3x@0s
Environment: RAMPART_REDIS_URL (the staging flag), RAMPART_DATABASE_URL, RAMPART_PROMETHEUS_URL,
RAMPARTCTL (the rampartctl binary). Exit: 0 passed, 1 a gate failed, 2 bad usage,
4 a backend (Redis, store, Prometheus, the target) could not be used.
EOF
}

die() { printf 'load-test: %s\n' "$1" >&2; exit "${2:-2}"; }
log() { printf 'load-test: %s\n' "$*" >&2; }

percentage="" duration="" rate="" url="" plan="$ROOT/resources/plans/documentation-keeper.json"
workspace="" flag="" connections="" sample_interval=5 p95_threshold=100 max_error_rate=0.02
resource_gates="" output="" set_flag=1 record=1 stand_in_args=() stand_in_listen=127.0.0.1:0
while [ $# -gt 0 ]; do
    case "$1" in
        --target-percentage) percentage=${2:-}; shift 2 ;;
        --duration) duration=${2:-}; shift 2 ;;
        --requests-per-second) rate=${2:-}; shift 2 ;;
        --url) url=${2:-}; shift 2 ;;
        --plan) plan=${2:-}; shift 2 ;;
        --workspace) workspace=${2:-}; shift 2 ;;
        --flag) flag=${2:-}; shift 2 ;;
        --connections) connections=${2:-}; shift 2 ;;
        --sample-interval) sample_interval=${2:-}; shift 2 ;;
        --p95-threshold) p95_threshold=${2:-}; shift 2 ;;
        --max-error-rate) max_error_rate=${2:-}; shift 2 ;;
        --resource-gates) resource_gates=${2:-}; shift 2 ;;
        --output) output=${2:-}; shift 2 ;;
        --no-flag-set) set_flag=0; shift ;;
        --no-record) record=0; shift ;;
        --stand-in-arg) stand_in_args+=("${2:-}"); shift 2 ;;
        --stand-in-listen) stand_in_listen=${2:-}; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument \"$1\"" ;;
    esac
done

is_number() { [[ "$1" =~ ^[0-9]+([.][0-9]+)?$ ]]; }
[ -n "$percentage" ] && [ -n "$duration" ] && [ -n "$rate" ] \
    || { usage >&2; die "--target-percentage, --duration and --requests-per-second are required"; }
is_number "$percentage" && awk "BEGIN{exit !($percentage <= 100)}" || die "--target-percentage must be a number in [0, 100], got \"$percentage\""
is_number "$rate" && awk "BEGIN{exit !($rate > 0)}" || die "--requests-per-second must be a positive number, got \"$rate\""
case "$duration" in
    *ms) die "--duration is whole seconds or minutes (300s, 5m), got \"$duration\"" ;;
    *s) seconds=${duration%s} ;;
    *m) seconds=$(( ${duration%m} * 60 )) 2>/dev/null || seconds="" ;;
    *) seconds=$duration ;;
esac
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -ge 1 ] || die "--duration must be whole seconds (300s) or minutes (5m), got \"$duration\""
is_number "$sample_interval" && awk "BEGIN{exit !($sample_interval > 0)}" || die "--sample-interval must be a positive number of seconds"
is_number "$p95_threshold" || die "--p95-threshold must be a number of milliseconds"
is_number "$max_error_rate" && awk "BEGIN{exit !($max_error_rate <= 1)}" || die "--max-error-rate must be a fraction in [0, 1]"
[ -f "$plan" ] || die "no plan at $plan"
command -v wrk >/dev/null || die "wrk is not installed (Debian package wrk)" 4
command -v jq >/dev/null || die "jq is not installed" 4
[ -x "$RAMPARTCTL" ] || die "no rampartctl at $RAMPARTCTL (build it, or set RAMPARTCTL)" 4

agent=$(jq -r .agent "$plan") || die "cannot read the plan $plan"
[ -n "$flag" ] || flag=$(jq -r .flag "$plan")
if [ -z "$connections" ]; then
    # Each connection carries one request at a time: enough for the rate at up to ~250 ms each.
    connections=$(awk "BEGIN{c=int($rate/4)+1; if (c<2) c=2; if (c>64) c=64; print c}")
fi
[[ "$connections" =~ ^[0-9]+$ ]] && [ "$connections" -ge 1 ] || die "--connections must be a whole number of at least 1"
if [ -z "$resource_gates" ]; then
    resource_gates=$(jq -r '[.service_gates[].name | select(. != "uptime_percent" and . != "p95_latency_ms")] | join(",")' "$plan")
fi
stamp=$(date -u +%Y%m%dT%H%M%SZ)
[ -n "$output" ] || output="load-test-results/load-test-${percentage}-${stamp}.json"
mkdir -p "$(dirname "$output")" || die "cannot create the directory of $output" 4

work=$(mktemp -d /tmp/rampart-load-test.XXXXXX)
stand_in_pid="" sampler_pid=""
cleanup() {
    [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null && wait "$sampler_pid" 2>/dev/null
    if [ -n "$stand_in_pid" ]; then kill -TERM "$stand_in_pid" 2>/dev/null; wait "$stand_in_pid" 2>/dev/null; fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

store_args=()
[ -n "$workspace" ] && store_args=(--workspace "$workspace")

# 1. The staging flag.
if [ "$set_flag" = 1 ]; then
    "$RAMPARTCTL" flag set "$flag" "$percentage" --by load-test --reason "load test at ${percentage}%" \
        --stage "load-test" >"$work/flag.json" 2>"$work/flag.err" \
        || die "cannot set the flag $flag to $percentage%: $(cat "$work/flag.err")" 4
    log "flag $flag set to $percentage% (version $(jq -r .version "$work/flag.json"))"
fi

# 2. The target: the given URL, or the stand-in serving system.
if [ -z "$url" ]; then
    stand_in_store=(--store postgres)
    [ -n "$workspace" ] && stand_in_store=(--store "sqlite:$workspace")
    "$RAMPARTCTL" simulate --serve "$stand_in_listen" --agent "$agent" --flag "$flag" --flag-store redis \
        "${stand_in_store[@]}" --flag-poll-ms 200 "${stand_in_args[@]}" >"$work/stand-in.out" 2>"$work/stand-in.err" &
    stand_in_pid=$!
    for _ in $(seq 1 100); do
        grep -q '"listening"' "$work/stand-in.out" 2>/dev/null && break
        kill -0 "$stand_in_pid" 2>/dev/null || die "the stand-in did not start: $(cat "$work/stand-in.err")" 4
        sleep 0.1
    done
    base=$(jq -r 'select(.type == "listening") | .url' "$work/stand-in.out")
    [ -n "$base" ] || die "the stand-in did not start: $(cat "$work/stand-in.err")" 4
    url="$base/answer"
    # The stand-in follows the flag by subscription; wait until it routes at the new split.
    for _ in $(seq 1 50); do
        [ "$(curl -s "$base/flag" | jq -r .percentage)" = "$(jq -n "$percentage")" ] && break
        sleep 0.1
    done
    log "stand-in serving system at $base ($(curl -s "$base/flag" | jq -c .))"
fi
probe_sep='?'; [[ "$url" == *\?* ]] && probe_sep='&'
curl -s -o /dev/null --max-time 5 "${url}${probe_sep}user=load-test-probe" || die "the target $url does not answer" 4

# 3. Resource gates from Prometheus, sampled during the run.
# The first sample is taken one interval in, once Prometheus has scraped the loaded target.
: >"$work/samples.jsonl"
gauges_ok=1
[ "$resource_gates" = none ] && resource_gates="" && gauges_ok=skip
[ "$gauges_ok" = 1 ] && { "$RAMPARTCTL" load-test gauges --plan "$plan" >/dev/null 2>"$work/gauges.err" || gauges_ok=0; }
if [ "$gauges_ok" = skip ]; then
    log "no resource gates (--resource-gates none)"
elif [ "$gauges_ok" = 0 ]; then
    log "cannot sample the resource gates: $(cat "$work/gauges.err") (they will fail)"
else
    ( while sleep "$sample_interval"; do
          "$RAMPARTCTL" load-test gauges --plan "$plan" >>"$work/samples.jsonl" 2>>"$work/gauges.err"
      done ) &
    sampler_pid=$!
fi

# 4. The load: one connection per wrk thread, each on its own fixed schedule (paced.lua).
started_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
log "driving $url at $rate requests/s for ${seconds}s over $connections connections"
RAMPART_LT_RATE=$rate RAMPART_LT_CONNECTIONS=$connections RAMPART_LT_OUT="$work/wrk.json" \
RAMPART_LT_USER_PREFIX="lt$stamp-$percentage" \
    wrk -t "$connections" -c "$connections" -d "${seconds}s" --timeout 10s -s "$PACING" "$url" >"$work/wrk.txt" 2>&1 \
    || die "wrk failed: $(cat "$work/wrk.txt")" 4
finished_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
[ -s "$work/wrk.json" ] || die "wrk wrote no result: $(cat "$work/wrk.txt")" 4
if [ -n "$sampler_pid" ]; then
    "$RAMPARTCTL" load-test gauges --plan "$plan" >>"$work/samples.jsonl" 2>>"$work/gauges.err"
    kill "$sampler_pid" 2>/dev/null; wait "$sampler_pid" 2>/dev/null; sampler_pid=""
fi
stand_in_summary=null
if [ -n "$stand_in_pid" ]; then
    kill -TERM "$stand_in_pid" 2>/dev/null; wait "$stand_in_pid" 2>/dev/null; stand_in_pid=""
    stand_in_summary=$(jq -c 'select(.type == "summary")' "$work/stand-in.out" | tail -n 1)
    [ -n "$stand_in_summary" ] || stand_in_summary=null
fi

# 5. The result and its gates.
[ -s "$work/samples.jsonl" ] || : >"$work/samples.jsonl"
jq -n \
    --slurpfile wrk "$work/wrk.json" --slurpfile samples "$work/samples.jsonl" \
    --argjson stand_in "$stand_in_summary" \
    --arg agent "$agent" --arg flag "$flag" --arg url "$url" --arg plan "$plan" \
    --arg started "$started_at" --arg finished "$finished_at" --arg gates "$resource_gates" \
    --argjson percentage "$percentage" --argjson rate "$rate" --argjson seconds "$seconds" \
    --argjson connections "$connections" --argjson p95max "$p95_threshold" --argjson errmax "$max_error_rate" '
    ($wrk[0]) as $w
    | ($gates | split(",") | map(select(length > 0))) as $names
    | [$samples[] | .gauges[]?] as $all
    | [ $names[] as $n
        | [$all[] | select(.name == $n)] as $every
        | ([$every | to_entries[] | select(.value.value != null) | .key][0] // ($every | length)) as $first
        # Samples before the first one with data are the warm-up (Prometheus had not scraped the
        # loaded target yet); a gap after it is a missing sample and fails the gate.
        | $every[$first:] as $rows
        | [$rows[] | select(.value != null) | .value] as $v
        | ($every[0] // {name: $n, label: $n, comparison: null, threshold: null}) as $g
        | { name: $n, label: $g.label, comparison: $g.comparison, threshold: $g.threshold,
            samples: ($v | length), warmup_samples: $first, missing_samples: (($rows | length) - ($v | length)),
            min: ($v | min), max: ($v | max),
            mean: (if ($v | length) > 0 then ($v | add / length) else null end),
            note: ([$every[] | select(.value == null) | .note][0] // null) }
        | .passes = (.samples > 0 and .missing_samples == 0 and
                     (if .comparison == "above" then .min > .threshold else .max < .threshold end)) ]
      as $resources
    | ($w.http_errors + $w.socket_errors) as $errors
    | (if ($w.answers + $w.socket_errors) > 0 then $errors / ($w.answers + $w.socket_errors) else 1 end) as $rate_err
    | ([ {name: "p95_latency_ms", label: "P95 latency, corrected (ms)", comparison: "below", threshold: $p95max,
         observed: $w.corrected_ms.p95, passes: ($w.corrected_ms.p95 != null and $w.corrected_ms.p95 < $p95max)},
        {name: "error_rate", label: "Error rate", comparison: "at_most", threshold: $errmax,
         observed: $rate_err, passes: ($w.answers > 0 and $rate_err <= $errmax)} ]
      + [ $resources[] | {name: .name, label: .label, comparison: .comparison, threshold: .threshold,
                          observed: (if .comparison == "above" then .min else .max end), passes: .passes, note: .note} ])
      as $gate_rows
    | { agent: $agent, flag: $flag, plan: $plan, url: $url, percentage: $percentage,
        requests_per_second: $rate, duration_s: $seconds, connections: $connections,
        started_at: $started, finished_at: $finished,
        answers: $w.answers, achieved_rps: $w.achieved_rps, rate_held: ($w.achieved_rps >= 0.9 * $rate),
        errors: $errors, error_rate: $rate_err,
        status_counts: $w.status_counts,
        p50_latency_ms: $w.corrected_ms.p50, p95_latency_ms: ($w.corrected_ms.p95 // -1), p99_latency_ms: $w.corrected_ms.p99,
        latency_ms: $w.corrected_ms, uncorrected_latency_ms: $w.uncorrected_ms, wrk_latency_ms: $w.wrk_latency_ms,
        latency_method: "from the intended send time (coordinated omission corrected); nearest-rank percentiles",
        resources: $resources, gates: $gate_rows,
        failures: [$gate_rows[] | select(.passes | not) | .name],
        passed: ([$gate_rows[] | .passes] | all),
        stand_in: $stand_in }' >"$output" || die "cannot write the result $output" 4

passed=$(jq -r .passed "$output")
log "$(jq -r '"P50 \(.p50_latency_ms) ms, P95 \(.p95_latency_ms) ms, P99 \(.p99_latency_ms) ms (uncorrected P95 \(.uncorrected_latency_ms.p95) ms), \(.answers) answers, error rate \(.error_rate), failed gates: \(.failures | join(", ") | if . == "" then "none" else . end)"' "$output")"
[ "$(jq -r .rate_held "$output")" = true ] \
    || log "warning: only $(jq -r .achieved_rps "$output") of $rate requests/s were sent (too few --connections for the latency?); the corrected latency includes the queueing"
log "result: $output"

# 6. The latest load test, where the gate engine reads it.
if [ "$record" = 1 ]; then
    "$RAMPARTCTL" load-test record --plan "$plan" --result "$output" "${store_args[@]}" >"$work/record.json" 2>"$work/record.err" \
        || die "the result could not be stored: $(cat "$work/record.err")" 4
    log "stored as the latest load test of $agent"
fi
cat "$output"
[ "$passed" = true ] && exit 0
exit 1
