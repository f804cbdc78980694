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
#include <vector>

namespace rampart::store {

namespace storeerrc {
inline constexpr const char *Unavailable = "store_unavailable";
inline constexpr const char *PermissionDenied = "permission_denied";
inline constexpr const char *Corrupt = "audit_chain_broken";
inline constexpr const char *QueryFailed = "store_query_failed"; ///< the database refused a statement
} // namespace storeerrc

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
    std::string eventId;
};

struct IngestReport
{
    std::int64_t accepted = 0;
    std::int64_t skipped = 0;            ///< bad rows (negative latency, unknown cohort, …), counted, never fatal
    std::int64_t duplicates = 0;         ///< events whose (agent, event id) the store already held: not stored again
    std::vector<std::string> firstProblems; ///< up to 10 "line 17: latency_ms is negative"
};

/// An append-only audit record; hash = sha256(previous hash ‖ canonical JSON of the row).
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
};

struct AuditVerification
{
    std::int64_t rowsChecked = 0;
    std::optional<std::int64_t> firstBadId; ///< the first row whose hash does not match
    std::string problem;
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

    virtual Result<AuditEntry> appendAudit(AuditEntry entry) = 0;
    virtual Result<std::vector<AuditEntry>> auditTrail(std::int64_t afterId, int limit) = 0;
    virtual Result<AuditVerification> verifyAudit() = 0;

    virtual Status recordSignOff(const std::string &agent, const rollout::SignOff &signOff) = 0;
    virtual Result<std::vector<rollout::SignOff>> signOffs(const std::string &agent) = 0;
    virtual Status recordTransition(const std::string &agent, const rollout::TransitionEvent &event) = 0;
    virtual Result<std::vector<rollout::TransitionEvent>> stageHistory(const std::string &agent) = 0;

    /// Every rollup row of an agent, for the offline archive.
    virtual Result<std::vector<RollupRow>> rollups(const std::string &agent) = 0;
    /// Adds rollup rows as they are (merging with existing minutes); used to build archives.
    virtual Status importRollups(const std::vector<RollupRow> &rows) = 0;
    /// Appends audit rows verbatim (keeping their hashes), for archives; refuses a row whose
    /// previous hash does not continue this store's chain.
    virtual Status importAudit(const std::vector<AuditEntry> &entries) = 0;
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

/// sha256(previousHash ‖ canonical JSON of the entry's other fields), lower-case hex.
std::string auditHash(const AuditEntry &entry);

} // namespace rampart::store
