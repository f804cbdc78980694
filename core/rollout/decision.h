#pragma once

// What the engine says about a snapshot: the action, every reason, a row per gate, the
// sample still needed and the sequential look. Immutable value; the same struct feeds the
// GUI, the CLI's JSON, the HTTP API and the watchdog.

#include "clock.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::rollout {

enum class Action { Advance, Hold, Rollback, Complete };

enum class GateStatus { Pass, Fail, Pending };

/// Stable reason codes, one per rule in docs/decision-rules.md.
namespace reason {
inline constexpr const char *GuardrailDegraded = "guardrail_degraded";
inline constexpr const char *ServiceBreachRollback = "service_breach_rollback";
inline constexpr const char *ServiceBreach = "service_breach";
inline constexpr const char *SampleRatioMismatch = "sample_ratio_mismatch";
inline constexpr const char *TelemetryMissing = "telemetry_missing";
inline constexpr const char *TelemetryStale = "telemetry_stale";
inline constexpr const char *DwellNotReached = "dwell_not_reached";
inline constexpr const char *InsufficientSample = "insufficient_sample";
inline constexpr const char *NotSignificant = "not_significant";
inline constexpr const char *BusinessGateUnmet = "business_gate_unmet";
inline constexpr const char *IncidentsExceeded = "incidents_exceeded";
inline constexpr const char *SignOffMissing = "signoff_missing";
inline constexpr const char *SignOffRejected = "signoff_rejected";
inline constexpr const char *FlagMismatch = "flag_mismatch";
inline constexpr const char *LoadTestFailed = "load_test_failed";
inline constexpr const char *AllGatesPass = "all_gates_pass";
inline constexpr const char *StabilityPeriod = "stability_period";
inline constexpr const char *GuardrailMissing = "guardrail_missing";           ///< no data for a guardrail (or its P95)
inline constexpr const char *GuardrailSampleTooSmall = "guardrail_sample_too_small";
inline constexpr const char *GuardrailDegenerate = "guardrail_degenerate";     ///< e.g. sd 0 in both cohorts
inline constexpr const char *PrimaryDegenerate = "primary_degenerate";         ///< a primary admits no test
inline constexpr const char *LookSkipped = "look_skipped";                     ///< data not trustworthy: no look, nothing spent
inline constexpr const char *SequentialTestExhausted = "sequential_test_exhausted"; ///< final look without efficacy
inline constexpr const char *Futility = "futility";                            ///< a primary crossed its futility bound
inline constexpr const char *BusinessGateSampleTooSmall = "business_gate_sample_too_small";
inline constexpr const char *EvidenceFromFuture = "evidence_from_future";
inline constexpr const char *EvidenceStale = "evidence_stale";
inline constexpr const char *TelemetryFromFuture = "telemetry_from_future";
inline constexpr const char *SignOffFromFuture = "signoff_from_future";
inline constexpr const char *StageStartInFuture = "stage_start_in_future";
inline constexpr const char *NotRunning = "not_running";
} // namespace reason

/// Stable codes of gate rows that pass (failing and pending rows carry their reason's code).
namespace rowcode {
inline constexpr const char *Pass = "pass";
inline constexpr const char *Pending = "pending"; ///< waiting for data, with no reason of its own (e.g. no units yet)
inline constexpr const char *Fail = "fail";       ///< failing with no reason of its own
} // namespace rowcode

/// A typed argument of a reason or gate row, so a console can word it in any language:
/// a number with its unit ("ms", "h", "%", "units", "p", "ratio", "z", "fraction"), or text
/// (a metric id, a gate name, an approver).
struct ReasonArg
{
    std::string name;                 ///< e.g. "observed", "threshold", "metric", "p_value"
    std::optional<double> number;
    std::string text;                 ///< when not a number
    std::string unit;                 ///< for numbers; empty if dimensionless
};

using ReasonArgs = std::vector<ReasonArg>;

inline ReasonArg numberArg(std::string name, double value, std::string unit = {})
{
    return ReasonArg{std::move(name), value, {}, std::move(unit)};
}
inline ReasonArg textArg(std::string name, std::string value)
{
    return ReasonArg{std::move(name), std::nullopt, std::move(value), {}};
}

