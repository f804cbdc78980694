#pragma once

// Internal to core/rollout: the per-metric comparisons the gate engine builds on.

#include "decision.h"
#include "evidence.h"
#include "plan.h"

namespace rampart::rollout::detail {

/// Both cohorts have at least two observations of the metric.
bool comparable(const MetricEvidence &evidence);

/**
 * Primary metric: one-sided test that the treatment is better than control, with the
 * plan's test (auto: binary → pooled two-proportion z, ordinal with level counts →
 * Mann-Whitney, otherwise Welch). pValue is empty when the data admit no test.
 */
MetricAnalysis analysePrimary(const MetricSpec &spec, const MetricEvidence &evidence);

/**
 * Guardrail: one-sided Welch test that the treatment is worse than control by more than
 * the non-inferiority margin (control mean shifted by the margin in the bad direction);
 * degraded when p < alpha. With no margin, binary guardrails use the pooled z-test.
 */
MetricAnalysis analyseGuardrail(const MetricSpec &spec, const MetricEvidence &evidence, double alpha);

/// Means and relative change only (business metrics).
MetricAnalysis describe(const MetricSpec &spec, const MetricEvidence &evidence);

/// Relative improvement of treatment over control, positive when better in the metric's
/// direction: t/c − 1 (higher is better) or 1 − t/c (lower is better). Empty if c = 0.
std::optional<double> relativeImprovement(const MetricSpec &spec, const MetricEvidence &evidence);

const char *roleName(MetricRole role);

} // namespace rampart::rollout::detail
