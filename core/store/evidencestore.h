#pragma once

// Where outcomes, cohort summaries, stage history, sign-offs and the audit trail live.
// PostgreSQL (libpqxx) in production, SQLite (Qt Sql) as the embedded workspace and the
// offline archive; both behind this interface.

#include "rollout/clock.h"
#include "rollout/evidence.h"
#include "rollout/rolloutstate.h"
#include "stats/result.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::store {

namespace storeerrc {
inline constexpr const char *Unavailable = "store_unavailable";
inline constexpr const char *PermissionDenied = "permission_denied";
inline constexpr const char *Corrupt = "audit_chain_broken";
inline constexpr const char *QueryFailed = "store_query_failed"; ///< the database refused a statement
inline constexpr const char *AuditKeyRequired = "audit_key_required"; ///< keyed rows, but no key to check them
} // namespace storeerrc

/// How an audit row's hash is computed (the `chain` column; docs/store.md, "The audit trail").
namespace auditchain {
/// Rows written before migration 004: sha256(previous ‖ Qt's compact JSON of
/// {id, at, actor, action, subject, detail}). Verified as they were written; new rows never use it.
inline constexpr int Legacy = 1;
/// sha256(previous ‖ RFC 8785 canonical JSON of the whole row), when no audit key is configured.
inline constexpr int Sha256 = 2;
/// HMAC-SHA256 under the audit key (kept outside the database) of the same bytes: a database
/// superuser who rewrites rows cannot recompute it.
inline constexpr int HmacSha256 = 3;
} // namespace auditchain

/// One answer of an agent to one unit (a raw event). Missing outcomes are empty.
struct Event
{
    rollout::TimePoint at;
    std::string agent;
    std::string cohort;       ///< the plan's control or treatment cohort name
    std::string unitId;
    std::optional<double> latencyMs;
    std::optional<bool> correct;
    std::optional<int> satisfaction;     ///< 1..5
    std::optional<double> handlingTimeMin;
    bool error = false;
    /// Makes a retry harmless: a store ignores an event whose (agent, event id) it already
    /// holds. Empty means no id (such an event is stored every time it is ingested).
    std::string eventId{};
};

struct IngestReport
{
    std::int64_t accepted = 0;
    std::int64_t skipped = 0;            ///< bad rows (negative latency, unknown cohort, …), counted, never fatal
    std::int64_t duplicates = 0;         ///< events whose (agent, event id) the store already held: not stored again
    std::vector<std::string> firstProblems; ///< up to 10 "line 17: latency_ms is negative"
};

/// An append-only audit record; hash = H(previous hash ‖ canonical JSON of the row), H as
/// `chain` says (auditchain). New fields go at the end (the struct is aggregate-initialised).
struct AuditEntry
{
    std::int64_t id = 0;
    rollout::TimePoint at;
    std::string actor;
    std::string action;       ///< "flag_write", "transition", "sign_off", "override", …
    std::string subject;      ///< the flag or agent concerned
    std::string detailJson;   ///< canonical JSON of the details
    std::string previousHash;
    std::string hash;
    /// Unique id of the record (a UUID, or "<change id>/intent"): storing a record whose id
    /// is already stored does nothing, so a flush that was cut short never stores twice.
    /// Empty only on legacy rows.
    std::string recordId{};
    std::string osUser{};                      ///< the operating-system user of the process that made the record
    std::string dbRole{};                      ///< the database login (session_user) that stored it; set by the store
    std::optional<std::int64_t> flagVersion{}; ///< the flag version an applied flag write produced
    int chain = auditchain::Legacy;           ///< set by the store when it appends
};

struct AuditVerification
{
    std::int64_t rowsChecked = 0;
    std::optional<std::int64_t> firstBadId; ///< the first row whose hash does not match
    std::string problem;
    std::int64_t legacyRows = 0;  ///< chain 1 rows (before migration 004)
    std::int64_t unkeyedRows = 0; ///< chain 2 rows (sha256 without a key)
    std::int64_t keyedRows = 0;   ///< chain 3 rows, their HMAC checked with the key
    /// chain 3 rows checked for their place in the chain only: no key was given, so their HMAC
    /// could not be checked. `rampartctl audit verify` refuses to pass such a trail.
    std::int64_t uncheckedRows = 0;
};

