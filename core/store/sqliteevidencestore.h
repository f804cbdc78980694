#pragma once

// The EvidenceStore over SQLite (Qt Sql, QSQLITE): Rampart's embedded default workspace and
// the format of offline `.rampart` archives. The file format is documented in
// docs/workspace.md and versioned by the `meta` table.

#include "evidencestore.h"
#include "rolloutrecords.h"

#include <QString>

#include <memory>
#include <optional>
#include <string>

namespace rampart::store {

/**
 * EvidenceStore on one SQLite file (or ":memory:").
 *
 * Each instance owns its own QSqlDatabase connection with a unique name, so several stores
 * (a workspace and an archive being written) can be open at once. Like every Qt Sql
 * connection it must be used from the thread that opened it.
 *
 * Ingest keeps per-minute and hourly rollups current in the same transaction as the raw
 * events; every summary is an SQL aggregation over rollups (whole hours from the hourly
 * level, the ends of a window from the minutes; RollupWindow), so archives (which hold rollups but no raw
 * events) answer summaries() and units() exactly as the workspace they came from.
 * The audit table is append-only: triggers raise on UPDATE and DELETE.
 */
class SqliteEvidenceStore final : public EvidenceStore, public RolloutRecords
{
public:
    /// The version of the file format written to `meta.format_version` (docs/workspace.md).
    /// The highest migration in resources/sql/sqlite (currently 6).
    static int formatVersion();

    /**
     * Opens (creating if needed) the workspace at `path` and migrates its schema to
     * formatVersion(). Files use WAL journaling; ":memory:" gives a private in-memory store.
     * Fails with storeerrc::Unavailable when the QSQLITE driver is missing or the file cannot
     * be opened, with storeerrc::QueryFailed when it is not an SQLite database, and with
     * "unsupported_format" for a file written by a newer Rampart.
     */
    static Result<std::unique_ptr<SqliteEvidenceStore>> open(const QString &path);

    ~SqliteEvidenceStore() override;
    SqliteEvidenceStore(const SqliteEvidenceStore &) = delete;
    SqliteEvidenceStore &operator=(const SqliteEvidenceStore &) = delete;

    /// The Qt Sql connection name of this instance (for tools and tests that need raw SQL).
    QString connectionName() const { return m_connection; }
    /// The file this store was opened on.
    QString path() const { return m_path; }

    /// Whether summaries() and units() read whole hours from the hourly rollups (format
    /// version 5; the default) or every minute. The same sums either way (tests).
    void setUseHourlyRollups(bool use) { m_useHourly = use; }

    /// Sets a `meta` key (e.g. "agent", "source", "plan"); "format_version" is reserved.
    Status setMeta(const std::string &key, const std::string &value);
    /// A `meta` value, empty when the key is absent.
    Result<std::optional<std::string>> meta(const std::string &key);

    Result<std::vector<rollout::MetricEvidence>> summaries(const std::string &agent, const std::string &control,
                                                           const std::string &treatment, rollout::TimePoint from,
                                                           rollout::TimePoint to) override;
    /// Events per cohort in [from, to): the sum of the per-minute error_rate counts, which
    /// every event contributes to.
    Result<std::pair<std::int64_t, std::int64_t>> units(const std::string &agent, const std::string &control,
                                                        const std::string &treatment, rollout::TimePoint from,
                                                        rollout::TimePoint to) override;
    /// Stores valid events and folds them into the rollups, all in one transaction. Rows
    /// with an empty agent, cohort or unit, a negative or non-finite latency or handling
    /// time, or a satisfaction outside 1..5 are skipped and counted.
    Result<IngestReport> ingest(const std::vector<Event> &events) override;

    /// Appends a row after the last one: assigns the id, previousHash and hash.
    Result<AuditEntry> appendAudit(AuditEntry entry) override;
    Result<AuditBatchResult> appendAuditBatch(const std::vector<AuditEntry> &entries) override;
    Result<std::int64_t> highestFlagVersion(const std::string &flag) override;
    Result<std::vector<AuditEntry>> auditTrail(std::int64_t afterId, int limit) override;
    /// Recomputes every hash and link in id order; names the first row that does not match.
    Result<AuditVerification> verifyAudit() override;

    Status recordSignOff(const std::string &agent, const rollout::SignOff &signOff) override;
    Result<std::vector<rollout::SignOff>> signOffs(const std::string &agent) override;
    Status recordTransition(const std::string &agent, const rollout::TransitionEvent &event) override;
    /// Format version 6: stage_history.record_id is unique; a stored id is skipped.
    Status recordTransitionOnce(const std::string &agent, const rollout::TransitionEvent &event,
                                const std::string &recordId) override;
    Result<std::vector<rollout::TransitionEvent>> stageHistory(const std::string &agent) override;

    Result<std::vector<RollupRow>> rollups(const std::string &agent) override;
    /// Merges rows into existing minutes: n, sums, successes and buckets add; min and max
    /// combine. Rows with n ≤ 0 are ignored. One transaction. Statement failures are
    /// storeerrc::QueryFailed throughout.
    Status importRollups(const std::vector<RollupRow> &rows) override;
    /// Appends rows verbatim (ids and hashes kept), in one transaction; refuses the whole
    /// batch when a row's previousHash is not the hash of the row before it, its id does not
    /// follow, or its hash does not match its contents.
    Status importAudit(const std::vector<AuditEntry> &entries) override;

    // RolloutRecords (sqlitestate.cpp): tables rollout_state, incidents, load_tests, created
    // on first use (docs/controller.md).
    Result<SavedRolloutState> saveRolloutState(const SavedRolloutState &state) override;
    Result<std::optional<SavedRolloutState>> loadRolloutState(const std::string &agent) override;
    Status recordIncident(const std::string &agent, const IncidentRecord &incident) override;
    Result<int> incidentCount(const std::string &agent, rollout::TimePoint from, rollout::TimePoint to) override;
    Status recordLoadTest(const std::string &agent, const rollout::LoadTestResult &result, rollout::TimePoint at) override;
    Result<std::optional<rollout::LoadTestResult>> latestLoadTest(const std::string &agent) override;

private:
    SqliteEvidenceStore(QString connection, QString path);
    Status migrate();
    Status upsertRollups(const std::vector<RollupRow> &rows);
    /// The id and hash of the last audit row (0 and the genesis hash when there is none).
    Result<std::pair<std::int64_t, std::string>> lastAudit();
    /// Appends inside an open transaction; `existed` tells a record already stored.
    Result<AuditEntry> appendAuditLocked(AuditEntry entry, bool &existed);

    QString m_connection;
    QString m_path;
    bool m_useHourly = true;
};

} // namespace rampart::store
