-- 005: idempotent ingest (issue 8, item 9). An event carries an id (from the file's event_id
-- column, or derived from its line and content by core/store/eventfile.cpp); (agent, event_id)
-- is unique, and ingest inserts with ON CONFLICT DO NOTHING, so loading the same file again,
-- or retrying a batch whose commit was lost, stores nothing twice. Rows loaded before this
-- migration, and events given without an id, keep event_id NULL, which never conflicts.
-- The id is compared byte for byte (COLLATE "C"): cheaper to index than a locale's order, and
-- it leads the key because it almost always decides it.
ALTER TABLE rampart.events ADD COLUMN event_id text COLLATE "C";
CREATE UNIQUE INDEX events_event_id_agent ON rampart.events (event_id, agent);
