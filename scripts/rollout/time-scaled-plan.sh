#!/usr/bin/env bash
# time-scaled-plan.sh PLAN N: the plan with every stage's minimum dwell N times shorter (and a
# suffix on its name), printed on stdout, for rehearsing a rollout against the simulator with
# scripts/rollout/staged-rollout-automation.sh --time-scale N. The final assessment's
# stability_days is whole days and is left as it is: run the automation with --until 100.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: time-scaled-plan.sh PLAN N" >&2; exit 2; }
[[ "$2" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "time-scaled-plan.sh: N must be a positive number" >&2; exit 2; }
jq --argjson n "$2" 'if $n <= 0 then error("N must be positive") else . end
    | .stages |= map(.min_dwell_hours = (.min_dwell_hours / $n))' "$1"
