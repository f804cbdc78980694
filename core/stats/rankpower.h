#pragma once

// Sample size for the Mann–Whitney (Wilcoxon rank-sum) comparison of two cohorts.

#include "common.h"
#include "result.h"

namespace rampart::stats {

struct RankSampleSize
{
    double total = 0.0;       ///< unrounded N (Noether)
    std::int64_t treatment = 0; ///< ⌈c·N⌉
    std::int64_t control = 0;   ///< ⌈(1 − c)·N⌉
};

/**
 * Noether's (1987) sample size for the Mann–Whitney test: with c the treatment share of
 * units and p = P(X_t > X_c) + ½P(X_t = X_c) the probability of superiority under the
 * alternative,
 *   N = (z_{1−α'} + z_{1−β})² / (12 c (1 − c) (p − ½)²),
 * α' = α/2 two-sided, α one-sided. Under a normal shift of d standard deviations,
 * p = Φ(d/√2) (probabilityOfSuperiority). Ties make the test slightly more powerful
 * than this (the variance of U shrinks), so N is conservative for level counts.
 *
 * Errors (invalid_argument): p outside (0, 1) or = ½ ["probability"], alpha outside
 * (0, 1) ["alpha"], power outside (0, 1) ["power"], share outside (0, 1) ["treatment_share"].
 */
Result<RankSampleSize> mannWhitneySampleSize(double probability, double alpha, double power, double treatmentShare,
                                             Alternative alternative = Alternative::TwoSided);

/// Φ(d/√2): the probability of superiority of a normal shift of d standard deviations.
double probabilityOfSuperiority(double standardizedEffect);

} // namespace rampart::stats
