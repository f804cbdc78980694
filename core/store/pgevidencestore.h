#pragma once

// The production EvidenceStore: PostgreSQL through libpqxx 6. Schema, roles and migrations
// live in resources/sql (docs/store.md).

#include "evidencestore.h"
#include "rolloutrecords.h"

#include <memory>
#include <string>
#include <vector>

namespace rampart::store {

class PgSession;

struct PgStoreOptions
{
    /// Seconds libpq waits for the server before the store reports it unavailable.
    int connectTimeoutSeconds = 2;
    /// Apply pending migrations (resources/sql/NNN_*.sql) when the connection opens.
    bool applyMigrations = true;
    /// Do not connect in open(); connect (and migrate) on first use instead. A store made
    /// this way exists even while PostgreSQL is down, and reports Unavailable per call.
    bool connectLazily = false;
    /// `SET ROLE` to this role after connecting and migrating, e.g. "rampart_viewer";
    /// empty keeps the login role.
    std::string role;
    /// Every audit statement runs with `SET LOCAL lock_timeout` and `statement_timeout` set to
    /// these, so a session holding the chain head or a stuck server costs a bounded wait and
    /// then storeerrc::Unavailable (the record stays in the outbox).
    int auditLockTimeoutMs = 500;
    int auditStatementTimeoutMs = 1500;
};

/**
 * EvidenceStore over PostgreSQL. Cohort summaries are aggregated in SQL from the rollups
 * (whole hours from the hourly level, the ends of a window from the per-minute one);
 * ingest goes through COPY into a session staging table, then one statement inserts the new
 * events and upserts exactly those into both rollup levels. Every libpqxx exception is caught at this
 * boundary: a lost or refused connection is storeerrc::Unavailable (and the next call
 * reconnects), a refused privilege storeerrc::PermissionDenied, anything else
 * storeerrc::QueryFailed.
 *
 * One store holds one connection; use it from one thread at a time.
 */
class PgEvidenceStore final : public EvidenceStore, public RolloutRecords
{
public:
    /**
     * Connects to `uri` (a libpq URI such as postgresql://user@host:5432/db, or a key=value
     * conninfo) with `password` (empty: libpq's PGPASSWORD / ~/.pgpass), and applies the
     * pending migrations in one transaction.
     */
    static Result<std::unique_ptr<PgEvidenceStore>> open(const std::string &uri, const std::string &password,
                                                         const PgStoreOptions &options = {});
    ~PgEvidenceStore() override;

    Result<std::vector<rollout::MetricEvidence>> summaries(const std::string &agent, const std::string &control,
                                                           const std::string &treatment, rollout::TimePoint from,
                                                           rollout::TimePoint to) override;
    Result<std::pair<std::int64_t, std::int64_t>> units(const std::string &agent, const std::string &control,
                                                        const std::string &treatment, rollout::TimePoint from,
                                                        rollout::TimePoint to) override;
    Result<IngestReport> ingest(const std::vector<Event> &events) override;
    /**
     * As ingest(events), naming each event in problems by `origins[i]` (e.g. "data.csv:17")
     * instead of "event i+1". `origins` is either empty or as long as `events`.
     */
    Result<IngestReport> ingest(const std::vector<Event> &events, const std::vector<std::string> &origins);

    Result<AuditEntry> appendAudit(AuditEntry entry) override;
    Result<AuditBatchResult> appendAuditBatch(const std::vector<AuditEntry> &entries) override;
    Result<std::int64_t> highestFlagVersion(const std::string &flag) override;
    Result<std::vector<AuditEntry>> auditTrail(std::int64_t afterId, int limit) override;
    Result<AuditVerification> verifyAudit() override;

    Status recordSignOff(const std::string &agent, const rollout::SignOff &signOff) override;
    Result<std::vector<rollout::SignOff>> signOffs(const std::string &agent) override;
    Status recordTransition(const std::string &agent, const rollout::TransitionEvent &event) override;
    /// Migration 008: stage_history.record_id is unique; a stored id is skipped.
    Status recordTransitionOnce(const std::string &agent, const rollout::TransitionEvent &event,
                                const std::string &recordId) override;
    Result<std::vector<rollout::TransitionEvent>> stageHistory(const std::string &agent) override;

    Result<std::vector<RollupRow>> rollups(const std::string &agent) override;
    Status importRollups(const std::vector<RollupRow> &rows) override;
    Status importAudit(const std::vector<AuditEntry> &entries) override;

    /// Recomputes an agent's rollups from its raw events (after a bulk load straight into
    /// rampart.events, or a repair).
    Status rebuildRollups(const std::string &agent);
    /// Whether summaries() and units() read whole hours from the hourly rollups (migration
    /// 007; the default) or every minute from the per-minute ones. The answer is the same
    /// sums either way; off exists to show that (tests) and to measure the difference.
    void setUseHourlyRollups(bool use) { m_useHourly = use; }
    /// The highest migration applied to the database.
    Result<int> schemaVersion();

    // RolloutRecords (pgstate.cpp; tables of migration 006 and rampart.incidents of 003).
    Result<SavedRolloutState> saveRolloutState(const SavedRolloutState &state) override;
    Result<std::optional<SavedRolloutState>> loadRolloutState(const std::string &agent) override;
    Status recordIncident(const std::string &agent, const IncidentRecord &incident) override;
    Result<int> incidentCount(const std::string &agent, rollout::TimePoint from, rollout::TimePoint to) override;
    Status recordLoadTest(const std::string &agent, const rollout::LoadTestResult &result, rollout::TimePoint at) override;
    Result<std::optional<rollout::LoadTestResult>> latestLoadTest(const std::string &agent) override;

private:
    explicit PgEvidenceStore(std::unique_ptr<PgSession> session);
    Result<std::vector<AuditEntry>> appendRecords(const std::vector<AuditEntry> &entries, AuditBatchResult &counts);

    std::unique_ptr<PgSession> m_session;
    bool m_useHourly = true;
};

} // namespace rampart::store
