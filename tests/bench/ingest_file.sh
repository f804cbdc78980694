#!/usr/bin/env bash
# End-to-end file ingest: `rampartctl ingest` of a generated CSV of N rows (default 1,000,000)
# into a fresh database, then the same file again (every event a duplicate, nothing stored).
# Prints both JSON reports with wall time, client CPU time and peak memory.
#
#   RAMPART_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:PORT/postgres \
#       tests/bench/ingest_file.sh [RAMPARTCTL] [ROWS]
set -euo pipefail

rampartctl="${1:-build/dev/app/rampartctl}"
rows="${2:-1000000}"
: "${RAMPART_TEST_DATABASE_URL:?set RAMPART_TEST_DATABASE_URL to a PostgreSQL superuser URL}"
server="$RAMPART_TEST_DATABASE_URL"
name="rampart_bench_ingest_file_$$"
work="$(mktemp -d)"
cleanup() {
    psql "$server" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

/usr/bin/python3 - "$work/events.csv" "$rows" <<'PY'
import random, sys
random.seed(1)
with open(sys.argv[1], "w") as f:
    f.write("time,agent,cohort,unit_id,latency_ms,correct,satisfaction,handling_time_min,error\n")
    for i in range(int(sys.argv[2])):
        f.write("%d,doc-keeper,%s,u%d,%.1f,%s,%d,%.2f,false\n" % (
            1714564800 + i // 20, "treatment" if random.random() < 0.3 else "control", i,
            50 + 400 * random.random(), "true" if random.random() < 0.8 else "false",
            random.randint(1, 5), 2 + 10 * random.random()))
PY
psql "$server" -qc "CREATE DATABASE $name"
export RAMPART_DATABASE_URL="${server%/*}/$name"
export XDG_CONFIG_HOME="$work/config" # no stray config file
echo "rows: $rows; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in first rerun; do
    /usr/bin/time -f "$run: %e s wall, %U s user, %S s sys, %M KB peak" \
        "$rampartctl" ingest "$work/events.csv" | tr -d '\n '
    echo
done
