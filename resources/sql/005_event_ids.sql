-- 005: idempotent ingest (issue 8, item 9). An event carries an id (from the file's event_id
-- column, or derived from its line and content by core/store/eventfile.cpp); (agent, event_id)
-- is unique, and ingest inserts with ON CONFLICT DO NOTHING, so loading the same file again,
-- or retrying a batch whose commit was lost, stores nothing twice. Rows loaded before this
-- migration, and events given without an id, keep event_id NULL, which never conflicts.
ALTER TABLE rampart.events ADD COLUMN event_id text;
CREATE UNIQUE INDEX events_agent_event_id ON rampart.events (agent, event_id);
