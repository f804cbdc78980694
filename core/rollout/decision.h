#pragma once

// What the engine says about a snapshot: the action, every reason, a row per gate, the
// sample still needed and the sequential look. Immutable value; the same struct feeds the
// GUI, the CLI's JSON, the HTTP API and the watchdog.

#include "clock.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
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
} // namespace reason

struct Reason
{
    std::string code;    ///< one of reason::*
    std::string gate;    ///< the gate it concerns, e.g. "p95_latency_ms", "metric:accuracy"
    std::string message; ///< a complete English sentence with the numbers
    std::optional<double> observed;
    std::optional<double> threshold;
};

struct GateRow
{
    std::string gate;
    std::string label;
    GateStatus status = GateStatus::Pending;
    std::string detail; ///< the evidence behind the status, in words
    std::optional<double> observed;
    std::optional<double> threshold;
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
    std::optional<double> adjustedPValue; ///< Holm across primary metrics
    bool significant = false;             ///< primary: crosses this look's boundary
    bool degraded = false;                ///< guardrail: significantly worse beyond the margin
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
};

/// The sequential look this evaluation represents.
struct Look
{
    int index = 0;                   ///< 1-based
    double informationFraction = 0.0;
    double boundaryZ = 0.0;
    double nominalAlpha = 0.0;       ///< the p-value a primary metric must beat at this look
    bool taken = false;              ///< a new look: the state machine records it
    bool crossed = false;            ///< every primary metric beat nominalAlpha (Holm) at this look
    std::optional<double> nextLookAt; ///< information fraction at which the next look may be taken
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
};

const char *actionName(Action action);
const char *gateStatusName(GateStatus status);

} // namespace rampart::rollout
