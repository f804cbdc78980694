-- Format version 6: idempotent stage-history rows, as PostgreSQL migration 008: the record id
-- of the controller's stage-history outbox, unique, so a retried row is stored once.
ALTER TABLE stage_history ADD COLUMN record_id TEXT;
CREATE UNIQUE INDEX stage_history_record_id ON stage_history (record_id);
