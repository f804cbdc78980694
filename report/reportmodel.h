#pragma once

// The business-impact report of one rollout as plain data (docs/reports.md): what happened
// at each stage, what the engine says about the archived evidence, the final assessment with
// intervals and the audit-chain verification. Built from the store interfaces only
// (EvidenceStore + RolloutRecords when the store has them), evaluated through the same
// EvidenceAssembler → GateEngine path as the live controller. No Qt GUI here: rendering is
// reportdocument.h / reportrender.h.

#include "rollout/decision.h"
#include "rollout/evidence.h"
#include "rollout/plan.h"
#include "rollout/rolloutstate.h"
#include "stats/common.h"
#include "stats/result.h"
#include "store/evidencestore.h"
#include "store/rolloutrecords.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rampart::report {

/// One metric compared between the cohorts, cumulative over the rollout up to a moment.
struct MetricComparison
{
    std::string metric;
    std::string label;
    std::string role;          ///< "primary", "guardrail", "business"
    std::string test;          ///< "proportions-z" (binary) or "welch-t"
    std::int64_t controlN = 0;
    std::int64_t treatmentN = 0;
    double controlMean = 0.0;
    double treatmentMean = 0.0;
    /// treatment − control with its two-sided 95% interval: Newcombe's hybrid score interval
    /// for a proportion, Welch's t interval otherwise (stats::twoProportionZTest / tTest).
    std::optional<double> difference;
    std::optional<stats::ConfidenceInterval> differenceCi;
    /// treatment / control − 1 with the delta-method 95% interval of stats::tTest.
    std::optional<double> relativeChange;
    std::optional<stats::ConfidenceInterval> relativeCi;
    /// Two-sided p-value of the same test on the cumulative cohorts (unstratified).
    std::optional<double> pValue;
    /// The engine's figures (rollout::MetricAnalysis) at this moment: the stratified z in the
    /// good direction (primaries) and its one-sided p, or the guardrail's always-valid p.
    std::optional<double> engineZ;
    std::optional<double> engineP;
    std::optional<double> nonInferiorityP;
};

/// A sequential look as the report places it at a stage's end.
struct BoundaryPoint
{
    double informationFraction = 0.0;
    double boundaryZ = 0.0;
    double nominalAlpha = 0.0;
    int lookIndex = 0;       ///< 1-based
    bool crossedAll = false; ///< every primary at or above the boundary (now or at an earlier look)
};

/// A transition inside a stage that did not move traffic forward: a hold, a resume, a
/// request for sign-off, a rollback, an override.
struct StageEvent
{
    rollout::TransitionEvent event;
};

struct IncidentEntry
{
    rollout::TimePoint at;
    std::string severity;
    std::string summary;
    std::string actor;
};

/// One run of the rollout at one traffic percentage (strictly between 0 and 100, or 100).
struct StageReport
{
    std::string name;           ///< the plan's stage name ("canary"), or empty when the plan has none at this share
    int planIndex = -1;         ///< index into Plan::stages; -1 when not found
    double percentage = 0.0;
    rollout::TimePoint start;
    rollout::TimePoint end;     ///< when it was left, or the report's evaluation time for the last one
    bool ongoing = false;       ///< the last stage, not left yet
    /// Entered by a resume after a rollback: a new attempt whose evidence window and sequential
    /// test start afresh (service::resumeAfterRollback), so its figures count from `start`.
    bool newAttempt = false;
    std::int64_t controlUnits = 0;   ///< units in [start, end)
    std::int64_t treatmentUnits = 0;
    std::vector<MetricComparison> metrics;  ///< cumulative since the rollout started, at `end`
    std::optional<double> informationFraction; ///< of the primaries' planned maximum, at `end`
    std::optional<BoundaryPoint> boundary;  ///< the look this stage's end represents
    rollout::Decision decision;             ///< GateEngine on the archived evidence at `end`
    std::string evidenceHash;               ///< io::evidenceHash of that evidence document
    std::vector<rollout::SignOff> signOffs; ///< given for leaving this stage
    std::vector<rollout::TransitionEvent> events; ///< transitions in this stage (entry included)
    std::vector<IncidentEntry> incidents;   ///< from the audit trail, in [start, end)
};

/// The verdict in one word and its reason.
enum class Verdict { Completed, InProgress, Holding, RolledBack, NotStarted };

struct FinalAssessment
{
    rollout::TimePoint at;
    std::vector<MetricComparison> metrics; ///< cumulative over the whole rollout
    /// stats::mannWhitneyUFromCounts one-sided p that ML satisfaction is higher, when available.
    std::optional<double> satisfactionMannWhitneyP;
    /// 95% t interval of the ML cohort's mean satisfaction.
    std::optional<stats::ConfidenceInterval> satisfactionTreatmentCi;
    std::vector<rollout::GateRow> gates;   ///< the final business gates' rows from the engine
};

struct AuditSummary
{
    store::AuditVerification verification;
    bool verified = false;      ///< every row checked and none bad
    std::string error;          ///< when verification itself failed (e.g. key required)
    std::int64_t rowsOfAgent = 0;
    std::string lastHash;
};

struct RolloutReport
{
    rollout::Plan plan;
    std::string source;         ///< where the data came from ("archive:…", "workspace:…", "postgres")
    Verdict verdict = Verdict::NotStarted;
    std::string finalStatus;    ///< rollout::statusName of the last transition
    double finalPercentage = 0.0;
    rollout::TimePoint rolloutStart;
    rollout::TimePoint evaluatedAt; ///< the report's "now": the last transition or the last rollup minute
    std::vector<StageReport> stages;
    std::vector<rollout::TransitionEvent> history;
    std::vector<rollout::SignOff> signOffs;
    std::vector<IncidentEntry> incidents;
    std::optional<rollout::LoadTestResult> latestLoadTest; ///< only stores with RolloutRecords keep it
    bool loadTestsArchived = false;  ///< the store can answer for load tests at all
    std::vector<rollout::LookRecord> recordedLooks; ///< from the saved controller state, when kept
    FinalAssessment final;
    AuditSummary audit;
};

struct ReportRequest
{
    rollout::Plan plan;
    std::string source;
    /// The report's "now" when the rollout is still running; empty: the last rollup minute.
    std::optional<rollout::TimePoint> now;
};

/**
 * Builds the report from a store. `records` may be null (an archive has no load tests or
 * saved state). Errors: unknown_agent (no stage history for the plan's agent), the store's
 * errors.
 */
Result<RolloutReport> buildReport(store::EvidenceStore &store, store::RolloutRecords *records, const ReportRequest &request);

} // namespace rampart::report
