-- 004: audit records that are idempotent, attributed and keyed (docs/store.md, "The audit trail").
--   record_id     the record's unique id: a flush cut short and run again stores nothing twice
--   os_user       the operating-system user of the process that made the record
--   db_role       the database login (session_user) that stored it
--   flag_version  the flag version an applied flag write produced: versions never go back,
--                 even when Redis loses its data (the next write starts above the highest)
--   chain         how hash was computed: 1 legacy sha256 over Qt's JSON (rows before this
--                 migration), 2 sha256 over RFC 8785 canonical JSON, 3 HMAC-SHA256 with a key
--                 kept outside the database
-- Adding columns rewrites no row, so the append-only triggers are not involved.
ALTER TABLE rampart.audit_log
    ADD COLUMN record_id    text,
    ADD COLUMN os_user      text     NOT NULL DEFAULT '',
    ADD COLUMN db_role      text     NOT NULL DEFAULT '',
    ADD COLUMN flag_version bigint,
    ADD COLUMN chain        smallint NOT NULL DEFAULT 1 CHECK (chain IN (1, 2, 3));

CREATE UNIQUE INDEX audit_log_record_id ON rampart.audit_log (record_id);
CREATE INDEX audit_log_flag_version ON rampart.audit_log (subject, flag_version)
    WHERE flag_version IS NOT NULL;
