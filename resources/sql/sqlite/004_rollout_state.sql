-- Format version 4: the live controller's records, mirroring PostgreSQL migration 006 and
-- rampart.incidents of 003: the saved rollout state, incidents and load-test results.
CREATE TABLE rollout_state (agent TEXT PRIMARY KEY, state_json TEXT NOT NULL,
    status TEXT NOT NULL, percentage REAL NOT NULL, flag_version INTEGER NOT NULL,
    saved_at INTEGER NOT NULL, revision INTEGER NOT NULL, saved_by TEXT NOT NULL);
CREATE TABLE incidents (id INTEGER PRIMARY KEY, agent TEXT NOT NULL,
    opened_at INTEGER NOT NULL, resolved_at INTEGER, severity TEXT NOT NULL, summary TEXT NOT NULL);
CREATE INDEX incidents_agent_opened ON incidents (agent, opened_at);
CREATE TABLE load_tests (id INTEGER PRIMARY KEY, agent TEXT NOT NULL, at INTEGER NOT NULL,
    percentage REAL NOT NULL, p95_latency_ms REAL NOT NULL, error_rate REAL NOT NULL, passed INTEGER NOT NULL);
CREATE INDEX load_tests_agent_at ON load_tests (agent, at);
