#pragma once

#include "common.h"
#include "result.h"

#include <cstdint>
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
 * Exact: the null distribution of U by the recurrence of Mann & Whitney (no ties assumed;
 * with ties U is truncated to an integer before the look-up, as scipy does).
 * Auto picks exact when either sample has ≤ 8 values and there are no ties, as scipy does,
 * unless n_a·n_b > 10 000 (then asymptotic: the exact recurrence costs (n_a·n_b)²).
 *
 * Errors: an empty sample (field "a"/"b"), non-finite values ("a[i]"); for the
 * asymptotic method, all values identical (zero variance: DegenerateData, where scipy
 * returns 1 or NaN); an explicit exact request with n_a·n_b > 10 000 (field "method").
 */
Result<MannWhitneyResult> mannWhitneyU(std::span<const double> a, std::span<const double> b,
                                       MannWhitneyMethod method = MannWhitneyMethod::Auto,
                                       Alternative alternative = Alternative::TwoSided,
                                       bool continuityCorrection = true);

/**
 * The asymptotic Mann-Whitney test for ordinal data given as counts per level (index 0 is
 * the lowest level): every unit at a level shares its mid-rank, so
 * R_a = Σ_k a_k·(N_{<k} + (t_k + 1)/2) with t_k = a_k + b_k, and the tie term Σ(t_k³ − t_k).
 * Identical to mannWhitneyU(method = Asymptotic) on the expanded values, in O(levels).
 *
 * Errors: different level counts, negative counts (field "a[k]"/"b[k]"), an empty sample,
 * more than 2^53 units in total (field "a"), all units at one level (DegenerateData).
 */
Result<MannWhitneyResult> mannWhitneyUFromCounts(std::span<const std::int64_t> a, std::span<const std::int64_t> b,
                                                 Alternative alternative = Alternative::TwoSided,
                                                 bool continuityCorrection = true);

} // namespace rampart::stats
