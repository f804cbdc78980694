-- 002: roles and what each may do. Roles are cluster-wide, so creating them tolerates
-- another database (or a concurrent migration) having created them already.
--   rampart_viewer       reads everything in schema rampart
--   rampart_ingester     loads events (events, rollups)
--   rampart_operator     holds and rolls back: stage history + audit
--   rampart_stakeholder  signs off: sign-offs + audit
-- Grant a login role membership, e.g. GRANT rampart_operator TO alice;

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['rampart_viewer', 'rampart_ingester', 'rampart_operator', 'rampart_stakeholder'] LOOP
        BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END LOOP;
    FOREACH r IN ARRAY ARRAY['rampart_ingester', 'rampart_operator', 'rampart_stakeholder'] LOOP
        BEGIN
            EXECUTE format('GRANT rampart_viewer TO %I', r);
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END LOOP;
END $$;

REVOKE ALL ON ALL TABLES IN SCHEMA rampart FROM PUBLIC;
GRANT USAGE ON SCHEMA rampart TO rampart_viewer;
GRANT SELECT ON ALL TABLES IN SCHEMA rampart TO rampart_viewer;

GRANT INSERT ON rampart.events, rampart.rollups TO rampart_ingester;
GRANT UPDATE ON rampart.rollups TO rampart_ingester;

GRANT INSERT ON rampart.stage_history TO rampart_operator;
GRANT USAGE ON SEQUENCE rampart.stage_history_id_seq TO rampart_operator;

GRANT INSERT ON rampart.sign_offs TO rampart_stakeholder;
GRANT USAGE ON SEQUENCE rampart.sign_offs_id_seq TO rampart_stakeholder;

-- Appending to the audit trail: insert a row and move the chain head.
GRANT INSERT ON rampart.audit_log TO rampart_operator, rampart_stakeholder;
GRANT UPDATE ON rampart.audit_head TO rampart_operator, rampart_stakeholder;

-- Append-only for everyone, whatever else is granted later.
REVOKE UPDATE, DELETE, TRUNCATE ON rampart.audit_log FROM PUBLIC, rampart_viewer, rampart_ingester,
    rampart_operator, rampart_stakeholder;
