-- SQLite workspace and offline archive, format version 1 (docs/workspace.md). The migration
-- runner (core/store/sqliteevidencestore.cpp) runs the statements one by one in a single
-- transaction, then sets meta.format_version and PRAGMA user_version to this file's number.
-- A statement ends with ';' at the end of a line; a CREATE TRIGGER ends at the line "END;".
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE events (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, agent TEXT NOT NULL,
    cohort TEXT NOT NULL, unit_id TEXT NOT NULL, latency_ms REAL, correct INTEGER,
    satisfaction INTEGER, handling_time_min REAL, error INTEGER NOT NULL);
CREATE INDEX events_agent_at ON events (agent, at);

CREATE TABLE rollups (agent TEXT NOT NULL, metric TEXT NOT NULL, cohort TEXT NOT NULL,
    minute INTEGER NOT NULL, n INTEGER NOT NULL, sum REAL NOT NULL, sum_sq REAL NOT NULL,
    successes INTEGER NOT NULL, min REAL NOT NULL, max REAL NOT NULL,
    PRIMARY KEY (agent, metric, cohort, minute)) WITHOUT ROWID;
CREATE TABLE rollup_buckets (agent TEXT NOT NULL, metric TEXT NOT NULL, cohort TEXT NOT NULL,
    minute INTEGER NOT NULL, bucket INTEGER NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (agent, metric, cohort, minute, bucket)) WITHOUT ROWID;

CREATE TABLE stage_history (id INTEGER PRIMARY KEY, agent TEXT NOT NULL, actor TEXT NOT NULL,
    at INTEGER NOT NULL, from_status TEXT NOT NULL, to_status TEXT NOT NULL,
    from_percentage REAL NOT NULL, to_percentage REAL NOT NULL, reason TEXT NOT NULL,
    evidence_hash TEXT NOT NULL, override INTEGER NOT NULL);
CREATE INDEX stage_history_agent ON stage_history (agent, at);

CREATE TABLE sign_offs (id INTEGER PRIMARY KEY, agent TEXT NOT NULL, approver TEXT NOT NULL,
    role TEXT NOT NULL, approve INTEGER NOT NULL, comment TEXT NOT NULL, evidence_hash TEXT NOT NULL,
    at INTEGER NOT NULL, from_percentage REAL NOT NULL, override INTEGER NOT NULL);
CREATE INDEX sign_offs_agent ON sign_offs (agent, at);

CREATE TABLE audit_log (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL,
    action TEXT NOT NULL, subject TEXT NOT NULL, detail TEXT NOT NULL,
    previous_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only');
END;

INSERT OR IGNORE INTO meta (key, value) VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
