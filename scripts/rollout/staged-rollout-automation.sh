#!/usr/bin/env bash
# Drives a staged rollout through the Rampart HTTP API (`rampartctl serve`, docs/api.md): it
# asks for the decision, advances to the plan's next stage only on an `advance` decision whose
# sign-off gate has passed (the stakeholders sign off through the API or the console; this
# script never signs), waits out the dwell by polling, and rolls back when the decision says
# rollback (the controller usually has already). It writes nothing but the flag, and only
# through the API's compare-and-set path. docs/load-testing.md ("Rollout automation").
#
#   scripts/rollout/staged-rollout-automation.sh --api http://127.0.0.1:8093 --token-file operator.token
#       [--flag-api URL] [--plan FILE] [--until complete|PCT] [--time-scale N] [--poll-seconds S]
#       [--max-hours H] [--before-advance CMD]
#
# --time-scale N divides every wait of this script (the poll interval, the time-out) by N, for
# a rollout whose plan durations are N times shorter too (a plan made by
# scripts/rollout/time-scaled-plan.sh PLAN N, which the test runs against the simulator).
# --before-advance CMD runs before every advance with RAMPART_NEXT_PERCENTAGE set (e.g. a
# load test at the next level: scripts/load-test.sh --target-percentage "$RAMPART_NEXT_PERCENTAGE" …);
# a failure stops the automation with exit 1 and the rollout where it is.
#
# One JSON line per event on stdout. Exit: 0 the rollout completed (or reached --until),
# 1 a --before-advance check failed, 2 bad usage or a token the API refuses,
# 3 the rollout was rolled back, 4 the API was unreachable or the time-out passed.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
api="" flag_api="" token_file="" plan="$ROOT/resources/plans/documentation-keeper.json"
until_target=complete time_scale=1 poll_seconds=60 max_hours=504 before_advance=""
while [ $# -gt 0 ]; do
    case "$1" in
        --api) api=${2:-}; shift 2 ;;
        --flag-api) flag_api=${2:-}; shift 2 ;;
        --token-file) token_file=${2:-}; shift 2 ;;
        --plan) plan=${2:-}; shift 2 ;;
        --until) until_target=${2:-}; shift 2 ;;
        --time-scale) time_scale=${2:-}; shift 2 ;;
        --poll-seconds) poll_seconds=${2:-}; shift 2 ;;
        --max-hours) max_hours=${2:-}; shift 2 ;;
        --before-advance) before_advance=${2:-}; shift 2 ;;
        -h|--help) sed -n 2,24p "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) printf 'automation: unknown argument "%s" (see --help)\n' "$1" >&2; exit 2 ;;
    esac
done

die() { printf 'automation: %s\n' "$1" >&2; exit "${2:-2}"; }
event() { # event KIND PERCENTAGE MESSAGE
    jq -cn --arg at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg event "$1" --argjson percentage "${2:-null}" --arg message "$3" \
        '{at: $at, event: $event, percentage: $percentage, message: $message}'
}
is_number() { [[ "$1" =~ ^[0-9]+([.][0-9]+)?$ ]]; }

[ -n "$api" ] || die "--api URL is required"
[ -n "$token_file" ] || die "--token-file FILE is required (the operator's bearer token; never on the command line)"
[ -r "$token_file" ] || die "cannot read the token file $token_file"
[ -f "$plan" ] || die "no plan at $plan"
is_number "$time_scale" && awk "BEGIN{exit !($time_scale > 0)}" || die "--time-scale must be a positive number"
is_number "$poll_seconds" && awk "BEGIN{exit !($poll_seconds > 0)}" || die "--poll-seconds must be a positive number"
is_number "$max_hours" || die "--max-hours must be a number"
[ "$until_target" = complete ] || is_number "$until_target" || die "--until is complete or a percentage"
command -v jq >/dev/null && command -v curl >/dev/null || die "jq and curl are needed" 4
[ -n "$flag_api" ] || flag_api=$api
flag=$(jq -r '.flag_alias // .flag' "$plan")
stages=$(jq -c '[.stages[].percentage]' "$plan")
last_stage=$(jq -r '.stages[-1].percentage' "$plan")
auth="Authorization: Bearer $(tr -d '[:space:]' <"$token_file")"

poll=$(awk "BEGIN{p=$poll_seconds/$time_scale; if (p<0.2) p=0.2; print p}")
deadline=$(( $(date +%s) + $(awk "BEGIN{print int($max_hours*3600/$time_scale)+1}") ))
failures=0 last_reason=""

