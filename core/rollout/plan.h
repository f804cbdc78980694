#pragma once

// The rollout plan: what is rolled out, in which stages, guarded by which gates. Plain
// value types; the JSON codec is core/io/planjson.h and the format is docs/plan-format.md.

#include "clock.h"
#include "stats/multipletesting.h"
#include "stats/result.h"
#include "stats/sequential.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rampart::rollout {

enum class MetricKind {
    Binary,     ///< success / failure per unit (accuracy, error)
    Continuous, ///< a real value per unit (handling time)
    Ordinal,    ///< levels 1..k (satisfaction 1–5)
    Latency     ///< a duration per request, ms; guarded by mean and P95
};

enum class MetricRole {
    Primary,   ///< decides advancement; Holm-corrected, tested at the sequential boundary
    Guardrail, ///< must not degrade; a significant degradation rolls back
    Business   ///< feeds business gates (relative improvement, absolute level)
};

/// Which way is better for a metric.
enum class Direction { HigherIsBetter, LowerIsBetter };

enum class MetricTest { Auto, WelchT, StudentT, ProportionsZ, ChiSquare, Fisher, MannWhitney };

struct MetricSpec
{
    std::string name;
    std::string label;            ///< human name for reports; empty means: show the name
    MetricKind kind = MetricKind::Continuous;
    Direction direction = Direction::HigherIsBetter;
    MetricRole role = MetricRole::Primary;
    /// Primary: the standardized effect the plan is powered for (Cohen's d, or h for binary).
    double minimumDetectableEffect = 0.0;
    /// Guardrail: tolerated relative degradation of the mean before it counts (0.05 = 5%).
    double nonInferiorityMargin = 0.0;
    MetricTest test = MetricTest::Auto;
    int levels = 0; ///< ordinal: number of levels
};

enum class Comparison { Below, Above };

/// A service-level gate read from telemetry, e.g. P95 latency < 100 ms.
struct ServiceGate
{
    std::string name;     ///< e.g. "p95_latency_ms"; the telemetry gauge of the same name
    std::string label;
    Comparison comparison = Comparison::Below;
    double threshold = 0.0;
    std::string query;    ///< PromQL; empty means the telemetry layer's default for name
};

/// A business gate on a metric: relative improvement of ML over control, or an absolute
/// level of the ML cohort's mean (satisfaction > 4.2 of 5).
struct BusinessGate
{
    enum class Measure { RelativeImprovement, TreatmentMean };
    std::string metric;
    Measure measure = Measure::RelativeImprovement;
    double threshold = 0.0; ///< 0.15 = 15% better (direction-aware); or an absolute mean
};

struct SignOffRule
{
    int approvers = 1;          ///< distinct approvers required; 0 = no sign-off
    std::string role = "stakeholder";
};

struct StageSpec
{
    std::string name;
    double percentage = 0.0;            ///< share of traffic on ML during this stage
    Duration minimumDwell{0};
    bool requireSignificance = false;   ///< primary metrics must cross this look's boundary
    std::int64_t minimumSamplesPerCohort = 0;
    std::optional<int> maximumIncidents;
    std::vector<BusinessGate> businessGates;
    SignOffRule signOff;                ///< needed before leaving this stage
};

/// What must hold at 100% before the rollout is complete.
struct FinalAssessment
{
    Duration stabilityPeriod{0};
    int maximumIncidents = 0;
    std::vector<BusinessGate> businessGates;
};

struct Plan
{
    std::string agent;
    std::string flag;
    std::string flagAlias; ///< optional second name of the flag in the HTTP API ("flag_alias"), e.g. ml-agent-rollout
    std::string controlCohort = "deterministic";
    std::string treatmentCohort = "ml";
    double alpha = 0.05;
    double power = 0.8;
    stats::SpendingFunction spending = stats::SpendingFunction::OBrienFleming;
    stats::AdjustMethod adjustment = stats::AdjustMethod::Holm;
    double srmThreshold = 0.001;
    int breachesBeforeRollback = 3;     ///< consecutive service-gate breaches → rollback
    Duration telemetryMaxAge{std::chrono::minutes(5)};
    std::vector<MetricSpec> metrics;
    std::vector<ServiceGate> serviceGates;
    std::vector<StageSpec> stages;
    FinalAssessment finalAssessment;

    const MetricSpec *metric(const std::string &name) const;
    /// Index of the stage at `percentage`, or nullopt.
    std::optional<std::size_t> stageIndex(double percentage) const;
};

/**
 * Semantic checks the JSON shape cannot express: at least one stage, percentages in
 * (0, 100] strictly increasing and ending at 100, unique metric names, at least one
 * primary metric with a positive minimum detectable effect, business gates naming known
 * metrics, alpha/power in (0, 1), non-negative dwell. The Error's field is the JSON path.
 */
std::optional<Error> validatePlan(const Plan &plan);

} // namespace rampart::rollout
