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
    Primary,   ///< decides advancement: every primary must cross the sequential boundary (intersection-union)
    Guardrail, ///< must not degrade; an always-valid test of degradation beyond the margin rolls back
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
    /// Guardrail: tolerated relative degradation before it counts (0.05 = 5%): of the mean
    /// and, for latency, of the P95; of the event rate (rate ratio 1 + margin) for binary.
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
    enum class Measure {
        RelativeImprovement, ///< ML over control, direction-aware, with a delta-method interval
        TreatmentMean,       ///< the ML cohort's mean (higher-is-better: > threshold; else <)
        MannWhitney          ///< ordinal: one-sided Mann–Whitney p that ML is better < threshold
    };
    /// What is compared with the threshold: the point estimate, or the (1 − alpha) confidence
    /// bound on the unfavourable side (the lower bound of an improvement).
    enum class Basis { Estimate, ConfidenceBound };
    std::string metric;
    Measure measure = Measure::RelativeImprovement;
    double threshold = 0.0; ///< 0.15 = 15% better (direction-aware); an absolute mean; or a p-value limit
    Basis basis = Basis::ConfidenceBound;
    std::int64_t minimumSamples = 100; ///< per cohort (ML only for treatment_mean) before the gate is judged
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
    /// Guardrails: the chance of a false rollback over the whole rollout, shared equally by
    /// the guardrail tests (latency: mean and P95; others: one), each an always-valid test.
    double guardrailAlpha = 0.05;
    /// Guardrails are judged (and looks taken) only once each cohort has this many units.
    std::int64_t minimumGuardrailSamples = 100;
    /// Planned looks of the efficacy design, at information fractions k/looks.
    int looks = 4;
    /// Non-binding futility by beta spending (same spending family as alpha).
    bool futility = false;
    /// Readings dated after `now` by more than this are refused as from the future.
    Duration clockSkew{std::chrono::minutes(2)};
    /// The snapshot's captured_at may be at most this old.
    Duration evidenceMaxAge{std::chrono::hours(1)};
    std::vector<MetricSpec> metrics;
    std::vector<ServiceGate> serviceGates;
    std::vector<StageSpec> stages;
    FinalAssessment finalAssessment;

    const MetricSpec *metric(const std::string &name) const;
    /// Index of the stage at `percentage`, or nullopt.
    std::optional<std::size_t> stageIndex(double percentage) const;
};

/// Upper bounds validatePlan enforces on numbers (anything larger is a typo or an attack).
inline constexpr double MaximumEffect = 5.0;          ///< standardized MDE (Cohen's d or h)
inline constexpr double MaximumMargin = 10.0;         ///< relative non-inferiority margin
inline constexpr std::int64_t MaximumSamples = 1'000'000'000;
inline constexpr int MaximumLooks = 20;
inline constexpr std::int64_t MaximumDurationSeconds = 366LL * 24 * 3600;

/**
 * Semantic checks the JSON shape cannot express: at least one stage, percentages in
 * (0, 100] strictly increasing and ending at 100, unique metric names, at least one
 * primary metric with a positive minimum detectable effect, business gates naming known
 * metrics, alpha/power in (0, 1), non-negative dwell. The Error's field is the JSON path.
 */
std::optional<Error> validatePlan(const Plan &plan);

} // namespace rampart::rollout
