#pragma once

#include "common.h"
#include "result.h"

#include <span>

namespace rampart::stats {

enum class MannWhitneyMethod { Auto, Exact, Asymptotic };

struct MannWhitneyResult
{
    double u = 0.0;        ///< U statistic of the first sample (scipy's convention)
    double pValue = 1.0;
    MannWhitneyMethod method = MannWhitneyMethod::Asymptotic; ///< the method actually used
};

/**
 * Mann-Whitney U test (Mann & Whitney 1947), matching scipy.stats.mannwhitneyu (1.10):
 * U_a = R_a − n_a(n_a + 1)/2 with mid-ranks for ties.
 * Asymptotic: z = (U − n_a n_b/2 − cc) / σ with the tie-corrected
 * σ² = n_a n_b/12 · ((n + 1) − Σ(t³ − t)/(n(n − 1))) and continuity correction cc = 0.5.
 * Exact: the null distribution of U by the recurrence of Mann & Whitney (no ties assumed).
 * Auto picks exact when either sample has ≤ 8 values and there are no ties, as scipy does.
 *
 * Errors: an empty sample, non-finite values.
 */
Result<MannWhitneyResult> mannWhitneyU(std::span<const double> a, std::span<const double> b,
                                       MannWhitneyMethod method = MannWhitneyMethod::Auto,
                                       Alternative alternative = Alternative::TwoSided,
                                       bool continuityCorrection = true);

} // namespace rampart::stats
