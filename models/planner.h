#pragma once

// The planner's computation: sample size, power and minimum detectable effect for the
// rollout's real splits (ML:deterministic 1:19, 1:3, 1:1), stage duration from a traffic
// rate, and a power curve. Pure and thread-safe (core/stats only), so the planner page runs
// it off the UI thread.

#include "stats/power.h"
#include "stats/result.h"

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace rampart::models {

/// The three splits of the documentation-keeper plan: ML share 5%, 25%, 50%.
inline constexpr std::array<double, 3> PlannerShares = {0.05, 0.25, 0.50};

struct PlannerInput
{
    stats::PowerTest test = stats::PowerTest::TwoSampleT;
    double effectSize = 0.1;       ///< Cohen's d (t-test) or h (proportions)
    double alpha = 0.05;           ///< two-sided
    double power = 0.8;
    double unitsPerHour = 100.0;   ///< all traffic of the agent (both cohorts together)
    std::int64_t plannedTotal = 0; ///< total units for the MDE and the achieved power; 0 = none
    int curvePoints = 60;
};

struct SplitPlan
{
    double mlShare = 0.0;                 ///< 0.05, 0.25, 0.5
    double ratio = 0.0;                   ///< control / ML = (1 − share) / share
    stats::SampleSize sampleSize;         ///< nA = ML units, nB = control units
    double hours = 0.0;                   ///< time to collect both cohorts at unitsPerHour
    std::optional<double> mde;            ///< at plannedTotal (standardized effect)
    std::optional<double> achievedPower;  ///< at plannedTotal
};

/// Power against total units for each split: x = total units, y[k] = power at PlannerShares[k].
struct PowerCurve
{
    std::vector<double> totals;
    std::vector<std::array<double, 3>> power;
};

struct PlannerResult
{
    std::array<SplitPlan, 3> splits;
    PowerCurve curve;
};

/**
 * Solves each split with stats::sampleSize (non-central t, or the normal on Cohen's h,
 * two-sided), ML as cohort a with ratio = n_control / n_ML. Hours = max(n_ML / (rate·share),
 * n_control / (rate·(1 − share))). The MDE is stats::solveEffectSize at
 * n_ML = plannedTotal·share and the target power; the curve spans 0 to 1.25 × the largest
 * required total. Errors name the input field ("effect_size", "alpha", "power",
 * "units_per_hour", "planned_total").
 */
Result<PlannerResult> computePlan(const PlannerInput &input);

} // namespace rampart::models
