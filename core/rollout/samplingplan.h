#pragma once

// Internal to core/rollout: what sample the primary metrics need, for the real split of a
// stage, and the planned maximum information of the sequential design.

#include "plan.h"
#include "stats/result.h"

#include <cstdint>

namespace rampart::rollout::detail {

struct CohortSample
{
    std::int64_t treatment = 0;
    std::int64_t control = 0;
};

/**
 * Fixed-sample size that gives the plan's power at each primary metric's minimum
 * detectable effect (two-sided alpha) for the stage's split, ratio = control/treatment =
 * (100 − p)/p; the largest over primary metrics. Solved once per (effect, split) and
 * cached, since a plan's designs do not change between evaluations.
 */
Result<CohortSample> requiredSample(const Plan &plan, double percentage);

/**
 * Planned maximum information in effective units n_t·n_c/(n_t + n_c): the 1:1 fixed
 * design's n/2 for the most demanding primary metric. Information fraction =
 * observed effective units / this.
 */
Result<double> maximumInformation(const Plan &plan);

/// n_t·n_c/(n_t + n_c), the information of a two-sample comparison in units of 1/σ².
double effectiveUnits(std::int64_t treatment, std::int64_t control);

} // namespace rampart::rollout::detail
