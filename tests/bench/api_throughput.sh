#!/usr/bin/env bash
# The HTTP API on a rollout in progress beside its floor, in one run (issue 16): requests/s
# of `rampartctl serve` for POST /api/rollout/decision (the runbook's body), GET decision,
# GET decision with If-None-Match, POST sample-size, each against a minimal QHttpServer that
# returns the same bytes (rampart_bench_minimal_http). wrk on loopback, interleaved.
#   tests/bench/api_throughput.sh BUILD_DIR [SECONDS]
# Needs Redis (RAMPART_TEST_REDIS_URL/_PASSWORD, as scripts/lib/services.sh exports) and wrk.
set -euo pipefail
build="${1:?usage: api_throughput.sh BUILD_DIR [SECONDS]}"
secs="${2:-10}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ctl="${RAMPART_BENCH_CTL:-$build/app/rampartctl}" # RAMPART_BENCH_CTL: another build of rampartctl, for a before/after
plan="$root/resources/plans/documentation-keeper.json"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
: "${RAMPART_TEST_REDIS_URL:?RAMPART_TEST_REDIS_URL is needed}"
export RAMPART_REDIS_URL="${RAMPART_TEST_REDIS_URL%/*}/9" RAMPART_REDIS_PASSWORD="${RAMPART_TEST_REDIS_PASSWORD:-}"
unset RAMPART_DATABASE_URL RAMPART_PROMETHEUS_URL
export QT_QPA_PLATFORM=offscreen RAMPART_OUTBOX_DIR="$work/outbox"

# A rollout in progress: the console's embedded workspace starts one at 5%; two days of
# simulated traffic at 5% on it.
"$build/app/rampart/rampart" --no-demo --demo-dir "$work/ws" --quit-after-first-frame >/dev/null 2>&1
ws="$(ls "$work"/ws/*.rampart | head -1)"
flag="$(jq -r .flag "$plan")"
"$ctl" simulate --agent documentation-keeper --flag "$flag" --hours 48 --rate 500 --seed 7 \
    --store "sqlite:$ws" --flag-store memory:5 >/dev/null
"$ctl" flag set "$flag" 5 --by bench --reason "throughput benchmark" --stage canary >/dev/null
"$ctl" serve --plan "$plan" --workspace "$ws" --listen 127.0.0.1:0 --rate-limit 0 --interval 0 \
    > "$work/serve.out" 2>"$work/serve.err" &
pids+=($!)
for _ in $(seq 100); do [ -s "$work/serve.out" ] && break; sleep 0.1; done
api="$(head -1 "$work/serve.out" | jq -r .api)"
[ -n "$api" ] && [ "$api" != null ] || { cat "$work/serve.err" >&2; exit 1; }

post_lua() { # body -> lua script file
    printf 'wrk.method = "POST"\nwrk.body = %s\nwrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n' \
        "$(jq -Rn --arg b "$1" '$b')" > "$work/$2.lua"
}
post_lua '{"current_percentage": 25, "target_percentage": 50}' decision
post_lua '{"effect_size": 0.1, "power": 0.8, "alpha": 0.05}' samplesize
curl -s -X POST "$api/api/rollout/decision" -d '{"current_percentage": 25, "target_percentage": 50}' > "$work/decision-post.json"
curl -s -D "$work/headers" "$api/api/rollout/decision" > "$work/decision-get.json"
curl -s -X POST "$api/api/statistics/sample-size" -d '{"effect_size": 0.1, "power": 0.8, "alpha": 0.05}' > "$work/samplesize.json"
etag="$(grep -i '^etag:' "$work/headers" | cut -d' ' -f2 | tr -d '\r' || true)" # none before issue 16
printf 'wrk.headers["If-None-Match"] = %s\n' "$(jq -Rn --arg b "$etag" '$b')" > "$work/etag.lua"
echo "decision: $(jq -r .decision "$work/decision-get.json") ($(jq -r .status "$work/decision-get.json")), $(wc -c < "$work/decision-get.json") bytes; ETag $etag; 304 with it: $(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$api/api/rollout/decision")"

floor_port=$(( 20000 + RANDOM % 20000 ))
floor() { # body file -> starts the floor server on $floor_port
    "$build/tests/bench/rampart_bench_minimal_http" "$1" "$floor_port" & pids+=($!)
    sleep 0.3
}
rate() { # url [script] -> requests/s
    local args=(-t1 -c8 -d"${secs}s")
    [ -n "${2:-}" ] && args+=(-s "$2")
    wrk "${args[@]}" "$1" | awk '/Requests\/sec/ { print $2 }'
}
row() { # name, url, script, body file
    local r f
    r=$(rate "$2" "${3:-}")
    floor "$4"
    f=$(rate "http://127.0.0.1:$floor_port/" "${3:-}")
    kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'
    printf '%-42s %10s req/s   floor %10s req/s   ratio %s\n' "$1" "$r" "$f" "$(awk -v a="$r" -v b="$f" 'BEGIN { printf "%.2f", a / b }')"
}
printf 'API on a rollout in progress, wrk -t1 -c8 -d%ss; %s, %s cores; %s\n' "$secs" \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$(nproc)" "$(date -u '+%Y-%m-%d %H:%M UTC')"
row "POST /api/rollout/decision (runbook body)" "$api/api/rollout/decision" "$work/decision.lua" "$work/decision-post.json"
row "GET /api/rollout/decision" "$api/api/rollout/decision" "" "$work/decision-get.json"
row "GET /api/rollout/decision, If-None-Match" "$api/api/rollout/decision" "$work/etag.lua" /dev/null
row "POST /api/statistics/sample-size" "$api/api/statistics/sample-size" "$work/samplesize.lua" "$work/samplesize.json"
