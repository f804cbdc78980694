#!/usr/bin/env bash
# The other side of rampart_bench_store's comparison: what a user would otherwise run —
# psql aggregating the raw events of the same 10M-event database — timed in the same run.
#
#   RAMPART_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:PORT/postgres \
#       tests/bench/store_reference.sh [BENCH_BINARY] [--clean]
#
# Runs BENCH_BINARY (default build/dev/tests/bench/rampart_bench_store) first, which creates
# the database rampart_bench_store_10m on first use, then times the raw-events query with
# psql (best of 3, `\timing`). --clean drops the database afterwards.
set -euo pipefail

bench="build/dev/tests/bench/rampart_bench_store"
clean=0
for arg in "$@"; do
    case "$arg" in
        --clean) clean=1 ;;
        *) bench="$arg" ;;
    esac
done
: "${RAMPART_TEST_DATABASE_URL:?set RAMPART_TEST_DATABASE_URL to a PostgreSQL superuser URL}"
server="$RAMPART_TEST_DATABASE_URL"
db="${server%/*}/rampart_bench_store_10m"

echo "== rampart_bench_store"
"$bench" --benchmark_counters_tabular=true

query="SELECT cohort, count(*), avg(latency_ms), stddev_samp(latency_ms), min(latency_ms), max(latency_ms),
       avg(correct::int), avg(satisfaction), stddev_samp(satisfaction), avg(handling_time_min),
       stddev_samp(handling_time_min), avg(error::int),
       percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms)
FROM rampart.events
WHERE agent = 'bench-agent' AND at >= '2024-05-01T00:00:00Z' AND at < '2024-05-08T00:00:00Z'
  AND cohort IN ('control', 'treatment')
GROUP BY cohort;"

echo "== psql over raw events (10M rows), best of 3"
best=""
for _ in 1 2 3; do
    ms=$(psql "$db" -X -q -c '\timing on' -c "$query" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -n 1)
    echo "  ${ms} ms"
    if [ -z "$best" ] || awk "BEGIN{exit !($ms < $best)}"; then best="$ms"; fi
done
echo "psql raw-events aggregate: best ${best} ms"

echo "== psql without percentile (plain avg/stddev), best of 3"
plain="${query/,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms)/}"
best=""
for _ in 1 2 3; do
    ms=$(psql "$db" -X -q -c '\timing on' -c "$plain" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -n 1)
    echo "  ${ms} ms"
    if [ -z "$best" ] || awk "BEGIN{exit !($ms < $best)}"; then best="$ms"; fi
done
echo "psql raw-events aggregate without p95: best ${best} ms"

if [ "$clean" -eq 1 ]; then
    psql "$server" -X -q -c "DROP DATABASE IF EXISTS rampart_bench_store_10m WITH (FORCE)"
fi
