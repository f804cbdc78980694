#!/usr/bin/env bash
# Team mode in steady state (issue 18): the console (`rampart --connect`, offscreen) on a
# `serve` evaluating a rollout in progress every second; the console's resident memory
# sampled every minute. Prints one line per sample and the growth after the first minute.
#   tests/bench/team_mode_rss.sh BUILD_DIR [SECONDS]   (default 3600)
# Needs Redis (RAMPART_TEST_REDIS_URL/_PASSWORD, as scripts/lib/services.sh exports).
# RAMPART_BENCH_CONSOLE_LOG=FILE keeps the console's output; RAMPART_BENCH_WRAP runs it under a
# tool (e.g. "heaptrack -o FILE").
set -euo pipefail
build="${1:?usage: team_mode_rss.sh BUILD_DIR [SECONDS]}"
secs="${2:-3600}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ctl="$build/app/rampartctl"
plan="$root/resources/plans/documentation-keeper.json"
work="$(mktemp -d)"
pids=()
cleanup() {
    for p in "${pids[@]}"; do pkill -TERM -P "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done
    [ -n "${RAMPART_BENCH_CONSOLE_LOG:-}" ] && cp "$work/console.out" "$RAMPART_BENCH_CONSOLE_LOG" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT INT TERM
: "${RAMPART_TEST_REDIS_URL:?RAMPART_TEST_REDIS_URL is needed}"
export RAMPART_REDIS_URL="${RAMPART_TEST_REDIS_URL%/*}/8" RAMPART_REDIS_PASSWORD="${RAMPART_TEST_REDIS_PASSWORD:-}"
unset RAMPART_DATABASE_URL RAMPART_PROMETHEUS_URL
export QT_QPA_PLATFORM=offscreen RAMPART_OUTBOX_DIR="$work/outbox"

# A rollout in progress at 5% with two days of simulated traffic (as api_throughput.sh).
"$build/app/rampart/rampart" --no-demo --demo-dir "$work/ws" --quit-after-first-frame >/dev/null 2>&1
ws="$(ls "$work"/ws/*.rampart | head -1)"
flag="$(jq -r .flag "$plan")"
"$ctl" simulate --agent documentation-keeper --flag "$flag" --hours 48 --rate 500 --seed 7 \
    --store "sqlite:$ws" --flag-store memory:5 >/dev/null
"$ctl" flag set "$flag" 5 --by bench --reason "team mode benchmark" --stage canary >/dev/null
printf 'viewer bench team-mode-bench-token-01\n' > "$work/tokens"
chmod 600 "$work/tokens"
printf 'team-mode-bench-token-01\n' > "$work/token"
chmod 600 "$work/token"
"$ctl" serve --plan "$plan" --workspace "$ws" --tokens "$work/tokens" --listen 127.0.0.1:0 --rate-limit 0 \
    --interval 1 > "$work/serve.out" 2>"$work/serve.err" &
pids+=($!)
for _ in $(seq 100); do [ -s "$work/serve.out" ] && break; sleep 0.1; done
api="$(head -1 "$work/serve.out" | jq -r .api)"
[ -n "$api" ] && [ "$api" != null ] || { cat "$work/serve.err" >&2; exit 1; }

${RAMPART_BENCH_WRAP:-} "$build/app/rampart/rampart" --connect "$api" --token-file "$work/token" --lang en > "$work/console.out" 2>&1 &
console=$!
pids+=("$console")
rss() { awk '/^VmRSS/ {print $2}' "/proc/$console/status"; }
sleep 60
first="$(rss)"
echo "t=60s rss_kb=$first"
t=60
while [ "$t" -lt "$secs" ]; do
    sleep 60
    t=$((t + 60))
    kill -0 "$console" 2>/dev/null || { echo "the console exited" >&2; cat "$work/console.out" >&2; exit 1; }
    echo "t=${t}s rss_kb=$(rss)"
done
last="$(rss)"
evaluations="$(curl -s "$api/metrics" | awk '/^rampart_api_responses_total/ {n += $2} END {print n + 0}')"
echo "growth_kb=$((last - first)) over $((secs - 60)) s at one evaluation per second (first sample after 60 s); api responses $evaluations"
