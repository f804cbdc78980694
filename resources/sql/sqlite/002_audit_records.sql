-- Format version 2: the audit columns of PostgreSQL migration 004 (docs/store.md): a unique
-- record id (idempotent flushes and imports), the OS user and database role beside the
-- claimed actor, the flag version an applied write produced, and the chain (hash scheme).
ALTER TABLE audit_log ADD COLUMN record_id TEXT;
ALTER TABLE audit_log ADD COLUMN os_user TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN db_role TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN flag_version INTEGER;
ALTER TABLE audit_log ADD COLUMN chain INTEGER NOT NULL DEFAULT 1;
CREATE UNIQUE INDEX audit_log_record_id ON audit_log (record_id);
CREATE INDEX audit_log_flag_version ON audit_log (subject, flag_version);
