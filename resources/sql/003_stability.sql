-- 003: what the long-term stability report reads besides stage history
-- (resources/sql/long-term-stability-metrics.sql).

-- Incidents attributed to an agent's rollout; resolved_at is empty while one is open.
CREATE TABLE rampart.incidents (
    id          bigserial   PRIMARY KEY,
    agent       text        NOT NULL,
    opened_at   timestamptz NOT NULL,
    resolved_at timestamptz CHECK (resolved_at IS NULL OR resolved_at >= opened_at),
    severity    text        NOT NULL DEFAULT 'minor',
    summary     text        NOT NULL DEFAULT ''
);
CREATE INDEX incidents_agent_opened ON rampart.incidents (agent, opened_at);

-- Health probes of the serving system: one row per probe, up or not.
CREATE TABLE rampart.uptime_samples (
    agent      text        NOT NULL,
    sampled_at timestamptz NOT NULL,
    up         boolean     NOT NULL,
    PRIMARY KEY (agent, sampled_at)
);

GRANT SELECT ON rampart.incidents, rampart.uptime_samples TO rampart_viewer;
GRANT INSERT, UPDATE ON rampart.incidents TO rampart_operator;
GRANT USAGE ON SEQUENCE rampart.incidents_id_seq TO rampart_operator;
GRANT INSERT ON rampart.uptime_samples TO rampart_operator, rampart_ingester;