/// The number argument `name` of a reason or gate row; empty when there is none.
inline std::optional<double> numberArgOf(const ReasonArgs &args, std::string_view name)
{
    for (const ReasonArg &a : args)
        if (a.name == name && a.number)
            return a.number;
    return std::nullopt;
}
/// The text argument `name` of a reason or gate row; empty when there is none.
inline std::string textArgOf(const ReasonArgs &args, std::string_view name)
{
    for (const ReasonArg &a : args)
        if (a.name == name && !a.number)
            return a.text;
    return {};
}

struct Reason
{
    std::string code;    ///< one of reason::*
    std::string gate;    ///< the gate it concerns, e.g. "p95_latency_ms", "metric:accuracy"
    std::string message; ///< a complete English sentence with the numbers
    std::optional<double> observed;
    std::optional<double> threshold;
    ReasonArgs args{}; ///< every number and name of the message, typed
};

struct GateRow
{
    std::string gate;
    std::string label;
    GateStatus status = GateStatus::Pending;
    std::string detail; ///< the evidence behind the status, in words
    std::optional<double> observed;
    std::optional<double> threshold;
    std::string code;   ///< rowcode::Pass, or the code of the reason this row holds / rolls back for
    ReasonArgs args{};
};

/// The comparison of one metric between the cohorts.
struct MetricAnalysis
{
    std::string metric;
    std::string role;             ///< "primary", "guardrail", "business"
    std::string test;             ///< e.g. "welch-t", "proportions-z", "mann-whitney"
    double controlMean = 0.0;
    double treatmentMean = 0.0;
    std::optional<double> relativeChange; ///< treatment/control − 1
    std::optional<double> pValue;         ///< one-sided in the "better" (primary) or "worse" (guardrail) direction
    std::optional<double> adjustedPValue; ///< unused since the intersection-union rule (kept for the JSON shape)
    bool significant = false;             ///< primary: crosses this look's boundary
    bool degraded = false;                ///< guardrail: significantly worse beyond the margin
    std::optional<double> z;              ///< primary: stratified z in the good direction; guardrail: in the bad direction
    std::optional<double> information;    ///< primary: Σ n_t n_c/(n_t + n_c) over the stages
    int strata = 0;                       ///< stages analysed
    std::string statistic;                ///< guardrail: "mean", "p95" or "rate"
    std::optional<double> nonInferiorityP; ///< guardrail: always-valid p that it is within the margin
};

/// The sample the current look needs, for the real split of this stage.
struct SampleRequirement
{
    std::int64_t requiredTreatment = 0;
    std::int64_t requiredControl = 0;
    std::int64_t treatment = 0;
    std::int64_t control = 0;
    double unitsPerHour = 0.0;                ///< observed total traffic rate in this stage
    std::optional<Duration> projectedWait;    ///< time to reach the requirement at that rate
    double informationFraction = 0.0;         ///< stratified information so far / maximum information
    double maximumInformation = 0.0;          ///< planned, in effective units n_t·n_c/(n_t + n_c)
};

/// The sequential look this evaluation represents.
struct Look
{
    int index = 0;                   ///< 1-based
    double informationFraction = 0.0;
    double boundaryZ = 0.0;
    double nominalAlpha = 0.0;       ///< the p-value a primary metric must beat at this look
    bool taken = false;              ///< a new look: the state machine records it
    bool crossed = false;            ///< every primary metric has crossed (now or at an earlier look)
    std::optional<double> nextLookAt; ///< information fraction at which the next look may be taken
    std::vector<std::string> crossedMetrics{}; ///< primaries crossing at this look (state: primaryCrossedAt)
    bool final = false;              ///< the last look of the design
    std::optional<double> futilityZ{}; ///< non-binding futility bound at this look, when the plan has one
};

struct Decision
{
    Action action = Action::Hold;
    double currentPercentage = 0.0;
    double targetPercentage = 0.0;
    std::vector<Reason> reasons;
    std::vector<GateRow> gates;
    std::vector<MetricAnalysis> metrics;
    SampleRequirement sample;
    std::optional<Look> look;
    /// Consecutive breach counts per service gate after this evaluation (state to carry).
    std::map<std::string, int> consecutiveBreaches;
    TimePoint evaluatedAt;
    /// A rollback whose only causes are the efficacy test's terminal outcomes
    /// (sequential_test_exhausted, futility): a recommendation, which an operator may
    /// answer with an amended plan instead; a safety rollback (guardrail, service breach)
    /// is never terminal in this sense.
    bool terminal = false;
};

const char *actionName(Action action);
const char *gateStatusName(GateStatus status);

} // namespace rampart::rollout
