#pragma once

#include "common.h"
#include "result.h"

#include <cstdint>

namespace rampart::stats {

enum class PowerTest {
    TwoSampleT,    ///< exact, non-central t (statsmodels TTestIndPower)
    TwoProportions ///< normal approximation on Cohen's h (statsmodels NormalIndPower)
};

/// What is fixed in a power question. ratio = n_b / n_a; at a 25% stage with the ML
/// cohort as a, ratio = 3 (75 / 25).
struct PowerDesign
{
    PowerTest test = PowerTest::TwoSampleT;
    double effectSize = 0.0;     ///< Cohen's d, or Cohen's h for proportions
    double alpha = 0.05;
    double ratio = 1.0;
    Alternative alternative = Alternative::TwoSided;
};

/**
 * Limits, so every question is answered in bounded time (errors are invalid_argument naming
 * the field): alpha in (0, 1); ratio in [1e-6, 1e6]; |effect_size| ≤ 1000; n_a > 1 with
 * n_a·(1 + ratio) ≤ 1e12 observations in total. Solved sizes beyond 1e12 in total are
 * reported as unattainable. Every root solve is a bounded bracket widening (≤ 64 steps each
 * way) then TOMS 748 with ≤ 100 iterations; Boost.Math never throws (dist::NoThrowPolicy).
 */

/**
 * Power of the design with n_a = nobs1 (n_b = ratio·nobs1).
 * t: df = n_a + n_b − 2, δ = d·√(n_a n_b/(n_a + n_b)); two-sided
 * power = P(T' > t_{1−α/2,df}) + P(T' < −t_{1−α/2,df}) for T' ~ nct(df, δ);
 * one-sided uses t_{1−α,df} on the matching side. Proportions: the same with the normal.
 * Matches statsmodels TTestIndPower().power / NormalIndPower().power.
 */
Result<double> power(const PowerDesign &design, double nobs1);

/// Solves power(design, n) = targetPower for n (unrounded, statsmodels solve_power).
Result<double> solveNobs1(const PowerDesign &design, double targetPower);

/// Minimum detectable effect: solves for |effect| at fixed nobs1 and power (the sign of
/// the answer follows design.alternative: negative for Less).
Result<double> solveEffectSize(const PowerDesign &design, double nobs1, double targetPower);

/// Cohen's h = 2·asin(√p1) − 2·asin(√p2) (statsmodels proportion_effectsize), defined for
/// p1, p2 in the closed interval [0, 1] (h = ±π at the extremes).
Result<double> cohensH(double p1, double p2);

struct SampleSize
{
    double nobs1 = 0.0;        ///< unrounded n_a
    std::int64_t nA = 0;       ///< ⌈nobs1⌉
    std::int64_t nB = 0;       ///< ⌈nobs1 · ratio⌉
    std::int64_t total = 0;
};

/// Sample size for the target power, rounded up per cohort.
Result<SampleSize> sampleSize(const PowerDesign &design, double targetPower);

} // namespace rampart::stats
