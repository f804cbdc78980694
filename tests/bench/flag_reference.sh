#!/usr/bin/env bash
# The redis-cli baseline for bench_flags.cpp: the same flag write as RampartFlagStore —
# EVALSHA of core/flags/flagwrite.lua (compare-and-set + PUBLISH), then HGETALL to read it
# back — done the way an operator without rampartctl would, one redis-cli call per command,
# timed per iteration. Prints p50/p99 in microseconds.
#
#   RAMPART_TEST_REDIS_URL=redis://127.0.0.1:6379/0 RAMPART_TEST_REDIS_PASSWORD=… \
#       tests/bench/flag_reference.sh [ITERATIONS]     (default 500)
set -euo pipefail

iterations=${1:-500}
url=${RAMPART_TEST_REDIS_URL:?set RAMPART_TEST_REDIS_URL (redis://[user@]host:port/db)}
script="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/core/flags/flagwrite.lua"

# redis://[user@]host:port/db
rest=${url#redis://}
user=""
if [[ $rest == *@* ]]; then user=${rest%%@*}; rest=${rest#*@}; fi
hostport=${rest%%/*}
db=0
[[ $rest == */* ]] && db=${rest#*/}
host=${hostport%:*}
port=${hostport##*:}
[[ $hostport == *:* ]] || port=6379
db=${db:-0}

export REDISCLI_AUTH=${RAMPART_TEST_REDIS_PASSWORD:-}
cli=(redis-cli -h "$host" -p "$port" -n "$db")
[ -n "$user" ] && cli+=(--user "$user")

flag="bench-reference-$$"
key="rampart:flag:$flag"
channel="rampart:flag:$flag:changes"
sha=$("${cli[@]}" SCRIPT LOAD "$(cat "$script")")
now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

# Seed with "whatever is there" (empty expected version), as the first write does.
version=$("${cli[@]}" EVALSHA "$sha" 1 "$key" "" 0 bench bench "$(now)" seed "$flag" "$channel" | tail -n 1)

samples=$(mktemp)
trap 'rm -f "$samples"; "${cli[@]}" DEL "$key" >/dev/null' EXIT
percentage=0
for _ in $(seq 1 "$iterations"); do
    percentage=$(( percentage >= 100 ? 0 : percentage + 5 ))
    at=$(now) # outside the timed part: only the two redis-cli calls are measured
    start=$(date +%s%N)
    reply=$("${cli[@]}" EVALSHA "$sha" 1 "$key" "$version" "$percentage" bench bench "$at" \
            "benchmark write" "$flag" "$channel")
    "${cli[@]}" HGETALL "$key" >/dev/null
    end=$(date +%s%N)
    if [ "$(head -n 1 <<<"$reply")" != 1 ]; then
        echo "write failed: $reply" >&2
        exit 1
    fi
    version=$(tail -n 1 <<<"$reply")
    echo $(( (end - start) / 1000 )) >>"$samples"
done

sort -n "$samples" -o "$samples"
pick() { sed -n "$(( ( $1 * (iterations - 1) + 50 ) / 100 + 1 ))p" "$samples"; }
echo "redis-cli EVALSHA + HGETALL, $iterations iterations: p50 $(pick 50) us, p99 $(pick 99) us, max $(tail -n 1 "$samples") us"
