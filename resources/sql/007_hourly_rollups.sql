-- 007: hourly rollups (issue 9, speed). The same sufficient statistics as rampart.rollups,
-- summed per agent, hour, cohort and metric, so a window of days reads ~24 rows a day per
-- metric and cohort instead of 1440 (docs/store.md, "Two rollup levels"). Ingest, archive
-- import and rebuildRollups() keep both levels in the same statement, from the same rows, so
-- an idempotent rerun (which inserts no event) changes neither. summaries() and units() read
-- whole hours here and the partial hours at a window's ends from rampart.rollups; the totals
-- are the same sums, so the answer is the same (tests/core/store/test_pghourlyrollups.cpp).

CREATE TABLE rampart.rollups_hourly (
    agent     text             NOT NULL,
    hour      timestamptz      NOT NULL,
    cohort    text             NOT NULL,
    metric    text             NOT NULL,
    n         bigint           NOT NULL,
    sum       double precision NOT NULL,
    sum_sq    double precision NOT NULL,
    successes bigint           NOT NULL DEFAULT 0,
    min       double precision NOT NULL,
    max       double precision NOT NULL,
    buckets   bigint[]         NOT NULL DEFAULT '{}',
    PRIMARY KEY (agent, hour, cohort, metric)
);

-- Element-wise sum of bucket arrays over rows (rampart.add_buckets of 001 as the step).
CREATE AGGREGATE rampart.sum_buckets(bigint[]) (
    SFUNC = rampart.add_buckets,
    STYPE = bigint[],
    INITCOND = '{}'
);

-- Backfill from the per-minute rows already stored.
INSERT INTO rampart.rollups_hourly (agent, hour, cohort, metric, n, sum, sum_sq, successes, min, max, buckets)
SELECT agent, date_trunc('hour', minute, 'UTC'), cohort, metric, sum(n)::bigint, sum(sum), sum(sum_sq),
       sum(successes)::bigint, min(min), max(max), rampart.sum_buckets(buckets)
FROM rampart.rollups
GROUP BY 1, 2, 3, 4;

GRANT SELECT ON rampart.rollups_hourly TO rampart_viewer;
GRANT INSERT, UPDATE ON rampart.rollups_hourly TO rampart_ingester;
