#!/usr/bin/env bash
# A whole rollout rehearsed on loopback for tests/app/test_rollout_automation.cpp:
#   rollout-rehearsal.sh DIR complete|degrade
# The demo plan under an agent and flag of its own, time-scaled by 4320 (a day of dwell takes
# 20 s) with scripts/rollout/time-scaled-plan.sh; `rampartctl demo play --until 5` starts the
# rollout (the API cannot start one) on a SQLite workspace with the flag in the test Redis;
# `rampartctl serve` on that workspace with the demo's stand-in telemetry; the stand-in
# serving system (`simulate --serve`) writing the traffic's events into the same workspace,
# driven by wrk at 100 requests/s; two stakeholders who sign off when the sign-off is the
# only thing missing (as `demo play` does); and scripts/rollout/staged-rollout-automation.sh
# --time-scale 4320 --until 100. "degrade" gives the ML cohort 3x latency from the start.
# Writes DIR/automation.jsonl and DIR/flag.json; exits with the automation's exit code.
# Needs RAMPART_TEST_REDIS_URL (scripts/test) and RAMPARTCTL.
set -uo pipefail
dir=$1 mode=$2
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
R=${RAMPARTCTL:?RAMPARTCTL must name the rampartctl binary}
export RAMPART_REDIS_URL=${RAMPART_TEST_REDIS_URL:?the test Redis is needed}
export RAMPART_REDIS_PASSWORD=${RAMPART_TEST_REDIS_PASSWORD:-}
unset RAMPART_DATABASE_URL RAMPART_PROMETHEUS_URL
scale=4320
agent="rehearsal-$mode-$$"
cd "$dir" || exit 90

pids=()
cleanup() { local p; for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT

# The rehearsal plan keeps every guardrail, the error rate included (its false rollbacks right
# after an advance were fixed in the engine: docs/decision-rules.md, "Rare-event guardrails").
"$ROOT/scripts/rollout/time-scaled-plan.sh" "$ROOT/resources/plans/documentation-keeper.json" "$scale" \
    | jq --arg a "$agent" '.agent = $a | .flag = ($a + ".ml") | .flag_alias = ($a + "-rollout")
        | .service_gates |= map(.query |= gsub("documentation-keeper"; $a))' >plan.json || exit 91
printf 'operator automation op-%s-0123456789abcdef\nstakeholder alice st1-%s-0123456789abcdef\nstakeholder bob st2-%s-0123456789abcdef\n' \
    "$$" "$$" "$$" >tokens
chmod 600 tokens
echo "op-$$-0123456789abcdef" >operator.token

listening() { # FILE: waits for the {"type":"listening"} line
    for _ in $(seq 1 100); do grep -q listening "$1" 2>/dev/null && return 0; sleep 0.1; done
    echo "no listening line in $1: $(cat "$1" "${1%.out}.err" 2>/dev/null)" >&2; exit 92
}

"$R" demo telemetry --plan plan.json --listen 127.0.0.1:0 >telemetry.out 2>telemetry.err & pids+=($!)
listening telemetry.out
telemetry=$(jq -r 'select(.type == "listening") | .telemetry' telemetry.out)
"$R" demo play --plan plan.json --workspace ws.rampart --telemetry "$telemetry" --until 5 --lookback-days 1 \
    >play.out 2>play.err || { cat play.err >&2; exit 93; }

RAMPART_PROMETHEUS_URL=$telemetry "$R" serve --plan plan.json --workspace ws.rampart --listen 127.0.0.1:0 \
    --tokens tokens --interval 2 --cache-ms 0 --rate-limit 0 >serve.out 2>serve.err & pids+=($!)
listening serve.out
api=$(jq -r 'select(.type == "listening") | .api' serve.out)

fault=()
[ "$mode" = degrade ] && fault=(--fault latency:3x@0s)
"$R" simulate --serve 127.0.0.1:0 --agent "$agent" --flag "$agent.ml" --flag-store redis --store sqlite:ws.rampart \
    --flag-poll-ms 200 --seed "$$" "${fault[@]}" >standin.out 2>standin.err & pids+=($!)
listening standin.out
standin=$(jq -r 'select(.type == "listening") | .url' standin.out)
RAMPART_LT_RATE=100 RAMPART_LT_CONNECTIONS=20 RAMPART_LT_OUT=wrk.json RAMPART_LT_USER_PREFIX="$agent" \
    wrk -t 20 -c 20 -d 900s --timeout 10s -s "$ROOT/scripts/load-test/paced.lua" "$standin/answer" >wrk.txt 2>&1 & pids+=($!)

# The stakeholders: sign off when the sign-off is the only reason left.
( while :; do
      d=$(curl -s -X POST "$api/api/rollout/decision" -d '{}')
      if [ "$(jq -r '[.reasons[]?.code] == ["signoff_missing"]' <<<"$d" 2>/dev/null)" = true ]; then
          for who in st1 st2; do
              curl -s -H "Authorization: Bearer $who-$$-0123456789abcdef" "$api/api/rollout/sign-off" \
                  -d '{"approve": true, "comment": "rehearsal stakeholder"}' >>signoffs.jsonl
              echo >>signoffs.jsonl
              d=$(curl -s -X POST "$api/api/rollout/decision" -d '{}')
              [ "$(jq -r '[.reasons[]?.code] | index("signoff_missing") == null' <<<"$d")" = true ] && break
          done
      fi
      sleep 1
  done ) & pids+=($!)

"$ROOT/scripts/rollout/staged-rollout-automation.sh" --api "$api" --token-file operator.token --plan plan.json \
    --until 100 --time-scale "$scale" --max-hours 2400 >automation.jsonl 2>automation.err
rc=$?
"$R" flag get "$agent.ml" >flag.json 2>flag.err
exit $rc
