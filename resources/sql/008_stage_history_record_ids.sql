-- 008: idempotent stage-history rows (issue 9). The controller queues every transition in a
-- local outbox (core/store/transitionoutbox.h) before it asks the store, and retries after
-- the store comes back; a row carries the outbox's record id, unique here, so a retry whose
-- first commit was lost stores nothing twice. Rows recorded before keep record_id NULL.
ALTER TABLE rampart.stage_history ADD COLUMN record_id text;
CREATE UNIQUE INDEX stage_history_record_id ON rampart.stage_history (record_id);
