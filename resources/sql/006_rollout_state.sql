-- 006: what the live rollout controller keeps (docs/controller.md): the saved RolloutState of
-- each agent (one row, replaced by every save, the JSON of core/io/statejson.h) and the
-- load-test results the gate reads. Incidents live in rampart.incidents (003).

CREATE TABLE rampart.rollout_state (
    agent        text        PRIMARY KEY,
    state_json   jsonb       NOT NULL,
    status       text        NOT NULL,
    percentage   double precision NOT NULL CHECK (percentage >= 0 AND percentage <= 100),
    flag_version bigint      NOT NULL CHECK (flag_version >= 0),
    saved_at     timestamptz NOT NULL,
    revision     bigint      NOT NULL CHECK (revision >= 1),
    saved_by     text        NOT NULL
);

CREATE TABLE rampart.load_tests (
    id             bigserial   PRIMARY KEY,
    agent          text        NOT NULL,
    at             timestamptz NOT NULL,
    percentage     double precision NOT NULL CHECK (percentage >= 0 AND percentage <= 100),
    p95_latency_ms double precision NOT NULL,
    error_rate     double precision NOT NULL CHECK (error_rate >= 0 AND error_rate <= 1),
    passed         boolean     NOT NULL
);
CREATE INDEX load_tests_agent_at ON rampart.load_tests (agent, at);

GRANT SELECT ON rampart.rollout_state, rampart.load_tests TO rampart_viewer;
GRANT INSERT, UPDATE ON rampart.rollout_state TO rampart_operator;
GRANT INSERT ON rampart.load_tests TO rampart_operator;
GRANT USAGE ON SEQUENCE rampart.load_tests_id_seq TO rampart_operator;