/// What appendAuditBatch did.
struct AuditBatchResult
{
    std::int64_t stored = 0;         ///< new rows
    std::int64_t alreadyStored = 0;  ///< records whose id was already in the trail (skipped)
    std::vector<AuditEntry> rows;    ///< the rows as stored (new or earlier), in input order
};

/// One per-minute rollup row: the sufficient statistics of one metric in one cohort.
struct RollupRow
{
    rollout::TimePoint minute;
    std::string agent;
    std::string cohort;
    std::string metric;
    std::int64_t n = 0;
    double sum = 0.0;
    double sumOfSquares = 0.0;
    std::int64_t successes = 0;
    double min = 0.0;
    double max = 0.0;
    std::vector<std::int64_t> buckets; ///< latency histogram or satisfaction level counts
};

/**
 * The store every consumer reads evidence from and writes records to. Event metrics map to
 * plan metric names: accuracy ← correct, latency_ms ← latency, satisfaction ← satisfaction
 * (5 levels), handling_time_min ← handling time, error_rate ← error (docs/store.md).
 */
class EvidenceStore
{
public:
    virtual ~EvidenceStore() = default;

    /// Cumulative cohort summaries for [from, to) computed from the per-minute rollups
    /// (never raw rows), one MetricEvidence per metric with data.
    virtual Result<std::vector<rollout::MetricEvidence>> summaries(const std::string &agent, const std::string &control,
                                                                   const std::string &treatment, rollout::TimePoint from,
                                                                   rollout::TimePoint to) = 0;
    /// Units per cohort in [from, to) (for the sample-ratio check).
    virtual Result<std::pair<std::int64_t, std::int64_t>> units(const std::string &agent, const std::string &control,
                                                                const std::string &treatment, rollout::TimePoint from,
                                                                rollout::TimePoint to) = 0;
    virtual Result<IngestReport> ingest(const std::vector<Event> &events) = 0;

    /// Appends one record at the end of the chain. A record whose recordId is already stored
    /// is not stored again: the stored row is returned.
    virtual Result<AuditEntry> appendAudit(AuditEntry entry) = 0;
    /// Appends records in order, idempotently by recordId. The PostgreSQL store commits in
    /// batches, so an interrupted call leaves a prefix stored; calling again stores the rest.
    virtual Result<AuditBatchResult> appendAuditBatch(const std::vector<AuditEntry> &entries);
    /// The highest flag version an audit record of `flag` carries (0 when none): the floor
    /// below which a flag version is never handed out again.
    virtual Result<std::int64_t> highestFlagVersion(const std::string &flag);
    /// The HMAC key of the audit chain (bytes, from a file outside the database). With a key,
    /// appended rows are chain 3 and verifyAudit() checks their HMAC; without one, rows are
    /// chain 2 and verifyAudit() checks chain 3 rows' links only (AuditVerification::uncheckedRows).
    void setAuditKey(std::string key) { m_auditKey = std::move(key); }
    bool hasAuditKey() const { return !m_auditKey.empty(); }
    virtual Result<std::vector<AuditEntry>> auditTrail(std::int64_t afterId, int limit) = 0;
    virtual Result<AuditVerification> verifyAudit() = 0;

    virtual Status recordSignOff(const std::string &agent, const rollout::SignOff &signOff) = 0;
    virtual Result<std::vector<rollout::SignOff>> signOffs(const std::string &agent) = 0;
    virtual Status recordTransition(const std::string &agent, const rollout::TransitionEvent &event) = 0;
    /// As recordTransition, but idempotent by `recordId` (a UUID): storing a row whose id is
    /// stored does nothing (the stage-history outbox retries with it). Stores without record
    /// ids (test doubles) store the row.
    virtual Status recordTransitionOnce(const std::string &agent, const rollout::TransitionEvent &event,
                                        const std::string &recordId)
    {
        (void)recordId;
        return recordTransition(agent, event);
    }
    virtual Result<std::vector<rollout::TransitionEvent>> stageHistory(const std::string &agent) = 0;

