#pragma once

// Internal to core/rollout: the per-metric comparisons the gate engine builds on. Every
// comparison is stratified by stage: the effect is estimated within each stage's stable
// split and the stages combined, so a drift common to both cohorts cannot create an effect.

#include "decision.h"
#include "evidence.h"
#include "plan.h"

#include <optional>
#include <string>
#include <vector>

namespace rampart::rollout::detail {

/// Both cohorts have at least two observations of the metric.
bool comparable(const MetricEvidence &evidence);

/// One stratum of one metric.
struct StageStratum
{
    double percentage = 0.0;
    CohortMetric control;
    CohortMetric treatment;
};

/// The strata of a metric: its per-stage outcomes (evidence.stages), or (when the evidence
/// has none) one stratum at `currentPercentage` made of the cumulative cohorts.
std::vector<StageStratum> strataOf(const Evidence &all, const MetricEvidence &evidence, double currentPercentage);

/**
 * Primary metric, one-sided in the good direction, stratified by stage: binary →
 * Cochran–Mantel–Haenszel z; continuous (and ordinal without level counts) → the
 * inverse-variance combination of per-stage mean differences; ordinal with level counts →
 * Mann–Whitney on the merged level counts (z = Φ⁻¹(1 − p)). `z` is empty (and `error`
 * says why) when the data admit no test: a cohort empty, all successes, sd 0.
 */
MetricAnalysis analysePrimary(const MetricSpec &spec, const Evidence &all, const MetricEvidence &evidence, double currentPercentage,
                              std::string *error = nullptr);

/// Means and relative change only (business metrics).
MetricAnalysis describe(const MetricSpec &spec, const MetricEvidence &evidence);

/// Relative improvement of treatment over control, positive when better in the metric's
/// direction: t/c − 1 (higher is better) or 1 − t/c (lower is better). Empty if c = 0.
std::optional<double> relativeImprovement(const MetricSpec &spec, const MetricEvidence &evidence);

/// A relative improvement with its (1 − alpha) two-sided interval.
struct Lift
{
    double estimate = 0.0;
    double low = 0.0;
    double high = 0.0;
};

/**
 * Relative improvement from the stage-standardized means m = Σ w_s m_s / Σ w_s
 * (w_s = n_t n_c/(n_t + n_c) of stage s), with a delta-method interval on the log ratio:
 * Var(log m_t/m_c) ≈ Var(m_t)/m_t² + Var(m_c)/m_c², Var(m) = Σ w_s² sd_s²/n_s / (Σ w_s)²
 * (binary: sd² = p̃(1 − p̃) with p̃ = (x + ½)/(n + 1), so an all-success cohort keeps a variance).
 * Empty when a mean is not positive or a stratum lacks data.
 */
std::optional<Lift> relativeLift(const MetricSpec &spec, const Evidence &all, const MetricEvidence &evidence, double currentPercentage,
                                 double alpha);

const char *roleName(MetricRole role);

} // namespace rampart::rollout::detail
