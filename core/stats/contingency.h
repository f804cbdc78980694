#pragma once

#include "common.h"
#include "result.h"

#include <array>
#include <cstdint>
#include <vector>

namespace rampart::stats {

using CountTable = std::vector<std::vector<std::int64_t>>;

struct ChiSquareResult
{
    double chi2 = 0.0;
    int dof = 0;
    double pValue = 1.0;
    std::vector<std::vector<double>> expected; ///< row_i · col_j / total
};

/**
 * Pearson chi-square test of independence for an r×c table of counts:
 * χ² = Σ (O − E)² / E with E_ij = R_i C_j / N and dof = (r−1)(c−1).
 * With yates = true and dof = 1, Yates' continuity correction moves each |O − E| toward
 * zero by min(0.5, |O − E|), exactly as scipy.stats.chi2_contingency(correction=True).
 *
 * Errors: fewer than 2 rows or columns, ragged rows, negative counts, a zero row/column sum.
 */
Result<ChiSquareResult> chiSquareIndependence(const CountTable &table, bool yates = true);

struct FisherResult
{
    double pValue = 1.0;
    /// Sample odds ratio a·d / (b·c), as scipy.stats.fisher_exact; +∞ if b·c = 0 < a·d,
    /// NaN when both products are 0 (callers render non-finite values as null).
    double oddsRatio = 0.0;
};

/**
 * Fisher's exact test for a 2×2 table [[a, b], [c, d]], conditioning on the margins
 * (hypergeometric distribution of a). Two-sided p sums the probabilities of all tables
 * no more likely than the observed one, up to a relative tolerance of 1 + 1e-7 (as R's
 * fisher.test; scipy 1.10 uses 1 + 1e-14, too tight to catch exact ties reliably in floating
 * point, so results differ only if another table's probability lies within 1e-7 of the
 * observed one without being equal). Matches scipy.stats.fisher_exact for every alternative.
 *
 * The walk over the hypergeometric law takes O(√N) steps, so the table total N is limited
 * to 1e12 (about 0.1 s); beyond it the error is invalid_argument on "table" (use the
 * chi-square test, which is exact enough at such counts). Negative cells name "table[i][j]".
 */
Result<FisherResult> fisherExact(const std::array<std::array<std::int64_t, 2>, 2> &table,
                                 Alternative alternative = Alternative::TwoSided);

/// Successes out of trials for one cohort.
struct ProportionSample
{
    std::int64_t successes = 0;
    std::int64_t trials = 0;
};

struct TwoProportionResult
{
    double z = 0.0;          ///< pooled two-proportion z statistic, a − b
    double pValue = 1.0;
    double diff = 0.0;       ///< p̂_a − p̂_b
    ConfidenceInterval ci;   ///< Newcombe hybrid-score interval for diff (method 10, 1998); always two-sided
    ConfidenceInterval wilsonA;
    ConfidenceInterval wilsonB;
    double confidenceLevel = 0.95;
};

/**
 * Two-proportion z-test with the pooled standard error
 * z = (p̂_a − p̂_b) / √(p̄(1 − p̄)(1/n_a + 1/n_b)), p̄ = (x_a + x_b)/(n_a + n_b)
 * (statsmodels proportions_ztest). Wilson score intervals per cohort
 * (statsmodels proportion_confint method="wilson") and Newcombe's hybrid score interval
 * for the difference (statsmodels confint_proportions_2indep method="newcomb").
 *
 * Errors: trials < 1, successes outside [0, trials], pooled proportion 0 or 1.
 */
Result<TwoProportionResult> twoProportionZTest(const ProportionSample &a, const ProportionSample &b,
                                               Alternative alternative = Alternative::TwoSided,
                                               double confidenceLevel = 0.95);

/// Wilson score interval for one proportion (Wilson 1927).
Result<ConfidenceInterval> wilsonInterval(const ProportionSample &sample, double confidenceLevel = 0.95);

} // namespace rampart::stats
