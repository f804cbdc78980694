-- Format version 3: idempotent ingest (issue 8, item 9), as PostgreSQL migration 005: an
-- event's (agent, event_id) is stored once, so a rerun of the same file adds nothing.
ALTER TABLE events ADD COLUMN event_id TEXT;
CREATE UNIQUE INDEX events_agent_event_id ON events (agent, event_id);
