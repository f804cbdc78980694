-- Long-term stability of one agent's rollout over a reporting window: uptime, incidents
-- and the days spent at 100% traffic. Read-only (rampart_viewer suffices).
--
-- Parameters (psql variables):
--   agent    the agent (rollout subject), e.g. documentation-keeper
--   from     start of the window, inclusive, an ISO 8601 timestamp, e.g. 2024-05-01T00:00:00Z
--   to       end of the window, exclusive
-- Run:
--   psql "$RAMPART_DATABASE_URL" -v agent=documentation-keeper \
--        -v from=2024-05-01T00:00:00Z -v to=2024-06-01T00:00:00Z \
--        -f resources/sql/long-term-stability-metrics.sql
--
-- Columns:
--   uptime_ratio         share of health probes in the window that found the agent up
--                        (NULL without probes)
--   probes               number of probes
--   incidents            incidents opened in the window
--   open_incidents       of those, still unresolved
--   incident_hours       hours of incident time inside the window (open ones count to `to`)
--   days_at_100          days inside the window during which the rollout stood at 100%
--                        (from stage history: each transition holds until the next one)
--   first_reached_100    when the rollout first reached 100% (any time, NULL if never)

WITH params AS (
    SELECT :'agent'::text AS agent, :'from'::timestamptz AS from_at, :'to'::timestamptz AS to_at
),
probes AS (
    SELECT count(*) AS probes, count(*) FILTER (WHERE u.up) AS up
    FROM rampart.uptime_samples u, params p
    WHERE u.agent = p.agent AND u.sampled_at >= p.from_at AND u.sampled_at < p.to_at
),
incident_stats AS (
    SELECT count(*) AS incidents,
           count(*) FILTER (WHERE i.resolved_at IS NULL) AS open_incidents,
           coalesce(sum(extract(epoch FROM least(coalesce(i.resolved_at, p.to_at), p.to_at) - i.opened_at)), 0) / 3600.0
               AS incident_hours
    FROM rampart.incidents i, params p
    WHERE i.agent = p.agent AND i.opened_at >= p.from_at AND i.opened_at < p.to_at
),
stages AS (
    SELECT h.to_percentage,
           h.at AS since,
           lead(h.at) OVER (ORDER BY h.at, h.id) AS until
    FROM rampart.stage_history h, params p
    WHERE h.agent = p.agent
),
full_traffic AS (
    SELECT coalesce(sum(extract(epoch FROM
               least(coalesce(s.until, p.to_at), p.to_at) - greatest(s.since, p.from_at))), 0) / 86400.0 AS days_at_100
    FROM stages s, params p
    WHERE s.to_percentage >= 100
      AND s.since < p.to_at
      AND coalesce(s.until, p.to_at) > p.from_at
),
first_full AS (
    SELECT min(since) AS first_reached_100 FROM stages WHERE to_percentage >= 100
)
SELECT CASE WHEN pr.probes > 0 THEN pr.up::double precision / pr.probes END AS uptime_ratio,
       pr.probes,
       i.incidents,
       i.open_incidents,
       i.incident_hours::double precision AS incident_hours,
       f.days_at_100::double precision AS days_at_100,
       ff.first_reached_100
FROM probes pr, incident_stats i, full_traffic f, first_full ff;