    /// Every rollup row of an agent, for the offline archive.
    virtual Result<std::vector<RollupRow>> rollups(const std::string &agent) = 0;
    /// Adds rollup rows as they are (merging with existing minutes); used to build archives.
    virtual Status importRollups(const std::vector<RollupRow> &rows) = 0;
    /// Appends audit rows verbatim (keeping their hashes), for archives; refuses a row whose
    /// previous hash does not continue this store's chain.
    virtual Status importAudit(const std::vector<AuditEntry> &entries) = 0;

protected:
    std::string m_auditKey;
};

/// Event-derived metric names, in the order summaries() reports them (both backends).
namespace metric {
inline constexpr const char *Accuracy = "accuracy";           ///< ← correct
inline constexpr const char *Latency = "latency_ms";          ///< ← latency, with a histogram
inline constexpr const char *Satisfaction = "satisfaction";   ///< ← satisfaction, level counts
inline constexpr const char *HandlingTime = "handling_time_min";
inline constexpr const char *ErrorRate = "error_rate";        ///< ← error
inline constexpr int SatisfactionLevels = 5;
inline constexpr std::array<const char *, 5> All = {Accuracy, Latency, Satisfaction, HandlingTime, ErrorRate};
} // namespace metric

/// Lower bounds (ms) of the latency histogram buckets stored in RollupRow::buckets for
/// latency_ms; bucket k counts bounds[k] <= x < bounds[k+1], the last one is open.
const std::vector<double> &latencyBucketBounds();

/**
 * The 95th percentile estimated from a latency histogram: linear interpolation inside the
 * bucket where the cumulative count reaches 95% (the open last bucket ends at `max`), clamped
 * to [min, max]. Empty when the histogram is empty.
 */
std::optional<double> histogramP95(const std::vector<std::int64_t> &buckets, double min, double max);

/**
 * One cohort's summary from the totals of its rollups over a window (n, Σx, Σx², successes,
 * min, max, buckets summed): RunningSummary::fromSums, the level counts for satisfaction and
 * the histogram P95 for latency. An empty cohort (n = 0) gives an empty CohortMetric.
 */
rollout::CohortMetric cohortFromRollup(const RollupRow &totals);

/**
 * How a summary window [from, to) is read from the two rollup levels (docs/store.md, "Two
 * rollup levels"): the whole UTC hours [hourFrom, hourTo) from the hourly rollups, the
 * minutes in [from, hourFrom) and [hourTo, to) from the per-minute ones. A rollup row
 * counts when its minute lies in [from, to), at either level, so the totals are the same
 * sums as over the minutes alone. When the window holds no whole hour (or hourly rollups are
 * not to be used) hourFrom = hourTo = to and everything comes from the minutes.
 */
struct RollupWindow
{
    rollout::TimePoint from, to;
    rollout::TimePoint hourFrom, hourTo;
    bool hasHours() const { return hourFrom < hourTo; }
};

/// Splits [from, to) as RollupWindow says; `useHours` false puts everything in the minutes.
RollupWindow splitRollupWindow(rollout::TimePoint from, rollout::TimePoint to, bool useHours = true);

/**
 * The hash of an audit row, lower-case hex, as its `chain` says:
 * - Legacy: sha256(previousHash ‖ Qt compact JSON of {action, actor, at, detail, id, subject});
 * - Sha256: sha256(previousHash ‖ auditCanonicalRow(entry));
 * - HmacSha256: HMAC-SHA256(key, previousHash ‖ auditCanonicalRow(entry)) (RFC 2104).
 * Empty when the chain needs a key and @p key is empty, or the chain is unknown.
 */
std::string auditHash(const AuditEntry &entry, std::string_view key = {});

/**
 * The bytes chains 2 and 3 hash: RFC 8785 canonical JSON of {action, actor, at ("YYYY-MM-
 * DDTHH:MM:SSZ"), chain, db_role, detail (the detail object, canonicalised), flag_version
 * (integer or null), id, os_user, record_id, subject}. A detail that is not JSON is hashed
 * as a string.
 */
std::string auditCanonicalRow(const AuditEntry &entry);

/// ISO 8601 UTC with seconds and "Z", as audit rows carry their time.
std::string auditTime(rollout::TimePoint t);

} // namespace rampart::store
