-- Format version 5: hourly rollups, mirroring PostgreSQL migration 007 (docs/store.md, "Two
-- rollup levels"): the per-minute sums of rollups and rollup_buckets summed per UTC hour, kept
-- by the same upsert that keeps the minutes (ingest and archive import), backfilled here.
-- Summaries read whole hours here and the partial hours at a window's ends from the minutes.
CREATE TABLE rollups_hourly (agent TEXT NOT NULL, metric TEXT NOT NULL, cohort TEXT NOT NULL,
    hour INTEGER NOT NULL, n INTEGER NOT NULL, sum REAL NOT NULL, sum_sq REAL NOT NULL,
    successes INTEGER NOT NULL, min REAL NOT NULL, max REAL NOT NULL,
    PRIMARY KEY (agent, metric, cohort, hour)) WITHOUT ROWID;
CREATE TABLE rollup_buckets_hourly (agent TEXT NOT NULL, metric TEXT NOT NULL, cohort TEXT NOT NULL,
    hour INTEGER NOT NULL, bucket INTEGER NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (agent, metric, cohort, hour, bucket)) WITHOUT ROWID;
INSERT INTO rollups_hourly (agent, metric, cohort, hour, n, sum, sum_sq, successes, min, max)
    SELECT agent, metric, cohort, minute - (minute % 3600 + 3600) % 3600, SUM(n), SUM(sum), SUM(sum_sq),
        SUM(successes), MIN(min), MAX(max)
    FROM rollups GROUP BY 1, 2, 3, 4;
INSERT INTO rollup_buckets_hourly (agent, metric, cohort, hour, bucket, count)
    SELECT agent, metric, cohort, minute - (minute % 3600 + 3600) % 3600, bucket, SUM(count)
    FROM rollup_buckets GROUP BY 1, 2, 3, 4, 5;
