-- 001: the evidence store's tables in schema rampart.
-- Applied by PgEvidenceStore::open inside one transaction and recorded in
-- rampart.schema_migrations; never edit an applied migration, add the next number instead.

CREATE SCHEMA IF NOT EXISTS rampart;

-- Raw outcome events, one row per answer of an agent to a unit. Kept for audits and
-- re-aggregation; the console never reads them (it reads rampart.rollups).
CREATE TABLE rampart.events (
    at                timestamptz      NOT NULL,
    agent             text             NOT NULL,
    cohort            text             NOT NULL,
    unit_id           text             NOT NULL,
    latency_ms        double precision CHECK (latency_ms >= 0),
    correct           boolean,
    satisfaction      smallint         CHECK (satisfaction BETWEEN 1 AND 5),
    handling_time_min double precision CHECK (handling_time_min >= 0),
    error             boolean          NOT NULL DEFAULT false
);
-- Append-mostly in time order: a BRIN index finds a time range at almost no cost to ingest.
CREATE INDEX events_at ON rampart.events USING brin (at);

-- Sufficient statistics per agent, cohort, metric and minute, kept current on ingest.
-- metric: accuracy (x = correct as 0/1), latency_ms, satisfaction (1..5),
-- handling_time_min, error_rate (x = error as 0/1).
-- buckets: latency_ms histogram counts over rampart.latency_bounds() (bucket k holds
-- bounds[k] <= x < bounds[k+1], the last one is open); satisfaction level counts 1..5;
-- empty for the other metrics.
CREATE TABLE rampart.rollups (
    agent     text             NOT NULL,
    minute    timestamptz      NOT NULL,
    cohort    text             NOT NULL,
    metric    text             NOT NULL,
    n         bigint           NOT NULL,
    sum       double precision NOT NULL,
    sum_sq    double precision NOT NULL,
    successes bigint           NOT NULL DEFAULT 0,
    min       double precision NOT NULL,
    max       double precision NOT NULL,
    buckets   bigint[]         NOT NULL DEFAULT '{}',
    PRIMARY KEY (agent, minute, cohort, metric)
);

-- Lower bounds of the latency histogram buckets, in ms.
CREATE FUNCTION rampart.latency_bounds() RETURNS double precision[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT '{0,1,2,5,10,20,50,100,150,200,300,400,500,750,1000,1500,2000,3000,5000,10000}'::double precision[] $$;

-- Element-wise sum of two bucket arrays (for merging rollup rows).
CREATE FUNCTION rampart.add_buckets(a bigint[], b bigint[]) RETURNS bigint[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN cardinality(a) = 0 THEN b WHEN cardinality(b) = 0 THEN a
                 ELSE ARRAY(SELECT coalesce(x, 0) + coalesce(y, 0) FROM unnest(a, b) AS t(x, y)) END $$;

-- Stage history: every transition of a rollout.
CREATE TABLE rampart.stage_history (
    id              bigserial        PRIMARY KEY,
    agent           text             NOT NULL,
    actor           text             NOT NULL,
    at              timestamptz      NOT NULL,
    from_status     text             NOT NULL,
    to_status       text             NOT NULL,
    from_percentage double precision NOT NULL,
    to_percentage   double precision NOT NULL,
    reason          text             NOT NULL DEFAULT '',
    evidence_hash   text             NOT NULL DEFAULT '',
    override        boolean          NOT NULL DEFAULT false
);
CREATE INDEX stage_history_agent ON rampart.stage_history (agent, at, id);

CREATE TABLE rampart.sign_offs (
    id              bigserial        PRIMARY KEY,
    agent           text             NOT NULL,
    approver        text             NOT NULL,
    role            text             NOT NULL,
    approve         boolean          NOT NULL,
    comment         text             NOT NULL DEFAULT '',
    evidence_hash   text             NOT NULL DEFAULT '',
    at              timestamptz      NOT NULL,
    from_percentage double precision NOT NULL,
    override        boolean          NOT NULL DEFAULT false
);
CREATE INDEX sign_offs_agent ON rampart.sign_offs (agent, at, id);

-- The append-only audit trail. hash = sha256(previous_hash || canonical JSON of
-- {id, at, actor, action, subject, detail}), computed by the application (auditHash);
-- the first row's previous_hash is ''. detail is stored as the exact JSON text that was
-- hashed.
CREATE TABLE rampart.audit_log (
    id            bigint      PRIMARY KEY,
    at            timestamptz NOT NULL,
    actor         text        NOT NULL,
    action        text        NOT NULL,
    subject       text        NOT NULL,
    detail        text        NOT NULL,
    previous_hash text        NOT NULL,
    hash          text        NOT NULL
);

-- The chain head: appends lock this single row (SELECT … FOR UPDATE), so they are
-- serialized without granting UPDATE on audit_log itself.
CREATE TABLE rampart.audit_head (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    last_id   bigint  NOT NULL,
    last_hash text    NOT NULL
);
INSERT INTO rampart.audit_head (last_id, last_hash) VALUES (0, '');

-- Nobody, not even the owner, updates or deletes audit rows (a superuser would have to
-- disable this trigger first, and `rampartctl audit verify` would then find the edit).
CREATE FUNCTION rampart.audit_log_is_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'rampart.audit_log is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON rampart.audit_log
    FOR EACH ROW EXECUTE FUNCTION rampart.audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON rampart.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION rampart.audit_log_is_append_only();
