#!/usr/bin/env bash
# scripts/demo --team (see scripts/demo --help): the console in team mode on a whole local
# stack. Arguments: LANG OFFSCREEN(1 or empty) OUT(empty: build/demo-screenshots/team-<time>).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"
lang="$1" offscreen="$2" out="$3"

ensure_packages "${RAMPART_BUILD_PACKAGES[@]}" "${RAMPART_SERVICE_PACKAGES[@]}"
build_rampart dev rampart rampartctl
bin="$RAMPART_ROOT/build/dev/app/rampart/rampart"
ctl="$RAMPART_ROOT/build/dev/app/rampartctl"

pids=()
finish() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    stop_services
}
trap finish EXIT INT TERM
start_services
team="$RAMPART_SERVICES_DIR/team"
mkdir -p "$team"
chmod 700 "$team"

# The shipped plan with its minimum dwells 720 times shorter (48 h → 4 min).
plan="$team/plan.json"
"$RAMPART_ROOT/scripts/rollout/time-scaled-plan.sh" "$RAMPART_ROOT/resources/plans/documentation-keeper.json" 720 >"$plan"
agent="$(jq -r .agent "$plan")" flag="$(jq -r .flag "$plan")"

# One token per role; the console gets the operator's, from a file only this user may read.
: >"$team/tokens"
chmod 600 "$team/tokens"
for role in operator stakeholder viewer; do
    token="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
    printf '%s %s-demo %s\n' "$role" "$role" "$token" >>"$team/tokens"
    printf '%s\n' "$token" >"$team/$role.token"
    chmod 600 "$team/$role.token"
done

export RAMPART_DATABASE_URL="$RAMPART_TEST_DATABASE_URL" RAMPART_REDIS_URL="$RAMPART_TEST_REDIS_URL"
export RAMPART_REDIS_PASSWORD="$RAMPART_TEST_REDIS_PASSWORD" RAMPART_PROMETHEUS_URL="$RAMPART_TEST_PROMETHEUS_URL"
export RAMPART_OUTBOX_DIR="$team/outbox"

# The serving system, scraped by Prometheus as the plan's job.
stand_in_port="$(free_port)"
"$ctl" simulate --serve "127.0.0.1:$stand_in_port" --agent "$agent" --flag "$flag" --flag-store redis \
    --store postgres --flag-poll-ms 200 >"$team/stand-in.out" 2>"$team/stand-in.err" &
pids+=($!)
wait_for grep -q '"listening"' "$team/stand-in.out" || die "the stand-in did not start: $(cat "$team/stand-in.err")"
printf '[{"targets": ["127.0.0.1:%s"], "labels": {"job": "%s"}}]\n' "$stand_in_port" "$agent" \
    >"$RAMPART_TEST_PROMETHEUS_TARGETS_DIR/team-demo.json"

# The server: the watchdog evaluating every 5 s, the API and its stream.
"$ctl" serve --plan "$plan" --listen 127.0.0.1:0 --tokens "$team/tokens" --watch --interval 5 \
    --instance team-demo >"$team/serve.out" 2>"$team/serve.err" &
pids+=($!)
wait_for grep -q '"listening"' "$team/serve.out" || die "serve did not start: $(cat "$team/serve.err")"
api="$(jq -r 'select(.type == "listening") | .api' "$team/serve.out")"
for _ in $(seq 1 100); do # wait until this instance leads
    [ "$(curl -s "$api/health" | jq -r .acting)" = true ] && break
    sleep 0.2
done
curl -sf -H "Authorization: Bearer $(cat "$team/operator.token")" -X POST "$api/api/rollout/start" >/dev/null \
    || die "the rollout could not be started: $(curl -s -H "Authorization: Bearer $(cat "$team/operator.token")" -X POST "$api/api/rollout/start")"
log "serve at $api (operator, stakeholder and viewer tokens in $team), the rollout started at 5%"

# Traffic: 40 answers a second, a new user each, paced (scripts/load-test/paced.lua).
RAMPART_LT_RATE=40 RAMPART_LT_CONNECTIONS=4 RAMPART_LT_OUT="$team/wrk.json" RAMPART_LT_USER_PREFIX=team \
    wrk -t 4 -c 4 -d 24h --timeout 10s -s "$RAMPART_ROOT/scripts/load-test/paced.lua" \
    "http://127.0.0.1:$stand_in_port/answer" >"$team/wrk.txt" 2>&1 &
pids+=($!)

if [ -z "$offscreen" ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    log "starting the console connected as operator-demo (close the window to stop everything)"
    "$bin" --connect "$api" --token-file "$team/operator.token" --lang "$lang" || true
    exit 0
fi

out="${out:-$RAMPART_ROOT/build/demo-screenshots/team-$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
log "no display: the console offscreen, connected as operator-demo; screenshots into $out"
sleep 20 # some traffic and evaluations first
status=0
QT_QPA_PLATFORM=offscreen "$bin" --connect "$api" --token-file "$team/operator.token" --lang "$lang" \
    --team-screenshots "$out" 2>"$out/rampart-stderr.log" || status=$?
[ "$status" -eq 0 ] || die "the console did not show the live rollout (exit $status); Qt messages: $out/rampart-stderr.log"
printf '\nScreenshots of the console in team mode: %s\n' "$out"