# next_stage PCT: the plan's stage after PCT ("" at the last stage or off-plan).
next_stage() { jq -r --argjson p "$1" '(index($p)) as $i | if $i == null or $i + 1 >= length then "" else .[$i + 1] end' <<<"$stages"; }

while :; do
    [ "$(date +%s)" -le "$deadline" ] || { event timeout null "No completion within $max_hours h (scaled by $time_scale)."; exit 4; }
    decision=$(curl -s --max-time 30 -X POST "$api/api/rollout/decision" -d '{}')
    if ! jq -e '.decision' >/dev/null 2>&1 <<<"$decision"; then
        failures=$((failures + 1))
        [ "$failures" -ge 10 ] && { event unavailable null "The API does not answer decisions: ${decision:0:200}"; exit 4; }
        sleep "$poll"; continue
    fi
    failures=0
    status=$(jq -r '.status // ""' <<<"$decision")
    action=$(jq -r '.action // .decision' <<<"$decision")
    verdict=$(jq -r '.decision' <<<"$decision")
    current=$(jq -r '.saved_percentage // 0' <<<"$decision")
    reason=$(jq -r '.reason // ""' <<<"$decision")

    if [ "$status" = rolled_back ]; then
        event rolled_back "$current" "The rollout was rolled back: $reason"
        exit 3
    fi
    if [ "$status" = completed ] || [ "$action" = complete ]; then
        event complete "$current" "The rollout is complete."
        exit 0
    fi
    if [ "$until_target" != complete ] && awk "BEGIN{exit !($current >= $until_target)}"; then
        event reached "$current" "The rollout reached $current% (--until $until_target)."
        exit 0
    fi

    case "$verdict" in
    rollback)
        target=$(jq -r '.target_percentage // 0' <<<"$decision")
        answer=$(curl -s --max-time 30 -H "$auth" "$flag_api/api/flags/$flag" \
            -d "$(jq -cn --argjson p "$target" '{percentage: $p, reason: "staged-rollout-automation: the decision is rollback"}')")
        if [ "$(jq -r '.error // ""' <<<"$answer" 2>/dev/null)" = not_allowed ]; then
            note="the controller had rolled back already"
        else
            note="requested: $(jq -c '{command, percentage, error}' <<<"$answer" 2>/dev/null)"
        fi
        event rollback "$current" "Rolling back to $target% ($note): $reason"
        # The controller confirms the rollback in the saved state; report it once it is there.
        for _ in $(seq 1 50); do
            [ "$(curl -s --max-time 10 "$api/api/rollout/state" | jq -r '.state.status // .status // ""')" = rolled_back ] && break
            sleep "$poll"
        done
        exit 3
        ;;
    advance)
        signoff=$(jq -r '[.gates[]? | select(.gate == "signoff") | .status][0] // "none"' <<<"$decision")
        if [ "$signoff" != pass ] && [ "$signoff" != none ]; then
            event hold "$current" "An advance without its sign-offs is not taken (sign-off gate: $signoff)."
            sleep "$poll"; continue
        fi
        next=$(next_stage "$current")
        [ -n "$next" ] || { sleep "$poll"; continue; }
        if [ -n "$before_advance" ]; then
            if ! RAMPART_NEXT_PERCENTAGE=$next bash -c "$before_advance" >&2; then
                event check_failed "$current" "The check before advancing to $next% failed; the rollout stays at $current%."
                exit 1
            fi
        fi
        answer=$(curl -s --max-time 30 -w '\n%{http_code}' -H "$auth" "$flag_api/api/flags/$flag" \
            -d "$(jq -cn --argjson p "$next" '{percentage: $p, reason: "staged-rollout-automation: advance decision with its sign-offs"}')")
        code=$(tail -n 1 <<<"$answer"); body=$(sed '$d' <<<"$answer")
        case "$code" in
            200) event advance "$next" "Advanced from $current% to $next% (flag version $(jq -r .version <<<"$body"))."; last_reason="" ;;
            401|403) event refused "$current" "The API refused the token: $(jq -r .message <<<"$body")"; exit 2 ;;
            409) event hold "$current" "The advance was not allowed: $(jq -r .message <<<"$body")"; sleep "$poll" ;;
            *) event retry "$current" "The advance failed ($code): ${body:0:200}"; sleep "$poll" ;;
        esac
        ;;
    *)
        if [ "$reason" != "$last_reason" ]; then
            event hold "$current" "$reason"
            last_reason=$reason
        fi
        sleep "$poll"
        ;;
    esac
done
