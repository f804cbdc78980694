#pragma once

#include "result.h"

#include <cstdint>
#include <span>
#include <vector>

namespace rampart::stats {

struct SrmResult
{
    double chi2 = 0.0;
    int dof = 0;
    double pValue = 1.0;
    bool mismatch = false;               ///< pValue < threshold
    std::vector<double> expectedCounts;  ///< total · fraction_i
};

/**
 * Sample-ratio-mismatch check: Pearson chi-square goodness of fit of the observed cohort
 * counts against the planned split, χ² = Σ (O_i − N f_i)² / (N f_i), dof = k − 1
 * (scipy.stats.chisquare(observed, f_exp=N·f)). A mismatch is flagged when p < threshold
 * (default 0.001, Kohavi et al., "Trustworthy Online Controlled Experiments", ch. 21).
 *
 * Errors: fewer than 2 cohorts, size mismatch, negative counts, zero total or a total
 * beyond 2^53, fractions not in (0, 1) or not summing to 1 (±1e-9), threshold outside (0, 1).
 */
Result<SrmResult> sampleRatioMismatch(std::span<const std::int64_t> observed,
                                      std::span<const double> expectedFractions,
                                      double threshold = 0.001);

/**
 * The same check against the split given as positive weights, e.g. {1, 2, 3} or planned
 * counts {2500, 7500}: f_i = w_i / Σ w. Errors name "expected_weights[i]" (not finite or
 * not > 0, or so small against the largest that f_i underflows) and "expected_weights"
 * (wrong length); the rest as sampleRatioMismatch().
 */
Result<SrmResult> sampleRatioMismatchWeights(std::span<const std::int64_t> observed,
                                             std::span<const double> expectedWeights,
                                             double threshold = 0.001);

} // namespace rampart::stats
