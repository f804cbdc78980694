#pragma once

// Internal to core/rollout: the planned maximum information of the sequential design.

#include "plan.h"
#include "stats/result.h"

#include <cstdint>

namespace rampart::rollout::detail {

/**
 * Planned maximum information of one primary metric, in effective units
 * n_t·n_c/(n_t + n_c) (the information of a standardized difference, 1/Var):
 *   I_max = R · ((z_{1−α/2} + z_{π})/δ)²,
 * δ the metric's minimum detectable effect (Cohen's d, or h for binary), π = power^{1/P}
 * the marginal power that gives every one of the P primaries (taken as independent)
 * a joint power of plan.power under the intersection-union rule, and R the inflation
 * factor of the plan's design (plan.looks equally spaced looks, Lan–DeMets spending of
 * α/2 one-sided; stats::informationInflation). Ordinal primaries compared by Mann–Whitney
 * use Noether's information z²/(12 (p − ½)²) with p = Φ(δ/√2).
 * Cached per (effect, kind, alpha, power, looks, spending, P).
 */
Result<double> maximumInformation(const Plan &plan, const MetricSpec &metric);

/// n_t·n_c/(n_t + n_c), the information of a two-sample comparison in units of 1/σ².
double effectiveUnits(std::int64_t treatment, std::int64_t control);

} // namespace rampart::rollout::detail
